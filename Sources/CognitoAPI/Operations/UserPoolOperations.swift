import CognateCore
import CognitoModel

extension OperationTable {
    /// The user pool itself: lifecycle, custom attributes, MFA factors, tags and the import header.
    mutating func addUserPoolOperations(_ pools: UserPoolService) {
        on(.createUserPool, CreateUserPoolRequest.self) { request, _ in
            CreateUserPoolResponse(userPool: try await pools.create(request))
        }
        on(.describeUserPool, DescribeUserPoolRequest.self) { request, _ in
            DescribeUserPoolResponse(userPool: try await pools.describe(id: request.userPoolId))
        }
        on(.listUserPools, ListUserPoolsRequest.self) { request, _ in
            let page = try await pools.list(maxResults: request.maxResults, nextToken: request.nextToken)
            return ListUserPoolsResponse(userPools: page.pools, nextToken: page.nextToken)
        }
        on(.updateUserPool, UpdateUserPoolRequest.self) { request, _ in
            try await pools.update(request)
            return EmptyResponse()
        }
        on(.deleteUserPool, DeleteUserPoolRequest.self) { request, _ in
            try await pools.delete(id: request.userPoolId)
            return EmptyResponse()
        }
        on(.addCustomAttributes, AddCustomAttributesRequest.self) { request, _ in
            try await pools.addCustomAttributes(poolId: request.userPoolId, attributes: request.customAttributes)
            return EmptyResponse()
        }
        on(.getUserPoolMfaConfig, GetUserPoolMfaConfigRequest.self) { request, _ in
            try await pools.mfaConfiguration(poolId: request.userPoolId)
        }
        on(.setUserPoolMfaConfig, SetUserPoolMfaConfigRequest.self) { request, _ in
            try await pools.setMFAConfiguration(request)
        }
        on(.getCSVHeader, GetCSVHeaderRequest.self) { request, _ in
            GetCSVHeaderResponse(userPoolId: request.userPoolId, csvHeader: try await pools.csvHeader(poolId: request.userPoolId))
        }
        on(.getSigningCertificate, GetSigningCertificateRequest.self) { request, _ in
            GetSigningCertificateResponse(certificate: try await pools.signingCertificate(poolId: request.userPoolId))
        }
        on(.tagResource, TagResourceRequest.self) { request, _ in
            try await pools.tag(resourceArn: request.resourceArn, tags: request.tags)
            return EmptyResponse()
        }
        on(.untagResource, UntagResourceRequest.self) { request, _ in
            try await pools.untag(resourceArn: request.resourceArn, keys: request.tagKeys)
            return EmptyResponse()
        }
        on(.listTagsForResource, ListTagsForResourceRequest.self) { request, _ in
            ListTagsForResourceResponse(tags: try await pools.tags(resourceArn: request.resourceArn))
        }
    }
}

import CognateCore
import CognitoModel

extension OperationTable {
    /// CreateUserPool, DescribeUserPool, ListUserPools and DeleteUserPool, served by `UserPoolService`.
    public mutating func addUserPoolOperations(_ pools: UserPoolService) {
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
        on(.deleteUserPool, DeleteUserPoolRequest.self) { request, _ in
            try await pools.delete(id: request.userPoolId)
            return EmptyResponse()
        }
    }
}

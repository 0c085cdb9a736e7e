import CognateCore
import CognitoModel

extension OperationTable {
    mutating func addIdentityProviderOperations(_ providers: IdentityProviderService) {
        on(.createIdentityProvider, CreateIdentityProviderRequest.self) { request, _ in
            CreateIdentityProviderResponse(identityProvider: try await providers.create(request))
        }
        on(.describeIdentityProvider, DescribeIdentityProviderRequest.self) { request, _ in
            DescribeIdentityProviderResponse(
                identityProvider: try await providers.describe(poolId: request.userPoolId, name: request.providerName)
            )
        }
        on(.getIdentityProviderByIdentifier, GetIdentityProviderByIdentifierRequest.self) { request, _ in
            GetIdentityProviderByIdentifierResponse(
                identityProvider: try await providers.describe(poolId: request.userPoolId, identifier: request.idpIdentifier)
            )
        }
        on(.updateIdentityProvider, UpdateIdentityProviderRequest.self) { request, _ in
            UpdateIdentityProviderResponse(identityProvider: try await providers.update(request))
        }
        on(.deleteIdentityProvider, DeleteIdentityProviderRequest.self) { request, _ in
            try await providers.delete(poolId: request.userPoolId, name: request.providerName)
            return EmptyResponse()
        }
        on(.listIdentityProviders, ListIdentityProvidersRequest.self) { request, _ in
            let page = try await providers.list(poolId: request.userPoolId, maxResults: request.maxResults, nextToken: request.nextToken)
            return ListIdentityProvidersResponse(providers: page.providers, nextToken: page.nextToken)
        }
    }
}

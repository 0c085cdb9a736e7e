import CognateCore
import CognitoModel

extension OperationTable {
    mutating func addDomainOperations(_ domains: DomainService, _ customizations: UICustomizationService) {
        on(.createUserPoolDomain, CreateUserPoolDomainRequest.self) { request, _ in
            try await domains.create(request)
        }
        on(.describeUserPoolDomain, DescribeUserPoolDomainRequest.self) { request, _ in
            DescribeUserPoolDomainResponse(domainDescription: try await domains.describe(domain: request.domain))
        }
        on(.updateUserPoolDomain, UpdateUserPoolDomainRequest.self) { request, _ in
            try await domains.update(request)
        }
        on(.deleteUserPoolDomain, DeleteUserPoolDomainRequest.self) { request, _ in
            try await domains.delete(domain: request.domain, poolId: request.userPoolId)
            return EmptyResponse()
        }
        on(.setUICustomization, SetUICustomizationRequest.self) { request, _ in
            SetUICustomizationResponse(uiCustomization: try await customizations.set(request))
        }
        on(.getUICustomization, GetUICustomizationRequest.self) { request, _ in
            GetUICustomizationResponse(uiCustomization: try await customizations.get(poolId: request.userPoolId, clientId: request.clientId))
        }
    }
}

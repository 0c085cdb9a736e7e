import CognateCore
import CognitoModel

extension OperationTable {
    mutating func addAppClientOperations(_ clients: AppClientService) {
        on(.createUserPoolClient, CreateUserPoolClientRequest.self) { request, _ in
            CreateUserPoolClientResponse(userPoolClient: try await clients.create(request))
        }
        on(.describeUserPoolClient, DescribeUserPoolClientRequest.self) { request, _ in
            DescribeUserPoolClientResponse(
                userPoolClient: try await clients.describe(poolId: request.userPoolId, clientId: request.clientId)
            )
        }
        on(.updateUserPoolClient, UpdateUserPoolClientRequest.self) { request, _ in
            UpdateUserPoolClientResponse(userPoolClient: try await clients.update(request))
        }
        on(.deleteUserPoolClient, DeleteUserPoolClientRequest.self) { request, _ in
            try await clients.delete(poolId: request.userPoolId, clientId: request.clientId)
            return EmptyResponse()
        }
        on(.listUserPoolClients, ListUserPoolClientsRequest.self) { request, _ in
            let page = try await clients.list(poolId: request.userPoolId, maxResults: request.maxResults, nextToken: request.nextToken)
            return ListUserPoolClientsResponse(userPoolClients: page.clients, nextToken: page.nextToken)
        }
    }
}

import CognateCore
import CognitoModel

extension OperationTable {
    mutating func addResourceServerOperations(_ servers: ResourceServerService) {
        on(.createResourceServer, CreateResourceServerRequest.self) { request, _ in
            CreateResourceServerResponse(resourceServer: try await servers.create(request))
        }
        on(.describeResourceServer, DescribeResourceServerRequest.self) { request, _ in
            DescribeResourceServerResponse(
                resourceServer: try await servers.describe(poolId: request.userPoolId, identifier: request.identifier)
            )
        }
        on(.updateResourceServer, UpdateResourceServerRequest.self) { request, _ in
            UpdateResourceServerResponse(resourceServer: try await servers.update(request))
        }
        on(.deleteResourceServer, DeleteResourceServerRequest.self) { request, _ in
            try await servers.delete(poolId: request.userPoolId, identifier: request.identifier)
            return EmptyResponse()
        }
        on(.listResourceServers, ListResourceServersRequest.self) { request, _ in
            let page = try await servers.list(poolId: request.userPoolId, maxResults: request.maxResults, nextToken: request.nextToken)
            return ListResourceServersResponse(resourceServers: page.servers, nextToken: page.nextToken)
        }
    }
}

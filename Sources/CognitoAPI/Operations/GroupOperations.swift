import CognateCore
import CognitoModel

extension OperationTable {
    mutating func addGroupOperations(_ groups: GroupService) {
        on(.createGroup, CreateGroupRequest.self) { request, _ in
            CreateGroupResponse(group: try await groups.create(request))
        }
        on(.getGroup, GetGroupRequest.self) { request, _ in
            GetGroupResponse(group: try await groups.get(poolId: request.userPoolId, name: request.groupName))
        }
        on(.updateGroup, UpdateGroupRequest.self) { request, _ in
            UpdateGroupResponse(group: try await groups.update(request))
        }
        on(.deleteGroup, DeleteGroupRequest.self) { request, _ in
            try await groups.delete(poolId: request.userPoolId, name: request.groupName)
            return EmptyResponse()
        }
        on(.listGroups, ListGroupsRequest.self) { request, _ in
            let page = try await groups.list(poolId: request.userPoolId, limit: request.limit, nextToken: request.nextToken)
            return ListGroupsResponse(groups: page.groups, nextToken: page.nextToken)
        }
    }
}

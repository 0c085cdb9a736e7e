import CognateCore
import CognitoModel

extension OperationTable {
    /// The signed operations that manage users.
    mutating func addAdminUserOperations(_ admin: AdminUserService) {
        on(.adminCreateUser, AdminCreateUserRequest.self) { request, _ in AdminCreateUserResponse(user: try await admin.create(request)) }
        on(.adminGetUser, AdminGetUserRequest.self) { request, _ in try await admin.get(poolId: request.userPoolId, username: request.username) }
        on(.adminDeleteUser, AdminDeleteUserRequest.self) { request, _ in
            try await admin.delete(poolId: request.userPoolId, username: request.username)
            return EmptyResponse()
        }
        on(.adminConfirmSignUp, AdminConfirmSignUpRequest.self) { request, _ in
            try await admin.confirmSignUp(poolId: request.userPoolId, username: request.username)
            return EmptyResponse()
        }
        on(.adminSetUserPassword, AdminSetUserPasswordRequest.self) { request, _ in
            try await admin.setPassword(
                poolId: request.userPoolId, username: request.username, password: request.password, permanent: request.permanent ?? false
            )
            return EmptyResponse()
        }
        on(.adminResetUserPassword, AdminResetUserPasswordRequest.self) { request, _ in
            try await admin.resetPassword(poolId: request.userPoolId, username: request.username)
            return EmptyResponse()
        }
        on(.adminUpdateUserAttributes, AdminUpdateUserAttributesRequest.self) { request, _ in
            try await admin.updateAttributes(poolId: request.userPoolId, username: request.username, attributes: request.userAttributes)
            return EmptyResponse()
        }
        on(.adminDeleteUserAttributes, AdminDeleteUserAttributesRequest.self) { request, _ in
            try await admin.deleteAttributes(poolId: request.userPoolId, username: request.username, names: request.userAttributeNames)
            return EmptyResponse()
        }
        on(.adminDisableUser, AdminDisableUserRequest.self) { request, _ in
            try await admin.setEnabled(poolId: request.userPoolId, username: request.username, enabled: false)
            return EmptyResponse()
        }
        on(.adminEnableUser, AdminEnableUserRequest.self) { request, _ in
            try await admin.setEnabled(poolId: request.userPoolId, username: request.username, enabled: true)
            return EmptyResponse()
        }
        on(.adminUserGlobalSignOut, AdminUserGlobalSignOutRequest.self) { request, _ in
            try await admin.globalSignOut(poolId: request.userPoolId, username: request.username)
            return EmptyResponse()
        }
        on(.adminAddUserToGroup, AdminAddUserToGroupRequest.self) { request, _ in
            try await admin.addToGroup(poolId: request.userPoolId, username: request.username, group: request.groupName)
            return EmptyResponse()
        }
        on(.adminRemoveUserFromGroup, AdminRemoveUserFromGroupRequest.self) { request, _ in
            try await admin.removeFromGroup(poolId: request.userPoolId, username: request.username, group: request.groupName)
            return EmptyResponse()
        }
        on(.adminListGroupsForUser, AdminListGroupsForUserRequest.self) { request, _ in
            let page = try await admin.groups(poolId: request.userPoolId, username: request.username, limit: request.limit, nextToken: request.nextToken)
            return AdminListGroupsForUserResponse(groups: page.groups, nextToken: page.nextToken)
        }
        on(.adminListUserAuthEvents, AdminListUserAuthEventsRequest.self) { request, _ in
            let page = try await admin.authEvents(poolId: request.userPoolId, username: request.username, limit: request.maxResults, nextToken: request.nextToken)
            return AdminListUserAuthEventsResponse(authEvents: page.events, nextToken: page.nextToken)
        }
        on(.listUsers, ListUsersRequest.self) { request, _ in
            let page = try await admin.list(
                poolId: request.userPoolId, filter: request.filter, attributesToGet: request.attributesToGet, limit: request.limit,
                token: request.paginationToken
            )
            return ListUsersResponse(users: page.users, paginationToken: page.token)
        }
        on(.listUsersInGroup, ListUsersInGroupRequest.self) { request, _ in
            let page = try await admin.usersInGroup(poolId: request.userPoolId, group: request.groupName, limit: request.limit, nextToken: request.nextToken)
            return ListUsersInGroupResponse(users: page.users, nextToken: page.nextToken)
        }
    }
}

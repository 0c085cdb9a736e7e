import CognitoModel
import Foundation

/// User groups of a pool: name, description, IAM role and precedence.
public struct GroupService: Sendable {
    let store: any Store
    let clock: any WallClock

    /// Cognito's limit on groups per pool.
    static let maximumGroups = 10_000

    public init(store: any Store, clock: any WallClock) {
        self.store = store
        self.clock = clock
    }

    public func create(_ request: CreateGroupRequest) async throws -> GroupType {
        let now = clock.now().truncatedToMilliseconds
        let group = GroupType(
            groupName: request.groupName, userPoolId: request.userPoolId, description: request.description,
            roleArn: request.roleArn, precedence: request.precedence, lastModifiedDate: now, creationDate: now
        )
        try await store.transaction { session in
            let pool = try await PoolScope.requirePool(request.userPoolId, in: session, lock: true)
            if try await session.countResources(poolId: pool.id, kind: .group) >= Self.maximumGroups {
                throw CognitoError.limitExceeded("A user pool can have at most \(Self.maximumGroups) groups.")
            }
            do {
                try await session.insertResource(try PoolResource(
                    poolId: pool.id, kind: .group, key: request.groupName, createdAt: now, lastModifiedAt: now, value: group
                ))
            } catch StoreError.duplicate {
                throw CognitoError(.groupExists, "A group with the name \(request.groupName) already exists.")
            }
        }
        return group
    }

    public func get(poolId: String, name: String) async throws -> GroupType {
        guard let resource = try await store.resource(poolId: poolId, kind: .group, key: name) else {
            _ = try await PoolScope.requirePool(poolId, in: store)
            throw Self.notFound
        }
        return try resource.decode(GroupType.self)
    }

    /// UpdateGroup changes the members the request gives and keeps the others.
    public func update(_ request: UpdateGroupRequest) async throws -> GroupType {
        let now = clock.now().truncatedToMilliseconds
        return try await store.transaction { session in
            _ = try await PoolScope.requirePool(request.userPoolId, in: session)
            guard var resource = try await session.resource(poolId: request.userPoolId, kind: .group, key: request.groupName) else {
                throw Self.notFound
            }
            var group = try resource.decode(GroupType.self)
            if let description = request.description { group.description = description }
            if let roleArn = request.roleArn { group.roleArn = roleArn }
            if let precedence = request.precedence { group.precedence = precedence }
            group.lastModifiedDate = now
            resource.document = try DocumentCoding.encode(group)
            resource.lastModifiedAt = now
            try await session.updateResource(resource)
            return group
        }
    }

    public func delete(poolId: String, name: String) async throws {
        try await store.transaction { session in
            _ = try await PoolScope.requirePool(poolId, in: session)
            guard try await session.deleteResource(poolId: poolId, kind: .group, key: name) else { throw Self.notFound }
        }
    }

    public func list(poolId: String, limit: Int?, nextToken: String?) async throws -> (groups: [GroupType], nextToken: String?) {
        _ = try await PoolScope.requirePool(poolId, in: store)
        let page = try await PoolScope.page(
            GroupType.self, kind: .group, poolId: poolId, limit: PoolScope.pageSize(limit), nextToken: nextToken, in: store
        )
        return (page.items.map(\.1), page.nextToken)
    }

    static let notFound = CognitoError.resourceNotFound("Group not found.")
}

import CognitoModel
import Foundation

/// Resource servers: the APIs whose custom scopes (`identifier/scope`) app clients may request.
public struct ResourceServerService: Sendable {
    let store: any Store
    let clock: any WallClock

    /// Cognito's limit on resource servers per pool.
    static let maximumServers = 25

    public init(store: any Store, clock: any WallClock) {
        self.store = store
        self.clock = clock
    }

    public func create(_ request: CreateResourceServerRequest) async throws -> ResourceServerType {
        let now = clock.now().truncatedToMilliseconds
        let server = ResourceServerType(
            userPoolId: request.userPoolId, identifier: request.identifier, name: request.name, scopes: request.scopes ?? []
        )
        try Self.checkScopes(server.scopes ?? [])
        try await store.transaction { session in
            let pool = try await PoolScope.requirePool(request.userPoolId, in: session, lock: true)
            if try await session.countResources(poolId: pool.id, kind: .resourceServer) >= Self.maximumServers {
                throw CognitoError.limitExceeded("A user pool can have at most \(Self.maximumServers) resource servers.")
            }
            do {
                try await session.insertResource(try PoolResource(
                    poolId: pool.id, kind: .resourceServer, key: request.identifier, createdAt: now, lastModifiedAt: now,
                    value: server
                ))
            } catch StoreError.duplicate {
                throw CognitoError.invalidParameter("A resource server with identifier \(request.identifier) already exists in this user pool.")
            }
        }
        return server
    }

    public func describe(poolId: String, identifier: String) async throws -> ResourceServerType {
        guard let resource = try await store.resource(poolId: poolId, kind: .resourceServer, key: identifier) else {
            _ = try await PoolScope.requirePool(poolId, in: store)
            throw Self.notFound(identifier)
        }
        return try resource.decode(ResourceServerType.self)
    }

    /// UpdateResourceServer replaces the name and the scopes.
    public func update(_ request: UpdateResourceServerRequest) async throws -> ResourceServerType {
        let now = clock.now().truncatedToMilliseconds
        let server = ResourceServerType(
            userPoolId: request.userPoolId, identifier: request.identifier, name: request.name, scopes: request.scopes ?? []
        )
        try Self.checkScopes(server.scopes ?? [])
        try await store.transaction { session in
            _ = try await PoolScope.requirePool(request.userPoolId, in: session, lock: true)
            guard var resource = try await session.resource(poolId: request.userPoolId, kind: .resourceServer, key: request.identifier) else {
                throw Self.notFound(request.identifier)
            }
            resource.document = try DocumentCoding.encode(server)
            resource.lastModifiedAt = now
            try await session.updateResource(resource)
        }
        return server
    }

    public func delete(poolId: String, identifier: String) async throws {
        try await store.transaction { session in
            _ = try await PoolScope.requirePool(poolId, in: session, lock: true)
            guard try await session.deleteResource(poolId: poolId, kind: .resourceServer, key: identifier) else {
                throw Self.notFound(identifier)
            }
        }
    }

    public func list(poolId: String, maxResults: Int?, nextToken: String?) async throws -> (servers: [ResourceServerType], nextToken: String?) {
        _ = try await PoolScope.requirePool(poolId, in: store)
        let page = try await PoolScope.page(
            ResourceServerType.self, kind: .resourceServer, poolId: poolId, limit: PoolScope.pageSize(maxResults, default: 50), nextToken: nextToken, in: store
        )
        return (page.items.map(\.1), page.nextToken)
    }

    static func notFound(_ identifier: String) -> CognitoError {
        .resourceNotFound("Resource server \(identifier) does not exist.")
    }

    static func checkScopes(_ scopes: [ResourceServerScopeType]) throws {
        var seen = Set<String>()
        for scope in scopes where !seen.insert(scope.scopeName).inserted {
            throw CognitoError.invalidParameter("Duplicate scope name: \(scope.scopeName)")
        }
    }
}

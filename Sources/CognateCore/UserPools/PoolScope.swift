import CognitoModel
import Foundation

/// Helpers every pool-scoped service shares: finding the pool, paging, and typed resource access.
enum PoolScope {
    /// The pool, or Cognito's `ResourceNotFoundException`.
    static func requirePool(_ id: String, in session: any StoreSession, lock: Bool = false) async throws -> UserPoolRecord {
        let record = lock ? try await session.lockUserPool(id: id) : try await session.userPool(id: id)
        guard let record else { throw UserPoolService.notFound(id) }
        return record
    }

    /// The user a name refers to in a pool (username, alias, or sub where Cognito allows it), or
    /// `UserNotFoundException`.
    static func requireUser(_ username: String, in pool: UserPoolRecord, session: any StoreSession) async throws -> UserRecord {
        guard let user = try await SignInIdentity(pool: pool.description).find(username, poolId: pool.id, in: session) else {
            throw CognitoError(.userNotFound, "User does not exist.")
        }
        return user
    }

    /// A page of a kind's documents and the token for the next page.
    static func page<T: Decodable & Sendable>(
        _ type: T.Type, kind: PoolResourceKind, poolId: String, limit: Int, nextToken: String?, in store: any StoreSession
    ) async throws -> (items: [(PoolResource, T)], nextToken: String?) {
        let afterKey = try nextToken.map(PageToken.decode)
        let rows = try await store.listResources(poolId: poolId, kind: kind, afterKey: afterKey, limit: limit + 1)
        let page = Array(rows.prefix(limit))
        let items = try page.map { ($0, try $0.decode(T.self)) }
        let next = rows.count > limit ? page.last.map { PageToken.encode($0.key) } : nil
        return (items, next)
    }

    /// Cognito lets `MaxResults`/`Limit` be absent or 0 on some list operations and means "the default page".
    static func pageSize(_ requested: Int?, default defaultSize: Int = 60) -> Int {
        guard let requested, requested > 0 else { return defaultSize }
        return requested
    }
}

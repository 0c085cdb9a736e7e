import CognitoModel
import Foundation

extension AdminUserService {
    /// AdminListUserAuthEvents: as in Cognito, only in pools with threat protection (advanced security) on.
    public func authEvents(poolId: String, username: String, limit: Int?, nextToken: String?) async throws -> (events: [AuthEventType], nextToken: String?) {
        let pool = try await PoolScope.requirePool(poolId, in: store)
        let mode = pool.description.userPoolAddOns?.advancedSecurityMode
        guard mode == .audit || mode == .enforced else {
            throw CognitoError(.userPoolAddOnNotEnabled, "Threat protection (advanced security) is not enabled for the user pool.")
        }
        return try await history(poolId: poolId, username: username, limit: limit, nextToken: nextToken)
    }

    /// A user's events, newest first, whatever the pool's add-ons (the console shows them).
    public func history(poolId: String, username: String, limit: Int?, nextToken: String?) async throws -> (events: [AuthEventType], nextToken: String?) {
        let pool = try await PoolScope.requirePool(poolId, in: store)
        let user = try await require(username, in: pool, session: store)
        let size = PoolScope.pageSize(limit)
        let position = try nextToken.map(AuthEventPosition.init(token:))
        let events = try await store.authEvents(poolId: pool.id, sub: user.sub, before: position, limit: size + 1)
        let page = Array(events.prefix(size))
        var token: String?
        if events.count > size, let last = page.last, let created = last.creationDate, let id = last.eventId {
            token = AuthEventPosition(createdAt: created, eventId: id).token
        }
        return (page, token)
    }
}

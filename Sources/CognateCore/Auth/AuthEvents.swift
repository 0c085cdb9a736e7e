import CognitoModel
import Foundation

/// Where a page of a user's auth events ended: events come newest first, ties broken by event id.
public struct AuthEventPosition: Sendable, Equatable {
    public var createdAt: Date
    public var eventId: String

    public init(createdAt: Date, eventId: String) {
        self.createdAt = createdAt
        self.eventId = eventId
    }

    var token: String {
        PageToken.encode("\(Int64((createdAt.timeIntervalSince1970 * 1000).rounded())):\(eventId)")
    }

    init(token: String) throws {
        let text = try PageToken.decode(token)
        guard let colon = text.firstIndex(of: ":"), let millis = Int64(text[..<colon]) else {
            throw CognitoError.invalidParameter("The pagination token is invalid.")
        }
        self.init(createdAt: Date(timeIntervalSince1970: Double(millis) / 1000), eventId: String(text[text.index(after: colon)...]))
    }
}

/// A user's sign-in history: each password check, right or wrong, is an event (Cognito records them
/// only with threat protection; Cognate always does, so the console can show them, and answers
/// AdminListUserAuthEvents as Cognito does for the pool's add-on setting).
struct AuthEvents: Sendable {
    let store: any Store
    let clock: any WallClock

    func signIn(_ user: UserRecord, passed: Bool, in session: (any StoreSession)? = nil) async throws {
        let event = AuthEventType(
            eventId: UUID().uuidString.lowercased(), eventType: .signIn, creationDate: clock.now().truncatedToMilliseconds,
            eventResponse: passed ? .pass : .fail,
            eventRisk: EventRiskType(riskDecision: .noRisk, riskLevel: .low, compromisedCredentialsDetected: false),
            challengeResponses: [ChallengeResponseType(challengeName: .password, challengeResponse: passed ? .success : .failure)]
        )
        try await (session ?? store).insertAuthEvent(poolId: user.poolId, sub: user.sub, event: event)
    }
}

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
        let user = try await store.transaction { session in try await require(username, in: pool, session: session) }
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

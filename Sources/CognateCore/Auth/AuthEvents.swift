import CognitoModel
import Foundation

/// A user's sign-in history: each password check, right or wrong, is an event (Cognito records them
/// only with threat protection; Cognate always does, so the console can show them, and answers
/// AdminListUserAuthEvents as Cognito does for the pool's add-on setting).
struct AuthEvents: Sendable {
    let store: any Store
    let clock: any WallClock

    func signIn(_ user: UserRecord, passed: Bool, in session: (any StoreSession)? = nil) async throws {
        try await record(signInEvent(passed: passed), for: user, in: session)
    }

    /// A password check's event, to be recorded now or with the sign-in's tokens (one transaction).
    func signInEvent(passed: Bool) -> AuthEventType {
        AuthEventType(
            eventId: RandomUUID.string(), eventType: .signIn, creationDate: clock.now().truncatedToMilliseconds,
            eventResponse: passed ? .pass : .fail,
            eventRisk: EventRiskType(riskDecision: .noRisk, riskLevel: .low, compromisedCredentialsDetected: false),
            challengeResponses: [ChallengeResponseType(challengeName: .password, challengeResponse: passed ? .success : .failure)]
        )
    }

    func record(_ event: AuthEventType, for user: UserRecord, in session: (any StoreSession)? = nil) async throws {
        try await (session ?? store).insertAuthEvent(poolId: user.poolId, sub: user.sub, event: event)
    }
}

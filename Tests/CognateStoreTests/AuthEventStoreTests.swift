import CognateCore
import CognateStore
import CognitoModel
import Foundation
import Testing

/// Auth events on both engines: a new event drops its user's events older than 90 days (the retention
/// trigger), and nobody else's.
@Suite struct AuthEventStoreTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let pool = "us-east-1_events"

    @Test(arguments: Backend.available)
    func aNewEventDropsItsUsersEventsOlderThanTheRetention(_ backend: Backend) async throws {
        try await backend.withStore { store, _ in
            try await store.seedPool(pool, subs: ["s1", "s2"], at: now)
            func event(_ id: String, daysAgo: Double) -> AuthEventType {
                AuthEventType(eventId: id, eventType: .signIn, creationDate: now.addingTimeInterval(-daysAgo * 86400), eventResponse: .pass)
            }
            for (sub, id, days) in [("s1", "s1-old", 91.0), ("s1", "s1-kept", 89.0), ("s2", "s2-old", 100.0)] {
                try await store.insertAuthEvent(poolId: pool, sub: sub, event: event(id, daysAgo: days))
            }
            func ids(_ sub: String) async throws -> [String] {
                try await store.authEvents(poolId: pool, sub: sub, before: nil, limit: 10).compactMap(\.eventId)
            }
            // Events inserted out of order keep what is within 90 days of the newest event so far.
            #expect(try await ids("s1") == ["s1-kept", "s1-old"], "nothing is 90 days older than the newest event yet")
            try await store.insertAuthEvent(poolId: pool, sub: "s1", event: event("s1-new", daysAgo: 0))
            #expect(try await ids("s1") == ["s1-new", "s1-kept"])
            #expect(try await ids("s2") == ["s2-old"], "another user's history stays")
        }
    }

    /// Events are stored from their wire form with millisecond dates; what comes back is what went in,
    /// with feedback (stored the long way) and without.
    @Test(arguments: Backend.available)
    func anEventReadsBackAsItWasWritten(_ backend: Backend) async throws {
        try await backend.withStore { store, _ in
            try await store.seedPool(pool, subs: ["s1"], at: now)
            let signIn = AuthEventType(
                eventId: "e-1", eventType: .signIn, creationDate: DocumentCoding.date(1_800_000_000_123), eventResponse: .fail,
                eventRisk: EventRiskType(riskDecision: .noRisk, riskLevel: .low, compromisedCredentialsDetected: false),
                challengeResponses: [ChallengeResponseType(challengeName: .password, challengeResponse: .failure)],
                eventContextData: EventContextDataType(ipAddress: "192.0.2.1", deviceName: "quote \" slash / tab \t é")
            )
            var withFeedback = signIn
            withFeedback.eventId = "e-0"
            withFeedback.creationDate = now
            withFeedback.eventFeedback = EventFeedbackType(feedbackValue: .valid, provider: "admin", feedbackDate: DocumentCoding.date(1_800_000_001_500))
            try await store.insertAuthEvent(poolId: pool, sub: "s1", event: withFeedback)
            try await store.insertAuthEvent(poolId: pool, sub: "s1", event: signIn)
            let read = try await store.authEvents(poolId: pool, sub: "s1", before: nil, limit: 10)
            #expect(read.count == 2)
            #expect(read.first == signIn)
            #expect(read.last == withFeedback)
        }
    }
}

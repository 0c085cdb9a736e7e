import CognateCore
import CognateJSON
import CognitoModel
import Foundation
import SQLKit

extension SQLSession {
    /// How long a user's sign-in history is kept (Cognito keeps three months); the trigger of migration 13 prunes.
    static let authEventRetention: TimeInterval = 90 * 86400

    func insertAuthEvent(poolId: String, sub: String, event: AuthEventType) async throws {
        let document = try Self.document(event)
        let created = event.creationDate ?? Date()
        // Older events go in the same statement (the auth_events_retention trigger, migration 13).
        try await translatingErrors(what: "auth event") {
            try await db.raw("""
                INSERT INTO auth_events (pool_id, sub, event_id, created_at, document)
                VALUES (\(bind: poolId), \(bind: sub), \(bind: event.eventId ?? RandomUUID.string()), \(bind: DocumentCoding.millis(created)), \(bind: document))
                """).run()
        }
    }

    /// The stored document: what `DocumentCoding` writes, built from the event's wire form (every sign-in
    /// writes one; Foundation's encoder cost ~0.3 % of a sign-in's CPU). The wire form differs only in its
    /// dates, seconds instead of milliseconds; feedback (which has a date of its own) goes the long way.
    static func document(_ event: AuthEventType) throws -> String {
        guard event.eventFeedback == nil, case .object(var members) = event.wire else { return try DocumentCoding.encode(event) }
        if let created = event.creationDate { members["CreationDate"] = .integer(DocumentCoding.millis(created)) }
        return String(decoding: JSONValue.object(members).serialized, as: UTF8.self)
    }

    func authEvents(poolId: String, sub: String, before position: AuthEventPosition?, limit: Int) async throws -> [AuthEventType] {
        try await translatingErrors(what: "auth events") {
            var query = SQLQueryString("SELECT document FROM auth_events WHERE pool_id = \(bind: poolId) AND sub = \(bind: sub)")
            if let position {
                let millis = DocumentCoding.millis(position.createdAt)
                query += " AND (created_at < \(bind: millis) OR (created_at = \(bind: millis) AND event_id < \(bind: position.eventId)))"
            }
            query.appendLiteral(" ORDER BY created_at DESC, event_id DESC LIMIT ")
            query.appendInterpolation(bind: limit)
            return try await db.raw(query).all().map { row in
                try DocumentCoding.decode(AuthEventType.self, from: try row.decode(column: "document", as: String.self))
            }
        }
    }
}

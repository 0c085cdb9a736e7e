import CognateCore
import CognitoModel
import Foundation
import SQLKit

extension SQLSession {
    /// How long a user's sign-in history is kept (Cognito keeps three months); the trigger of migration 13 prunes.
    static let authEventRetention: TimeInterval = 90 * 86400

    func insertAuthEvent(poolId: String, sub: String, event: AuthEventType) async throws {
        let document = try DocumentCoding.encode(event)
        let created = event.creationDate ?? Date()
        // Older events go in the same statement (the auth_events_retention trigger, migration 13).
        try await translatingErrors(what: "auth event") {
            try await db.raw("""
                INSERT INTO auth_events (pool_id, sub, event_id, created_at, document)
                VALUES (\(bind: poolId), \(bind: sub), \(bind: event.eventId ?? RandomUUID.string()), \(bind: DocumentCoding.millis(created)), \(bind: document))
                """).run()
        }
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

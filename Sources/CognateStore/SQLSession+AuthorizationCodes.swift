import CognateCore
import Foundation
import SQLKit

extension SQLSession {
    /// How long a used or expired code is kept, so that a late replay is still recognised as one.
    static let authorizationCodeRetention: TimeInterval = 86400

    func insertAuthorizationCode(_ code: AuthorizationCodeRecord) async throws {
        let document = try DocumentCoding.encode(code)
        try await translatingErrors(what: "authorization code") {
            let horizon = DocumentCoding.millis(code.createdAt.addingTimeInterval(-Self.authorizationCodeRetention))
            try await db.raw("DELETE FROM authorization_codes WHERE expires_at < \(bind: horizon)").run()
            try await db.raw("""
                INSERT INTO authorization_codes (code_hash, pool_id, sub, expires_at, used_at, document)
                VALUES (\(bind: code.codeHash), \(bind: code.poolId), \(bind: code.sub),
                    \(bind: DocumentCoding.millis(code.expiresAt)), NULL, \(bind: document))
                """).run()
        }
    }

    func useAuthorizationCode(hash: String, at date: Date) async throws -> AuthorizationCodeRecord? {
        try await translatingErrors(what: "authorization code") {
            // One statement decides the race between two exchanges of one code: only one sees used_at NULL.
            let first = try await db.raw("""
                UPDATE authorization_codes SET used_at = \(bind: DocumentCoding.millis(date))
                WHERE code_hash = \(bind: hash) AND used_at IS NULL RETURNING document
                """).first()
            if let first {
                return try DocumentCoding.decode(AuthorizationCodeRecord.self, from: try first.decode(column: "document", as: String.self))
            }
            guard let row = try await db.raw("""
                SELECT document, used_at FROM authorization_codes WHERE code_hash = \(bind: hash)
                """).first()
            else { return nil }
            var record = try DocumentCoding.decode(AuthorizationCodeRecord.self, from: try row.decode(column: "document", as: String.self))
            record.usedAt = DocumentCoding.date(try row.decode(column: "used_at", as: Int64.self))
            return record
        }
    }
}

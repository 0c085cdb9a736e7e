import CognateCore
import CognitoModel
import Foundation
import SQLKit

extension SQLSession {
    func insertUser(_ user: UserRecord) async throws {
        let attributes = DocumentCoding.encode(user.attributes)
        let mfa = user.mfa.isEmpty ? nil : try DocumentCoding.encode(user.mfa)
        try await translatingErrors(what: "user \(user.username)") {
            try await db.raw("""
                INSERT INTO users (pool_id, sub, username, username_key, status, enabled, attributes, password_hash,
                    srp_salt, srp_verifier, created_at, last_modified_at, failed_attempts, locked_until,
                    tokens_valid_after, temporary_password_expires_at, mfa)
                VALUES (\(bind: user.poolId), \(bind: user.sub), \(bind: user.username), \(bind: user.usernameKey),
                    \(bind: user.status.rawValue), \(bind: user.enabled), \(bind: attributes), \(bind: user.passwordHash),
                    \(bind: user.srpSalt), \(bind: user.srpVerifier), \(bind: DocumentCoding.millis(user.createdAt)),
                    \(bind: DocumentCoding.millis(user.lastModifiedAt)), \(bind: user.failedAttempts),
                    \(bind: user.lockedUntil.map(DocumentCoding.millis)), \(bind: user.tokensValidAfter.map(DocumentCoding.millis)),
                    \(bind: user.temporaryPasswordExpiresAt.map(DocumentCoding.millis)), \(bind: mfa))
                """).run()
        }
    }

    func user(poolId: String, sub: String) async throws -> UserRecord? {
        try await translatingErrors(what: "user") {
            try await db.raw("SELECT * FROM users WHERE pool_id = \(bind: poolId) AND sub = \(bind: sub)").first().map(Self.user)
        }
    }

    func lockUser(poolId: String, sub: String) async throws -> UserRecord? {
        let lock = engine == .postgres ? " FOR UPDATE" : ""
        return try await translatingErrors(what: "user") {
            try await db.raw("SELECT * FROM users WHERE pool_id = \(bind: poolId) AND sub = \(bind: sub)\(unsafeRaw: lock)")
                .first().map(Self.user)
        }
    }

    func user(poolId: String, usernameKey: String) async throws -> UserRecord? {
        try await translatingErrors(what: "user") {
            try await db.raw("SELECT * FROM users WHERE pool_id = \(bind: poolId) AND username_key = \(bind: usernameKey)")
                .first().map(Self.user)
        }
    }

    func user(poolId: String, aliasKey: String) async throws -> UserRecord? {
        try await translatingErrors(what: "user") {
            try await db.raw("""
                SELECT users.* FROM user_aliases JOIN users ON users.pool_id = user_aliases.pool_id AND users.sub = user_aliases.sub
                WHERE user_aliases.pool_id = \(bind: poolId) AND user_aliases.alias_key = \(bind: aliasKey)
                """).first().map(Self.user)
        }
    }

    func updateUser(_ user: UserRecord) async throws {
        let attributes = DocumentCoding.encode(user.attributes)
        let mfa = user.mfa.isEmpty ? nil : try DocumentCoding.encode(user.mfa)
        let found = try await translatingErrors(what: "user \(user.username)") {
            try await db.raw("""
                UPDATE users SET username = \(bind: user.username), username_key = \(bind: user.usernameKey),
                    status = \(bind: user.status.rawValue), enabled = \(bind: user.enabled), attributes = \(bind: attributes),
                    password_hash = \(bind: user.passwordHash), srp_salt = \(bind: user.srpSalt),
                    srp_verifier = \(bind: user.srpVerifier), last_modified_at = \(bind: DocumentCoding.millis(user.lastModifiedAt)),
                    failed_attempts = \(bind: user.failedAttempts), locked_until = \(bind: user.lockedUntil.map(DocumentCoding.millis)),
                    tokens_valid_after = \(bind: user.tokensValidAfter.map(DocumentCoding.millis)),
                    temporary_password_expires_at = \(bind: user.temporaryPasswordExpiresAt.map(DocumentCoding.millis)),
                    mfa = \(bind: mfa)
                WHERE pool_id = \(bind: user.poolId) AND sub = \(bind: user.sub)
                RETURNING sub
                """).first() != nil
        }
        if !found { throw StoreError.notFound("user \(user.username)") }
    }

    func deleteUser(poolId: String, sub: String) async throws -> Bool {
        try await translatingErrors(what: "user") {
            try await db.raw("DELETE FROM users WHERE pool_id = \(bind: poolId) AND sub = \(bind: sub) RETURNING sub").first() != nil
        }
    }

    func countUsers(poolId: String) async throws -> Int {
        try await translatingErrors(what: "users") {
            try await db.raw("SELECT COUNT(*) AS n FROM users WHERE pool_id = \(bind: poolId)").first()?
                .decode(column: "n", as: Int.self) ?? 0
        }
    }

    func setAliases(poolId: String, sub: String, aliasKeys: [String]) async throws {
        try await translatingErrors(what: "alias") {
            try await db.raw("DELETE FROM user_aliases WHERE pool_id = \(bind: poolId) AND sub = \(bind: sub)").run()
            for key in Set(aliasKeys).sorted() {
                try await db.raw("INSERT INTO user_aliases (pool_id, alias_key, sub) VALUES (\(bind: poolId), \(bind: key), \(bind: sub))").run()
            }
        }
    }

    func putCode(_ code: CodeRecord) async throws {
        try await translatingErrors(what: "code") {
            try await db.raw("DELETE FROM codes WHERE pool_id = \(bind: code.poolId) AND sub = \(bind: code.sub) AND purpose = \(bind: code.purpose)").run()
            try await db.raw("""
                INSERT INTO codes (pool_id, sub, purpose, code_hash, expires_at, attempts, created_at)
                VALUES (\(bind: code.poolId), \(bind: code.sub), \(bind: code.purpose), \(bind: code.codeHash),
                    \(bind: DocumentCoding.millis(code.expiresAt)), \(bind: code.attempts), \(bind: DocumentCoding.millis(code.createdAt)))
                """).run()
        }
    }

    func code(poolId: String, sub: String, purpose: String) async throws -> CodeRecord? {
        try await translatingErrors(what: "code") {
            guard let row = try await db.raw("""
                SELECT * FROM codes WHERE pool_id = \(bind: poolId) AND sub = \(bind: sub) AND purpose = \(bind: purpose)
                """).first()
            else { return nil }
            return CodeRecord(
                poolId: try row.decode(column: "pool_id", as: String.self), sub: try row.decode(column: "sub", as: String.self),
                purpose: try row.decode(column: "purpose", as: String.self), codeHash: try row.decode(column: "code_hash", as: String.self),
                expiresAt: DocumentCoding.date(try row.decode(column: "expires_at", as: Int64.self)),
                attempts: try row.decode(column: "attempts", as: Int.self),
                createdAt: DocumentCoding.date(try row.decode(column: "created_at", as: Int64.self))
            )
        }
    }

    func updateCodeAttempts(poolId: String, sub: String, purpose: String, attempts: Int) async throws {
        try await translatingErrors(what: "code") {
            try await db.raw("""
                UPDATE codes SET attempts = \(bind: attempts) WHERE pool_id = \(bind: poolId) AND sub = \(bind: sub) AND purpose = \(bind: purpose)
                """).run()
        }
    }

    func deleteCode(poolId: String, sub: String, purpose: String) async throws {
        try await translatingErrors(what: "code") {
            try await db.raw("DELETE FROM codes WHERE pool_id = \(bind: poolId) AND sub = \(bind: sub) AND purpose = \(bind: purpose)").run()
        }
    }

    func insertOutboxMessage(_ message: OutboxMessage) async throws {
        try await translatingErrors(what: "message") {
            try await db.raw("""
                INSERT INTO outbox (id, pool_id, recipient, subject, body, html, created_at)
                VALUES (\(bind: message.id), \(bind: message.poolId), \(bind: message.recipient), \(bind: message.subject),
                    \(bind: message.body), \(bind: message.html), \(bind: DocumentCoding.millis(message.createdAt)))
                """).run()
        }
    }

    func outboxMessages(limit: Int) async throws -> [OutboxMessage] {
        try await translatingErrors(what: "messages") {
            try await db.raw("SELECT * FROM outbox ORDER BY created_at DESC, id DESC LIMIT \(bind: limit)").all().map { row in
                OutboxMessage(
                    id: try row.decode(column: "id", as: String.self), poolId: try row.decode(column: "pool_id", as: String.self),
                    recipient: try row.decode(column: "recipient", as: String.self), subject: try row.decode(column: "subject", as: String.self),
                    body: try row.decode(column: "body", as: String.self),
                    createdAt: DocumentCoding.date(try row.decode(column: "created_at", as: Int64.self))
                )
            }
        }
    }

    static func user(_ row: any SQLRow) throws -> UserRecord {
        func date(_ column: String) throws -> Date? {
            try row.decodeNil(column: column) ? nil : DocumentCoding.date(try row.decode(column: column, as: Int64.self))
        }
        var user = UserRecord(
            poolId: try row.decode(column: "pool_id", as: String.self),
            sub: try row.decode(column: "sub", as: String.self),
            username: try row.decode(column: "username", as: String.self),
            usernameKey: try row.decode(column: "username_key", as: String.self),
            status: UserStatusType(rawValue: try row.decode(column: "status", as: String.self)),
            enabled: try row.decode(column: "enabled", as: Bool.self),
            attributes: try DocumentCoding.decodeStringMap(try row.decode(column: "attributes", as: String.self)),
            passwordHash: try row.decode(column: "password_hash", as: String?.self),
            srpSalt: try row.decode(column: "srp_salt", as: String?.self),
            srpVerifier: try row.decode(column: "srp_verifier", as: String?.self),
            createdAt: DocumentCoding.date(try row.decode(column: "created_at", as: Int64.self)),
            lastModifiedAt: DocumentCoding.date(try row.decode(column: "last_modified_at", as: Int64.self)),
            failedAttempts: try row.decode(column: "failed_attempts", as: Int.self),
            lockedUntil: try date("locked_until"),
            tokensValidAfter: try date("tokens_valid_after"),
            temporaryPasswordExpiresAt: try date("temporary_password_expires_at")
        )
        if let mfa = try row.decode(column: "mfa", as: String?.self) { user.mfa = try DocumentCoding.decode(UserMFA.self, from: mfa) }
        return user
    }
}

extension SQLSession {
    func claimOutboxMessages(now: Date, leaseUntil: Date, limit: Int) async throws -> [OutboxMessage] {
        let now = DocumentCoding.millis(now)
        let skipLocked = engine == .postgres ? " FOR UPDATE SKIP LOCKED" : ""
        return try await translatingErrors(what: "messages") {
            try await db.raw("""
                UPDATE outbox SET claimed_until = \(bind: DocumentCoding.millis(leaseUntil))
                WHERE id IN (
                    SELECT id FROM outbox
                    WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= \(bind: now)
                        AND (claimed_until IS NULL OR claimed_until < \(bind: now))
                    ORDER BY next_attempt_at, created_at LIMIT \(bind: limit)\(unsafeRaw: skipLocked)
                )
                RETURNING *
                """).all().map { row in
                var message = OutboxMessage(
                    id: try row.decode(column: "id", as: String.self), poolId: try row.decode(column: "pool_id", as: String.self),
                    recipient: try row.decode(column: "recipient", as: String.self), subject: try row.decode(column: "subject", as: String.self),
                    body: try row.decode(column: "body", as: String.self),
                    createdAt: DocumentCoding.date(try row.decode(column: "created_at", as: Int64.self))
                )
                message.attempts = try row.decode(column: "attempts", as: Int.self)
                message.html = try row.decode(column: "html", as: String?.self)
                return message
            }
        }
    }

    func markOutboxMessageSent(id: String, at date: Date) async throws {
        try await translatingErrors(what: "message") {
            try await db.raw("""
                UPDATE outbox SET sent_at = \(bind: DocumentCoding.millis(date)), claimed_until = NULL, attempts = attempts + 1
                WHERE id = \(bind: id)
                """).run()
        }
    }

    func rescheduleOutboxMessage(id: String, attempts: Int, nextAttempt: Date, error: String) async throws {
        try await translatingErrors(what: "message") {
            try await db.raw("""
                UPDATE outbox SET attempts = \(bind: attempts), next_attempt_at = \(bind: DocumentCoding.millis(nextAttempt)),
                    claimed_until = NULL, last_error = \(bind: String(error.prefix(500)))
                WHERE id = \(bind: id)
                """).run()
        }
    }

    func markOutboxMessageFailed(id: String, at date: Date, error: String) async throws {
        try await translatingErrors(what: "message") {
            try await db.raw("""
                UPDATE outbox SET failed_at = \(bind: DocumentCoding.millis(date)), claimed_until = NULL, attempts = attempts + 1,
                    last_error = \(bind: String(error.prefix(500)))
                WHERE id = \(bind: id)
                """).run()
        }
    }
}

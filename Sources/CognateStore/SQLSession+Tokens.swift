import CognateCore
import Foundation
import SQLKit

extension SQLSession {
    func insertRefreshToken(_ token: RefreshTokenRecord) async throws {
        try await translatingErrors(what: "refresh token") {
            try await db.raw("""
                INSERT INTO refresh_tokens (token_hash, pool_id, sub, client_id, family_id, scopes, auth_time, created_at, expires_at)
                VALUES (\(bind: token.tokenHash), \(bind: token.poolId), \(bind: token.sub), \(bind: token.clientId),
                    \(bind: token.familyId), \(bind: token.scopes.joined(separator: " ")), \(bind: DocumentCoding.millis(token.authTime)),
                    \(bind: DocumentCoding.millis(token.createdAt)), \(bind: DocumentCoding.millis(token.expiresAt)))
                """).run()
        }
    }

    func refreshToken(hash: String) async throws -> RefreshTokenRecord? {
        try await translatingErrors(what: "refresh token") {
            guard let row = try await db.raw("SELECT * FROM refresh_tokens WHERE token_hash = \(bind: hash)").first() else { return nil }
            func date(_ column: String) throws -> Date? {
                try row.decodeNil(column: column) ? nil : DocumentCoding.date(try row.decode(column: column, as: Int64.self))
            }
            return RefreshTokenRecord(
                tokenHash: try row.decode(column: "token_hash", as: String.self),
                poolId: try row.decode(column: "pool_id", as: String.self),
                sub: try row.decode(column: "sub", as: String.self),
                clientId: try row.decode(column: "client_id", as: String.self),
                familyId: try row.decode(column: "family_id", as: String.self),
                scopes: try row.decode(column: "scopes", as: String.self).split(separator: " ").map(String.init),
                authTime: DocumentCoding.date(try row.decode(column: "auth_time", as: Int64.self)),
                createdAt: DocumentCoding.date(try row.decode(column: "created_at", as: Int64.self)),
                expiresAt: DocumentCoding.date(try row.decode(column: "expires_at", as: Int64.self)),
                usedAt: try date("used_at"),
                revokedAt: try date("revoked_at")
            )
        }
    }

    func markRefreshTokenUsed(hash: String, at date: Date) async throws -> Bool {
        try await translatingErrors(what: "refresh token") {
            try await db.raw("""
                UPDATE refresh_tokens SET used_at = \(bind: DocumentCoding.millis(date))
                WHERE token_hash = \(bind: hash) AND used_at IS NULL RETURNING token_hash
                """).first() != nil
        }
    }

    func revokeRefreshTokenFamily(poolId: String, familyId: String, at date: Date) async throws {
        try await translatingErrors(what: "refresh tokens") {
            try await db.raw("""
                UPDATE refresh_tokens SET revoked_at = \(bind: DocumentCoding.millis(date))
                WHERE pool_id = \(bind: poolId) AND family_id = \(bind: familyId) AND revoked_at IS NULL
                """).run()
        }
    }

    func revokeRefreshTokens(poolId: String, sub: String, at date: Date) async throws {
        try await translatingErrors(what: "refresh tokens") {
            try await db.raw("""
                UPDATE refresh_tokens SET revoked_at = \(bind: DocumentCoding.millis(date))
                WHERE pool_id = \(bind: poolId) AND sub = \(bind: sub) AND revoked_at IS NULL
                """).run()
        }
    }

    func isRefreshTokenFamilyRevoked(poolId: String, familyId: String) async throws -> Bool {
        try await translatingErrors(what: "refresh tokens") {
            try await db.raw("""
                SELECT 1 AS revoked FROM refresh_tokens
                WHERE pool_id = \(bind: poolId) AND family_id = \(bind: familyId) AND revoked_at IS NOT NULL LIMIT 1
                """).first() != nil
        }
    }

    func addGroupMember(poolId: String, groupName: String, sub: String) async throws {
        try await translatingErrors(what: "group member") {
            try await db.raw("""
                INSERT INTO group_members (pool_id, group_name, sub) VALUES (\(bind: poolId), \(bind: groupName), \(bind: sub))
                ON CONFLICT DO NOTHING
                """).run()
        }
    }

    func removeGroupMember(poolId: String, groupName: String, sub: String) async throws -> Bool {
        try await translatingErrors(what: "group member") {
            try await db.raw("""
                DELETE FROM group_members WHERE pool_id = \(bind: poolId) AND group_name = \(bind: groupName) AND sub = \(bind: sub)
                RETURNING sub
                """).first() != nil
        }
    }

    func groupNames(poolId: String, sub: String) async throws -> [String] {
        try await translatingErrors(what: "groups") {
            try await db.raw("SELECT group_name FROM group_members WHERE pool_id = \(bind: poolId) AND sub = \(bind: sub) ORDER BY group_name")
                .all().map { try $0.decode(column: "group_name", as: String.self) }
        }
    }

    func groupMembers(poolId: String, groupName: String, afterSub: String?, limit: Int) async throws -> [UserRecord] {
        try await translatingErrors(what: "group members") {
            try await db.raw("""
                SELECT users.* FROM group_members JOIN users ON users.pool_id = group_members.pool_id AND users.sub = group_members.sub
                WHERE group_members.pool_id = \(bind: poolId) AND group_members.group_name = \(bind: groupName)
                    AND group_members.sub > \(bind: afterSub ?? "")
                ORDER BY group_members.sub LIMIT \(bind: limit)
                """).all().map(Self.user)
        }
    }
}

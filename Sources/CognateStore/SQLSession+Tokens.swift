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
            try await db.raw("SELECT * FROM refresh_tokens WHERE token_hash = \(bind: hash)").first().map { try Self.refreshToken($0) }
        }
    }

    /// The token, its user and the user's groups in one statement: a refresh reads all three, and on
    /// SQLite every statement is a round trip through the single connection's thread.
    func refreshGrant(hash: String) async throws -> RefreshGrant? {
        try await translatingErrors(what: "refresh token") {
            let rows = try await db.raw("""
                SELECT users.*, rt.token_hash AS rt_token_hash, rt.pool_id AS rt_pool_id, rt.sub AS rt_sub,
                    rt.client_id AS rt_client_id, rt.family_id AS rt_family_id, rt.scopes AS rt_scopes,
                    rt.auth_time AS rt_auth_time, rt.created_at AS rt_created_at, rt.expires_at AS rt_expires_at,
                    rt.used_at AS rt_used_at, rt.revoked_at AS rt_revoked_at, gm.group_name AS gm_group_name
                FROM refresh_tokens rt
                JOIN users ON users.pool_id = rt.pool_id AND users.sub = rt.sub
                LEFT JOIN group_members gm ON gm.pool_id = rt.pool_id AND gm.sub = rt.sub
                WHERE rt.token_hash = \(bind: hash)
                ORDER BY gm.group_name
                """).all()
            guard let first = rows.first else { return nil }
            let groups = try rows.compactMap { try $0.decode(column: "gm_group_name", as: String?.self) }
            return RefreshGrant(token: try Self.refreshToken(first, prefix: "rt_"), user: try Self.user(first), groups: groups)
        }
    }

    static func refreshToken(_ row: any SQLRow, prefix: String = "") throws -> RefreshTokenRecord {
        func date(_ column: String) throws -> Date? {
            try row.decodeNil(column: prefix + column) ? nil : DocumentCoding.date(try row.decode(column: prefix + column, as: Int64.self))
        }
        func text(_ column: String) throws -> String { try row.decode(column: prefix + column, as: String.self) }
        return RefreshTokenRecord(
            tokenHash: try text("token_hash"), poolId: try text("pool_id"), sub: try text("sub"), clientId: try text("client_id"),
            familyId: try text("family_id"), scopes: try text("scopes").split(separator: " ").map(String.init),
            authTime: DocumentCoding.date(try row.decode(column: prefix + "auth_time", as: Int64.self)),
            createdAt: DocumentCoding.date(try row.decode(column: prefix + "created_at", as: Int64.self)),
            expiresAt: DocumentCoding.date(try row.decode(column: prefix + "expires_at", as: Int64.self)),
            usedAt: try date("used_at"), revokedAt: try date("revoked_at")
        )
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

import CognateCore
import CognitoModel
import Foundation
import SQLKit

/// The store's operations on one `SQLDatabase`: a pooled connection in autocommit mode, or the
/// connection of an open transaction. The SQL is written once for SQLite and PostgreSQL both.
struct SQLSession: StoreSession {
    let db: any SQLDatabase

    func insertUserPool(_ pool: UserPoolRecord) async throws {
        let description = try RecordCoding.encode(pool.description)
        try await translatingErrors(what: "user pool \(pool.id)") {
            try await db.raw("""
                INSERT INTO user_pools (id, name, created_at, last_modified_at, description)
                VALUES (\(bind: pool.id), \(bind: pool.name), \(bind: RecordCoding.millis(pool.createdAt)),
                        \(bind: RecordCoding.millis(pool.lastModifiedAt)), \(bind: description))
                """).run()
        }
    }

    func userPool(id: String) async throws -> UserPoolRecord? {
        try await translatingErrors(what: "user pool \(id)") {
            try await db.raw("SELECT * FROM user_pools WHERE id = \(bind: id)").first().map(Self.userPool)
        }
    }

    func listUserPools(afterId: String?, limit: Int) async throws -> [UserPoolRecord] {
        try await translatingErrors(what: "user pools") {
            let rows = try await db.raw("""
                SELECT * FROM user_pools WHERE id > \(bind: afterId ?? "") ORDER BY id LIMIT \(bind: limit)
                """).all()
            return try rows.map(Self.userPool)
        }
    }

    func updateUserPool(_ pool: UserPoolRecord) async throws {
        let description = try RecordCoding.encode(pool.description)
        let found = try await translatingErrors(what: "user pool \(pool.id)") {
            try await db.raw("""
                UPDATE user_pools SET name = \(bind: pool.name), last_modified_at = \(bind: RecordCoding.millis(pool.lastModifiedAt)),
                    description = \(bind: description)
                WHERE id = \(bind: pool.id) RETURNING id
                """).first() != nil
        }
        if !found { throw StoreError.notFound("user pool \(pool.id)") }
    }

    func deleteUserPool(id: String) async throws -> Bool {
        try await translatingErrors(what: "user pool \(id)") {
            try await db.raw("DELETE FROM user_pools WHERE id = \(bind: id) RETURNING id").first() != nil
        }
    }

    static func userPool(_ row: any SQLRow) throws -> UserPoolRecord {
        UserPoolRecord(
            id: try row.decode(column: "id", as: String.self),
            name: try row.decode(column: "name", as: String.self),
            createdAt: RecordCoding.date(try row.decode(column: "created_at", as: Int64.self)),
            lastModifiedAt: RecordCoding.date(try row.decode(column: "last_modified_at", as: Int64.self)),
            description: try RecordCoding.decode(UserPoolType.self, from: try row.decode(column: "description", as: String.self))
        )
    }

    /// Runs `body`, reporting the database's uniqueness and connectivity failures as `StoreError`s.
    private func translatingErrors<T>(what: String, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as StoreError {
            throw error
        } catch {
            if DatabaseErrors.isUniqueViolation(error) { throw StoreError.duplicate(what) }
            throw error
        }
    }
}

import CognateCore
import CognitoModel
import Foundation
import SQLKit

/// The store's operations on one `SQLDatabase`: a pooled connection in autocommit mode, or the
/// connection of an open transaction. The SQL is written once for SQLite and PostgreSQL both.
struct SQLSession: StoreSession {
    let db: any SQLDatabase
    let engine: SQLEngine
    /// Set by writes to pools and resources, so the store can invalidate its configuration cache.
    var changes = ConfigurationChanges()

    func insertUserPool(_ pool: UserPoolRecord) async throws {
        changes.record()
        let description = try DocumentCoding.encode(pool.description)
        try await translatingErrors(what: "user pool \(pool.id)") {
            try await db.raw("""
                INSERT INTO user_pools (id, name, created_at, last_modified_at, description)
                VALUES (\(bind: pool.id), \(bind: pool.name), \(bind: DocumentCoding.millis(pool.createdAt)),
                        \(bind: DocumentCoding.millis(pool.lastModifiedAt)), \(bind: description))
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
        changes.record()
        let description = try DocumentCoding.encode(pool.description)
        let found = try await translatingErrors(what: "user pool \(pool.id)") {
            try await db.raw("""
                UPDATE user_pools SET name = \(bind: pool.name), last_modified_at = \(bind: DocumentCoding.millis(pool.lastModifiedAt)),
                    description = \(bind: description)
                WHERE id = \(bind: pool.id) RETURNING id
                """).first() != nil
        }
        if !found { throw StoreError.notFound("user pool \(pool.id)") }
    }

    func deleteUserPool(id: String) async throws -> Bool {
        changes.record()
        return try await translatingErrors(what: "user pool \(id)") {
            try await db.raw("DELETE FROM user_pools WHERE id = \(bind: id) RETURNING id").first() != nil
        }
    }

    func lockUserPool(id: String) async throws -> UserPoolRecord? {
        let lock = engine == .postgres ? " FOR UPDATE" : ""  // SQLite's BEGIN IMMEDIATE already holds the write lock
        return try await translatingErrors(what: "user pool \(id)") {
            try await db.raw("SELECT * FROM user_pools WHERE id = \(bind: id)\(unsafeRaw: lock)").first().map(Self.userPool)
        }
    }

    // MARK: Pool resources

    func insertResource(_ resource: PoolResource) async throws {
        changes.record()
        try await translatingErrors(what: "\(resource.kind.rawValue) \(resource.key)") {
            try await db.raw("""
                INSERT INTO pool_resources (pool_id, kind, resource_key, created_at, last_modified_at, document)
                VALUES (\(bind: resource.poolId), \(bind: resource.kind.rawValue), \(bind: resource.key),
                        \(bind: DocumentCoding.millis(resource.createdAt)), \(bind: DocumentCoding.millis(resource.lastModifiedAt)),
                        \(bind: resource.document))
                """).run()
        }
    }

    func resource(poolId: String?, kind: PoolResourceKind, key: String) async throws -> PoolResource? {
        try await translatingErrors(what: "\(kind.rawValue) \(key)") {
            let row: (any SQLRow)?
            if let poolId {
                row = try await db.raw("""
                    SELECT * FROM pool_resources
                    WHERE pool_id = \(bind: poolId) AND kind = \(bind: kind.rawValue) AND resource_key = \(bind: key)
                    """).first()
            } else {
                row = try await db.raw("""
                    SELECT * FROM pool_resources WHERE kind = \(bind: kind.rawValue) AND resource_key = \(bind: key)
                    """).first()
            }
            return try row.map(Self.resource)
        }
    }

    func listResources(poolId: String, kind: PoolResourceKind, afterKey: String?, limit: Int) async throws -> [PoolResource] {
        try await translatingErrors(what: "\(kind.rawValue) list") {
            try await db.raw("""
                SELECT * FROM pool_resources
                WHERE pool_id = \(bind: poolId) AND kind = \(bind: kind.rawValue) AND resource_key > \(bind: afterKey ?? "")
                ORDER BY resource_key LIMIT \(bind: limit)
                """).all().map(Self.resource)
        }
    }

    func countResources(poolId: String, kind: PoolResourceKind) async throws -> Int {
        try await translatingErrors(what: "\(kind.rawValue) count") {
            let row = try await db.raw("""
                SELECT COUNT(*) AS n FROM pool_resources WHERE pool_id = \(bind: poolId) AND kind = \(bind: kind.rawValue)
                """).first()
            return try row?.decode(column: "n", as: Int.self) ?? 0
        }
    }

    func updateResource(_ resource: PoolResource) async throws {
        changes.record()
        let found = try await translatingErrors(what: "\(resource.kind.rawValue) \(resource.key)") {
            try await db.raw("""
                UPDATE pool_resources
                SET document = \(bind: resource.document), last_modified_at = \(bind: DocumentCoding.millis(resource.lastModifiedAt))
                WHERE pool_id = \(bind: resource.poolId) AND kind = \(bind: resource.kind.rawValue)
                    AND resource_key = \(bind: resource.key)
                RETURNING resource_key
                """).first() != nil
        }
        if !found { throw StoreError.notFound("\(resource.kind.rawValue) \(resource.key)") }
    }

    func deleteResource(poolId: String, kind: PoolResourceKind, key: String) async throws -> Bool {
        changes.record()
        return try await translatingErrors(what: "\(kind.rawValue) \(key)") {
            try await db.raw("""
                DELETE FROM pool_resources
                WHERE pool_id = \(bind: poolId) AND kind = \(bind: kind.rawValue) AND resource_key = \(bind: key)
                RETURNING resource_key
                """).first() != nil
        }
    }

    static func resource(_ row: any SQLRow) throws -> PoolResource {
        PoolResource(
            poolId: try row.decode(column: "pool_id", as: String.self),
            kind: PoolResourceKind(rawValue: try row.decode(column: "kind", as: String.self)),
            key: try row.decode(column: "resource_key", as: String.self),
            createdAt: DocumentCoding.date(try row.decode(column: "created_at", as: Int64.self)),
            lastModifiedAt: DocumentCoding.date(try row.decode(column: "last_modified_at", as: Int64.self)),
            document: try row.decode(column: "document", as: String.self)
        )
    }

    static func userPool(_ row: any SQLRow) throws -> UserPoolRecord {
        UserPoolRecord(
            id: try row.decode(column: "id", as: String.self),
            name: try row.decode(column: "name", as: String.self),
            createdAt: DocumentCoding.date(try row.decode(column: "created_at", as: Int64.self)),
            lastModifiedAt: DocumentCoding.date(try row.decode(column: "last_modified_at", as: Int64.self)),
            description: try DocumentCoding.decode(UserPoolType.self, from: try row.decode(column: "description", as: String.self))
        )
    }

    /// Runs `body`, reporting the database's uniqueness and connectivity failures as `StoreError`s.
    func translatingErrors<T>(what: String, _ body: () async throws -> T) async throws -> T {
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

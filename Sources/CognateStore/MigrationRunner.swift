import CognateCore
import Foundation
import Logging
import SQLKit

/// Applies pending migrations in one transaction under a database-wide lock, so that two nodes
/// starting together apply each migration exactly once and a failed migration leaves nothing behind.
struct MigrationRunner {
    let provider: any ConnectionProvider
    let logger: Logger

    /// An arbitrary constant naming Cognate's migration lock among PostgreSQL's advisory locks.
    static let advisoryLockKey = 0x436F_676E_6174_65

    func run(_ migrations: [Migration]) async throws {
        let engine = provider.engine
        let logger = logger
        try await provider.withConnection { db in
            try await db.raw(SQLQueryString(engine.beginTransaction)).run()
            do {
                if engine == .postgres {
                    try await db.raw("SELECT pg_advisory_xact_lock(\(literal: Self.advisoryLockKey))").run()
                }
                try await db.raw("""
                    CREATE TABLE IF NOT EXISTS cognate_schema_migrations (
                        version INTEGER PRIMARY KEY,
                        name TEXT NOT NULL,
                        applied_at BIGINT NOT NULL
                    )
                    """).run()
                let applied = Set(try await db.raw("SELECT version FROM cognate_schema_migrations").all()
                    .map { try $0.decode(column: "version", as: Int.self) })
                for migration in migrations.sorted(by: { $0.version < $1.version }) where !applied.contains(migration.version) {
                    for statement in migration.statements(engine) {
                        try await db.raw(SQLQueryString(statement)).run()
                    }
                    let now = Int64(Date().timeIntervalSince1970 * 1000)
                    try await db.raw("""
                        INSERT INTO cognate_schema_migrations (version, name, applied_at)
                        VALUES (\(bind: migration.version), \(bind: migration.name), \(bind: now))
                        """).run()
                    logger.info("applied migration", metadata: ["version": "\(migration.version)", "name": "\(migration.name)"])
                }
                try await db.raw("COMMIT").run()
            } catch {
                try? await db.raw("ROLLBACK").run()
                throw error
            }
        }
    }
}

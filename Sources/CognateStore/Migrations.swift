import SQLKit

/// One step of the schema, applied once and recorded by its version.
struct Migration: Sendable {
    let version: Int
    let name: String
    /// Statements per engine, applied in order inside the migration transaction.
    let statements: @Sendable (SQLEngine) -> [String]
}

/// The schema's history, oldest first. Append; never edit a migration that has shipped.
enum Migrations {
    static let all: [Migration] = [
        Migration(version: 1, name: "user pools") { engine in
            [
                """
                CREATE TABLE user_pools (
                    id TEXT PRIMARY KEY,
                    name TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    last_modified_at BIGINT NOT NULL,
                    description TEXT NOT NULL
                )
                """
            ]
        }
    ]
}

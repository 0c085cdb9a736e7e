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
        },
        Migration(version: 2, name: "pool resources") { _ in
            [
                """
                CREATE TABLE pool_resources (
                    pool_id TEXT NOT NULL REFERENCES user_pools(id) ON DELETE CASCADE,
                    kind TEXT NOT NULL,
                    resource_key TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    last_modified_at BIGINT NOT NULL,
                    document TEXT NOT NULL,
                    PRIMARY KEY (pool_id, kind, resource_key)
                )
                """,
                // Client ids and domains are unique across pools, and looked up without the pool.
                "CREATE UNIQUE INDEX pool_resources_global_keys ON pool_resources (kind, resource_key) WHERE kind IN ('client', 'domain')",
                "CREATE INDEX pool_resources_by_key ON pool_resources (kind, resource_key)",
            ]
        },
    ]
}

import CognateCore
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
        Migration(version: 3, name: "users, aliases, codes, outbox") { engine in
            let boolean = engine == .postgres ? "BOOLEAN" : "INTEGER"
            return [
                """
                CREATE TABLE users (
                    pool_id TEXT NOT NULL REFERENCES user_pools(id) ON DELETE CASCADE,
                    sub TEXT NOT NULL,
                    username TEXT NOT NULL,
                    username_key TEXT NOT NULL,
                    status TEXT NOT NULL,
                    enabled \(boolean) NOT NULL,
                    attributes TEXT NOT NULL,
                    password_hash TEXT,
                    srp_salt TEXT,
                    srp_verifier TEXT,
                    created_at BIGINT NOT NULL,
                    last_modified_at BIGINT NOT NULL,
                    failed_attempts INTEGER NOT NULL,
                    locked_until BIGINT,
                    tokens_valid_after BIGINT,
                    temporary_password_expires_at BIGINT,
                    PRIMARY KEY (pool_id, sub)
                )
                """,
                "CREATE UNIQUE INDEX users_username ON users (pool_id, username_key)",
                // Sign-in identifiers besides the username (email, phone, preferred_username): unique per pool.
                """
                CREATE TABLE user_aliases (
                    pool_id TEXT NOT NULL,
                    alias_key TEXT NOT NULL,
                    sub TEXT NOT NULL,
                    PRIMARY KEY (pool_id, alias_key),
                    FOREIGN KEY (pool_id, sub) REFERENCES users (pool_id, sub) ON DELETE CASCADE
                )
                """,
                "CREATE INDEX user_aliases_by_user ON user_aliases (pool_id, sub)",
                """
                CREATE TABLE codes (
                    pool_id TEXT NOT NULL,
                    sub TEXT NOT NULL,
                    purpose TEXT NOT NULL,
                    code_hash TEXT NOT NULL,
                    expires_at BIGINT NOT NULL,
                    attempts INTEGER NOT NULL,
                    created_at BIGINT NOT NULL,
                    PRIMARY KEY (pool_id, sub, purpose),
                    FOREIGN KEY (pool_id, sub) REFERENCES users (pool_id, sub) ON DELETE CASCADE
                )
                """,
                """
                CREATE TABLE outbox (
                    id TEXT PRIMARY KEY,
                    pool_id TEXT NOT NULL,
                    recipient TEXT NOT NULL,
                    subject TEXT NOT NULL,
                    body TEXT NOT NULL,
                    created_at BIGINT NOT NULL
                )
                """,
                "CREATE INDEX outbox_by_time ON outbox (created_at)",
            ]
        },
        Migration(version: 4, name: "refresh tokens, group members") { _ in
            [
                // Opaque refresh tokens, by the SHA-256 of their value. A family is one sign-in and every
                // token rotated from it; revoking the family revokes the access tokens it produced.
                """
                CREATE TABLE refresh_tokens (
                    token_hash TEXT PRIMARY KEY,
                    pool_id TEXT NOT NULL,
                    sub TEXT NOT NULL,
                    client_id TEXT NOT NULL,
                    family_id TEXT NOT NULL,
                    scopes TEXT NOT NULL,
                    auth_time BIGINT NOT NULL,
                    created_at BIGINT NOT NULL,
                    expires_at BIGINT NOT NULL,
                    used_at BIGINT,
                    revoked_at BIGINT,
                    FOREIGN KEY (pool_id, sub) REFERENCES users (pool_id, sub) ON DELETE CASCADE
                )
                """,
                "CREATE INDEX refresh_tokens_by_family ON refresh_tokens (pool_id, family_id)",
                "CREATE INDEX refresh_tokens_by_user ON refresh_tokens (pool_id, sub)",
                """
                CREATE TABLE group_members (
                    pool_id TEXT NOT NULL,
                    group_name TEXT NOT NULL,
                    sub TEXT NOT NULL,
                    PRIMARY KEY (pool_id, group_name, sub),
                    FOREIGN KEY (pool_id, sub) REFERENCES users (pool_id, sub) ON DELETE CASCADE
                )
                """,
                "CREATE INDEX group_members_by_user ON group_members (pool_id, sub)",
            ]
        },
        Migration(version: 5, name: "outbox delivery state") { _ in
            [
                "ALTER TABLE outbox ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0",
                "ALTER TABLE outbox ADD COLUMN next_attempt_at BIGINT NOT NULL DEFAULT 0",
                "ALTER TABLE outbox ADD COLUMN claimed_until BIGINT",
                "ALTER TABLE outbox ADD COLUMN sent_at BIGINT",
                "ALTER TABLE outbox ADD COLUMN failed_at BIGINT",
                "ALTER TABLE outbox ADD COLUMN last_error TEXT",
                "CREATE INDEX outbox_pending ON outbox (next_attempt_at) WHERE sent_at IS NULL AND failed_at IS NULL",
            ]
        },
        Migration(version: 6, name: "outbox html part") { _ in
            ["ALTER TABLE outbox ADD COLUMN html TEXT"]
        },
        Migration(version: 7, name: "authorization codes") { _ in
            [
                // OAuth codes by the SHA-256 of their value; the document holds what the token endpoint
                // checks (redirect URI, scopes, nonce, PKCE challenge, the family it will start).
                """
                CREATE TABLE authorization_codes (
                    code_hash TEXT PRIMARY KEY,
                    pool_id TEXT NOT NULL,
                    sub TEXT NOT NULL,
                    expires_at BIGINT NOT NULL,
                    used_at BIGINT,
                    document TEXT NOT NULL,
                    FOREIGN KEY (pool_id, sub) REFERENCES users (pool_id, sub) ON DELETE CASCADE
                )
                """,
                "CREATE INDEX authorization_codes_by_expiry ON authorization_codes (expires_at)",
            ]
        },
        Migration(version: 8, name: "user listing indexes") { engine in
            // One index per ListUsers filter: the filtered value, then the username key, both in byte
            // order, so exact and prefix filters read a page from one index range (SQLSession+ListUsers).
            let key = engine == .postgres ? "username_key COLLATE \"C\"" : "username_key"
            let text = { (column: String) in engine == .postgres ? "\(column) COLLATE \"C\"" : column }
            let attributes = UserFilter.searchableAttributes.sorted().map { name in
                "CREATE INDEX users_by_\(name) ON users (pool_id, \(SQLSession.attributeExpression(name, engine: engine)), \(key))"
            }
            return [
                "CREATE INDEX users_by_username ON users (pool_id, \(text("username")), \(key))",
                "CREATE INDEX users_by_sub ON users (pool_id, \(text("sub")), \(key))",
                "CREATE INDEX users_by_status ON users (pool_id, \(text("status")), \(key))",
                "CREATE INDEX users_by_enabled ON users (pool_id, enabled, \(key))",
            ] + attributes
        },
        Migration(version: 9, name: "user import uploads") { _ in
            [
                // The CSV a user import job's pre-signed URL received; the job itself is a pool resource.
                """
                CREATE TABLE user_import_uploads (
                    pool_id TEXT NOT NULL REFERENCES user_pools(id) ON DELETE CASCADE,
                    job_id TEXT NOT NULL,
                    body TEXT NOT NULL,
                    uploaded_at BIGINT NOT NULL,
                    PRIMARY KEY (pool_id, job_id)
                )
                """,
            ]
        },
        Migration(version: 10, name: "auth events") { _ in
            [
                // A user's sign-in history (AdminListUserAuthEvents, the console), newest first, 90 days.
                """
                CREATE TABLE auth_events (
                    pool_id TEXT NOT NULL,
                    sub TEXT NOT NULL,
                    event_id TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    document TEXT NOT NULL,
                    PRIMARY KEY (pool_id, sub, created_at, event_id),
                    FOREIGN KEY (pool_id, sub) REFERENCES users (pool_id, sub) ON DELETE CASCADE
                )
                """,
            ]
        },
        Migration(version: 11, name: "user mfa") { _ in
            // A user's second factors as a document (UserMFA); NULL for the many users without any.
            ["ALTER TABLE users ADD COLUMN mfa TEXT"]
        },
        Migration(version: 12, name: "devices") { _ in
            [
                // Devices users sign in from (DeviceRecord as a document), by device key; a user's through the index.
                """
                CREATE TABLE devices (
                    pool_id TEXT NOT NULL,
                    device_key TEXT NOT NULL,
                    sub TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    document TEXT NOT NULL,
                    PRIMARY KEY (pool_id, device_key),
                    FOREIGN KEY (pool_id, sub) REFERENCES users (pool_id, sub) ON DELETE CASCADE
                )
                """,
                "CREATE INDEX devices_by_user ON devices (pool_id, sub, device_key)",
            ]
        },
        Migration(version: 13, name: "auth event retention") { engine in
            // Each new event drops the user's events older than the retention in the same statement, so a
            // sign-in writes its history with one INSERT (atomic with the pruning) instead of two statements.
            let horizon = Int64(SQLSession.authEventRetention * 1000)
            let prune = "DELETE FROM auth_events WHERE pool_id = NEW.pool_id AND sub = NEW.sub AND created_at < NEW.created_at - \(horizon);"
            switch engine {
            case .sqlite:
                return ["CREATE TRIGGER auth_events_retention AFTER INSERT ON auth_events BEGIN \(prune) END"]
            case .postgres:
                return [
                    "CREATE FUNCTION auth_events_retention() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \(prune) RETURN NULL; END $$",
                    "CREATE TRIGGER auth_events_retention AFTER INSERT ON auth_events FOR EACH ROW EXECUTE FUNCTION auth_events_retention()",
                ]
            }
        },
    ]
}

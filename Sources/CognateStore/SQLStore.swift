import CognateCore
import CognitoModel
import Foundation
import Logging
import PostgresKit
import SQLKit
import SQLiteKit
import NIOPosix

/// The `Store` on SQLite or PostgreSQL: one implementation, the engine chosen by the URL.
public final class SQLStore: Store {
    private let provider: any ConnectionProvider
    private let logger: Logger
    private let configuration = ConfigurationCache()

    public init(url: DatabaseURL, logger: Logger) throws {
        self.logger = logger
        switch url {
        case .sqlite(let path):
            // One connection, on one event loop of its own that also runs its statements: SQLite allows one
            // writer at a time anyway, and a second connection would wait for the lock in SQLite's busy
            // handler, blocking the loop the writer needs. Requests queue in the pool instead.
            provider = PooledConnectionProvider(
                engine: .sqlite, source: SQLiteSource(path: path), loops: 1, maxConnectionsPerEventLoop: 1, logger: logger
            ) { SQLiteDirectDatabase(connection: $0, logger: logger) }
        case .postgres(let url):
            let configuration = try SQLPostgresConfiguration(url: url)
            provider = PooledConnectionProvider(
                engine: .postgres, source: PostgresConnectionSource(sqlConfiguration: configuration),
                loops: ProcessInfo.processInfo.activeProcessorCount, maxConnectionsPerEventLoop: 4, logger: logger
            ) { $0.sql() }
        }
    }

    public func transaction<T: Sendable>(_ body: @escaping @Sendable (any StoreSession) async throws -> T) async throws -> T {
        let engine = provider.engine
        let changes = ConfigurationChanges()
        defer { if changes.happened { configuration.invalidate() } }
        return try await provider.withConnection { db in
            try await db.raw(SQLQueryString(engine.beginTransaction)).run()
            do {
                let result = try await body(SQLSession(db: db, engine: engine, changes: changes))
                try await db.raw("COMMIT").run()
                return result
            } catch let error as CommitThenThrow {
                try await db.raw("COMMIT").run()
                throw error.underlying
            } catch {
                try? await db.raw("ROLLBACK").run()
                throw error
            }
        }
    }

    public func migrate() async throws {
        try await MigrationRunner(provider: provider, logger: logger).run(Migrations.all)
    }

    public func ping() async throws {
        try await provider.withConnection { db in _ = try await db.raw("SELECT 1 AS one").first() }
    }

    public func shutdown() async {
        await provider.shutdown()
    }

    // MARK: Autocommit operations: each borrows a connection for one statement.

    private func session<T: Sendable>(_ body: @Sendable (SQLSession) async throws -> T) async throws -> T {
        let engine = provider.engine
        let changes = ConfigurationChanges()
        defer { if changes.happened { configuration.invalidate() } }
        return try await provider.withConnection { db in try await body(SQLSession(db: db, engine: engine, changes: changes)) }
    }

    public func insertUserPool(_ pool: UserPoolRecord) async throws { try await session { try await $0.insertUserPool(pool) } }
    public func userPool(id: String) async throws -> UserPoolRecord? {
        try await configuration.userPool(id: id) { try await session { try await $0.userPool(id: id) } }
    }
    public func listUserPools(afterId: String?, limit: Int) async throws -> [UserPoolRecord] {
        try await session { try await $0.listUserPools(afterId: afterId, limit: limit) }
    }
    public func updateUserPool(_ pool: UserPoolRecord) async throws { try await session { try await $0.updateUserPool(pool) } }
    public func deleteUserPool(id: String) async throws -> Bool { try await session { try await $0.deleteUserPool(id: id) } }
    public func lockUserPool(id: String) async throws -> UserPoolRecord? { try await session { try await $0.lockUserPool(id: id) } }

    public func insertResource(_ resource: PoolResource) async throws { try await session { try await $0.insertResource(resource) } }
    public func resource(poolId: String?, kind: PoolResourceKind, key: String) async throws -> PoolResource? {
        try await configuration.resource(poolId: poolId, kind: kind, key: key) {
            try await session { try await $0.resource(poolId: poolId, kind: kind, key: key) }
        }
    }
    public func listResources(poolId: String, kind: PoolResourceKind, afterKey: String?, limit: Int) async throws -> [PoolResource] {
        try await session { try await $0.listResources(poolId: poolId, kind: kind, afterKey: afterKey, limit: limit) }
    }
    public func countResources(poolId: String, kind: PoolResourceKind) async throws -> Int {
        try await session { try await $0.countResources(poolId: poolId, kind: kind) }
    }
    public func updateResource(_ resource: PoolResource) async throws { try await session { try await $0.updateResource(resource) } }

    public func insertUser(_ user: UserRecord) async throws { try await session { try await $0.insertUser(user) } }
    public func user(poolId: String, sub: String) async throws -> UserRecord? { try await session { try await $0.user(poolId: poolId, sub: sub) } }
    public func user(poolId: String, usernameKey: String) async throws -> UserRecord? {
        try await session { try await $0.user(poolId: poolId, usernameKey: usernameKey) }
    }
    public func user(poolId: String, aliasKey: String) async throws -> UserRecord? {
        try await session { try await $0.user(poolId: poolId, aliasKey: aliasKey) }
    }
    public func lockUser(poolId: String, sub: String) async throws -> UserRecord? { try await session { try await $0.lockUser(poolId: poolId, sub: sub) } }
    public func updateUser(_ user: UserRecord) async throws { try await session { try await $0.updateUser(user) } }
    public func deleteUser(poolId: String, sub: String) async throws -> Bool { try await session { try await $0.deleteUser(poolId: poolId, sub: sub) } }
    public func countUsers(poolId: String) async throws -> Int { try await session { try await $0.countUsers(poolId: poolId) } }
    public func listUsers(poolId: String, filter: UserFilter?, after position: UserListPosition?, limit: Int) async throws -> [UserRecord] {
        try await session { try await $0.listUsers(poolId: poolId, filter: filter, after: position, limit: limit) }
    }
    /// The engine's query plan for a ListUsers page (`cognate bench list-users` prints it; tests check it).
    public func listUsersPlan(poolId: String, filter: UserFilter?, after position: UserListPosition?, limit: Int) async throws -> [String] {
        try await session { try await $0.listUsersPlan(poolId: poolId, filter: filter, after: position, limit: limit) }
    }
    public func setAliases(poolId: String, sub: String, aliasKeys: [String]) async throws {
        try await session { try await $0.setAliases(poolId: poolId, sub: sub, aliasKeys: aliasKeys) }
    }
    public func putCode(_ code: CodeRecord) async throws { try await session { try await $0.putCode(code) } }
    public func code(poolId: String, sub: String, purpose: String) async throws -> CodeRecord? {
        try await session { try await $0.code(poolId: poolId, sub: sub, purpose: purpose) }
    }
    public func updateCodeAttempts(poolId: String, sub: String, purpose: String, attempts: Int) async throws {
        try await session { try await $0.updateCodeAttempts(poolId: poolId, sub: sub, purpose: purpose, attempts: attempts) }
    }
    public func deleteCode(poolId: String, sub: String, purpose: String) async throws {
        try await session { try await $0.deleteCode(poolId: poolId, sub: sub, purpose: purpose) }
    }
    public func insertRefreshToken(_ token: RefreshTokenRecord) async throws { try await session { try await $0.insertRefreshToken(token) } }
    public func refreshToken(hash: String) async throws -> RefreshTokenRecord? { try await session { try await $0.refreshToken(hash: hash) } }
    public func refreshGrant(hash: String) async throws -> RefreshGrant? { try await session { try await $0.refreshGrant(hash: hash) } }
    public func markRefreshTokenUsed(hash: String, at date: Date) async throws -> Bool {
        try await session { try await $0.markRefreshTokenUsed(hash: hash, at: date) }
    }
    public func revokeRefreshTokenFamily(poolId: String, familyId: String, at date: Date) async throws {
        try await session { try await $0.revokeRefreshTokenFamily(poolId: poolId, familyId: familyId, at: date) }
    }
    public func revokeRefreshTokens(poolId: String, sub: String, at date: Date) async throws {
        try await session { try await $0.revokeRefreshTokens(poolId: poolId, sub: sub, at: date) }
    }
    public func isRefreshTokenFamilyRevoked(poolId: String, familyId: String) async throws -> Bool {
        try await session { try await $0.isRefreshTokenFamilyRevoked(poolId: poolId, familyId: familyId) }
    }
    public func addGroupMember(poolId: String, groupName: String, sub: String) async throws {
        try await session { try await $0.addGroupMember(poolId: poolId, groupName: groupName, sub: sub) }
    }
    public func removeGroupMember(poolId: String, groupName: String, sub: String) async throws -> Bool {
        try await session { try await $0.removeGroupMember(poolId: poolId, groupName: groupName, sub: sub) }
    }
    public func groupNames(poolId: String, sub: String) async throws -> [String] {
        try await session { try await $0.groupNames(poolId: poolId, sub: sub) }
    }
    public func groupMembers(poolId: String, groupName: String, afterSub: String?, limit: Int) async throws -> [UserRecord] {
        try await session { try await $0.groupMembers(poolId: poolId, groupName: groupName, afterSub: afterSub, limit: limit) }
    }
    public func putDevice(_ device: DeviceRecord) async throws { try await session { try await $0.putDevice(device) } }
    public func device(poolId: String, deviceKey: String) async throws -> DeviceRecord? {
        try await session { try await $0.device(poolId: poolId, deviceKey: deviceKey) }
    }
    public func devices(poolId: String, sub: String, afterKey: String?, limit: Int) async throws -> [DeviceRecord] {
        try await session { try await $0.devices(poolId: poolId, sub: sub, afterKey: afterKey, limit: limit) }
    }
    public func deleteDevice(poolId: String, deviceKey: String) async throws -> Bool {
        try await session { try await $0.deleteDevice(poolId: poolId, deviceKey: deviceKey) }
    }
    public func deleteUnconfirmedDevices(poolId: String, sub: String, createdBefore date: Date) async throws {
        try await session { try await $0.deleteUnconfirmedDevices(poolId: poolId, sub: sub, createdBefore: date) }
    }
    public func insertAuthEvent(poolId: String, sub: String, event: AuthEventType) async throws {
        try await session { try await $0.insertAuthEvent(poolId: poolId, sub: sub, event: event) }
    }
    public func authEvents(poolId: String, sub: String, before position: AuthEventPosition?, limit: Int) async throws -> [AuthEventType] {
        try await session { try await $0.authEvents(poolId: poolId, sub: sub, before: position, limit: limit) }
    }
    public func putImportUpload(poolId: String, jobId: String, body: String, at date: Date) async throws {
        try await session { try await $0.putImportUpload(poolId: poolId, jobId: jobId, body: body, at: date) }
    }
    public func importUpload(poolId: String, jobId: String) async throws -> String? {
        try await session { try await $0.importUpload(poolId: poolId, jobId: jobId) }
    }
    public func deleteImportUpload(poolId: String, jobId: String) async throws {
        try await session { try await $0.deleteImportUpload(poolId: poolId, jobId: jobId) }
    }
    public func insertAuthorizationCode(_ code: AuthorizationCodeRecord) async throws {
        try await session { try await $0.insertAuthorizationCode(code) }
    }
    public func useAuthorizationCode(hash: String, at date: Date) async throws -> AuthorizationCodeRecord? {
        try await session { try await $0.useAuthorizationCode(hash: hash, at: date) }
    }
    public func insertOutboxMessage(_ message: OutboxMessage) async throws { try await session { try await $0.insertOutboxMessage(message) } }
    public func outboxMessages(limit: Int) async throws -> [OutboxMessage] { try await session { try await $0.outboxMessages(limit: limit) } }
    public func claimOutboxMessages(now: Date, leaseUntil: Date, limit: Int) async throws -> [OutboxMessage] {
        try await session { try await $0.claimOutboxMessages(now: now, leaseUntil: leaseUntil, limit: limit) }
    }
    public func markOutboxMessageSent(id: String, at date: Date) async throws {
        try await session { try await $0.markOutboxMessageSent(id: id, at: date) }
    }
    public func rescheduleOutboxMessage(id: String, attempts: Int, nextAttempt: Date, error: String) async throws {
        try await session { try await $0.rescheduleOutboxMessage(id: id, attempts: attempts, nextAttempt: nextAttempt, error: error) }
    }
    public func markOutboxMessageFailed(id: String, at date: Date, error: String) async throws {
        try await session { try await $0.markOutboxMessageFailed(id: id, at: date, error: error) }
    }
    public func deleteResource(poolId: String, kind: PoolResourceKind, key: String) async throws -> Bool {
        try await session { try await $0.deleteResource(poolId: poolId, kind: kind, key: key) }
    }
}

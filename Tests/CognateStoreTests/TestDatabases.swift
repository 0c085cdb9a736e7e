import CognateCore
import CognateStore
import CognitoModel
import Foundation
import Logging
import Testing

/// The engines every store behaviour runs against. PostgreSQL joins when the test setup started
/// one (`COGNATE_TEST_POSTGRES_URL`); `scripts/test` always does, and says so with
/// `COGNATE_REQUIRE_POSTGRES=1`, which turns its absence into a failure instead of a skip.
enum Backend: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite
    case postgres

    static var postgresURL: String? { ProcessInfo.processInfo.environment["COGNATE_TEST_POSTGRES_URL"] }
    static var available: [Backend] { postgresURL == nil ? [.sqlite] : [.sqlite, .postgres] }
    var testDescription: String { rawValue }

    /// A fresh, empty database of this engine: a new SQLite file, or a new PostgreSQL database.
    func freshDatabase() throws -> DatabaseURL {
        let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        switch self {
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cognate-tests")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            return .sqlite(path: folder.appendingPathComponent("\(name).sqlite").path)
        case .postgres:
            let base = try #require(Self.postgresURL)
            try Self.psql(base, "CREATE DATABASE \(name)")
            guard var components = URLComponents(string: base) else { throw StoreError.unavailable("bad URL") }
            components.path = "/\(name)"
            return .postgres(url: try #require(components.string))
        }
    }

    static func psql(_ url: String, _ sql: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["psql", url, "-v", "ON_ERROR_STOP=1", "-q", "-c", sql]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw StoreError.unavailable("psql failed: \(sql)") }
    }

    /// Opens a migrated store on a fresh database, runs `body`, and closes the store.
    func withStore<T>(_ body: (SQLStore, DatabaseURL) async throws -> T) async throws -> T {
        let url = try freshDatabase()
        let store = try SQLStore(url: url, logger: Logger(label: "test"))
        do {
            try await store.migrate()
            let result = try await body(store, url)
            await store.shutdown()
            return result
        } catch {
            await store.shutdown()
            throw error
        }
    }
}

@Test func postgresIsPresentWhenTheTestSetupPromisedIt() {
    if ProcessInfo.processInfo.environment["COGNATE_REQUIRE_POSTGRES"] == "1" {
        #expect(Backend.postgresURL != nil, "COGNATE_REQUIRE_POSTGRES=1 but COGNATE_TEST_POSTGRES_URL is not set")
    }
}

extension SQLStore {
    /// A pool `poolId` with one confirmed user per sub (username = sub), all created at `date`.
    func seedPool(_ poolId: String, subs: [String], at date: Date) async throws {
        try await insertUserPool(UserPoolRecord(id: poolId, name: "p", createdAt: date, lastModifiedAt: date, description: UserPoolType()))
        for sub in subs {
            try await insertUser(UserRecord(
                poolId: poolId, sub: sub, username: sub, usernameKey: sub, status: .confirmed, attributes: [:], createdAt: date, lastModifiedAt: date
            ))
        }
    }
}

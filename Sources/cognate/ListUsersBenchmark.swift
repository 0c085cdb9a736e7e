import ArgumentParser
import CognateCore
import CognateServer
import CognateStore
import CognitoModel
import Foundation

/// `cognate bench list-users`: ListUsers latency on a large pool, straight against a database (no HTTP):
/// imports a generated population (`scripts/generate-users`) into a new pool, then times pages of 60
/// under the filters operators use most, and prints p50 and p99 per filter with the engine's plan.
struct ListUsersBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list-users",
        abstract: "Time ListUsers pages on a large pool (import one with --users-file, from scripts/generate-users)."
    )

    @OptionGroup var database: DatabaseOptions
    @Option(help: "JSON Lines of users to import into a new pool first.") var usersFile: String?
    @Option(help: "An existing pool to query instead.") var pool: String?
    @Option(help: "Pages timed per filter.") var queries = 200
    @Flag(help: "Print the figures as one JSON object.") var json = false

    func run() async throws {
        let logger = try database.makeLogger()
        let store = try await ServerRunner.openStore(try database.databaseURL(), logger: logger)
        do {
            try await measure(store)
            await store.shutdown()
        } catch {
            await store.shutdown()
            throw error
        }
    }

    private func measure(_ store: any Store) async throws {
        let clock = SystemWallClock()
        let random = SystemRandomSource()
        var figures: [String: Double] = [:]
        let poolId: String
        if let usersFile {
            let pools = UserPoolService(
                store: store, deployment: Deployment(region: "us-east-1", accountId: "000000000000", publicURL: "http://127.0.0.1"),
                clock: clock, random: random
            )
            let created = try await pools.create(CreateUserPoolRequest(poolName: "list-users-bench"))
            poolId = created.id ?? ""
            let started = Date()
            let count = try await importUsers(from: usersFile, into: poolId, store: store, clock: clock)
            let elapsed = Date().timeIntervalSince(started)
            figures["import_users"] = Double(count)
            figures["import_users_per_second"] = Double(count) / elapsed
            FileHandle.standardError.write(Data("imported \(count) users into \(poolId) in \(Int(elapsed)) s\n".utf8))
        } else if let pool {
            poolId = pool
        } else {
            throw ValidationError("give --users-file or --pool")
        }

        let admin = AdminUserService(store: store, passwords: PasswordHasher(random: random), clock: clock, random: random)
        var generator = SystemRandomNumberGenerator()
        let names = ["ada", "alice", "ben", "chen", "eva", "hugo", "kai", "lin", "mara", "nora", "omar", "rosa", "sam", "tara", "zoe"]
        let lasts = ["baker", "chan", "diaz", "garcia", "khan", "meyer", "park", "rossi", "silva", "smith", "weber", "zhang"]
        let cases: [(String, () -> String?)] = [
            ("no_filter", { nil }),
            ("email_prefix_3", { #"email ^= "\#(String(names.randomElement(using: &generator)!.prefix(3)))""# }),
            ("email_prefix_name", { #"email ^= "\#(names.randomElement(using: &generator)!).\#(lasts.randomElement(using: &generator)!).""# }),
            ("email_exact", { #"email = "tara.dubois.\#(Int.random(in: 0..<1000, using: &generator))@example.com""# }),
            ("status_confirmed", { #"cognito:user_status = "CONFIRMED""# }),
            ("status_reset_required", { #"cognito:user_status = "RESET_REQUIRED""# }),
            ("status_disabled", { #"status = "Disabled""# }),
        ]
        for (name, filter) in cases {
            var first: [Double] = []
            var second: [Double] = []
            for _ in 0..<queries {
                let text = filter()
                var started = Date()
                let page = try await admin.list(poolId: poolId, filter: text, attributesToGet: nil, limit: 60, token: nil)
                first.append(Date().timeIntervalSince(started) * 1000)
                if let token = page.token {
                    started = Date()
                    _ = try await admin.list(poolId: poolId, filter: text, attributesToGet: nil, limit: 60, token: token)
                    second.append(Date().timeIntervalSince(started) * 1000)
                }
            }
            figures["\(name)_p50_ms"] = Self.percentile(first, 0.50)
            figures["\(name)_p99_ms"] = Self.percentile(first, 0.99)
            if !second.isEmpty { figures["\(name)_next_page_p50_ms"] = Self.percentile(second, 0.50) }
        }
        if let store = store as? SQLStore, !json {
            for text in [#"email ^= "tar""#, #"cognito:user_status = "CONFIRMED""#] {
                let plan = try await store.listUsersPlan(poolId: poolId, filter: try UserFilter.parse(text), after: nil, limit: 61)
                print("plan for \(text):\n  " + plan.joined(separator: "\n  "))
            }
        }
        figures["users"] = Double(try await store.countUsers(poolId: poolId))
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(figures), as: UTF8.self))
        } else {
            for (name, value) in figures.sorted(by: { $0.key < $1.key }) {
                print(name.padding(toLength: 36, withPad: " ", startingAt: 0), String(format: "%12.2f", value))
            }
        }
    }

    private func importUsers(from path: String, into poolId: String, store: any Store, clock: any WallClock) async throws -> Int {
        let result = try await UserTransfer(store: store, clock: clock).importFile(at: path, format: .jsonl, poolId: poolId, batchSize: 1000) { count in
            if count % 100_000 == 0 { FileHandle.standardError.write(Data("  \(count) users\n".utf8)) }
        }
        if let first = result.refusals.first { throw ValidationError("line \(first.position): \(first.reason)") }
        return result.imported
    }

    static func percentile(_ values: [Double], _ fraction: Double) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        return sorted[min(sorted.count - 1, Int((Double(sorted.count) * fraction).rounded(.up)) - 1)]
    }
}

import ArgumentParser
import CognateCore
import CognateServer
import Foundation

struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Manage the token-signing keys of user pools.",
        subcommands: [Rotate.self]
    )

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Start signing a pool's tokens with new keys; the old keys stay in the JWKS until their tokens expire."
        )

        @OptionGroup var database: DatabaseOptions

        @Option(help: "The user pool id.")
        var pool: String

        @Option(help: "The master key file the server uses. Env: COGNATE_MASTER_KEY_FILE; COGNATE_MASTER_KEY gives the key itself. Default: cognate-master-key beside the SQLite file (working directory for PostgreSQL)")
        var masterKeyFile: String?

        func run() async throws {
            let logger = try database.makeLogger()
            let url = try database.databaseURL()
            let keyFile = masterKeyFile ?? Environment.value("COGNATE_MASTER_KEY_FILE")
                ?? URL(fileURLWithPath: ServerConfiguration.defaultCredentialsFile(for: url)).deletingLastPathComponent()
                .appendingPathComponent("cognate-master-key").path
            guard Environment.value("COGNATE_MASTER_KEY") != nil || FileManager.default.fileExists(atPath: keyFile) else {
                throw ValidationError("No master key at \(keyFile): give --master-key-file or COGNATE_MASTER_KEY, as the server has them.")
            }
            let sealer = try MasterKey.resolve(
                given: Environment.value("COGNATE_MASTER_KEY"), file: keyFile, random: SystemRandomSource(), logger: logger
            )
            let store = try await ServerRunner.openStore(url, logger: logger)
            do {
                guard try await store.userPool(id: pool) != nil else { throw ValidationError("No user pool \(pool).") }
                let ring = SigningKeyRing(store: store, sealer: sealer, clock: SystemWallClock(), random: SystemRandomSource())
                try await ring.rotate(poolId: pool)
                let kids = try await ring.jwks(poolId: pool).map(\.kid)
                print("rotated the signing keys of \(pool); the JWKS now publishes \(kids.count) keys: \(kids.joined(separator: ", "))")
            } catch {
                await store.shutdown()
                throw error
            }
            await store.shutdown()
        }
    }
}

import ArgumentParser
import CognateServer

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply pending schema migrations and exit (serve also applies them on start)."
    )

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let logger = try database.makeLogger()
        let store = try await ServerRunner.openStore(try database.databaseURL(), logger: logger)
        await store.shutdown()
        logger.info("database is up to date")
    }
}

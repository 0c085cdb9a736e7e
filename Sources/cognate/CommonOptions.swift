import ArgumentParser
import CognateCore
import CognateServer
import CognateStore
import Foundation
import Logging

/// Options shared by the commands that open the database. Each also reads a `COGNATE_*` variable,
/// so containers and CI can configure Cognate without flags; a flag wins over the variable.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: "sqlite:PATH or postgres://USER:PASSWORD@HOST:PORT/DB. Env: COGNATE_DATABASE_URL. Default: sqlite:cognate.sqlite")
    var database: String?

    @Option(name: .long, help: "trace, debug, info, notice, warning, error or critical. Env: COGNATE_LOG_LEVEL. Default: info")
    var logLevel: String?

    func databaseURL() throws -> DatabaseURL {
        let text = database ?? Environment.value("COGNATE_DATABASE_URL") ?? "sqlite:cognate.sqlite"
        do {
            return try DatabaseURL(parsing: text)
        } catch {
            throw ValidationError("--database: \(error)")
        }
    }

    func level() throws -> Logger.Level {
        let text = logLevel ?? Environment.value("COGNATE_LOG_LEVEL") ?? "info"
        guard let level = Logger.Level(rawValue: text) else { throw ValidationError("--log-level: unknown level \(text)") }
        return level
    }

    func makeLogger() throws -> Logger {
        let level = try level()
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        var logger = Logger(label: "cognate")
        logger.logLevel = level
        return logger
    }
}

enum Environment {
    static func value(_ name: String) -> String? {
        guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else { return nil }
        return value
    }
}

/// The server's master key, for commands that read or write what it seals (authenticator secrets in
/// `cognate users export|import`). Found as the server finds it, but never generated here.
struct MasterKeyOptions: ParsableArguments {
    @Option(help: "The master key file the server uses. Env: COGNATE_MASTER_KEY_FILE; COGNATE_MASTER_KEY gives the key itself. Default: cognate-master-key beside the SQLite file (working directory for PostgreSQL)")
    var masterKeyFile: String?

    /// The sealer of the existing key, or nil when there is none where the server would look.
    func existingSealer(for url: DatabaseURL, logger: Logger) throws -> KeySealer? {
        let file = masterKeyFile ?? Environment.value("COGNATE_MASTER_KEY_FILE")
            ?? URL(fileURLWithPath: ServerConfiguration.defaultCredentialsFile(for: url)).deletingLastPathComponent()
            .appendingPathComponent("cognate-master-key").path
        guard Environment.value("COGNATE_MASTER_KEY") != nil || FileManager.default.fileExists(atPath: file) else { return nil }
        return try MasterKey.resolve(given: Environment.value("COGNATE_MASTER_KEY"), file: file, random: SystemRandomSource(), logger: logger)
    }
}

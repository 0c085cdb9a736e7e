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

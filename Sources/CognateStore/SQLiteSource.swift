import AsyncKit
import Logging
import NIOCore
import SQLiteKit

/// SQLite connections set up for a server: WAL so readers never wait for the writer, a busy
/// timeout so writers queue instead of failing, and foreign keys enforced.
struct SQLiteSource: ConnectionPoolSource {
    let base: SQLiteConnectionSource

    init(path: String) {
        base = SQLiteConnectionSource(configuration: SQLiteConfiguration(storage: .file(path: path), enableForeignKeys: true))
    }

    func makeConnection(logger: Logger, on eventLoop: any EventLoop) -> EventLoopFuture<SQLiteConnection> {
        base.makeConnection(logger: logger, on: eventLoop).flatMap { connection in
            let pragmas = ["PRAGMA busy_timeout = 10000", "PRAGMA journal_mode = WAL", "PRAGMA synchronous = NORMAL"]
            return pragmas.reduce(eventLoop.makeSucceededVoidFuture()) { previous, pragma in
                previous.flatMap { connection.query(pragma).map { _ in } }
            }
            .map { connection }
            .flatMapError { error in connection.close().flatMapThrowing { throw error } }
        }
    }
}

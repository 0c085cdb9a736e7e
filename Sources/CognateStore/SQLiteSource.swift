import AsyncKit
import Logging
import NIOCore
import SQLiteKit

/// SQLite connections set up for a server: WAL so readers never wait for the writer, a busy
/// timeout so writers queue instead of failing, and foreign keys enforced.
struct SQLiteSource: ConnectionPoolSource {
    let base: SQLiteConnectionSource
    /// How long a new connection keeps retrying setup that another process's write lock refused.
    var setupDeadline: TimeAmount = .seconds(15)

    init(path: String) {
        base = SQLiteConnectionSource(configuration: SQLiteConfiguration(storage: .file(path: path), enableForeignKeys: true))
    }

    func makeConnection(logger: Logger, on eventLoop: any EventLoop) -> EventLoopFuture<SQLiteConnection> {
        base.makeConnection(logger: logger, on: eventLoop).flatMap { connection in
            configure(connection, on: eventLoop, until: .now() + setupDeadline)
                .map { connection }
                .flatMapError { error in connection.close().flatMapThrowing { throw error } }
        }
    }

    /// Switching a fresh database to WAL needs an exclusive lock. SQLite refuses it at once, without
    /// waiting out `busy_timeout`, while another process holds a write transaction (waiting could
    /// deadlock), so two nodes migrating one new file at the same moment retry here instead of failing.
    private func configure(_ connection: SQLiteConnection, on eventLoop: any EventLoop, until deadline: NIODeadline) -> EventLoopFuture<Void> {
        let pragmas = ["PRAGMA busy_timeout = 10000", "PRAGMA journal_mode = WAL", "PRAGMA synchronous = NORMAL"]
        return pragmas.reduce(eventLoop.makeSucceededVoidFuture()) { previous, pragma in
            previous.flatMap { connection.query(pragma).map { _ in } }
        }
        .flatMapError { error in
            guard let sqliteError = error as? SQLiteError, sqliteError.reason == .busy || sqliteError.reason == .locked,
                  NIODeadline.now() < deadline
            else { return eventLoop.makeFailedFuture(error) }
            return eventLoop.scheduleTask(in: .milliseconds(50)) {}.futureResult
                .flatMap { configure(connection, on: eventLoop, until: deadline) }
        }
    }
}

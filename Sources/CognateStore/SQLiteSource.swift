import AsyncKit
import Logging
import NIOCore
import VaporCSQLite

/// SQLite connections set up for a server: WAL so readers never wait for the writer, a busy
/// timeout so writers queue instead of failing, and foreign keys enforced. Each connection is opened
/// on, and afterwards used from, the event loop the pool gives it.
struct SQLiteSource: ConnectionPoolSource {
    let path: String
    /// How long a new connection keeps retrying setup that another process's write lock refused.
    var setupDeadline: TimeAmount = .seconds(15)

    init(path: String) {
        self.path = path
    }

    func makeConnection(logger: Logger, on eventLoop: any EventLoop) -> EventLoopFuture<SQLiteDirectConnection> {
        eventLoop.submit { try SQLiteDirectConnection.open(path: path, on: eventLoop) }.flatMap { connection in
            configure(connection, on: eventLoop, until: .now() + setupDeadline)
                .map { connection }
                .flatMapError { error in connection.close().flatMapThrowing { throw error } }
        }
    }

    /// Switching a fresh database to WAL needs an exclusive lock. SQLite refuses it at once, without
    /// waiting out `busy_timeout`, while another process holds a write transaction (waiting could
    /// deadlock), so two nodes migrating one new file at the same moment retry here instead of failing.
    private func configure(_ connection: SQLiteDirectConnection, on eventLoop: any EventLoop, until deadline: NIODeadline) -> EventLoopFuture<Void> {
        let pragmas = ["PRAGMA busy_timeout = 10000", "PRAGMA journal_mode = WAL", "PRAGMA synchronous = NORMAL"]
        do {
            for pragma in pragmas { try connection.run(pragma, binds: []) { _ in } }
            return eventLoop.makeSucceededVoidFuture()
        } catch let failure as SQLiteFailure where [SQLITE_BUSY, SQLITE_LOCKED].contains(failure.primaryCode) && NIODeadline.now() < deadline {
            return eventLoop.scheduleTask(in: .milliseconds(50)) {}.futureResult
                .flatMap { configure(connection, on: eventLoop, until: deadline) }
        } catch {
            return eventLoop.makeFailedFuture(error)
        }
    }
}

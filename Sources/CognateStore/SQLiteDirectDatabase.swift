import Logging
import NIOCore
import SQLKit
import SQLiteKit

/// `SQLDatabase` over a `SQLiteDirectConnection`: SQLKit's queries, SQLiteKit's dialect and value
/// conversions, statements run in place when the caller is on the connection's loop (as the store's
/// connection holders are) and sent there otherwise.
struct SQLiteDirectDatabase: SQLDatabase {
    let connection: SQLiteDirectConnection
    let logger: Logger

    var eventLoop: any EventLoop { connection.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { nil }
    var dialect: any SQLDialect { SQLiteDialect() }
    var queryLogLevel: Logger.Level? { .debug }

    private static let encoder = SQLiteDataEncoder()

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) -> EventLoopFuture<Void> {
        let statement: (sql: String, binds: [SQLiteData])
        do {
            statement = try prepared(query)
        } catch {
            return eventLoop.makeFailedFuture(error)
        }
        if eventLoop.inEventLoop {
            return eventLoop.makeCompletedFuture { try connection.run(statement.sql, binds: statement.binds) { onRow($0) } }
        }
        return eventLoop.submit { try connection.run(statement.sql, binds: statement.binds) { onRow($0) } }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) async throws {
        let statement = try prepared(query)
        if eventLoop.inEventLoop {
            try connection.run(statement.sql, binds: statement.binds) { onRow($0) }
        } else {
            try await eventLoop.submit { try connection.run(statement.sql, binds: statement.binds) { onRow($0) } }.get()
        }
    }

    private func prepared(_ query: any SQLExpression) throws -> (sql: String, binds: [SQLiteData]) {
        let (sql, binds) = serialize(query)
        logger.debug("Executing query", metadata: ["sql": .string(sql)])
        return (sql, try binds.map { try Self.encoder.encode($0) })
    }
}

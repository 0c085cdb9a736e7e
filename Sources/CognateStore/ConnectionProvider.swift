import AsyncKit
import Logging
import NIOCore
import NIOPosix
import SQLKit

/// Lends one connection at a time from a pool, as an `SQLDatabase`, for the length of a closure.
protocol ConnectionProvider: Sendable {
    var engine: SQLEngine { get }
    func withConnection<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T
    func shutdown() async
}

/// A `ConnectionProvider` over async-kit's pool, for any source whose connections speak SQLKit.
final class PooledConnectionProvider<Source: ConnectionPoolSource>: ConnectionProvider, @unchecked Sendable
where Source.Connection: Sendable {
    let engine: SQLEngine
    private let pool: EventLoopGroupConnectionPool<Source>
    private let sql: @Sendable (Source.Connection) -> any SQLDatabase
    private let logger: Logger

    init(
        engine: SQLEngine, source: Source, maxConnectionsPerEventLoop: Int, eventLoopGroup: any EventLoopGroup,
        logger: Logger, sql: @escaping @Sendable (Source.Connection) -> any SQLDatabase
    ) {
        self.engine = engine
        self.logger = logger
        self.sql = sql
        self.pool = EventLoopGroupConnectionPool(
            source: source, maxConnectionsPerEventLoop: maxConnectionsPerEventLoop, logger: logger,
            on: eventLoopGroup
        )
    }

    func withConnection<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let connection = try await pool.requestConnection(logger: logger).get()
        do {
            let result = try await body(sql(connection))
            pool.releaseConnection(connection, logger: logger)
            return result
        } catch {
            pool.releaseConnection(connection, logger: logger)
            throw error
        }
    }

    func shutdown() async {
        try? await pool.shutdownAsync()
    }
}

import AsyncKit
import Logging
import NIOCore
import NIOPosix
import SQLKit
import Synchronization

/// Lends one connection at a time from a pool, as an `SQLDatabase`, for the length of a closure.
protocol ConnectionProvider: Sendable {
    var engine: SQLEngine { get }
    func withConnection<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T
    func shutdown() async
}

/// A `ConnectionProvider` over async-kit's pool, for any source whose connections speak SQLKit.
///
/// The connections live on event loops of their own, not on the loops that serve HTTP and sign tokens,
/// and a task that holds a connection runs on its connection's loop (a task executor preference) until it
/// lets go. So a request holding the only SQLite connection, or a PostgreSQL connection mid-transaction,
/// never waits behind someone else's RSA signature; the shared loops can sign in place, without a hop to
/// another thread and back (~0.2 ms of CPU per request on this project's 2-core VMs).
final class PooledConnectionProvider<Source: ConnectionPoolSource>: ConnectionProvider, @unchecked Sendable
where Source.Connection: Sendable {
    let engine: SQLEngine
    private let group: MultiThreadedEventLoopGroup
    private let lanes: [(loop: any EventLoop, executor: EventLoopTaskExecutor)]
    private let nextLane = Atomic<UInt>(0)
    private let pool: EventLoopGroupConnectionPool<Source>
    private let sql: @Sendable (Source.Connection) -> any SQLDatabase
    private let logger: Logger

    init(
        engine: SQLEngine, source: Source, loops: Int, maxConnectionsPerEventLoop: Int,
        logger: Logger, sql: @escaping @Sendable (Source.Connection) -> any SQLDatabase
    ) {
        self.engine = engine
        self.logger = logger
        self.sql = sql
        group = MultiThreadedEventLoopGroup(numberOfThreads: loops)
        lanes = group.makeIterator().map { ($0, EventLoopTaskExecutor($0)) }
        pool = EventLoopGroupConnectionPool(
            source: source, maxConnectionsPerEventLoop: maxConnectionsPerEventLoop, logger: logger, on: group
        )
    }

    func withConnection<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let lane = lanes[Int(nextLane.wrappingAdd(1, ordering: .relaxed).oldValue % UInt(lanes.count))]
        return try await withTaskExecutorPreference(lane.executor) {
            let loopPool = pool.pool(for: lane.loop)
            let connection = try await loopPool.requestConnection(logger: logger).get()
            do {
                let result = try await body(sql(connection))
                loopPool.releaseConnection(connection, logger: logger)
                return result
            } catch {
                loopPool.releaseConnection(connection, logger: logger)
                throw error
            }
        }
    }

    func shutdown() async {
        try? await pool.shutdownAsync()
        try? await group.shutdownGracefully()
    }
}

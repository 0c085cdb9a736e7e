import AsyncKit
import Logging
import NIOCore
import SQLiteKit
import Synchronization
import VaporCSQLite

/// One SQLite connection driven in place: statements run on the thread that asks (the store's own event
/// loop, which does nothing else), and prepared statements are kept per SQL text.
///
/// SQLiteNIO sent every statement to a thread pool and back (two thread wake-ups) and compiled it anew
/// each time; on this project's machines compiling the refresh lookup alone cost ~85 µs, ~3 % of a token
/// refresh. SQLite's own library (the one SQLiteNIO builds and links) does the work either way.
final class SQLiteDirectConnection: ConnectionPoolItem, @unchecked Sendable {
    let eventLoop: any EventLoop
    private let state: Mutex<State>

    /// The handle and statements are only touched under the mutex.
    private struct State: @unchecked Sendable {
        var handle: OpaquePointer?
        var statements: [String: OpaquePointer] = [:]
    }

    /// More distinct statements than Cognate has; a runaway (SQL built with varying literals) is dropped.
    private static let statementCacheLimit = 512

    var isClosed: Bool { state.withLock { $0.handle == nil } }

    private init(handle: OpaquePointer, eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
        state = Mutex(State(handle: handle))
    }

    /// Opens (creating if needed) the database at `path`, foreign keys on.
    static func open(path: String, on eventLoop: any EventLoop) throws -> SQLiteDirectConnection {
        try check(libraryInitialized)
        var handle: OpaquePointer?
        let flags = SQLITE_OPEN_CREATE | SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX | SQLITE_OPEN_URI | SQLITE_OPEN_EXRESCODE
        let result = sqlite_nio_sqlite3_open_v2(path, &handle, flags, nil)
        guard result == SQLITE_OK, let handle else {
            let message = handle.flatMap { sqlite_nio_sqlite3_errmsg($0) }.map { String(cString: $0) } ?? "cannot open \(path)"
            sqlite_nio_sqlite3_close_v2(handle)
            throw SQLiteFailure(code: result, message: message)
        }
        let connection = SQLiteDirectConnection(handle: handle, eventLoop: eventLoop)
        do {
            try connection.run("PRAGMA foreign_keys = ON", binds: []) { _ in }
        } catch {
            connection.closeNow()
            throw error
        }
        return connection
    }

    /// Runs one statement with its binds, handing each row to `onRow`, on the calling thread.
    func run(_ sql: String, binds: [SQLiteData], onRow: (SQLiteDirectRow) throws -> Void) throws {
        try state.withLock { state in
            guard let handle = state.handle else { throw SQLiteFailure(code: SQLITE_MISUSE, message: "the connection is closed") }
            let statement = try Self.statement(for: sql, in: &state, handle: handle)
            // Reset, not cleared: every run binds all of its parameters, and clearing marks statements whose
            // plan depends on bound values as expired, which recompiles them on the next step.
            defer { sqlite_nio_sqlite3_reset(statement) }
            for (index, value) in binds.enumerated() {
                try Self.check(Self.bind(value, at: Int32(index + 1), in: statement), handle)
            }
            var columns: SQLiteDirectRow.Columns?
            while true {
                let step = sqlite_nio_sqlite3_step(statement)
                if step == SQLITE_DONE { return }
                guard step == SQLITE_ROW else { throw Self.failure(step, handle) }
                let names = columns ?? SQLiteDirectRow.Columns(statement)
                columns = names
                try onRow(SQLiteDirectRow(columns: names, values: Self.values(of: statement, count: names.names.count)))
            }
        }
    }

    func close() -> EventLoopFuture<Void> {
        closeNow()
        return eventLoop.makeSucceededVoidFuture()
    }

    private func closeNow() {
        state.withLock { state in
            for statement in state.statements.values { sqlite_nio_sqlite3_finalize(statement) }
            state.statements = [:]
            sqlite_nio_sqlite3_close_v2(state.handle)
            state.handle = nil
        }
    }

    private static func statement(for sql: String, in state: inout State, handle: OpaquePointer) throws -> OpaquePointer {
        if let cached = state.statements[sql] { return cached }
        var statement: OpaquePointer?
        let result = sqlite_nio_sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard result == SQLITE_OK, let statement else { throw failure(result, handle) }
        if state.statements.count >= statementCacheLimit {
            for cached in state.statements.values { sqlite_nio_sqlite3_finalize(cached) }
            state.statements = [:]
        }
        state.statements[sql] = statement
        return statement
    }

    private static func bind(_ value: SQLiteData, at index: Int32, in statement: OpaquePointer) -> Int32 {
        switch value {
        case .integer(let integer): return sqlite_nio_sqlite3_bind_int64(statement, index, Int64(integer))
        case .float(let double): return sqlite_nio_sqlite3_bind_double(statement, index, double)
        case .null: return sqlite_nio_sqlite3_bind_null(statement, index)
        case .text(let text):
            var text = text
            return text.withUTF8 { bytes in
                sqlite_nio_sqlite3_bind_text64(statement, index, bytes.baseAddress, UInt64(bytes.count), transient, UInt8(SQLITE_UTF8))
            }
        case .blob(let buffer):
            return buffer.withUnsafeReadableBytes { bytes in
                sqlite_nio_sqlite3_bind_blob64(statement, index, bytes.baseAddress, UInt64(bytes.count), transient)
            }
        }
    }

    private static func values(of statement: OpaquePointer, count: Int) -> [SQLiteData] {
        var values: [SQLiteData] = []
        values.reserveCapacity(count)
        for column in 0..<Int32(count) {
            switch sqlite_nio_sqlite3_column_type(statement, column) {
            case SQLITE_INTEGER: values.append(.integer(SQLiteInt64(sqlite_nio_sqlite3_column_int64(statement, column))))
            case SQLITE_FLOAT: values.append(.float(sqlite_nio_sqlite3_column_double(statement, column)))
            case SQLITE_TEXT:
                let text = sqlite_nio_sqlite3_column_text(statement, column)
                let length = Int(sqlite_nio_sqlite3_column_bytes(statement, column))
                values.append(.text(text.map { String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self) } ?? ""))
            case SQLITE_BLOB:
                let length = Int(sqlite_nio_sqlite3_column_bytes(statement, column))
                var buffer = ByteBufferAllocator().buffer(capacity: length)
                if let bytes = sqlite_nio_sqlite3_column_blob(statement, column) {
                    buffer.writeBytes(UnsafeRawBufferPointer(start: bytes, count: length))
                }
                values.append(.blob(buffer))
            default: values.append(.null)
            }
        }
        return values
    }

    private static func check(_ result: Int32, _ handle: OpaquePointer) throws {
        guard result == SQLITE_OK else { throw failure(result, handle) }
    }

    private static func check(_ result: Int32) throws {
        guard result == SQLITE_OK else { throw SQLiteFailure(code: result, message: "SQLite could not initialise") }
    }

    private static func failure(_ result: Int32, _ handle: OpaquePointer) -> SQLiteFailure {
        SQLiteFailure(code: sqlite_nio_sqlite3_extended_errcode(handle), message: String(cString: sqlite_nio_sqlite3_errmsg(handle)))
    }

    /// `sqlite3_initialize`, once per process before the first open: opens on two threads at once would
    /// otherwise race to initialise the library's global configuration (SQLiteNIO guarded it the same way).
    private static let libraryInitialized = sqlite_nio_sqlite3_initialize()

    /// SQLITE_TRANSIENT: SQLite copies bound text and blobs before the call returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}

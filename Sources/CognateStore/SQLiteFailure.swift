import VaporCSQLite

/// An SQLite result code other than success, with the connection's message.
struct SQLiteFailure: Error, CustomStringConvertible {
    /// The extended result code (`SQLITE_CONSTRAINT_UNIQUE`, `SQLITE_BUSY_SNAPSHOT`, …).
    let code: Int32
    let message: String

    /// The primary result code: the low byte of the extended one.
    var primaryCode: Int32 { code & 0xFF }

    var description: String { "SQLite error \(code): \(message)" }

    /// A UNIQUE or PRIMARY KEY constraint refused the write (extended codes SQLITE_CONSTRAINT_UNIQUE and
    /// SQLITE_CONSTRAINT_PRIMARYKEY, whose C macros Swift does not import).
    var isUniqueViolation: Bool {
        [SQLITE_CONSTRAINT, SQLITE_CONSTRAINT | (8 << 8), SQLITE_CONSTRAINT | (6 << 8)].contains(code)
    }
}

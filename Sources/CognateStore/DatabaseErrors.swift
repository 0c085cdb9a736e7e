import PostgresKit

/// Recognises the engines' own error codes.
enum DatabaseErrors {
    /// A UNIQUE or PRIMARY KEY constraint refused the write (SQLite's constraint codes, PostgreSQL's 23505).
    static func isUniqueViolation(_ error: any Error) -> Bool {
        if let error = error as? SQLiteFailure {
            return error.isUniqueViolation
        }
        if let error = error as? PSQLError {
            return error.serverInfo?[.sqlState] == "23505"
        }
        return false
    }
}

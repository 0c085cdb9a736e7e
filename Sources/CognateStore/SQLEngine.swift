/// The SQL dialect differences the store has to spell out itself.
enum SQLEngine: Sendable {
    case sqlite
    case postgres

    /// Starts a write transaction. SQLite takes the write lock at once, so two writers queue on
    /// `busy_timeout` instead of deadlocking when a reader upgrades.
    var beginTransaction: String {
        switch self {
        case .sqlite: return "BEGIN IMMEDIATE"
        case .postgres: return "BEGIN"
        }
    }
}

import CognateCore
import SQLKit

extension SQLSession {
    func listUsers(poolId: String, filter: UserFilter?, afterKey: String?, limit: Int) async throws -> [UserRecord] {
        try await translatingErrors(what: "users") {
            var query = SQLQueryString("SELECT * FROM users WHERE pool_id = \(bind: poolId) AND username_key > \(bind: afterKey ?? "")")
            if let filter { query += " AND " + condition(filter) }
            query.appendLiteral(" ORDER BY username_key LIMIT ")
            query.appendInterpolation(bind: limit)
            return try await db.raw(query).all().map(Self.user)
        }
    }

    /// The SQL condition of a ListUsers filter. Prefixes compare the first characters (`substr`) rather
    /// than use LIKE, whose case rules and wildcards differ between SQLite and PostgreSQL.
    func condition(_ filter: UserFilter) -> SQLQueryString {
        let column: String
        var value = filter.value
        switch filter.field {
        case .username: column = "username"
        case .sub: column = "sub"
        case .userStatus:
            column = "upper(status)"
            value = value.uppercased()
        case .enabled:
            // `Enabled` / `Disabled`, case-sensitive; a prefix may match both, one, or neither.
            let words = ["Enabled": true, "Disabled": false].filter { word, _ in
                filter.match == .exact ? word == value : word.hasPrefix(value)
            }
            switch Set(words.values).count {
            case 2: return "1 = 1"
            case 1: return words.values.first! ? "enabled = \(bind: true)" : "enabled = \(bind: false)"
            default: return "1 = 0"
            }
        case .attribute(let name):
            // `name` is one of UserFilter's fixed attribute names, never request text.
            column = engine == .postgres ? "(attributes::jsonb ->> '\(name)')" : "json_extract(attributes, '$.\(name)')"
        }
        switch filter.match {
        case .exact:
            return "\(unsafeRaw: column) = \(bind: value)"
        case .prefix:
            return "substr(\(unsafeRaw: column), 1, CAST(\(bind: value.unicodeScalars.count) AS INTEGER)) = \(bind: value)"
        }
    }
}

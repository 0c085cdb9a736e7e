import CognateCore
import SQLKit

extension SQLSession {
    /// Every form of filter is answered by walking one index (migration 8) in the order it is kept:
    /// no filter and exact filters in username-key order, prefix filters as a range of the filtered
    /// value, so a page costs its own rows however many users the pool has.
    func listUsers(poolId: String, filter: UserFilter?, after position: UserListPosition?, limit: Int) async throws -> [UserRecord] {
        try await translatingErrors(what: "users") {
            try await db.raw(listUsersQuery(poolId: poolId, filter: filter, after: position, limit: limit)).all().map(Self.user)
        }
    }

    /// The engine's plan for a ListUsers page, one line per step: how an operator (or a test) sees
    /// which index a filter uses. PostgreSQL is told to avoid scans and sorts first (in a transaction
    /// rolled back), so the plan shows whether an index can serve the page, however few rows exist today.
    func listUsersPlan(poolId: String, filter: UserFilter?, after position: UserListPosition?, limit: Int) async throws -> [String] {
        let query = listUsersQuery(poolId: poolId, filter: filter, after: position, limit: limit)
        return try await translatingErrors(what: "users") {
            guard engine == .postgres else {
                return try await db.raw("EXPLAIN QUERY PLAN " + query).all().map { try $0.decode(column: "detail", as: String.self) }
            }
            try await db.raw("BEGIN").run()
            do {
                try await db.raw("SET LOCAL enable_seqscan = off").run()
                try await db.raw("SET LOCAL enable_bitmapscan = off").run()
                try await db.raw("SET LOCAL enable_sort = off").run()
                let plan = try await db.raw("EXPLAIN " + query).all().map { try $0.decode(column: "QUERY PLAN", as: String.self) }
                try await db.raw("ROLLBACK").run()
                return plan
            } catch {
                try? await db.raw("ROLLBACK").run()
                throw error
            }
        }
    }

    private func listUsersQuery(poolId: String, filter: UserFilter?, after position: UserListPosition?, limit: Int) -> SQLQueryString {
        // `status ^= ""` matches everyone: list as without a filter, in the order of the unique index.
        let filter = filter.flatMap { $0.field == .enabled && $0.match == .prefix && $0.value.isEmpty ? nil : $0 }
        var query = SQLQueryString("SELECT * FROM users WHERE pool_id = \(bind: poolId)")
        if let filter, filter.ordersByValue {
            let column = orderedColumn(filter.field)
            let lower = max(position?.orderValue ?? filter.value, filter.value)
            query += " AND \(unsafeRaw: column) >= \(bind: lower)"
            if let upper = filter.prefixUpperBound { query += " AND \(unsafeRaw: column) < \(bind: upper)" }
            if let position, let value = position.orderValue {
                query += " AND (\(unsafeRaw: column) > \(bind: value) OR \(unsafeRaw: keyColumn) > \(bind: position.usernameKey))"
            }
            query.appendLiteral(" ORDER BY \(column), \(keyColumn) LIMIT ")
        } else {
            // Unfiltered pages follow the unique username index; filtered ones migration 8's, whose
            // last column is the key in byte order.
            let key = filter == nil ? "username_key" : keyColumn
            if let filter { query += " AND " + exactCondition(filter) }
            query += " AND \(unsafeRaw: key) > \(bind: position?.usernameKey ?? "")"
            query.appendLiteral(" ORDER BY \(key) LIMIT ")
        }
        query.appendInterpolation(bind: limit)
        return query
    }

    /// The username key in byte order, as migration 8's indexes keep it (PostgreSQL's default
    /// collation may not be byte order; SQLite's is).
    var keyColumn: String {
        engine == .postgres ? "(username_key COLLATE \"C\")" : "username_key"
    }

    /// The expression a filter compares, written exactly as migration 8 indexes it, in byte order.
    /// Attribute names come from UserFilter's fixed list, never from request text.
    func orderedColumn(_ field: UserFilter.Field) -> String {
        let column: String
        switch field {
        case .username: column = "username"
        case .sub: column = "sub"
        case .userStatus: column = "status"
        case .enabled: column = "enabled"
        case .attribute(let name): return Self.attributeExpression(name, engine: engine)
        }
        return engine == .postgres ? "(\(column) COLLATE \"C\")" : column
    }

    static func attributeExpression(_ name: String, engine: SQLEngine) -> String {
        engine == .postgres ? "((attributes::jsonb ->> '\(name)') COLLATE \"C\")" : "json_extract(attributes, '$.\(name)')"
    }

    /// An exact filter's condition. `status` (`Enabled` / `Disabled`, case-sensitive) under a non-empty
    /// prefix matches one word or neither.
    private func exactCondition(_ filter: UserFilter) -> SQLQueryString {
        switch filter.field {
        case .enabled:
            let words = ["Enabled": true, "Disabled": false].filter { word, _ in
                filter.match == .exact ? word == filter.value : word.hasPrefix(filter.value)
            }
            guard let enabled = words.values.first else { return "1 = 0" }
            return "enabled = \(bind: enabled)"
        default:
            return "\(unsafeRaw: orderedColumn(filter.field)) = \(bind: filter.value)"
        }
    }
}

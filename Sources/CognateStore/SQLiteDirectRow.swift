import SQLKit
import SQLiteKit
import VaporCSQLite

/// A row from `SQLiteDirectConnection`, read through SQLiteKit's decoder so values convert as before.
struct SQLiteDirectRow: SQLRow {
    /// A statement's column names, shared by its rows.
    final class Columns: Sendable {
        let names: [String]
        let positions: [String: Int]

        init(_ statement: OpaquePointer) {
            let count = sqlite_nio_sqlite3_column_count(statement)
            names = (0..<count).map { String(cString: sqlite_nio_sqlite3_column_name(statement, $0)) }
            // The first column of a name wins, as SQLiteNIO's rows did.
            var positions: [String: Int] = [:]
            for (index, name) in names.enumerated() where positions[name] == nil { positions[name] = index }
            self.positions = positions
        }
    }

    let columns: Columns
    let values: [SQLiteData]

    private static let decoder = SQLiteDataDecoder()

    var allColumns: [String] { columns.names }

    func contains(column: String) -> Bool { columns.positions[column] != nil }

    func decodeNil(column: String) throws -> Bool {
        guard let position = columns.positions[column] else { return true }
        return values[position] == .null
    }

    func decode<D: Decodable>(column: String, as type: D.Type) throws -> D {
        guard let position = columns.positions[column] else { throw MissingColumn(column: column) }
        return try Self.decoder.decode(D.self, from: values[position])
    }

    struct MissingColumn: Error {
        let column: String
    }
}

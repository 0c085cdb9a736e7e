import CognateJSON
import CognitoModel
import Foundation

/// How stored documents are written: sorted-key JSON with millisecond dates, the same for every engine.
public enum DocumentCoding {
    public static func millis(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }
    public static func date(_ millis: Int64) -> Date { Date(timeIntervalSince1970: Double(millis) / 1000) }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .millisecondsSince1970
        return encoder
    }()

    private static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        return decoder
    }()

    public static func encode(_ value: some Encodable) throws -> String {
        String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    public static func decode<T: Decodable>(_ type: T.Type, from text: String) throws -> T {
        try decoder.decode(type, from: Data(text.utf8))
    }

    /// A string map (a user's attributes) through its wire form instead of Foundation's coders: users are
    /// read and written on every sign-in and refresh. Same document as `encode(_:)` but for `/`, which
    /// Foundation escapes and this does not (both read back the same).
    public static func encode(_ map: [String: String]) -> String {
        String(decoding: map.wire.serialized, as: UTF8.self)
    }

    /// Reads what `encode(_ map:)` (or Foundation's encoder) wrote.
    public static func decodeStringMap(_ text: String) throws -> [String: String] {
        try [String: String](wire: JSONValue.parse(Array(text.utf8)))
    }
}

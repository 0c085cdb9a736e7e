import Foundation

/// Comma-separated values as RFC 4180 writes them (quoted fields, doubled quotes, CRLF), read leniently
/// (LF or CRLF, a UTF-8 byte-order mark, blank lines), because user lists come from spreadsheets and
/// other tools. Reading works on bytes, fed in chunks, so a file of a million users streams.
public struct CSV: Sendable {
    public struct ParseError: Error, Equatable, CustomStringConvertible {
        public let line: Int
        public let reason: String
        public var description: String { "CSV line \(line): \(reason)" }
    }

    /// One record: fields joined by commas, quoted when they hold a comma, quote or line break.
    public static func line(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\r\n"
    }

    static func field(_ value: String) -> String {
        let special = value.utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
        guard special else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Every record of a whole document.
    public static func parse(_ text: String) throws(ParseError) -> [[String]] {
        var reader = CSV()
        var records = try reader.feed(Array(text.utf8))
        records += try reader.finish()
        return records
    }

    private enum State: Sendable {
        case fieldStart, unquoted, quoted, quoteInQuoted, afterCR
    }

    private var state = State.fieldStart
    private var field: [UInt8] = []
    private var record: [String] = []
    private var line = 1
    private var sawFirstBytes = false
    private var leadingBytes: [UInt8] = []
    private var width: Int?

    public init() {}

    /// Reads the next chunk; returns the records it completed. Every record must have as many fields as
    /// the first (the header).
    public mutating func feed(_ bytes: some Sequence<UInt8>) throws(ParseError) -> [[String]] {
        var bytes = Array(bytes)
        if !sawFirstBytes {
            // A byte-order mark may arrive split across chunks: hold the first bytes until three are here.
            bytes = leadingBytes + bytes
            guard bytes.count >= 3 else {
                leadingBytes = bytes
                return []
            }
            leadingBytes = []
            sawFirstBytes = true
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        }
        return try read(bytes)
    }

    private mutating func read(_ bytes: [UInt8]) throws(ParseError) -> [[String]] {
        var completed: [[String]] = []
        for byte in bytes {
            if state == .afterCR {
                state = .fieldStart
                if byte == 0x0A { continue }
            }
            switch state {
            case .quoted:
                if byte == UInt8(ascii: "\"") {
                    state = .quoteInQuoted
                } else {
                    if byte == 0x0A { line += 1 }
                    field.append(byte)
                }
            case .quoteInQuoted:
                if byte == UInt8(ascii: "\"") {
                    field.append(byte)
                    state = .quoted
                } else {
                    try separatorOrEnd(byte, into: &completed, after: "a closing quote")
                }
            case .fieldStart where byte == UInt8(ascii: "\""):
                state = .quoted
            case .fieldStart, .unquoted:
                if byte == UInt8(ascii: "\"") { throw ParseError(line: line, reason: "a quote inside an unquoted field") }
                if byte == UInt8(ascii: ",") || byte == 0x0A || byte == 0x0D {
                    try separatorOrEnd(byte, into: &completed, after: "")
                } else {
                    field.append(byte)
                    state = .unquoted
                }
            case .afterCR:
                break
            }
        }
        return completed
    }

    /// The last record, when the document does not end with a line break.
    public mutating func finish() throws(ParseError) -> [[String]] {
        var completed = sawFirstBytes ? [] : try read(leadingBytes)
        sawFirstBytes = true
        switch state {
        case .quoted: throw ParseError(line: line, reason: "a quoted field is not closed")
        case .unquoted, .quoteInQuoted: try endRecord(into: &completed)
        case .fieldStart where !record.isEmpty: try endRecord(into: &completed)
        default: break
        }
        state = .fieldStart
        return completed
    }

    private mutating func separatorOrEnd(_ byte: UInt8, into completed: inout [[String]], after what: String) throws(ParseError) {
        switch byte {
        case UInt8(ascii: ","):
            record.append(String(decoding: field, as: UTF8.self))
            field = []
            state = .fieldStart
        case 0x0A:
            try endRecord(into: &completed)
            state = .fieldStart
        case 0x0D:
            try endRecord(into: &completed)
            state = .afterCR
        default:
            throw ParseError(line: line, reason: "text after \(what)")
        }
    }

    private mutating func endRecord(into completed: inout [[String]]) throws(ParseError) {
        record.append(String(decoding: field, as: UTF8.self))
        field = []
        defer {
            record = []
            line += 1
        }
        if record == [""] { return }  // a blank line
        if let width, record.count != width {
            throw ParseError(line: line, reason: "\(record.count) fields where the header has \(width)")
        }
        width = record.count
        completed.append(record)
    }
}

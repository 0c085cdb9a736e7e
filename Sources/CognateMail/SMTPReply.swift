/// A complete SMTP reply (RFC 5321 §4.2): a three-digit code and its text lines, multi-line replies joined.
public struct SMTPReply: Sendable, Equatable {
    public let code: Int
    public let lines: [String]

    public init(code: Int, lines: [String]) {
        self.code = code
        self.lines = lines
    }

    public var isPositive: Bool { (200..<400).contains(code) }
    /// 5xx: the server refuses for good; retrying the same message will not help.
    public var isPermanentFailure: Bool { (500..<600).contains(code) }

    public var text: String { lines.joined(separator: " ") }
}

/// Assembles replies from the lines a server sends: `250-first`, `250-second`, `250 last`.
public struct SMTPReplyParser: Sendable {
    private var code: Int?
    private var lines: [String] = []

    public init() {}

    /// Feeds one line (without CRLF); returns the reply once its last line arrives.
    public mutating func feed(_ line: String) throws(SMTPError) -> SMTPReply? {
        let bytes = Array(line.utf8)
        guard bytes.count >= 3, let code = Int(String(decoding: bytes[0..<3], as: UTF8.self)), (200...599).contains(code) else {
            throw .protocolViolation("Unreadable reply line: \(line.prefix(80))")
        }
        if let expected = self.code, expected != code {
            throw .protocolViolation("A multi-line reply changed its code from \(expected) to \(code)")
        }
        let separator = bytes.count > 3 ? bytes[3] : UInt8(ascii: " ")
        let text = bytes.count > 4 ? String(decoding: bytes[4...], as: UTF8.self) : ""
        self.code = code
        lines.append(text)
        guard separator != UInt8(ascii: "-") else { return nil }
        let reply = SMTPReply(code: code, lines: lines)
        self.code = nil
        lines = []
        return reply
    }
}

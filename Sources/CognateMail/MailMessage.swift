import CognateCore
import Foundation

/// An email as RFC 5322 and MIME (RFC 2045–2047) want it: a plain-text and an HTML part, UTF-8,
/// quoted-printable, with `Date`, `Message-ID` and encoded-word headers for non-ASCII subjects and names.
public struct MailMessage: Sendable, Equatable {
    public var from: MailAddress
    public var to: [MailAddress]
    public var replyTo: MailAddress?
    public var subject: String
    /// The text; the HTML part is this text, escaped, so a template cannot inject markup.
    public var text: String
    /// The HTML part; nil makes it the escaped text.
    public var html: String?
    public var date: Date
    public var messageID: String

    public init(
        from: MailAddress, to: [MailAddress], replyTo: MailAddress? = nil, subject: String, text: String, html: String? = nil,
        date: Date, messageID: String
    ) {
        self.html = html
        self.from = from
        self.to = to
        self.replyTo = replyTo
        self.subject = subject
        self.text = text
        self.date = date
        self.messageID = messageID
    }

    /// The message as it goes after DATA, with CRLF line ends.
    public func rendered(boundary: String) -> [UInt8] {
        var lines: [String] = [
            "Date: \(Self.rfc5322Date(date))",
            "From: \(from.header)",
            "To: \(to.map(\.header).joined(separator: ", "))",
        ]
        if let replyTo { lines.append("Reply-To: \(replyTo.header)") }
        lines += [
            "Message-ID: <\(messageID)>",
            "Subject: \(HeaderEncoding.encode(subject))",
            "MIME-Version: 1.0",
            "Content-Type: multipart/alternative; boundary=\"\(boundary)\"",
            "",
            "--\(boundary)",
            "Content-Type: text/plain; charset=UTF-8",
            "Content-Transfer-Encoding: quoted-printable",
            "",
            QuotedPrintable.encode(text),
            "--\(boundary)",
            "Content-Type: text/html; charset=UTF-8",
            "Content-Transfer-Encoding: quoted-printable",
            "",
            QuotedPrintable.encode(html.map(Self.htmlDocument) ?? Self.html(text)),
            "--\(boundary)--",
            "",
        ]
        return Array(lines.joined(separator: "\r\n").utf8)
    }

    static func html(_ text: String) -> String {
        htmlDocument(HTMLText.escape(text).replacingOccurrences(of: "\n", with: "<br>\n"))
    }

    static func htmlDocument(_ fragment: String) -> String {
        "<!DOCTYPE html>\n<html><body><p>\(fragment)</p></body></html>"
    }

    static func rfc5322Date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }
}

/// A mailbox: an address and, optionally, a display name.
public struct MailAddress: Sendable, Equatable {
    public var address: String
    public var name: String?

    public init(_ address: String, name: String? = nil) {
        self.address = address
        self.name = name
    }

    /// `From:`/`To:` form; non-ASCII names as encoded words.
    var header: String {
        guard let name, !name.isEmpty else { return "<\(address)>" }
        let isPlain = name.unicodeScalars.allSatisfy { $0.isASCII && $0.value >= 32 && !"\"\\".unicodeScalars.contains($0) }
        return isPlain ? "\"\(name)\" <\(address)>" : "\(HeaderEncoding.encode(name)) <\(address)>"
    }

    /// Addresses that could smuggle SMTP commands or headers are refused before they reach a session.
    public var isSafe: Bool {
        !address.isEmpty && !address.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "<" || $0 == ">" || $0 == " " })
            && address.contains("@")
    }
}

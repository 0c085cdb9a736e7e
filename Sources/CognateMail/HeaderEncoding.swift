import Foundation

/// RFC 2047 encoded words for header text that is not plain ASCII: `=?UTF-8?B?…?=`, split so that no
/// encoded word exceeds 75 characters and no UTF-8 character is cut in two.
enum HeaderEncoding {
    static func encode(_ text: String) -> String {
        let plain = text.unicodeScalars.allSatisfy { $0.isASCII && $0.value >= 32 && $0.value != 127 }
        if plain && !text.contains("=?") { return text }
        var words: [String] = []
        var chunk = ""
        for character in text {
            let candidate = chunk + String(character)
            if Data(candidate.utf8).base64EncodedString().count > 75 - 12 && !chunk.isEmpty {
                words.append(chunk)
                chunk = String(character)
            } else {
                chunk = candidate
            }
        }
        if !chunk.isEmpty { words.append(chunk) }
        return words.map { "=?UTF-8?B?\(Data($0.utf8).base64EncodedString())?=" }.joined(separator: "\r\n ")
    }
}

/// Quoted-printable (RFC 2045 §6.7) with CRLF line ends and soft breaks before 76 characters.
enum QuotedPrintable {
    static func encode(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var output: [String] = []
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        for line in normalized.split(separator: "\n", omittingEmptySubsequences: false) {
            var encoded: [UInt8] = []
            var lineLength = 0
            let bytes = Array(line.utf8)
            for (index, byte) in bytes.enumerated() {
                let isLast = index == bytes.count - 1
                let literal = (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "=")) || ((byte == 32 || byte == 9) && !isLast)
                let piece: [UInt8] = literal ? [byte] : [UInt8(ascii: "="), hex[Int(byte >> 4)], hex[Int(byte & 15)]]
                if lineLength + piece.count > 75 {
                    encoded += Array("=\r\n".utf8)
                    lineLength = 0
                }
                encoded += piece
                lineLength += piece.count
            }
            output.append(String(decoding: encoded, as: UTF8.self))
        }
        return output.joined(separator: "\r\n")
    }
}

import Foundation

/// Base64url without padding (RFC 4648 §5), as JWTs and JWKS use it. Written out rather than built on
/// Foundation's Base64 plus string replacement: every token is encoded three times per request, and the
/// replacements went through NSString (9 % of a refresh's CPU).
public enum Base64URL {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// The value of each ASCII byte in the alphabet, or 0xFF.
    private static let values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, byte) in alphabet.enumerated() { table[Int(byte)] = UInt8(index) }
        return table
    }()

    public static func encode(_ data: some DataProtocol) -> String {
        let bytes = Array(data)
        let count = (bytes.count * 4 + 2) / 3
        return String(unsafeUninitializedCapacity: count) { output in
            var out = 0
            var index = 0
            while index + 3 <= bytes.count {
                let word = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
                output[out] = alphabet[Int(word >> 18 & 63)]
                output[out + 1] = alphabet[Int(word >> 12 & 63)]
                output[out + 2] = alphabet[Int(word >> 6 & 63)]
                output[out + 3] = alphabet[Int(word & 63)]
                out += 4
                index += 3
            }
            let rest = bytes.count - index
            if rest > 0 {
                let word = UInt32(bytes[index]) << 16 | (rest == 2 ? UInt32(bytes[index + 1]) << 8 : 0)
                output[out] = alphabet[Int(word >> 18 & 63)]
                output[out + 1] = alphabet[Int(word >> 12 & 63)]
                out += 2
                if rest == 2 {
                    output[out] = alphabet[Int(word >> 6 & 63)]
                    out += 1
                }
            }
            return out
        }
    }

    /// Nil for anything that is not canonical unpadded base64url (stray characters, padding, a length
    /// of 1 mod 4, or non-zero unused bits in the last character). Works four characters at a time over
    /// raw buffers: token verification decodes about a kilobyte per token.
    public static func decode(_ text: some StringProtocol) -> Data? {
        var contiguous = String(text)
        return contiguous.withUTF8 { input in values.withUnsafeBufferPointer { table in decode(input, table: table) } }
    }

    /// The same over bytes, to bytes (a part of a JWT, found without walking the token as Characters).
    public static func decode(bytes input: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        values.withUnsafeBufferPointer { table in decodeBytes(input, table: table) }
    }

    private static func decode(_ input: UnsafeBufferPointer<UInt8>, table: UnsafeBufferPointer<UInt8>) -> Data? {
        decodeBytes(input, table: table).map { Data($0) }
    }

    private static func decodeBytes(_ input: UnsafeBufferPointer<UInt8>, table: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        let count = input.count
        guard count % 4 != 1 else { return nil }
        let fullQuads = count / 4
        let rest = count % 4
        var output = [UInt8](repeating: 0, count: fullQuads * 3 + (rest == 0 ? 0 : rest - 1))
        let valid = output.withUnsafeMutableBufferPointer { out -> Bool in
            var bad: UInt8 = 0
            for quad in 0..<fullQuads {
                let a = table[Int(input[quad * 4])], b = table[Int(input[quad * 4 + 1])]
                let c = table[Int(input[quad * 4 + 2])], d = table[Int(input[quad * 4 + 3])]
                bad |= (a | b | c | d) & 0x80
                let word = UInt32(a) << 18 | UInt32(b) << 12 | UInt32(c) << 6 | UInt32(d)
                out[quad * 3] = UInt8(truncatingIfNeeded: word >> 16)
                out[quad * 3 + 1] = UInt8(truncatingIfNeeded: word >> 8)
                out[quad * 3 + 2] = UInt8(truncatingIfNeeded: word)
            }
            guard bad == 0 else { return false }
            if rest > 0 {
                let start = fullQuads * 4
                var word: UInt32 = 0
                for offset in 0..<rest {
                    let value = table[Int(input[start + offset])]
                    guard value != 0xFF else { return false }
                    word = word << 6 | UInt32(value)
                }
                // 2 characters carry 12 bits for 1 byte, 3 carry 18 for 2: the rest must be zero.
                let unused = rest == 2 ? 4 : 2
                guard word & ((1 << UInt32(unused)) - 1) == 0 else { return false }
                word >>= UInt32(unused)
                if rest == 2 {
                    out[fullQuads * 3] = UInt8(truncatingIfNeeded: word)
                } else {
                    out[fullQuads * 3] = UInt8(truncatingIfNeeded: word >> 8)
                    out[fullQuads * 3 + 1] = UInt8(truncatingIfNeeded: word)
                }
            }
            return true
        }
        return valid ? output : nil
    }
}

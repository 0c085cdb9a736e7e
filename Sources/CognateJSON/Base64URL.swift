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
    /// of 1 mod 4, or non-zero unused bits in the last character).
    public static func decode(_ text: some StringProtocol) -> Data? {
        let characters = Array(text.utf8)
        guard characters.count % 4 != 1 else { return nil }
        var result = Data(capacity: characters.count * 3 / 4)
        var buffer: UInt32 = 0
        var bits = 0
        for character in characters {
            let value = values[Int(character)]
            guard value != 0xFF else { return nil }
            buffer = buffer << 6 | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                result.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bits)))
                buffer &= (1 << UInt32(bits)) - 1
            }
        }
        guard buffer == 0 else { return nil }
        return result
    }
}

import BigInt
import Crypto
import Foundation

/// How Cognito turns SRP integers into bytes and back.
///
/// Cognito's clients hash integers in a "padded hex" form (`padHex` in amazon-cognito-identity-js,
/// `pad_hex` in pycognito): the shortest hex of the number, a `0` added if its length is odd, and
/// `00` added if it then starts with 8–f, so that the value would read as positive in two's
/// complement. In bytes that is: the minimal big-endian bytes (a single `00` for zero), with one
/// `00` in front when the top bit of the first byte is set. Hash outputs (`k`, `x`, `u`) are read
/// back as integers, so a digest that starts with `00` bytes loses them before it is padded again —
/// every value must go through the integer, never be reused as raw digest bytes.
enum SRPEncoding {
    /// The minimal big-endian bytes of `value`: empty for zero.
    static func minimalBytes(_ value: BigUInt) -> [UInt8] {
        [UInt8](value.serialize())
    }

    /// `pad_hex(value)` as bytes (see the type's documentation).
    static func padded(_ value: BigUInt) -> [UInt8] {
        let bytes = minimalBytes(value)
        guard let first = bytes.first else { return [0] }
        return first >= 0x80 ? [0] + bytes : bytes
    }

    /// The unsigned big-endian integer in `bytes` (leading zero bytes do not matter).
    static func integer(_ bytes: [UInt8]) -> BigUInt {
        BigUInt(Data(bytes))
    }

    /// SHA-256 of the concatenated parts, read as an unsigned integer (`hex_to_long(hex_hash(…))`).
    static func hashInteger(_ parts: [UInt8]...) -> BigUInt {
        var hasher = SHA256()
        for part in parts { hasher.update(data: part) }
        return BigUInt(Data(hasher.finalize()))
    }

    /// The shortest lowercase hex of `value` (`"0"` for zero), as the clients print `SRP_A`.
    static func hex(_ value: BigUInt) -> String {
        String(value, radix: 16, uppercase: false)
    }

    /// Lowercase hex of bytes, two digits per byte.
    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Parses hex digits (either case, any number of leading zeros, odd length allowed) into an
    /// integer; `nil` for an empty string, any other character (sign, `0x`, spaces), or more than
    /// `maxDigits` digits. We parse by hand because `BigUInt(_:radix:)` accepts `+` inside
    /// its chunks, and a bound keeps a hostile `SRP_A` from costing more than one modulus' worth.
    static func integer(fromHex text: String, maxDigits: Int = 4096) -> BigUInt? {
        let utf8 = Array(text.utf8)
        guard !utf8.isEmpty, utf8.count <= maxDigits else { return nil }
        var nibbles = [UInt8]()
        nibbles.reserveCapacity(utf8.count + 1)
        if utf8.count % 2 == 1 { nibbles.append(0) }
        for char in utf8 {
            switch char {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibbles.append(char - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibbles.append(char - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): nibbles.append(char - UInt8(ascii: "A") + 10)
            default: return nil
            }
        }
        var bytes = [UInt8]()
        bytes.reserveCapacity(nibbles.count / 2)
        var index = 0
        while index < nibbles.count {
            bytes.append(nibbles[index] << 4 | nibbles[index + 1])
            index += 2
        }
        return integer(bytes)
    }
}

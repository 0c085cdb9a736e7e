import Crypto

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
    static func minimalBytes(_ value: UInt3072) -> [UInt8] {
        value.bigEndianBytes
    }

    /// `pad_hex(value)` as bytes (see the type's documentation).
    static func padded(_ value: UInt3072) -> [UInt8] {
        padded(bytes: minimalBytes(value))
    }

    /// `pad_hex` of the integer in `bytes`, for byte strings of any length (salts are not
    /// bounded): the same as `padded(integer(bytes))` when that fits.
    static func padded(bytes: [UInt8]) -> [UInt8] {
        let minimal = bytes.drop(while: { $0 == 0 })
        guard let first = minimal.first else { return [0] }
        return first >= 0x80 ? [0] + minimal : Array(minimal)
    }

    /// The unsigned big-endian integer in `bytes` (leading zero bytes do not matter), or `nil` if
    /// it is 2³⁰⁷² or more: no value of the group is, so such input is always refused.
    static func integer(_ bytes: [UInt8]) -> UInt3072? {
        UInt3072(bigEndian: bytes)
    }

    /// SHA-256 of the concatenated parts, read as an unsigned integer (`hex_to_long(hex_hash(…))`).
    static func hashInteger(_ parts: [UInt8]...) -> UInt3072 {
        var hasher = SHA256()
        for part in parts { hasher.update(data: part) }
        // 32 bytes always fit.
        return UInt3072(bigEndian: Array(hasher.finalize()))!
    }

    /// A hash-sized integer (`x`, `u`) as an exponent: its 32 big-endian bytes, leading zeros
    /// kept, so the exponentiation's length does not depend on the value.
    static func hashExponent(_ value: UInt3072) -> [UInt8] {
        value.bigEndianBytes(count: SHA256.byteCount)
    }

    /// The shortest lowercase hex of `value` (`"0"` for zero), as the clients print `SRP_A`.
    static func hex(_ value: UInt3072) -> String {
        let digits = hex(minimalBytes(value)).drop(while: { $0 == "0" })
        return digits.isEmpty ? "0" : String(digits)
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
    /// integer; `nil` for an empty string, any other character (sign, `0x`, spaces), more than
    /// `maxDigits` digits, or a value of 2³⁰⁷² or more. The bound keeps a hostile `SRP_A` from
    /// costing more than one modulus' worth of work.
    static func integer(fromHex text: String, maxDigits: Int = 4096) -> UInt3072? {
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

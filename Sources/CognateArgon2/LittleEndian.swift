/// Byte order for Argon2 and BLAKE2b, which both read and write words little-endian
/// whatever the machine's own order.
enum LittleEndian {
    /// The eight bytes at `offset` as one word.
    @inline(__always)
    static func word(_ bytes: [UInt8], at offset: Int) -> UInt64 {
        var word: UInt64 = 0
        for index in 0..<8 {
            word |= UInt64(bytes[offset + index]) << UInt64(8 * index)
        }
        return word
    }

    /// The bytes of `words`, eight per word.
    static func bytes(_ words: some Sequence<UInt64>) -> [UInt8] {
        var bytes = [UInt8]()
        bytes.reserveCapacity(words.underestimatedCount * 8)
        for word in words {
            for shift in stride(from: 0, to: 64, by: 8) {
                bytes.append(UInt8(truncatingIfNeeded: word >> UInt64(shift)))
            }
        }
        return bytes
    }

    /// The four bytes of `value`: RFC 9106's LE32(), which prefixes every length and parameter.
    @inline(__always)
    static func bytes(_ value: UInt32) -> [UInt8] {
        [UInt8(truncatingIfNeeded: value), UInt8(truncatingIfNeeded: value >> 8),
         UInt8(truncatingIfNeeded: value >> 16), UInt8(truncatingIfNeeded: value >> 24)]
    }
}

/// BLAKE2b (RFC 7693), the hash Argon2 is built on; swift-crypto does not offer it.
///
/// Only the one-shot form is here: Argon2 always hashes inputs it has whole, and it
/// never hashes much (a few kilobytes per lane), so streaming would be unused code.
enum Blake2b {
    /// The largest digest BLAKE2b produces, in bytes.
    static let maxOutputLength = 64
    /// The largest key BLAKE2b accepts, in bytes.
    static let maxKeyLength = 64

    private static let blockLength = 128

    private static let iv: [UInt64] = [
        0x6A09_E667_F3BC_C908, 0xBB67_AE85_84CA_A73B, 0x3C6E_F372_FE94_F82B, 0xA54F_F53A_5F1D_36F1,
        0x510E_527F_ADE6_82D1, 0x9B05_688C_2B3E_6C1F, 0x1F83_D9AB_FB41_BD6B, 0x5BE0_CD19_137E_2179,
    ]

    /// Message word order per round (RFC 7693 §2.7); rounds 10 and 11 reuse rows 0 and 1.
    private static let sigma: [[Int]] = [
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
        [14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3],
        [11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4],
        [7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8],
        [9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13],
        [2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9],
        [12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11],
        [13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10],
        [6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5],
        [10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0],
    ]

    /// BLAKE2b of `input` with a digest of `outputLength` bytes (1...64), keyed when `key` is not empty.
    static func hash(_ input: [UInt8], outputLength: Int, key: [UInt8] = []) -> [UInt8] {
        precondition((1...maxOutputLength).contains(outputLength), "BLAKE2b digests are 1...64 bytes")
        precondition(key.count <= maxKeyLength, "BLAKE2b keys are at most 64 bytes")

        var state = iv
        // Parameter block: digest length, key length, fanout 1, depth 1 (sequential mode).
        state[0] ^= 0x0101_0000 ^ (UInt64(key.count) << 8) ^ UInt64(outputLength)

        // A key is hashed as a first block of its own, zero-padded (RFC 7693 §3.3).
        var message: [UInt8]
        if key.isEmpty {
            message = input
        } else {
            message = key + [UInt8](repeating: 0, count: blockLength - key.count)
            message += input
        }

        // Every block but the last is compressed with the running byte count; the last one,
        // zero-padded and flagged final, counts only real bytes and also covers the empty message.
        let messageLength = message.count
        let blockCount = max(1, (messageLength + blockLength - 1) / blockLength)
        message += [UInt8](repeating: 0, count: blockCount * blockLength - messageLength)
        var words = [UInt64](repeating: 0, count: 16)
        for block in 0..<blockCount {
            let isLast = block == blockCount - 1
            let start = block * blockLength
            for word in 0..<16 {
                words[word] = LittleEndian.word(message, at: start + word * 8)
            }
            let counter = UInt64(isLast ? messageLength : start + blockLength)
            compress(&state, words, counter: counter, isLast: isLast)
        }

        return Array(LittleEndian.bytes(state).prefix(outputLength))
    }

    /// Argon2's variable-length hash H' (RFC 9106 §3.3): any digest length from one
    /// BLAKE2b chain, each link giving 32 bytes and the last link the remainder.
    static func longHash(_ input: [UInt8], outputLength: Int) -> [UInt8] {
        precondition(outputLength >= 1 && UInt64(outputLength) <= UInt64(UInt32.max), "H' digests are 1...2^32-1 bytes")
        let prefixed = LittleEndian.bytes(UInt32(outputLength)) + input
        if outputLength <= maxOutputLength {
            return hash(prefixed, outputLength: outputLength)
        }
        let links = (outputLength + 31) / 32 - 2
        var output = [UInt8]()
        output.reserveCapacity(outputLength)
        var link = hash(prefixed, outputLength: maxOutputLength)
        output += link.prefix(32)
        for _ in 1..<links {
            link = hash(link, outputLength: maxOutputLength)
            output += link.prefix(32)
        }
        output += hash(link, outputLength: outputLength - 32 * links)
        return output
    }

    /// The compression function F (RFC 7693 §3.2).
    private static func compress(_ state: inout [UInt64], _ m: [UInt64], counter: UInt64, isLast: Bool) {
        var v = state + iv
        v[12] ^= counter
        // The high counter word stays zero: Argon2 never hashes 2^64 bytes.
        if isLast { v[14] = ~v[14] }

        for round in 0..<12 {
            let s = sigma[round % 10]
            mix(&v, 0, 4, 8, 12, m[s[0]], m[s[1]])
            mix(&v, 1, 5, 9, 13, m[s[2]], m[s[3]])
            mix(&v, 2, 6, 10, 14, m[s[4]], m[s[5]])
            mix(&v, 3, 7, 11, 15, m[s[6]], m[s[7]])
            mix(&v, 0, 5, 10, 15, m[s[8]], m[s[9]])
            mix(&v, 1, 6, 11, 12, m[s[10]], m[s[11]])
            mix(&v, 2, 7, 8, 13, m[s[12]], m[s[13]])
            mix(&v, 3, 4, 9, 14, m[s[14]], m[s[15]])
        }
        for i in 0..<8 {
            state[i] ^= v[i] ^ v[i + 8]
        }
    }

    /// The mixing function G (RFC 7693 §3.1).
    @inline(__always)
    private static func mix(_ v: inout [UInt64], _ a: Int, _ b: Int, _ c: Int, _ d: Int, _ x: UInt64, _ y: UInt64) {
        v[a] = v[a] &+ v[b] &+ x
        v[d] = (v[d] ^ v[a]).rotatedRight(by: 32)
        v[c] = v[c] &+ v[d]
        v[b] = (v[b] ^ v[c]).rotatedRight(by: 24)
        v[a] = v[a] &+ v[b] &+ y
        v[d] = (v[d] ^ v[a]).rotatedRight(by: 16)
        v[c] = v[c] &+ v[d]
        v[b] = (v[b] ^ v[c]).rotatedRight(by: 63)
    }
}

private extension UInt64 {
    @inline(__always)
    func rotatedRight(by amount: UInt64) -> UInt64 {
        (self &>> amount) | (self &<< (64 &- amount))
    }
}

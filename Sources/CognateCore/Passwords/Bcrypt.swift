/// bcrypt (Provos and Mazières' EksBlowfish), so that users imported from systems that hashed with it
/// can sign in; Cognate re-hashes their password with Argon2id on that sign-in.
enum Bcrypt {
    /// Whether `password` matches a modular-crypt bcrypt string: `$2a$`, `$2b$`, `$2y$` (treated alike, 72-byte
    /// key with its terminating NUL as OpenBSD's $2b$ does), cost 04–31, 22 salt characters and 31 hash characters
    /// in bcrypt's own base64 alphabet (./A-Za-z0-9). Malformed strings are `false`, never a crash.
    static func verify(password: [UInt8], against hash: String) -> Bool {
        guard let stored = parse(hash) else { return false }
        return ConstantTime.equal(digest(password: password, salt: stored.salt, cost: stored.cost), stored.digest)
    }

    /// A bcrypt string for `password` with a 16-byte salt, `$2b$` prefix; nil when cost is outside 4...31 or the salt is not 16 bytes.
    static func hash(password: [UInt8], salt: [UInt8], cost: Int) -> String? {
        guard costs.contains(cost), salt.count == saltBytes else { return nil }
        let digits = cost < 10 ? "0\(cost)" : "\(cost)"
        return "$2b$\(digits)$" + encode(salt) + encode(digest(password: password, salt: salt, cost: cost))
    }

    /// Whether `text` looks like a bcrypt string (prefix and length), to pick the verifier.
    static func recognizes(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return bytes.count == encodedLength && hasKnownPrefix(bytes)
    }

    private static let costs = 4...31
    private static let saltBytes = 16
    private static let digestBytes = 23
    private static let saltCharacters = 22
    private static let digestCharacters = 31
    /// `$2b$10$`, then salt, then digest.
    private static let encodedLength = 7 + 22 + 31
    private static let alphabet = Array("./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".utf8)

    private static func hasKnownPrefix(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 4 && bytes[0] == UInt8(ascii: "$") && bytes[1] == UInt8(ascii: "2")
            && [UInt8(ascii: "a"), UInt8(ascii: "b"), UInt8(ascii: "y")].contains(bytes[2]) && bytes[3] == UInt8(ascii: "$")
    }

    private static func parse(_ text: String) -> (cost: Int, salt: [UInt8], digest: [UInt8])? {
        let bytes = Array(text.utf8)
        guard bytes.count == encodedLength, hasKnownPrefix(bytes), bytes[6] == UInt8(ascii: "$") else { return nil }
        let zero = UInt8(ascii: "0"), nine = UInt8(ascii: "9")
        guard (zero...nine).contains(bytes[4]), (zero...nine).contains(bytes[5]) else { return nil }
        let cost = Int(bytes[4] - zero) * 10 + Int(bytes[5] - zero)
        guard costs.contains(cost),
            let salt = decode(bytes[7..<(7 + saltCharacters)], count: saltBytes),
            let digest = decode(bytes[(7 + saltCharacters)...], count: digestBytes)
        else { return nil }
        return (cost, salt, digest)
    }

    /// bcrypt's base64: its own alphabet, no padding, and (as OpenBSD does) the unused low bits of the
    /// last character are ignored rather than rejected.
    private static func decode(_ characters: ArraySlice<UInt8>, count: Int) -> [UInt8]? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count)
        var buffer: UInt32 = 0
        var bits = 0
        for character in characters {
            guard let value = sextet(character) else { return nil }
            buffer = (buffer << 6 | value) & 0xFFF
            bits += 6
            if bits >= 8 {
                bits -= 8
                if bytes.count < count { bytes.append(UInt8(truncatingIfNeeded: buffer >> bits)) }
            }
        }
        return bytes.count == count ? bytes : nil
    }

    private static func sextet(_ character: UInt8) -> UInt32? {
        switch character {
        case UInt8(ascii: "."): 0
        case UInt8(ascii: "/"): 1
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): UInt32(character - UInt8(ascii: "A")) + 2
        case UInt8(ascii: "a")...UInt8(ascii: "z"): UInt32(character - UInt8(ascii: "a")) + 28
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(character - UInt8(ascii: "0")) + 54
        default: nil
        }
    }

    private static func encode(_ bytes: [UInt8]) -> String {
        var characters: [UInt8] = []
        var buffer: UInt32 = 0
        var bits = 0
        for byte in bytes {
            buffer = (buffer << 8 | UInt32(byte)) & 0x3FFF
            bits += 8
            while bits >= 6 {
                bits -= 6
                characters.append(alphabet[Int(buffer >> UInt32(bits) & 0x3F)])
            }
        }
        if bits > 0 { characters.append(alphabet[Int(buffer << UInt32(6 - bits) & 0x3F)]) }
        return String(decoding: characters, as: UTF8.self)
    }

    /// EksBlowfish: an expensive key schedule (2^cost re-keyings with the password and the salt), then
    /// "OrpheanBeholderScryDoubt" encrypted 64 times; the first 23 of its 24 bytes are the hash.
    private static func digest(password: [UInt8], salt: [UInt8], cost: Int) -> [UInt8] {
        let keyWords = words(cycling: Array(password.prefix(72)) + [0], count: 18)
        let saltWords = words(cycling: salt, count: 18)
        var text = words(cycling: Array("OrpheanBeholderScryDoubt".utf8), count: 6)
        var p = BlowfishConstants.initialP
        var s = BlowfishConstants.initialS
        p.withUnsafeMutableBufferPointer { p in
            s.withUnsafeMutableBufferPointer { s in
                let cipher = Blowfish(p: p.baseAddress!, s: s.baseAddress!)
                cipher.expand(key: keyWords, salt: saltWords)
                for _ in 0..<(1 << cost) {
                    cipher.expand(key: keyWords)
                    cipher.expand(key: saltWords)
                }
                for block in stride(from: 0, to: text.count, by: 2) {
                    var (left, right) = (text[block], text[block + 1])
                    for _ in 0..<64 { cipher.encrypt(&left, &right) }
                    (text[block], text[block + 1]) = (left, right)
                }
            }
        }
        let bytes = text.flatMap { word in (0..<4).map { UInt8(truncatingIfNeeded: word >> (24 - 8 * $0)) } }
        return Array(bytes.prefix(digestBytes))
    }

    /// Big-endian words read from `bytes` repeated end to end, as Blowfish's key stream reads a key.
    private static func words(cycling bytes: [UInt8], count: Int) -> [UInt32] {
        var index = 0
        return (0..<count).map { _ in
            var word: UInt32 = 0
            for _ in 0..<4 {
                word = word << 8 | UInt32(bytes[index])
                index = (index + 1) % bytes.count
            }
            return word
        }
    }
}

/// Blowfish over borrowed storage, so that the millions of S-box lookups at cost 10 go through plain
/// pointers instead of array accessors (and the rounds are unrolled, which keeps debug builds usable).
private struct Blowfish {
    let p: UnsafeMutablePointer<UInt32>
    let s: UnsafeMutablePointer<UInt32>

    @inline(__always)
    private func f(_ x: UInt32) -> UInt32 {
        ((s[Int(x >> 24)] &+ s[256 | Int(x >> 16 & 0xFF)]) ^ s[512 | Int(x >> 8 & 0xFF)]) &+ s[768 | Int(x & 0xFF)]
    }

    @inline(__always)
    func encrypt(_ left: inout UInt32, _ right: inout UInt32) {
        var l = left ^ p[0]
        var r = right
        r ^= f(l) ^ p[1]
        l ^= f(r) ^ p[2]
        r ^= f(l) ^ p[3]
        l ^= f(r) ^ p[4]
        r ^= f(l) ^ p[5]
        l ^= f(r) ^ p[6]
        r ^= f(l) ^ p[7]
        l ^= f(r) ^ p[8]
        r ^= f(l) ^ p[9]
        l ^= f(r) ^ p[10]
        r ^= f(l) ^ p[11]
        l ^= f(r) ^ p[12]
        r ^= f(l) ^ p[13]
        l ^= f(r) ^ p[14]
        r ^= f(l) ^ p[15]
        l ^= f(r) ^ p[16]
        left = r ^ p[17]
        right = l
    }

    /// The key schedule with a salt: the salt's words are XORed in (continuing across P and the S-boxes)
    /// before each encryption.
    func expand(key: [UInt32], salt: [UInt32]) {
        for index in 0..<18 { p[index] ^= key[index] }
        var (left, right): (UInt32, UInt32) = (0, 0)
        var saltIndex = 0
        func next() {
            left ^= salt[saltIndex]
            right ^= salt[saltIndex + 1]
            saltIndex = (saltIndex + 2) & 3
            encrypt(&left, &right)
        }
        for index in stride(from: 0, to: 18, by: 2) {
            next()
            (p[index], p[index + 1]) = (left, right)
        }
        for index in stride(from: 0, to: 1024, by: 2) {
            next()
            (s[index], s[index + 1]) = (left, right)
        }
    }

    /// The key schedule with an all-zero salt, which EksBlowfish's expensive loop uses.
    func expand(key: [UInt32]) {
        for index in 0..<18 { p[index] ^= key[index] }
        var (left, right): (UInt32, UInt32) = (0, 0)
        for index in stride(from: 0, to: 18, by: 2) {
            encrypt(&left, &right)
            (p[index], p[index + 1]) = (left, right)
        }
        for index in stride(from: 0, to: 1024, by: 2) {
            encrypt(&left, &right)
            (s[index], s[index + 1]) = (left, right)
        }
    }
}

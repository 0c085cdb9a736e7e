/// A stored Argon2id password hash, read from and written as a PHC string:
/// `$argon2id$v=19$m=19456,t=2,p=1$<salt>$<tag>` (base64 without padding).
///
/// The string carries its own parameters, so hashes made under older settings still
/// verify after the defaults change, and `needsRehash` says when to replace them.
public struct PasswordHash: Sendable, Equatable {
    public let memoryKiB: Int
    public let iterations: Int
    public let parallelism: Int
    public let salt: [UInt8]
    public let tag: [UInt8]

    /// Hashes `password` with `salt`, which the caller draws from a secure random source
    /// (`parameters.saltLength` bytes); nothing random happens in here.
    ///
    /// Traps on parameters RFC 9106 forbids (see `Argon2Parameters.isValid`).
    public init(password: [UInt8], salt: [UInt8], parameters: Argon2Parameters = .default) {
        memoryKiB = parameters.memoryKiB
        iterations = parameters.iterations
        parallelism = parameters.parallelism
        self.salt = salt
        tag = Argon2id.hash(
            password: password, salt: salt,
            memoryKiB: parameters.memoryKiB, iterations: parameters.iterations,
            parallelism: parameters.parallelism, outputLength: parameters.outputLength
        )
    }

    /// Parses a PHC string; nil unless it is exactly the Argon2id v=19 form with settings
    /// Argon2 accepts, so a parsed hash can always be verified without trapping.
    public init?(phc: String) {
        let fields = phc.utf8.split(separator: UInt8(ascii: "$"), omittingEmptySubsequences: false)
        guard fields.count == 6, fields[0].isEmpty,
              fields[1].elementsEqual("argon2id".utf8),
              fields[2].elementsEqual("v=19".utf8)
        else { return nil }

        let settings = fields[3].split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false)
        guard settings.count == 3,
              let memoryKiB = Self.decimal(settings[0], key: "m"),
              let iterations = Self.decimal(settings[1], key: "t"),
              let parallelism = Self.decimal(settings[2], key: "p"),
              let salt = PHCBase64.decode(fields[4]),
              let tag = PHCBase64.decode(fields[5])
        else { return nil }

        let parameters = Argon2Parameters(
            memoryKiB: memoryKiB, iterations: iterations, parallelism: parallelism,
            outputLength: tag.count, saltLength: salt.count
        )
        guard parameters.isValid else { return nil }
        self.memoryKiB = memoryKiB
        self.iterations = iterations
        self.parallelism = parallelism
        self.salt = salt
        self.tag = tag
    }

    /// The settings this hash was made with.
    public var parameters: Argon2Parameters {
        Argon2Parameters(
            memoryKiB: memoryKiB, iterations: iterations, parallelism: parallelism,
            outputLength: tag.count, saltLength: salt.count
        )
    }

    /// The PHC string to store.
    public var phc: String {
        "$argon2id$v=19$m=\(memoryKiB),t=\(iterations),p=\(parallelism)$"
            + PHCBase64.encode(salt) + "$" + PHCBase64.encode(tag)
    }

    /// Whether `password` hashes to this tag; the comparison takes the same time wherever
    /// the tags differ, so timing reveals nothing about the stored tag.
    public func verify(password: [UInt8]) -> Bool {
        let candidate = Argon2id.hash(
            password: password, salt: salt,
            memoryKiB: memoryKiB, iterations: iterations,
            parallelism: parallelism, outputLength: tag.count
        )
        var difference: UInt8 = 0
        for index in 0..<tag.count {
            difference |= candidate[index] ^ tag[index]
        }
        return difference == 0
    }

    /// Whether `password` matches the PHC string `phc`; false for a malformed string.
    public static func verify(password: [UInt8], phc: String) -> Bool {
        guard let stored = PasswordHash(phc: phc) else { return false }
        return stored.verify(password: password)
    }

    /// Whether `phc` should be replaced by a hash made with `parameters`, which a server
    /// does after a successful sign-in: true if it is malformed or any setting differs.
    public static func needsRehash(phc: String, parameters: Argon2Parameters = .default) -> Bool {
        guard let stored = PasswordHash(phc: phc) else { return true }
        return stored.parameters != parameters
    }

    /// A `key=value` setting whose value is a canonical decimal up to 2^32-1 (no sign,
    /// no leading zeros), as the reference encoder writes it.
    private static func decimal(_ setting: Substring.UTF8View.SubSequence, key: Unicode.Scalar) -> Int? {
        let bytes = Array(setting)
        guard bytes.count >= 3, bytes.count <= 12,
              bytes[0] == UInt8(ascii: key), bytes[1] == UInt8(ascii: "=")
        else { return nil }
        let digits = bytes[2...]
        guard digits.count == 1 || digits.first != UInt8(ascii: "0") else { return nil }
        var value = 0
        for digit in digits {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(digit) else { return nil }
            value = value * 10 + Int(digit - UInt8(ascii: "0"))
        }
        return value <= Int(UInt32.max) ? value : nil
    }
}

/// The cost settings for new password hashes, and what `PasswordHash.needsRehash` compares against.
public struct Argon2Parameters: Sendable, Hashable {
    /// Memory in KiB (the PHC string's `m`).
    public var memoryKiB: Int
    /// Passes over memory (the PHC string's `t`).
    public var iterations: Int
    /// Lanes (the PHC string's `p`).
    public var parallelism: Int
    /// Tag length in bytes.
    public var outputLength: Int
    /// Salt length in bytes that callers should generate; Argon2 itself takes any salt of 8 bytes or more.
    public var saltLength: Int

    public init(memoryKiB: Int, iterations: Int, parallelism: Int, outputLength: Int = 32, saltLength: Int = 16) {
        self.memoryKiB = memoryKiB
        self.iterations = iterations
        self.parallelism = parallelism
        self.outputLength = outputLength
        self.saltLength = saltLength
    }

    /// OWASP's first Argon2id setting: 19 MiB, 2 passes, 1 lane, 32-byte tag, 16-byte salt.
    public static let `default` = Argon2Parameters(memoryKiB: 19456, iterations: 2, parallelism: 1)

    /// Whether RFC 9106 allows these settings, so hashing with them cannot trap.
    public var isValid: Bool {
        let max32 = Int(UInt32.max)
        return (1...0xFF_FFFF).contains(parallelism)
            && memoryKiB >= 8 * parallelism && memoryKiB <= max32
            && iterations >= 1 && iterations <= max32
            && outputLength >= 4 && outputLength <= max32
            && saltLength >= 8 && saltLength <= max32
    }
}

/// Randomness for identifiers, codes and secrets; tests may substitute a seeded source.
public protocol RandomSource: Sendable {
    /// `count` bytes from a cryptographically secure generator.
    func bytes(_ count: Int) -> [UInt8]
}

/// The operating system's CSPRNG.
public struct SystemRandomSource: RandomSource {
    public init() {}
    public func bytes(_ count: Int) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            SystemEntropy.fill(UnsafeMutableRawBufferPointer(buffer))
            initialized = count
        }
    }
}

extension RandomSource {
    /// A string of `length` characters drawn uniformly from `alphabet` (rejection sampling, no modulo bias).
    public func string(length: Int, alphabet: [Character]) -> String {
        precondition(!alphabet.isEmpty && alphabet.count <= 256)
        let limit = 256 - (256 % alphabet.count)
        var result = ""
        result.reserveCapacity(length)
        while result.count < length {
            for byte in bytes(length * 2) where Int(byte) < limit {
                result.append(alphabet[Int(byte) % alphabet.count])
                if result.count == length { break }
            }
        }
        return result
    }
}

extension Array where Element == Character {
    public static let alphanumeric = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
    public static let lowercaseAlphanumeric = Array("abcdefghijklmnopqrstuvwxyz0123456789")
}

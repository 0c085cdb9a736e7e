import CognateArgon2
import Crypto
import Foundation
import _CryptoExtras

/// Password hashes made by other systems that `cognate users import` accepts, so that users who move
/// to Cognate keep their password: bcrypt, PBKDF2 and scrypt in the encodings of passlib (Python)
/// and Django. Cognate only verifies them; a correct password is re-hashed with Argon2id at once.
enum ImportedPasswordHash: Sendable, Equatable {
    case bcrypt(String)
    case pbkdf2(Digest, iterations: Int, salt: [UInt8], hash: [UInt8])
    case scrypt(cost: Int, blockSize: Int, parallelism: Int, salt: [UInt8], hash: [UInt8])

    enum Digest: String, Sendable, Equatable {
        case sha1, sha256, sha512
    }

    /// Work limits: an imported hash must not let one sign-in take a core for seconds or gigabytes.
    static let maximumIterations = 10_000_000
    static let maximumScryptMemory = 256 << 20
    static let maximumBcryptCost = 14

    /// Whether `text` is a hash Cognate can store: Argon2id, or one of these formats with sane parameters.
    static func isAccepted(_ text: String) -> Bool {
        PasswordHash(phc: text) != nil || ImportedPasswordHash(text) != nil
    }

    init?(_ text: String) {
        let fields = text.split(separator: "$", omittingEmptySubsequences: false).map(String.init)
        if Bcrypt.recognizes(text) {
            self = .bcrypt(text)
        } else if text.hasPrefix("$pbkdf2") {
            // passlib: $pbkdf2[-sha256|-sha512]$rounds$salt$checksum, in passlib's base64 (./ instead of +/).
            guard fields.count == 5, let digest = Self.passlibDigest(fields[1]), let iterations = Int(fields[2]),
                  let salt = Self.passlibBase64(fields[3]), let hash = Self.passlibBase64(fields[4])
            else { return nil }
            self = .pbkdf2(digest, iterations: iterations, salt: salt, hash: hash)
        } else if text.hasPrefix("pbkdf2_") {
            // Django: pbkdf2_sha256$iterations$salt$base64(hash); the salt is used as its text.
            guard fields.count == 4, let digest = Digest(rawValue: String(fields[0].dropFirst("pbkdf2_".count))),
                  let iterations = Int(fields[1]), let hash = Data(base64Encoded: fields[3]).map(Array.init)
            else { return nil }
            self = .pbkdf2(digest, iterations: iterations, salt: Array(fields[2].utf8), hash: hash)
        } else if text.hasPrefix("$scrypt$") {
            // passlib: $scrypt$ln=…,r=…,p=…$salt$checksum.
            guard fields.count == 5, let parameters = Self.parameters(fields[2]), let ln = parameters["ln"], ln < 31,
                  let r = parameters["r"], let p = parameters["p"],
                  let salt = Self.passlibBase64(fields[3]), let hash = Self.passlibBase64(fields[4])
            else { return nil }
            self = .scrypt(cost: 1 << ln, blockSize: r, parallelism: p, salt: salt, hash: hash)
        } else if text.hasPrefix("scrypt$") {
            // Django: scrypt$salt$N$r$p$base64(hash).
            guard fields.count == 6, let n = Int(fields[2]), let r = Int(fields[3]), let p = Int(fields[4]),
                  let hash = Data(base64Encoded: fields[5]).map(Array.init)
            else { return nil }
            self = .scrypt(cost: n, blockSize: r, parallelism: p, salt: Array(fields[1].utf8), hash: hash)
        } else {
            return nil
        }
        guard isWithinLimits else { return nil }
    }

    private var isWithinLimits: Bool {
        switch self {
        case .bcrypt(let text):
            // Cost 14 is about a second on one core; higher would let one sign-in hold a core for minutes.
            let fields = text.split(separator: "$")
            return fields.count >= 2 && (Int(fields[1]).map { $0 <= Self.maximumBcryptCost } ?? false)
        case .pbkdf2(_, let iterations, let salt, let hash):
            return (1...Self.maximumIterations).contains(iterations) && !salt.isEmpty && (16...64).contains(hash.count)
        case .scrypt(let n, let r, let p, let salt, let hash):
            guard n > 1, n & (n - 1) == 0, (1...32).contains(r), (1...16).contains(p), !salt.isEmpty, (16...64).contains(hash.count) else {
                return false
            }
            return 128 * r * n <= Self.maximumScryptMemory
        }
    }

    func verify(_ password: [UInt8]) -> Bool {
        switch self {
        case .bcrypt(let text):
            return Bcrypt.verify(password: password, against: text)
        case .pbkdf2(let digest, let iterations, let salt, let hash):
            let function: KDF.Insecure.PBKDF2.HashFunction
            switch digest {
            case .sha1: function = .insecureSHA1
            case .sha256: function = .sha256
            case .sha512: function = .sha512
            }
            guard let key = try? KDF.Insecure.PBKDF2.deriveKey(
                from: password, salt: salt, using: function, outputByteCount: hash.count, unsafeUncheckedRounds: iterations
            ) else { return false }
            return ConstantTime.equal(key.withUnsafeBytes { Array($0) }, hash)
        case .scrypt(let n, let r, let p, let salt, let hash):
            guard let key = try? KDF.Scrypt.deriveKey(
                from: password, salt: salt, outputByteCount: hash.count, rounds: n, blockSize: r, parallelism: p,
                maxMemory: Self.maximumScryptMemory * 2
            ) else { return false }
            return ConstantTime.equal(key.withUnsafeBytes { Array($0) }, hash)
        }
    }

    private static func passlibDigest(_ name: String) -> Digest? {
        switch name {
        case "pbkdf2": return .sha1
        case "pbkdf2-sha256": return .sha256
        case "pbkdf2-sha512": return .sha512
        default: return nil
        }
    }

    /// passlib's "adapted base64": standard base64 with `.` for `+`, without padding.
    private static func passlibBase64(_ text: String) -> [UInt8]? {
        var standard = text.replacingOccurrences(of: ".", with: "+")
        guard !standard.isEmpty, !standard.contains("=") else { return nil }
        while standard.count % 4 != 0 { standard += "=" }
        return Data(base64Encoded: standard).map(Array.init)
    }

    private static func parameters(_ text: String) -> [String: Int]? {
        var values: [String: Int] = [:]
        for pair in text.split(separator: ",") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, let value = Int(parts[1]), value >= 0 else { return nil }
            values[String(parts[0])] = value
        }
        return values
    }
}

import CognateSRP
import Foundation

/// What a password becomes when it is set: an Argon2id hash for password sign-in, and an SRP salt and
/// verifier for USER_SRP_AUTH. The password itself is never stored.
struct CredentialMaker: Sendable {
    let passwords: PasswordHasher
    let random: any RandomSource

    struct Secret: Sendable {
        let hash: String
        let srpSalt: String
        let srpVerifier: String
    }

    func make(password: String, poolId: String, username: String) async -> Secret {
        let hash = await passwords.hash(password)
        let salt = random.bytes(16)
        let poolName = SRPVerifier.poolName(fromPoolId: poolId) ?? poolId
        let verifier = await passwords.offload {
            SRPVerifier.verifier(poolName: poolName, userId: username, password: password, salt: salt)
        }
        return Secret(hash: hash, srpSalt: SRPVerifier.saltHex(salt), srpVerifier: Data(verifier).hexEncoded)
    }
}

extension Data {
    /// Lowercase hexadecimal, as SRP values and SigV4 signatures travel.
    public var hexEncoded: String {
        let digits = Array("0123456789abcdef".utf8)
        var bytes = [UInt8]()
        bytes.reserveCapacity(count * 2)
        for byte in self {
            bytes.append(digits[Int(byte >> 4)])
            bytes.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension UserRecord {
    /// Replaces everything derived from the password: the hash and the SRP salt and verifier.
    mutating func setPassword(_ secret: CredentialMaker.Secret) {
        passwordHash = secret.hash
        srpSalt = secret.srpSalt
        srpVerifier = secret.srpVerifier
    }
}

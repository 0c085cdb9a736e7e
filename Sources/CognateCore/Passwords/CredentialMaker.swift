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
    /// Lowercase hexadecimal, as SRP values travel.
    var hexEncoded: String { map { String(format: "%02x", $0) }.joined() }
}

extension UserRecord {
    /// Replaces everything derived from the password: the hash and the SRP salt and verifier.
    mutating func setPassword(_ secret: CredentialMaker.Secret) {
        passwordHash = secret.hash
        srpSalt = secret.srpSalt
        srpVerifier = secret.srpVerifier
    }
}

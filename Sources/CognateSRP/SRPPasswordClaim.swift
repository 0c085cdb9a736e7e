import Crypto
import Foundation

/// The server's half of RespondToAuthChallenge with `PASSWORD_VERIFIER`: check the client's
/// `PASSWORD_CLAIM_SIGNATURE`.
///
/// Cognito's SRP has no `M1`/`M2` exchange. Instead, both sides derive a 16-byte key
/// `K = HKDF-SHA256(ikm: pad(S), salt: pad(u), info: "Caldera Derived Key")` from the SRP secret `S`,
/// and the client proves it has `K` (so knows the password) by sending
/// `base64(HMAC-SHA256(K, poolName | userId | secretBlock | timestamp))`.
/// The server gets the same `S` as `(A·v^u)^b mod N`, without the password.
public enum SRPPasswordClaim {
    /// Whether `signature` proves knowledge of the password behind `verifier` for this challenge.
    ///
    /// This checks the cryptography only. The caller must also check that `timestamp` is fresh
    /// (``CognitoTimestamp/isFresh(_:now:tolerance:)``), that the challenge has not expired or been
    /// used, and that `USERNAME` and the app client match the challenge (see ``SRPChallengeState``).
    ///
    /// - Parameters:
    ///   - signature: `PASSWORD_CLAIM_SIGNATURE`, standard base64 of 32 bytes.
    ///   - timestamp: `TIMESTAMP` exactly as received; the signature covers its bytes.
    ///   - secretBlock: `PASSWORD_CLAIM_SECRET_BLOCK` decoded from base64, exactly as received.
    ///   - poolName: the pool id after its underscore.
    ///   - userId: the `USER_ID_FOR_SRP` that was sent with the challenge.
    ///   - verifier: the user's stored verifier, read again now.
    ///   - state: what was kept from the challenge.
    /// - Returns: `false` for any malformed input; the signature comparison takes constant time.
    public static func isValid(
        signature: String,
        timestamp: String,
        secretBlock: [UInt8],
        poolName: String,
        userId: String,
        verifier: [UInt8],
        state: SRPChallengeState
    ) -> Bool {
        guard let claimed = Data(base64Encoded: signature), claimed.count == SHA256.byteCount,
              let key = sessionKey(verifier: verifier, state: state)
        else { return false }
        let message = Self.message(poolName: poolName, userId: userId, secretBlock: secretBlock, timestamp: timestamp)
        // swift-crypto compares MACs in constant time.
        return HMAC<SHA256>.isValidAuthenticationCode(claimed, authenticating: message, using: key)
    }

    /// The bytes the client signs: `poolName | userId | secretBlock | timestamp`, strings as UTF-8.
    static func message(poolName: String, userId: String, secretBlock: [UInt8], timestamp: String) -> [UInt8] {
        Array(poolName.utf8) + Array(userId.utf8) + secretBlock + Array(timestamp.utf8)
    }

    /// `K`, or `nil` when the state or verifier is out of range.
    static func sessionKey(verifier: [UInt8], state: SRPChallengeState) -> SymmetricKey? {
        let group = SRPGroup.cognito
        guard let a = SRPEncoding.integer(state.clientPublicKey),
              let bigB = SRPEncoding.integer(state.serverPublicKey),
              let v = SRPEncoding.integer(verifier),
              SRPServerChallenge.isValidPublicValue(a, in: group),
              SRPServerChallenge.isValidPublicValue(bigB, in: group),
              SRPServerChallenge.isValidPublicValue(v, in: group),
              // A challenge never keeps a longer b; the bound caps the exponentiation's cost.
              state.serverPrivateKey.count <= group.byteCount,
              !SRPServerChallenge.isAllZero(state.serverPrivateKey)
        else { return nil }
        let u = scramblingParameter(clientPublicValue: a, serverPublicValue: bigB)
        guard !u.isZero else { return nil }
        let s = premasterSecret(
            clientPublicValue: a, verifier: v, scramblingParameter: u, serverPrivateKey: state.serverPrivateKey, group: group
        )
        return derivedKey(premasterSecret: s, scramblingParameter: u)
    }

    /// `u = H(pad(A) | pad(B))`, read as an integer.
    static func scramblingParameter(clientPublicValue a: UInt3072, serverPublicValue bigB: UInt3072) -> UInt3072 {
        SRPEncoding.hashInteger(SRPEncoding.padded(a), SRPEncoding.padded(bigB))
    }

    /// `S = (A·v^u)^b mod N`: the client reaches the same value as `(B − k·g^x)^(a + u·x) mod N`.
    static func premasterSecret(
        clientPublicValue a: UInt3072, verifier v: UInt3072, scramblingParameter u: UInt3072,
        serverPrivateKey b: [UInt8], group: SRPGroup
    ) -> UInt3072 {
        let base = group.modulus.multiply(a, group.power(v, SRPEncoding.hashExponent(u)))
        return group.power(base, b)
    }

    /// `K = HKDF-SHA256(ikm: pad(S), salt: pad(u), info: "Caldera Derived Key", length: 16)`.
    /// Cognito's clients compute one HKDF block by hand (`HMAC(HMAC(salt, ikm), info | 0x01)[..16]`),
    /// which is exactly RFC 5869 HKDF with a 16-byte output.
    static func derivedKey(premasterSecret s: UInt3072, scramblingParameter u: UInt3072) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SymmetricKey(data: SRPEncoding.padded(s)),
            salt: SRPEncoding.padded(u),
            info: Array("Caldera Derived Key".utf8),
            outputByteCount: 16
        )
    }
}

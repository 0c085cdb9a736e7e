/// The server's half of InitiateAuth with `USER_SRP_AUTH`: from the client's `SRP_A` and the stored
/// verifier, make `B` for the PASSWORD_VERIFIER challenge.
///
/// The server randomness `b` is passed in rather than drawn here so that tests are deterministic;
/// production callers must draw ``recommendedServerPrivateKeyByteCount`` bytes from a CSPRNG
/// (`SystemRandomNumberGenerator`) for every challenge, and draw again on
/// ``SRPError/degenerateServerKey``.
///
/// The other challenge parameters come from the caller: `USER_ID_FOR_SRP`, `SALT`
/// (``SRPVerifier/saltHex(_:)``) and the opaque base64 `SECRET_BLOCK` (see ``SRPChallengeState``).
public struct SRPServerChallenge: Sendable, Hashable {
    /// The `SRP_B` challenge parameter: `B` as shortest lowercase hex (clients read it as an integer).
    public let serverPublicKeyHex: String
    /// What to keep for ``SRPPasswordClaim/isValid(signature:timestamp:secretBlock:poolName:userId:verifier:state:)``.
    public let state: SRPChallengeState

    /// RFC 5054 asks for a `b` of at least 256 bits.
    public static let minimumServerPrivateKeyByteCount = 32
    /// What to draw for `b`: 256 bits, the RFC's minimum, keeps the two exponentiations per login short.
    public static let recommendedServerPrivateKeyByteCount = 32

    /// Computes `B = (k·v + g^b) mod N`.
    ///
    /// - Parameters:
    ///   - verifier: the user's stored verifier (``SRPVerifier/verifier(poolName:userId:password:salt:)``).
    ///   - clientPublicKeyHex: the `SRP_A` auth parameter, hex as the client sent it.
    ///   - serverPrivateKey: `b`, 32 to 384 random bytes from a CSPRNG.
    /// - Throws: ``SRPError/invalidClientPublicKey`` (reject the request),
    ///   ``SRPError/degenerateServerKey`` (retry with a new `b`), or a caller error.
    public init(verifier: [UInt8], clientPublicKeyHex: String, serverPrivateKey: [UInt8]) throws(SRPError) {
        let group = SRPGroup.cognito
        // Leading zeros are harmless but a longer SRP_A cannot be below N: cap the work we do on it.
        guard let a = SRPEncoding.integer(fromHex: clientPublicKeyHex, maxDigits: 4 * group.byteCount),
              Self.isValidPublicValue(a, in: group)
        else { throw .invalidClientPublicKey }
        guard let v = SRPEncoding.integer(verifier), Self.isValidPublicValue(v, in: group) else { throw .invalidVerifier }
        guard serverPrivateKey.count >= Self.minimumServerPrivateKeyByteCount,
              serverPrivateKey.count <= group.byteCount,
              !Self.isAllZero(serverPrivateKey)
        else { throw .invalidServerPrivateKey }

        let bigB = Self.serverPublicValue(verifier: v, serverPrivateKey: serverPrivateKey, group: group)
        // Clients abort on B ≡ 0 and on u = 0; find out now, while a new b can still be chosen.
        guard !bigB.isZero else { throw .degenerateServerKey }
        guard !SRPPasswordClaim.scramblingParameter(clientPublicValue: a, serverPublicValue: bigB).isZero
        else { throw .degenerateServerKey }

        serverPublicKeyHex = SRPEncoding.hex(bigB)
        state = SRPChallengeState(
            clientPublicKey: SRPEncoding.minimalBytes(a),
            serverPrivateKey: serverPrivateKey,
            serverPublicKey: SRPEncoding.minimalBytes(bigB)
        )
    }

    /// `B = (k·v + g^b) mod N`.
    static func serverPublicValue(verifier v: UInt3072, serverPrivateKey b: [UInt8], group: SRPGroup) -> UInt3072 {
        let gb = group.power(group.generator, b)
        return group.modulus.add(group.modulus.multiply(group.multiplier, v), gb)
    }

    /// `A` and `v` must be in `1 ..< N`: `A ≡ 0 (mod N)` is the SRP-6a attack, and honest values are reduced.
    static func isValidPublicValue(_ value: UInt3072, in group: SRPGroup) -> Bool {
        !value.isZero && value < group.prime
    }

    /// Whether `b`'s bytes are all zero, reading all of them: `b` is secret, and an early exit
    /// would tell how many of its leading bytes are zero.
    static func isAllZero(_ bytes: [UInt8]) -> Bool {
        bytes.reduce(0, |) == 0
    }
}

/// What the server must keep from InitiateAuth (USER_SRP_AUTH) until RespondToAuthChallenge
/// (PASSWORD_VERIFIER), for the SRP maths.
///
/// RespondToAuthChallenge does not resend `SRP_A`, and `b` is the server's secret, so both must
/// survive between the two calls; `B` could be recomputed from `b` and the verifier but that is a
/// 3072-bit exponentiation, so it is kept too. Together about 800 bytes.
///
/// Keep it where the client cannot read or change it: `b` is a secret (with it and a captured
/// exchange, the session key can be recomputed), and a client that could pick `b` or swap `A` could
/// replay an old, valid signature. Either seal it (AEAD, e.g. AES-GCM under a server key) into the
/// opaque `SECRET_BLOCK` the client echoes back as `PASSWORD_CLAIM_SECRET_BLOCK` — pycognito
/// answers PASSWORD_VERIFIER without a `Session`, so the echoed secret block (with `USERNAME`) is all
/// that reliably comes back — or store it in a database row keyed by a random secret block.
///
/// Besides this value, the caller must also keep, in the same sealed token or row:
/// - the `USER_ID_FOR_SRP` it sent and the pool and app client the challenge was for (and check them
///   against the second request's `USERNAME` and `ClientId`);
/// - when the challenge was issued, to expire it (a few minutes);
/// - a single-use marker (the token's id in a "used" table, or delete the row): a valid signature
///   must not be accepted twice.
///
/// The salt and verifier are not part of it: read them again from the user's record when verifying,
/// so a password changed in between makes the old challenge fail.
public struct SRPChallengeState: Sendable, Hashable {
    /// The client's `A`, minimal big-endian bytes.
    public let clientPublicKey: [UInt8]
    /// The server's secret `b`, as passed to ``SRPServerChallenge/init(verifier:clientPublicKeyHex:serverPrivateKey:)``.
    public let serverPrivateKey: [UInt8]
    /// The server's `B = (k·v + g^b) mod N`, minimal big-endian bytes.
    public let serverPublicKey: [UInt8]

    /// Rebuilds the state from what was persisted. The values are checked again when verifying.
    public init(clientPublicKey: [UInt8], serverPrivateKey: [UInt8], serverPublicKey: [UInt8]) {
        self.clientPublicKey = clientPublicKey
        self.serverPrivateKey = serverPrivateKey
        self.serverPublicKey = serverPublicKey
    }
}

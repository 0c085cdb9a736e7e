/// Why an SRP step was refused.
public enum SRPError: Error, Sendable, Hashable {
    /// `SRP_A` is not hex, is zero modulo `N`, or is not below `N`. SRP-6a requires the server to
    /// abort on `A ≡ 0 (mod N)`: with it, the session key is 0 whatever the password, so anyone
    /// could "prove" any password. Honest clients compute `A = g^a mod N`, so `A ≥ N` never comes
    /// from one either. Answer the request with an error; do not retry.
    case invalidClientPublicKey
    /// `B ≡ 0 (mod N)` or `u = 0` for this `b`. Clients abort on either (SRP-6a), so pick a fresh `b`
    /// and call again; it happens with probability about 2⁻²⁵⁶.
    case degenerateServerKey
    /// `b` is shorter than ``SRPServerChallenge/minimumServerPrivateKeyByteCount`` bytes, longer
    /// than `N`, or zero: a programming error in the caller, not a client's fault.
    case invalidServerPrivateKey
    /// The stored verifier is zero or not below `N`: the user's record is corrupt.
    case invalidVerifier
}

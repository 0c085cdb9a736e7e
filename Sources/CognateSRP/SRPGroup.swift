/// The SRP-6a group every Cognito client uses: RFC 5054's 3072-bit prime `N` with generator `g = 2`.
///
/// There is nothing to negotiate: amazon-cognito-identity-js's `AuthenticationHelper`, Amplify and
/// pycognito all hard-code this group, so a Cognito-compatible server must use exactly it.
/// The multiplier `k` is the SRP-6a one, `k = H(pad(N) | pad(g))`, with Cognito's padding
/// (see ``SRPEncoding``): `pad(N)` is `00` followed by the 384 bytes of `N` (its top bit is set) and
/// `pad(g)` is the single byte `02`.
public struct SRPGroup: Sendable, Hashable {
    /// The safe prime `N`.
    public let prime: UInt3072
    /// The generator `g`.
    public let generator: UInt3072
    /// The SRP-6a multiplier `k = H(pad(N) | pad(g))`, as an integer.
    public let multiplier: UInt3072
    /// Bytes in `N` (384). No public value of this group is longer, which bounds what we parse.
    public let byteCount: Int
    /// Arithmetic modulo `N`: `(k·v + g^b) mod N` and `A·v^u mod N` use it directly.
    package let modulus: MontgomeryModulus

    /// `base^exponent mod N`, with `exponent` as big-endian bytes. All of SRP's cost is here (one
    /// exponentiation per verifier and per challenge, two per verification), so every caller goes
    /// through this one function and the arithmetic behind it can be replaced in one place.
    ///
    /// The time depends on the exponent's length in bytes, not on its value (see
    /// ``MontgomeryModulus/power(_:_:)`` for the details and limits). The secret exponents are
    /// `x` (at sign-up) and the per-challenge `b`; pass them at a fixed length: hash outputs as
    /// their 32 bytes (``SRPEncoding/hashExponent(_:)``), `b` as drawn.
    package func power(_ base: UInt3072, _ exponent: [UInt8]) -> UInt3072 {
        modulus.power(base, exponent)
    }

    /// The 3072-bit group from RFC 5054, appendix A, as used by Cognito.
    public static let cognito: SRPGroup = {
        let primeHex =
            "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74"
            + "020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F1437"
            + "4FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"
            + "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF05"
            + "98DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB"
            + "9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B"
            + "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF695581718"
            + "3995497CEA956AE515D2261898FA051015728E5A8AAAC42DAD33170D04507A33"
            + "A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7"
            + "ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864"
            + "D87602733EC86A64521F2B18177B200CBBE117577A615D6C770988C0BAD946E2"
            + "08E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF"
        // A literal of the RFC: parsing it cannot fail.
        let prime = SRPEncoding.integer(fromHex: primeHex)!
        let generator = UInt3072(2)
        let multiplier = SRPEncoding.hashInteger(SRPEncoding.padded(prime), SRPEncoding.padded(generator))
        return SRPGroup(
            prime: prime, generator: generator, multiplier: multiplier, byteCount: UInt3072.byteCount,
            modulus: MontgomeryModulus(modulus: prime)
        )
    }()
}

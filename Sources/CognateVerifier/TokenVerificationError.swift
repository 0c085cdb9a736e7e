/// Why a token was refused. Each failure has its own case, so that logs and tests can tell a forged
/// token from an expired one without parsing messages.
public enum TokenVerificationError: Error, Sendable, Equatable {
    /// Not three base64url parts of JSON.
    case malformed
    /// `alg` is not RS256 (`none`, HS256 and the rest are refused whatever the key).
    case unsupportedAlgorithm(String)
    /// No key of the issuer's JWKS has this `kid`, even after fetching the set again.
    case unknownKey(String)
    case invalidSignature
    case wrongIssuer(String)
    case expired
    /// `nbf` is in the future.
    case notYetValid
    /// An ID token where an access token was expected, or the reverse.
    case wrongTokenUse(String)
    /// The access token's `client_id` or the ID token's `aud` is not one of the accepted clients.
    case wrongClient(String)
    case missingScope(String)
    /// The user is in none of the required groups.
    case missingGroup
    /// The issuer's discovery document or JWKS could not be fetched or read.
    case keysUnavailable(String)
}

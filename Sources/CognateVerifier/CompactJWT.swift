import CognateJSON
import Foundation

/// A JWS in compact serialization, split and decoded but not yet trusted.
struct CompactJWT {
    let algorithm: String
    let keyId: String
    let claims: [String: JSONValue]
    /// `header.payload`, the bytes the signature covers.
    let signingInput: [UInt8]
    let signature: [UInt8]

    init(_ token: String) throws(TokenVerificationError) {
        guard let parts = JWTParts(token), case .object(let headerFields)? = try? JSONValue.parse(parts.header),
            case .object(let claims)? = try? JSONValue.parse(parts.payload)
        else { throw .malformed }
        guard case .string(let algorithm)? = headerFields["alg"] else { throw .malformed }
        self.algorithm = algorithm
        if case .string(let kid)? = headerFields["kid"] {
            keyId = kid
        } else if algorithm == "RS256" {
            throw .malformed  // Cognito always names the key
        } else {
            keyId = ""
        }
        self.claims = claims
        self.signingInput = parts.signingInput
        self.signature = parts.signature
    }
}

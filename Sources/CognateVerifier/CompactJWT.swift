import CognateJSON
import Foundation

/// A JWS in compact serialization, split and decoded but not yet trusted.
struct CompactJWT {
    let algorithm: String
    let keyId: String
    let claims: [String: JSONValue]
    /// `header.payload`, the bytes the signature covers.
    let signingInput: Data
    let signature: Data

    init(_ token: String) throws(TokenVerificationError) {
        let parts = token.split(separator: ".", maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count == 3, let headerBytes = Base64URL.decode(parts[0]), let payloadBytes = Base64URL.decode(parts[1]),
            let signatureBytes = Base64URL.decode(parts[2]),
            case .object(let headerFields)? = try? JSONValue.parse(Array(headerBytes)),
            case .object(let claims)? = try? JSONValue.parse(Array(payloadBytes))
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
        self.signingInput = Data(token.utf8.prefix(parts[0].utf8.count + 1 + parts[1].utf8.count))
        self.signature = signatureBytes
    }
}

import Crypto
import Foundation
import _CryptoExtras

/// Which tokens a key signs: Cognito keeps separate keys for ID and access tokens.
public enum TokenUse: String, Codable, Sendable {
    case id
    case access
}

/// A pool's RS256 signing key as stored: the private key sealed, the public half as a JWK.
struct StoredSigningKey: Codable, Sendable {
    static let kind = PoolResourceKind(rawValue: "signing_key")

    let kid: String
    let use: TokenUse
    let sealedPrivateKey: String
    let jwk: JSONWebKey
    let createdAt: Date
    /// Set by rotation: the key no longer signs, but stays published until tokens it signed expire.
    var retiredAt: Date?
}

/// A public key in a JWKS, with the members Cognito publishes.
public struct JSONWebKey: Codable, Sendable, Equatable {
    public let alg: String
    public let e: String
    public let kid: String
    public let kty: String
    public let n: String
    public let use: String

    init(kid: String, publicKey: _RSA.Signing.PublicKey) throws {
        let primitives = try publicKey.getKeyPrimitives()
        self.alg = "RS256"
        self.e = Base64URL.encode(primitives.publicExponent)
        self.kid = kid
        self.kty = "RSA"
        self.n = Base64URL.encode(primitives.modulus)
        self.use = "sig"
    }
}

/// An unsealed key, ready to sign.
struct ActiveSigningKey: Sendable {
    let kid: String
    let privateKey: _RSA.Signing.PrivateKey

    /// A JWT: `base64url(header).base64url(payload).base64url(RS256 signature)`.
    func sign(payload: Data) throws -> String {
        let header = Data(#"{"kid":"\#(kid)","alg":"RS256"}"#.utf8)
        let signingInput = Base64URL.encode(header) + "." + Base64URL.encode(payload)
        let signature = try privateKey.signature(for: Data(signingInput.utf8), padding: .insecurePKCS1v1_5)
        return signingInput + "." + Base64URL.encode(signature.rawRepresentation)
    }
}

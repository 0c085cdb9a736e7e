import CognateCore
import CognateJSON
import CognateVerifier
import Foundation
import _CryptoExtras

/// Verifies a Cognito-sized RS256 access token with `CognateVerifier` and a warm key cache, for
/// `cognate bench`: what an API pays per authenticated request.
struct VerifierBenchmark {
    let verifier: CognitoTokenVerifier
    let token: String

    init() async throws {
        let key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let primitives = try key.publicKey.getKeyPrimitives()
        let jwks = JSONValue.object(["keys": .array([.object([
            "kty": .string("RSA"), "alg": .string("RS256"), "use": .string("sig"), "kid": .string("bench"),
            "n": .string(Base64URL.encode(primitives.modulus)), "e": .string(Base64URL.encode(primitives.publicExponent)),
        ])])])
        let issuer = "http://127.0.0.1:9229/us-east-1_AAAAAAAAA"
        let now = Int64(Date().timeIntervalSince1970)
        let claims = JSONValue.object([
            "sub": .string(RandomUUID.string()), "iss": .string(issuer), "client_id": .string("abcdefghijklmnopqrstuvwxyz"),
            "origin_jti": .string(RandomUUID.string()), "event_id": .string(RandomUUID.string()),
            "token_use": .string("access"), "scope": .string("aws.cognito.signin.user.admin"), "auth_time": .integer(now),
            "exp": .integer(now + 3600), "iat": .integer(now), "jti": .string(RandomUUID.string()), "username": .string("alice"),
        ])
        let input = Base64URL.encode(Array(#"{"kid":"bench","alg":"RS256"}"#.utf8)) + "." + Base64URL.encode(claims.serialized)
        let signature = try key.signature(for: Data(input.utf8), padding: .insecurePKCS1v1_5)
        token = input + "." + Base64URL.encode(signature.rawRepresentation)
        verifier = CognitoTokenVerifier(issuer: issuer, clientIds: ["abcdefghijklmnopqrstuvwxyz"], keySource: StaticKeySource(jwks: Data(jwks.serialized)))
        _ = try await verifier.verifyAccessToken(token)  // warm the key cache
    }

    /// Verifications per second on this task's thread, over about `seconds`.
    func rate(_ seconds: Double) async throws -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        var count = 0
        while true {
            _ = try await verifier.verifyAccessToken(token)
            count += 1
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            if elapsed >= seconds { return Double(count) / elapsed }
        }
    }
}

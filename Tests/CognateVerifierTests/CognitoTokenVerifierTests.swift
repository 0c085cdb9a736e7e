import CognateJSON
import Crypto
import Foundation
import Synchronization
import Testing
import _CryptoExtras

@testable import CognateVerifier

/// The verifier against tokens signed here with real RSA keys: each way a token can be wrong fails
/// with its own error, and a rotated key is picked up by refetching the set.
@Suite struct CognitoTokenVerifierTests {
    static let issuer = "http://127.0.0.1:9229/us-east-1_Test00001"
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    /// A JWKS that can change between fetches, counting them (the issuer rotating its keys).
    final class RotatingKeys: KeySource, Sendable {
        let keys = Mutex<[(kid: String, key: _RSA.Signing.PrivateKey)]>([])
        let fetchCount = Atomic(0)

        func add() throws -> (kid: String, key: _RSA.Signing.PrivateKey) {
            let entry = (kid: "kid-\(UUID().uuidString)", key: try _RSA.Signing.PrivateKey(keySize: .bits2048))
            keys.withLock { $0.append(entry) }
            return entry
        }

        func jsonWebKeySet() async throws -> Data {
            fetchCount.add(1, ordering: .relaxed)
            let entries = try keys.withLock { keys in
                try keys.map { entry -> JSONValue in
                    let primitives = try entry.key.publicKey.getKeyPrimitives()
                    return .object([
                        "kty": .string("RSA"), "alg": .string("RS256"), "use": .string("sig"), "kid": .string(entry.kid),
                        "n": .string(Base64URL.encode(primitives.modulus)), "e": .string(Base64URL.encode(primitives.publicExponent)),
                    ])
                }
            }
            return Data(JSONValue.object(["keys": .array(entries)]).serialized)
        }
    }

    static func sign(_ claims: [String: JSONValue], kid: String, key: _RSA.Signing.PrivateKey, alg: String = "RS256") throws -> String {
        let header = Base64URL.encode(JSONValue.object(["alg": .string(alg), "kid": .string(kid)]).serialized)
        let input = header + "." + Base64URL.encode(JSONValue.object(claims).serialized)
        let signature = try key.signature(for: Data(input.utf8), padding: .insecurePKCS1v1_5)
        return input + "." + Base64URL.encode(signature.rawRepresentation)
    }

    static func accessClaims(_ changes: [String: JSONValue] = [:]) -> [String: JSONValue] {
        let iat = Int64(now.timeIntervalSince1970)
        return [
            "sub": .string("sub-1"), "iss": .string(issuer), "client_id": .string("client-a"), "token_use": .string("access"),
            "scope": .string("openid email https://api.example/read"), "auth_time": .integer(iat), "iat": .integer(iat),
            "exp": .integer(iat + 3600), "jti": .string("jti-1"), "username": .string("alice"),
            "cognito:groups": .array([.string("admins")]),
        ].merging(changes) { _, new in new }
    }

    static func idClaims(_ changes: [String: JSONValue] = [:]) -> [String: JSONValue] {
        let iat = Int64(now.timeIntervalSince1970)
        return [
            "sub": .string("sub-1"), "iss": .string(issuer), "aud": .string("client-a"), "token_use": .string("id"),
            "cognito:username": .string("alice"), "email": .string("alice@example.com"), "email_verified": .bool(true),
            "custom:tier": .string("gold"), "iat": .integer(iat), "exp": .integer(iat + 3600), "auth_time": .integer(iat),
        ].merging(changes) { _, new in new }
    }

    func verifier(_ keys: RotatingKeys, refetch: Duration = .seconds(30)) -> CognitoTokenVerifier {
        CognitoTokenVerifier(
            issuer: Self.issuer, clientIds: ["client-a"], leeway: 5, refetchInterval: refetch, keySource: keys, now: { Self.now }
        )
    }

    @Test func acceptsValidTokensWithTheirClaims() async throws {
        let keys = RotatingKeys()
        let (kid, key) = try keys.add()
        let verifier = verifier(keys)
        let access = try await verifier.verifyAccessToken(
            try Self.sign(Self.accessClaims(), kid: kid, key: key), requiredScopes: ["openid"], requiredGroups: ["admins", "other"]
        )
        #expect(access.subject == "sub-1" && access.clientId == "client-a" && access.username == "alice")
        #expect(access.scopes == ["openid", "email", "https://api.example/read"] && access.groups == ["admins"])
        let id = try await verifier.verifyIdToken(try Self.sign(Self.idClaims(), kid: kid, key: key))
        #expect(id.email == "alice@example.com" && id.emailVerified == true && id.username == "alice")
        #expect(id.customAttributes == ["custom:tier": "gold"])
    }

    @Test func refusesEachKindOfBadTokenWithItsOwnError() async throws {
        let keys = RotatingKeys()
        let (kid, key) = try keys.add()
        let verifier = verifier(keys)
        func access(_ token: String) async -> TokenVerificationError? {
            do {
                _ = try await verifier.verifyAccessToken(token, requiredScopes: [])
                return nil
            } catch { return error }
        }
        let iat = Int64(Self.now.timeIntervalSince1970)
        #expect(await access(try Self.sign(Self.accessClaims(["exp": .integer(iat - 10)]), kid: kid, key: key)) == .expired)
        #expect(await access(try Self.sign(Self.accessClaims(["exp": .integer(iat - 3)]), kid: kid, key: key)) == nil, "within leeway")
        #expect(await access(try Self.sign(Self.accessClaims(["nbf": .integer(iat + 60)]), kid: kid, key: key)) == .notYetValid)
        #expect(await access(try Self.sign(Self.accessClaims(["iss": .string("https://evil.example/p")]), kid: kid, key: key))
            == .wrongIssuer("https://evil.example/p"))
        #expect(await access(try Self.sign(Self.accessClaims(["client_id": .string("client-b")]), kid: kid, key: key)) == .wrongClient("client-b"))
        #expect(await access(try Self.sign(Self.idClaims(), kid: kid, key: key)) == .wrongTokenUse("id"))
        #expect(await access("not.a.token") == .malformed)
        #expect(await access("onlyonepart") == .malformed)

        // alg "none": no signature at all.
        let none = Base64URL.encode(Array(#"{"alg":"none","kid":"x"}"#.utf8)) + "." + Base64URL.encode(JSONValue.object(Self.accessClaims()).serialized) + "."
        #expect(await access(none) == .unsupportedAlgorithm("none"))
        // HS256 "signed" with the public key as the HMAC secret (the classic key-confusion attack).
        let publicKey = Data(key.publicKey.pemRepresentation.utf8)
        let hsInput = Base64URL.encode(Array(#"{"alg":"HS256","kid":"\#(kid)"}"#.utf8)) + "." + Base64URL.encode(JSONValue.object(Self.accessClaims()).serialized)
        let mac = HMAC<SHA256>.authenticationCode(for: Data(hsInput.utf8), using: SymmetricKey(data: publicKey))
        #expect(await access(hsInput + "." + Base64URL.encode(Array(mac))) == .unsupportedAlgorithm("HS256"))

        // A valid token with its payload changed.
        let valid = try Self.sign(Self.accessClaims(), kid: kid, key: key).split(separator: ".")
        let forged = valid[0] + "." + Base64URL.encode(JSONValue.object(Self.accessClaims(["sub": .string("mallory")])).serialized) + "." + valid[2]
        #expect(await access(String(forged)) == .invalidSignature)
        // Signed by a key the issuer never published.
        let stranger = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        #expect(await access(try Self.sign(Self.accessClaims(), kid: "unknown", key: stranger)) == .unknownKey("unknown"))
        #expect(await access(try Self.sign(Self.accessClaims(), kid: kid, key: stranger)) == .invalidSignature)

        await #expect(throws: TokenVerificationError.missingScope("admin")) {
            try await verifier.verifyAccessToken(try Self.sign(Self.accessClaims(), kid: kid, key: key), requiredScopes: ["admin"])
        }
        await #expect(throws: TokenVerificationError.missingGroup) {
            try await verifier.verifyAccessToken(try Self.sign(Self.accessClaims(), kid: kid, key: key), requiredGroups: ["editors"])
        }
        await #expect(throws: TokenVerificationError.wrongClient("client-b")) {
            try await verifier.verifyIdToken(try Self.sign(Self.idClaims(["aud": .string("client-b")]), kid: kid, key: key))
        }
    }

    @Test func rateLimitsRefetchesForUnknownKeys() async throws {
        let keys = RotatingKeys()
        let (kid, key) = try keys.add()
        let verifier = verifier(keys, refetch: .seconds(3600))
        _ = try await verifier.verifyAccessToken(try Self.sign(Self.accessClaims(), kid: kid, key: key))
        #expect(keys.fetchCount.load(ordering: .relaxed) == 1)
        // Forged kids within the interval cost no fetch: a flood of them cannot flood the issuer.
        for index in 0..<20 {
            await #expect(throws: TokenVerificationError.unknownKey("forged-\(index)")) {
                try await verifier.verifyAccessToken(try Self.sign(Self.accessClaims(), kid: "forged-\(index)", key: key))
            }
        }
        #expect(keys.fetchCount.load(ordering: .relaxed) == 1)
    }

    @Test func picksUpARotatedKeyWithoutARestart() async throws {
        let keys = RotatingKeys()
        let (kid, key) = try keys.add()
        let verifier = verifier(keys, refetch: .milliseconds(100))
        _ = try await verifier.verifyAccessToken(try Self.sign(Self.accessClaims(), kid: kid, key: key))
        let (newKid, newKey) = try keys.add()
        try await Task.sleep(for: .milliseconds(150))
        let rotated = try await verifier.verifyAccessToken(try Self.sign(Self.accessClaims(["jti": .string("new")]), kid: newKid, key: newKey))
        #expect(rotated.tokenId == "new")
        #expect(keys.fetchCount.load(ordering: .relaxed) == 2)
        _ = try await verifier.verifyAccessToken(try Self.sign(Self.accessClaims(), kid: kid, key: key))  // the old key still works
        #expect(keys.fetchCount.load(ordering: .relaxed) == 2, "known keys need no fetch")
    }

    /// Tokens shaped exactly as Amazon Cognito issues them (its claim set, its issuer form, its JWKS
    /// members); the live check against AWS itself cannot run offline.
    @Test func verifiesTokensShapedAsAmazonCognitoIssuesThem() async throws {
        let keys = RotatingKeys()
        let (kid, key) = try keys.add()
        let issuer = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEfGhI"
        let verifier = CognitoTokenVerifier(issuer: issuer, clientIds: ["1example23456789"], keySource: keys, now: { Self.now })
        let iat = Int64(Self.now.timeIntervalSince1970)
        let access: [String: JSONValue] = [
            "sub": .string("aaaaaaaa-bbbb-cccc-dddd-example"), "cognito:groups": .array([.string("admin")]), "iss": .string(issuer),
            "version": .integer(2), "client_id": .string("1example23456789"), "origin_jti": .string("aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"),
            "event_id": .string("bbbbbbbb-cccc-dddd-eeee-ffffffffffff"), "token_use": .string("access"),
            "scope": .string("aws.cognito.signin.user.admin phone openid profile email"), "auth_time": .integer(iat),
            "exp": .integer(iat + 3600), "iat": .integer(iat), "jti": .string("cccccccc-dddd-eeee-ffff-gggggggggggg"),
            "username": .string("my-test-user"),
        ]
        let verified = try await verifier.verifyAccessToken(try Self.sign(access, kid: kid, key: key), requiredScopes: ["openid"])
        #expect(verified.username == "my-test-user" && verified.groups == ["admin"])
        let id: [String: JSONValue] = [
            "at_hash": .string("cccccccc"), "sub": .string("aaaaaaaa-bbbb-cccc-dddd-example"), "cognito:groups": .array([.string("admin")]),
            "email_verified": .bool(true), "iss": .string(issuer), "cognito:username": .string("my-test-user"),
            "origin_jti": .string("aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"), "aud": .string("1example23456789"),
            "event_id": .string("bbbbbbbb-cccc-dddd-eeee-ffffffffffff"), "token_use": .string("id"), "auth_time": .integer(iat),
            "exp": .integer(iat + 3600), "iat": .integer(iat), "jti": .string("dddddddd-eeee-ffff-gggg-hhhhhhhhhhhh"),
            "email": .string("my-test-user@example.com"),
        ]
        let identity = try await verifier.verifyIdToken(try Self.sign(id, kid: kid, key: key), requiredGroups: ["admin"])
        #expect(identity.email == "my-test-user@example.com" && identity.emailVerified == true && identity.groups == ["admin"])
    }
}

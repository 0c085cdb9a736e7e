import Crypto
import Foundation
import Testing

@testable import CognateCore

/// Pure OAuth rules: PKCE, form encoding, redirects, client authentication, sealed cookies.
@Suite struct OAuthRulesTests {
    @Test func pkceMatchesRFC7636AppendixB() {
        let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
        let challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        #expect(PKCE.isWellFormedVerifier(verifier))
        #expect(PKCE.isWellFormedChallenge(challenge))
        #expect(PKCE.verifies(verifier, challenge: challenge))
        #expect(!PKCE.verifies(verifier + "x", challenge: challenge))
        #expect(!PKCE.verifies(challenge, challenge: challenge))  // `plain` would pass this; S256 must not
    }

    @Test func pkceRefusesMalformedVerifiersAndChallenges() {
        #expect(!PKCE.isWellFormedVerifier(String(repeating: "a", count: 42)))
        #expect(PKCE.isWellFormedVerifier(String(repeating: "a", count: 43)))
        #expect(PKCE.isWellFormedVerifier(String(repeating: "~", count: 128)))
        #expect(!PKCE.isWellFormedVerifier(String(repeating: "a", count: 129)))
        #expect(!PKCE.isWellFormedVerifier(String(repeating: "a", count: 42) + "+"))
        #expect(!PKCE.isWellFormedChallenge("short"))
        #expect(!PKCE.isWellFormedChallenge(String(repeating: "=", count: 43)))
    }

    @Test func formEncodingDecodesAsBrowsersEncode() {
        let decoded = FormEncoding.decode("scope=openid+email&redirect_uri=http%3A%2F%2Fa%2Fcb%3Fx%3D1&state=a&state=b&empty")
        #expect(decoded["scope"] == "openid email")
        #expect(decoded["redirect_uri"] == "http://a/cb?x=1")
        #expect(decoded["state"] == "a")  // a repeated parameter cannot override the first
        #expect(decoded["empty"] == "")
        #expect(FormEncoding.decode("a=%E2%82%AC%2b&b=100%25&c=%zz%2&d=%")["a"] == "€+")
        #expect(FormEncoding.decode("a=%E2%82%AC%2b&b=100%25&c=%zz%2&d=%")["b"] == "100%")
        #expect(FormEncoding.decode("a=%E2%82%AC%2b&b=100%25&c=%zz%2&d=%")["c"] == "%zz%2")  // malformed escapes stay as written
        #expect(FormEncoding.decode("a=%E2%82%AC%2b&b=100%25&c=%zz%2&d=%")["d"] == "%")
        let items = [("a b", "c&d=e"), ("ü", "/?#")]
        let round = FormEncoding.decode(FormEncoding.encode(items))
        #expect(round["a b"] == "c&d=e")
        #expect(round["ü"] == "/?#")
    }

    @Test func redirectsPutParametersInTheQueryOrFragmentWithState() {
        let code = AuthorizationRedirect(uri: "https://app.example/cb?tenant=1", inFragment: false, state: "s t")
        #expect(code.url([("code", "abc")]) == "https://app.example/cb?tenant=1&code=abc&state=s%20t")
        let implicit = AuthorizationRedirect(uri: "https://app.example/cb", inFragment: true, state: nil)
        #expect(implicit.url([("access_token", "t")]) == "https://app.example/cb#access_token=t")
    }

    @Test func authorizationRequestsKeepOnlyTheirParameters() {
        let request = AuthorizationRequest(parameters: ["client_id": "c", "state": "", "evil": "x", "scope": "openid"])
        #expect(request.items.map(\.name) == ["client_id", "scope"])
        #expect(request.state == nil)
        #expect(request.query == "client_id=c&scope=openid")
    }

    @Test func clientCredentialsFromBasicOrBody() throws {
        let basic = "Basic " + Data("my%20client:s%3Acret".utf8).base64EncodedString()
        let fromHeader = try OAuthService.ClientCredentials(form: [:], authorization: basic)
        #expect(fromHeader.clientId == "my client")
        #expect(fromHeader.secret == "s:cret")
        #expect(fromHeader.viaBasic)
        let fromBody = try OAuthService.ClientCredentials(form: ["client_id": "c", "client_secret": "s"], authorization: nil)
        #expect(fromBody.clientId == "c" && fromBody.secret == "s" && !fromBody.viaBasic)
        #expect(throws: OAuthError.self) {
            try OAuthService.ClientCredentials(form: ["client_id": "other"], authorization: basic)
        }
        #expect(throws: OAuthError.self) {
            try OAuthService.ClientCredentials(form: ["client_secret": "s"], authorization: basic)
        }
        #expect(throws: OAuthError.self) {
            try OAuthService.ClientCredentials(form: [:], authorization: "Basic !!!")
        }
    }

    @Test func sealedValuesOpenOnlyWithTheirContextAndKey() throws {
        let sealer = KeySealer(masterKey: SymmetricKey(size: .bits256))
        let session = HostedSession(poolId: "p", sub: "s", authTime: Date(timeIntervalSince1970: 1_800_000_000), expiresAt: Date(timeIntervalSince1970: 1_800_003_600))
        let sealed = try sealer.seal(value: session, context: HostedSession.context)
        #expect(sealer.open(HostedSession.self, from: sealed, context: HostedSession.context) == session)
        #expect(sealer.open(HostedSession.self, from: sealed, context: PendingSignUp.context) == nil)
        #expect(KeySealer(masterKey: SymmetricKey(size: .bits256)).open(HostedSession.self, from: sealed, context: HostedSession.context) == nil)
        var tampered = Array(sealed)
        tampered[tampered.count / 2] = tampered[tampered.count / 2] == "A" ? "B" : "A"
        #expect(sealer.open(HostedSession.self, from: String(tampered), context: HostedSession.context) == nil)
    }

    @Test func accessTokenHashIsTheLeftHalfOfSHA256() {
        let token = "eyJhbGciOiJSUzI1NiJ9.e30.c2ln"
        let digest = Array(SHA256.hash(data: Data(token.utf8)))
        #expect(TokenService.leftHalfHash(token) == Base64URL.encode(digest.prefix(16)))
        #expect(TokenService.leftHalfHash(token).count == 22)
    }
}

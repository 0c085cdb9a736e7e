import CognateJSON
import CognateVerifier
import CognateVerifierHummingbird
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The middleware in a real Hummingbird router: a token from the Authorization header or the tutorial's
/// cookie authenticates; a bad token is refused rather than treated as none.
@Suite struct CognitoAuthenticatorTests {
    struct Context: CognitoAuthenticatedRequestContext {
        var coreContext: CoreRequestContextStorage
        var cognitoUser: CognitoAccessToken?
        init(source: Source) { coreContext = .init(source: source) }
    }

    @Test func authenticatesFromTheHeaderOrTheCookie() async throws {
        let keys = CognitoTokenVerifierTests.RotatingKeys()
        let (kid, key) = try keys.add()
        let now = Date()
        let verifier = CognitoTokenVerifier(issuer: CognitoTokenVerifierTests.issuer, clientIds: ["client-a"], keySource: keys, now: { now })
        let iat = Int64(now.timeIntervalSince1970)
        let token = try CognitoTokenVerifierTests.sign(
            CognitoTokenVerifierTests.accessClaims(["iat": .integer(iat), "exp": .integer(iat + 600), "auth_time": .integer(iat)]), kid: kid, key: key
        )
        let router = Router(context: Context.self)
        router.add(middleware: CognitoAuthenticator<Context>(verifier: verifier))
        router.get("/whoami") { _, context in context.cognitoUser?.username ?? "anonymous" }
        router.group("/private").add(middleware: RequireCognitoUser<Context>()).get("/") { _, context in context.cognitoUser?.subject ?? "" }
        let app = Application(router: router)

        try await app.test(.router) { client in
            try await client.execute(uri: "/whoami", method: .get) { response in
                #expect(String(buffer: response.body) == "anonymous")
            }
            try await client.execute(uri: "/whoami", method: .get, headers: [.authorization: "Bearer \(token)"]) { response in
                #expect(String(buffer: response.body) == "alice")
            }
            try await client.execute(uri: "/whoami", method: .get, headers: [.cookie: "other=1; goldstack_access_token=\(token)"]) { response in
                #expect(String(buffer: response.body) == "alice")
            }
            try await client.execute(uri: "/whoami", method: .get, headers: [.authorization: "Bearer \(token)x"]) { response in
                #expect(response.status == .unauthorized, "a bad token is not the same as no token")
            }
            try await client.execute(uri: "/private/", method: .get) { response in
                #expect(response.status == .unauthorized)
            }
            try await client.execute(uri: "/private/", method: .get, headers: [.authorization: "Bearer \(token)"]) { response in
                #expect(response.status == .ok && String(buffer: response.body) == "sub-1")
            }
        }
    }
}

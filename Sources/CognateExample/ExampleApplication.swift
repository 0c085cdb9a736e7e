import CognateVerifier
import CognateVerifierHummingbird
import Foundation
import Hummingbird

/// The tutorial's application: one page, rendered on the server from the tokens in the browser's
/// cookies — verified against the pool's JWKS, never just decoded — and a JSON endpoint that needs a
/// bearer access token.
enum ExampleApplication {
    static func build(settings: ExampleSettings, host: String, port: Int, assets: String) -> some ApplicationProtocol {
        let verifier = CognitoTokenVerifier(issuer: settings.issuer, clientIds: [settings.clientId])
        let router = Router(context: ExampleRequestContext.self)

        router.get("/") { request, _ in try await page(request, settings: settings, verifier: verifier) }
        // The hosted UI returns here with ?code=…&state=…; the browser helper exchanges the code.
        router.get("/callback") { request, _ in try await page(request, settings: settings, verifier: verifier) }

        router.get("/assets/cognate-auth.js") { _, _ in
            let url = URL(fileURLWithPath: assets).appendingPathComponent("cognate-auth.js")
            guard let script = try? Data(contentsOf: url) else {
                throw HTTPError(.notFound, message: "cognate-auth.js is not in \(assets) (start the example from the repository, or pass --assets).")
            }
            return javascript(String(decoding: script, as: UTF8.self))
        }
        router.get("/assets/app.js") { _, _ in javascript(ExamplePage.script) }

        // The protected API: a bearer access token of this pool and client, verified.
        router.group("/api")
            .add(middleware: CognitoAuthenticator<ExampleRequestContext>(verifier: verifier, cookieName: nil))
            .add(middleware: RequireCognitoUser<ExampleRequestContext>())
            .get("/me") { _, context -> Response in
                guard let user = context.cognitoUser else { throw HTTPError(.unauthorized) }
                let body = try JSONEncoder().encode(["sub": user.subject, "username": user.username ?? "", "scope": user.scopes.joined(separator: " ")])
                return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
            }

        return Application(router: router, configuration: .init(address: .hostname(host, port: port), serverName: "cognate-example"))
    }

    /// The page: `Hello <email>` when both cookies hold valid tokens, the Sign In and Register buttons otherwise.
    static func page(_ request: Request, settings: ExampleSettings, verifier: CognitoTokenVerifier) async throws -> Response {
        var email: String?
        if let access = request.cookies["goldstack_access_token"]?.value, let id = request.cookies["goldstack_id_token"]?.value,
            (try? await verifier.verifyAccessToken(access)) != nil, let identity = try? await verifier.verifyIdToken(id)
        {
            email = identity.email ?? identity.username ?? identity.subject
        }
        let html = ExamplePage.render(settings: settings, email: email)
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        headers[.contentSecurityPolicy] = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src \(settings.cognateURL); frame-ancestors 'none'"
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
    }

    static func javascript(_ text: String) -> Response {
        Response(
            status: .ok, headers: [.contentType: "text/javascript; charset=utf-8", .cacheControl: "no-cache"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text))
        )
    }
}

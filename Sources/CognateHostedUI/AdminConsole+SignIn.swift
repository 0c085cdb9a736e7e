import CognateCore
import Foundation
import Hummingbird

/// Signing in to the console with an access key id and its secret (the keys of the signed API), and out.
extension AdminConsole {
    /// The sign-in form's CSRF cookie (double submit): there is no session yet to hold a token.
    static var loginCSRFCookie: String { "cognate-admin-login" }

    func registerSignIn(on router: Router<Context>) {
        router.get("/admin/login") { request, _ -> Response in
            loginPage(request, error: nil, status: .ok)
        }

        router.post("/admin/login") { request, context -> Response in
            let buffer = try await request.body.collect(upTo: 16 * 1024)
            let form = FormEncoding.decode(String(buffer: buffer))
            guard sameOrigin(request), let cookie = request.cookies[Self.loginCSRFCookie]?.value, let field = form["_csrf"],
                  !cookie.isEmpty, ConstantTime.equal(Array(cookie.utf8), Array(field.utf8))
            else { return loginPage(request, error: "The form expired. Reload the page and try again.", status: .forbidden) }
            let keyId = (form["accessKeyId"] ?? "").trimmingCharacters(in: .whitespaces)
            let secret = form["secretAccessKey"] ?? ""
            let now = clock.now()
            // Per key id and address: guessing from one place locks that place out, not the operator elsewhere.
            let attempt = keyId + " " + (context.remoteAddress?.ipAddress ?? "?")
            if throttle.isLocked(attempt, now: now) {
                return loginPage(request, error: "Too many failed attempts for this key. Try again in 15 minutes.", status: .tooManyRequests)
            }
            // Compare against the key's secret, or a dummy of the same shape, so that timing says nothing.
            let expected = accessKeys[keyId] ?? String(repeating: "x", count: 40)
            guard ConstantTime.equal(Array(secret.utf8), Array(expected.utf8)), accessKeys[keyId] != nil else {
                throttle.failed(attempt, now: now)
                return loginPage(request, error: "The access key id or secret is wrong.", status: .unauthorized)
            }
            throttle.succeeded(attempt)
            let session = AdminSession(
                accessKeyId: keyId, expiresAt: now.addingTimeInterval(AdminSession.lifetime),
                csrf: Base64URL.encode((0..<32).map { _ in UInt8.random(in: 0...255) })
            )
            var page = HostedPage()
            page.cookies = [
                sessionCookie(try sealer.seal(value: session, context: AdminSession.sealingContext), maxAge: Int(AdminSession.lifetime)),
                loginCookie("", maxAge: 0),
            ]
            return page.redirect(to: "/admin")
        }

        post("/admin/logout", on: router) { _, _, _ in
            var page = HostedPage()
            page.cookies = [sessionCookie("", maxAge: 0)]
            return page.redirect(to: "/admin/login")
        }
    }

    func loginCookie(_ value: String, maxAge: Int?) -> String {
        var cookie = "\(Self.loginCSRFCookie)=\(value); Path=/admin; HttpOnly; SameSite=Strict"
        if let maxAge { cookie += "; Max-Age=\(maxAge)" }
        if secureCookies { cookie += "; Secure" }
        return cookie
    }

    func loginPage(_ request: Request, error: String?, status: HTTPResponse.Status) -> Response {
        var cookies: [String] = []
        var token = request.cookies[Self.loginCSRFCookie]?.value ?? ""
        if Base64URL.decode(token)?.count != 32 {
            token = Base64URL.encode((0..<32).map { _ in UInt8.random(in: 0...255) })
            cookies.append(loginCookie(token, maxAge: nil))
        }
        var view: [String: Any] = ["loginCSRF": token]
        if let error { view["error"] = error }
        return page("Cognate console: sign in", view, session: nil, status: status, template: "adminLogin", cookies: cookies)
    }
}

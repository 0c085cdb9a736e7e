import CognateCore
import Foundation
import HTTPTypes
import Hummingbird

/// A page or redirect of the hosted UI with the headers every one of them carries: a strict CSP (styles
/// only by nonce, no scripts, no framing), no caching (pages hold codes and sessions), and a referrer only
/// within the site, so a URL never leaks to another (`no-referrer` would also make Chromium send
/// `Origin: null` on the pages' own form posts, which the CSRF check must then refuse).
struct HostedPage {
    var status: HTTPResponse.Status = .ok
    var cookies: [String] = []
    /// Origins a form on the page may post to or be redirected to after posting (the callback's).
    var formTargets: [String] = []

    static func nonce() -> String {
        Base64URL.encode((0..<16).map { _ in UInt8.random(in: 0...255) })
    }

    func html(_ template: String, _ view: [String: Any], nonce: String, imageOrigin: String) -> Response {
        let body = HostedTemplates.render(template, view)
        var headers = securityHeaders()
        headers[.contentType] = "text/html; charset=utf-8"
        let formAction = (["'self'"] + formTargets).joined(separator: " ")
        headers[.contentSecurityPolicy] =
            "default-src 'none'; style-src 'nonce-\(nonce)'; img-src 'self' \(imageOrigin); form-action \(formAction); "
            + "frame-ancestors 'none'; base-uri 'none'"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }

    /// An already rendered page (the console's), with the same headers and a CSP that allows no other origin.
    func rendered(_ body: String, nonce: String) -> Response {
        var headers = securityHeaders()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.contentSecurityPolicy] =
            "default-src 'none'; style-src 'nonce-\(nonce)'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }

    func redirect(to location: String) -> Response {
        var headers = securityHeaders()
        headers[.location] = location
        return Response(status: .found, headers: headers)
    }

    private func securityHeaders() -> HTTPFields {
        var headers = HTTPFields()
        headers[.cacheControl] = "no-store"
        headers[HTTPField.Name("Pragma")!] = "no-cache"
        headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        headers[.xContentTypeOptions] = "nosniff"
        headers[HTTPField.Name("Referrer-Policy")!] = "same-origin"
        for cookie in cookies { headers.append(HTTPField(name: .setCookie, value: cookie)) }
        return headers
    }
}

/// Cookies as the hosted UI sets and reads them.
enum Cookies {
    static let session = "cognito"
    static let csrf = "XSRF-TOKEN"
    static let pendingSignUp = "cognate-sign-up"

    /// HttpOnly and SameSite=Lax always; Secure when the public URL is https (a browser refuses Secure
    /// cookies over plain http, which local development uses).
    static func set(_ name: String, _ value: String, maxAge: Int?, secure: Bool) -> String {
        var cookie = "\(name)=\(value); Path=/; HttpOnly; SameSite=Lax"
        if let maxAge { cookie += "; Max-Age=\(maxAge)" }
        if secure { cookie += "; Secure" }
        return cookie
    }

    static func clear(_ name: String, secure: Bool) -> String {
        set(name, "", maxAge: 0, secure: secure)
    }
}

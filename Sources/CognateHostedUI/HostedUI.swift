import CognateCore
import CognitoModel
import Foundation
import HTTPTypes
import Hummingbird

/// The hosted UI and the OAuth endpoints at Cognito's paths. Every page calls the same domain services
/// as the JSON API (sign-in with its lockout, sign-up, codes, email); this layer only turns forms into
/// calls and outcomes into pages and redirects.
public struct HostedUI<Context: RequestContext>: Sendable {
    let services: Services
    let publicURL: String
    /// Cookies get `Secure` when the public URL is https.
    let secureCookies: Bool
    /// Form bodies are small; anything larger is refused before parsing.
    static var maximumFormSize: Int { 64 * 1024 }

    public init(services: Services, publicURL: String) {
        self.services = services
        self.publicURL = publicURL
        self.secureCookies = publicURL.lowercased().hasPrefix("https://")
    }

    public func register(on router: Router<Context>) {
        registerOAuthEndpoints(on: router)
        registerSignIn(on: router)
        registerSignUp(on: router)
        registerRecovery(on: router)
        registerMFA(on: router)
    }

    // MARK: Requests

    /// The query decoded as a form (`+` is a space), as browsers and OAuth clients encode it.
    func query(_ request: Request) -> [String: String] {
        FormEncoding.decode(request.uri.query ?? "")
    }

    func form(_ request: Request) async throws -> [String: String] {
        let buffer = try await request.body.collect(upTo: Self.maximumFormSize)
        return FormEncoding.decode(String(buffer: buffer))
    }

    func host(_ request: Request) -> String? {
        guard let authority = request.head.authority else { return nil }
        if authority.hasPrefix("[") { return authority.split(separator: "]").first.map { String($0.dropFirst()) } }
        return authority.split(separator: ":").first.map(String.init)
    }

    /// The authorize request a hosted page carries, checked again on every page and every post: the
    /// pages are entry points too, and nothing a browser sends is trusted for being hidden in a form.
    func authorization(_ request: Request) async throws -> OAuthService.ValidatedAuthorization {
        try await services.oauth.validate(AuthorizationRequest(parameters: query(request)), host: host(request))
    }

    // MARK: CSRF

    /// The CSRF token for a form page: the browser's `XSRF-TOKEN` cookie, or a new one (then set).
    func csrfToken(_ request: Request, page: inout HostedPage) -> String {
        if let existing = request.cookies[Cookies.csrf]?.value, Base64URL.decode(existing)?.count == 32 {
            return existing
        }
        let token = Base64URL.encode((0..<32).map { _ in UInt8.random(in: 0...255) })
        page.cookies.append(Cookies.set(Cookies.csrf, token, maxAge: nil, secure: secureCookies))
        return token
    }

    /// A post must carry the cookie's token in `_csrf` (double submit), and must not come from another
    /// site: `Origin`, when sent, names this host, and `Sec-Fetch-Site` is not `cross-site`.
    func checkCSRF(_ request: Request, form: [String: String]) -> Bool {
        if request.headers[HTTPField.Name("Sec-Fetch-Site")!] == "cross-site" { return false }
        if let origin = request.headers[.origin] {
            guard let url = URL(string: origin), let originHost = url.host, originHost == host(request) else { return false }
        }
        guard let cookie = request.cookies[Cookies.csrf]?.value, let field = form["_csrf"], !cookie.isEmpty else { return false }
        return ConstantTime.equal(Array(cookie.utf8), Array(field.utf8))
    }

    // MARK: Pages

    /// A view for a page of the flow: the carried authorize parameters, CSRF token, customization.
    func view(
        title: String, authorization: OAuthService.ValidatedAuthorization?, csrf: String, nonce: String,
        error: String? = nil, notice: String? = nil
    ) async -> [String: Any] {
        var view: [String: Any] = ["title": title, "nonce": nonce, "csrf": csrf]
        if let error { view["error"] = error }
        if let notice { view["notice"] = notice }
        if let authorization {
            view["query"] = authorization.request.query
            if let customization = try? await services.uiCustomizations.get(poolId: authorization.poolId, clientId: authorization.clientId) {
                if let css = customization.css { view["customCSS"] = Self.styleText(css) }
                if let logo = customization.imageUrl { view["logoURL"] = logo }
            }
        }
        return view
    }

    /// CSS placed inside `<style>`: it cannot close the element early (the customization API already
    /// limits CSS to Cognito's classes; this is a second line).
    static func styleText(_ css: String) -> String {
        css.replacingOccurrences(of: "<", with: "\\3C ")
    }

    func render(_ template: String, _ view: [String: Any], page: HostedPage, nonce: String) -> Response {
        page.html(template, view, nonce: nonce, imageOrigin: publicURL)
    }

    /// An error page for problems before the redirect URI can be trusted: `#error` holds the code.
    func errorPage(_ error: OAuthError, status: HTTPResponse.Status = .badRequest) -> Response {
        var page = HostedPage()
        page.status = status
        let nonce = HostedPage.nonce()
        let view: [String: Any] = ["title": "Something went wrong", "nonce": nonce, "error": error.code, "text": error.description]
        return render("message", view, page: page, nonce: nonce)
    }

    /// Pages for a flow whose redirect URI is trusted may post to, and be redirected to, its origin.
    func page(for authorization: OAuthService.ValidatedAuthorization?) -> HostedPage {
        var page = HostedPage()
        if let uri = authorization?.redirect.uri, let origin = Self.origin(of: uri) { page.formTargets.append(origin) }
        return page
    }

    static func origin(of uri: String) -> String? {
        guard let url = URL(string: uri), let scheme = url.scheme else { return nil }
        guard let host = url.host else { return "\(scheme):" }
        let hostPart = host.contains(":") ? "[\(host)]" : host
        return "\(scheme)://\(hostPart)\(url.port.map { ":\($0)" } ?? "")"
    }

    /// Runs a page handler, turning the authorize request's errors into the page or redirect they call for.
    func handling(_ body: () async throws -> Response) async throws -> Response {
        do {
            return try await body()
        } catch let failure as UntrustedRedirectError {
            return errorPage(failure.error)
        } catch let failure as RedirectableOAuthError {
            var parameters = [("error", failure.error.code)]
            parameters.append(("error_description", failure.error.description))
            return HostedPage().redirect(to: failure.redirect.url(parameters))
        } catch let failure as OAuthError {
            return errorPage(failure)
        }
    }

    /// A hosted form's POST: the carried authorize request checked again, the form read, CSRF checked;
    /// then `body`, with page errors and redirects handled as for every page.
    func formPost(
        _ path: String, on router: Router<Context>,
        _ body: @escaping @Sendable (Request, OAuthService.ValidatedAuthorization, [String: String]) async throws -> Response
    ) {
        router.post(RouterPath(path)) { request, _ in
            try await handling {
                let authorization = try await authorization(request)
                let form = try await form(request)
                guard checkCSRF(request, form: form) else { return csrfFailure() }
                return try await body(request, authorization, form)
            }
        }
    }

    /// The CSRF failure page (403).
    func csrfFailure() -> Response {
        errorPage(OAuthError("invalid_csrf", "The form expired or came from another site. Go back, reload the page and try again."), status: .forbidden)
    }

    /// A field of a form, with every key the field template reads.
    static func field(
        _ name: String, label: String, type: String = "text", value: String = "", autocomplete: String = "off",
        required: Bool = true, invalid: Bool = false, autofocus: Bool = false
    ) -> [String: Any] {
        [
            "id": name, "name": name, "label": label, "type": type, "value": value, "autocomplete": autocomplete,
            "required": required, "invalid": invalid, "autofocus": autofocus,
        ]
    }

    /// Signs the browser in (the `cognito` cookie) and finishes the authorization with a redirect.
    func signIn(
        poolId: String, sub: String, authTime: Date? = nil, authorization: OAuthService.ValidatedAuthorization, page: HostedPage
    ) async throws -> Response {
        let (cookie, session) = try services.oauth.startSession(poolId: poolId, sub: sub, authTime: authTime)
        var page = page
        page.cookies.append(Cookies.set(Cookies.session, cookie, maxAge: Int(HostedSession.lifetime), secure: secureCookies))
        page.cookies.append(Cookies.clear(Cookies.pendingSignUp, secure: secureCookies))
        return page.redirect(to: try await services.oauth.complete(authorization, session: session))
    }

    /// What the sign-in and recovery forms call the username: "Email" or "Phone number" in pools whose
    /// users sign in with those, "Username" otherwise.
    func usernameLabel(_ authorization: OAuthService.ValidatedAuthorization) async -> String {
        guard let form = try? await services.oauth.signUpForm(clientId: authorization.clientId), form.usernameField != "username" else {
            return "Username"
        }
        return Self.label(for: form.usernameField)
    }

    static func label(for attribute: String) -> String {
        switch attribute {
        case "email": return "Email"
        case "phone_number": return "Phone number"
        case "given_name": return "Given name"
        case "family_name": return "Family name"
        case "name": return "Name"
        case "preferred_username": return "Preferred username"
        case "birthdate": return "Birthdate (YYYY-MM-DD)"
        default:
            return attribute.replacingOccurrences(of: "custom:", with: "").replacingOccurrences(of: "_", with: " ").capitalized
        }
    }

    static func inputType(for attribute: String) -> (type: String, autocomplete: String) {
        switch attribute {
        case "email": return ("email", "email")
        case "phone_number": return ("tel", "tel")
        case "given_name": return ("text", "given-name")
        case "family_name": return ("text", "family-name")
        case "name": return ("text", "name")
        default: return ("text", "off")
        }
    }
}

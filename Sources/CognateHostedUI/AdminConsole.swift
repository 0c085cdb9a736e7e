import CognateCore
import CognitoModel
import Foundation
import HTTPTypes
import Hummingbird

/// The operator's web console at `/admin`: pools, clients and users, a user's page with the actions an
/// operator takes (disable, enable, reset password, groups, delete), and a CSV of a pool's users.
/// Operators sign in with an access key of the signed API (not a pool's users); pages are server-rendered
/// and work without JavaScript; every form carries the session's CSRF token and posts only same-origin.
public struct AdminConsole<Context: RemoteAddressRequestContext>: Sendable {
    let services: Services
    let accessKeys: [String: String]
    let sealer: KeySealer
    let clock: any WallClock
    let secureCookies: Bool
    let throttle = ConsoleSignInThrottle()

    public init(services: Services, accessKeys: [String: String], sealer: KeySealer, clock: any WallClock, publicURL: String) {
        self.services = services
        self.accessKeys = accessKeys
        self.sealer = sealer
        self.clock = clock
        self.secureCookies = publicURL.lowercased().hasPrefix("https://")
    }

    public func register(on router: Router<Context>) {
        registerSignIn(on: router)
        registerPages(on: router)
        registerActions(on: router)
    }

    // MARK: Session

    /// The signed-in session, if the cookie is valid, unexpired and its key still exists.
    func session(_ request: Request) -> AdminSession? {
        guard let sealed = request.cookies[AdminSession.cookie]?.value,
              let session = sealer.open(AdminSession.self, from: sealed, context: AdminSession.sealingContext),
              session.expiresAt > clock.now(), accessKeys[session.accessKeyId] != nil
        else { return nil }
        return session
    }

    func sessionCookie(_ value: String, maxAge: Int) -> String {
        var cookie = "\(AdminSession.cookie)=\(value); Path=/admin; HttpOnly; SameSite=Strict; Max-Age=\(maxAge)"
        if secureCookies { cookie += "; Secure" }
        return cookie
    }

    /// Pages behind sign-in: without a session, the sign-in page.
    func signedIn(_ request: Request, _ body: (AdminSession) async throws -> Response) async throws -> Response {
        guard let session = session(request) else { return HostedPage().redirect(to: "/admin/login") }
        return try await showingErrors(session) { try await body(session) }
    }

    /// A refused action (Cognito's error for the same API call) as a page, not a 500.
    func showingErrors(_ session: AdminSession, _ body: () async throws -> Response) async throws -> Response {
        do {
            return try await body()
        } catch let error as CognitoError {
            return page("Not possible", ["error": error.message, "back": "/admin"], session: session, status: .badRequest)
        }
    }

    /// A POST behind sign-in: same-origin, with the session's CSRF token.
    func post(_ path: String, on router: Router<Context>, _ body: @escaping @Sendable (Request, AdminSession, [String: String]) async throws -> Response) {
        router.post(RouterPath(path)) { request, context in
            let buffer = try await request.body.collect(upTo: 64 * 1024)
            let form = FormEncoding.decode(String(buffer: buffer))
            guard let session = session(request) else { return HostedPage().redirect(to: "/admin/login") }
            guard sameOrigin(request), let token = form["_csrf"], ConstantTime.equal(Array(token.utf8), Array(session.csrf.utf8)) else {
                return page("Form expired", ["error": "The form expired or came from another site. Go back, reload the page and try again."],
                            session: nil, status: .forbidden)
            }
            return try await showingErrors(session) { try await body(request, session, form) }
        }
    }

    /// `Sec-Fetch-Site` is not cross-site, and `Origin`, when sent, is this host.
    func sameOrigin(_ request: Request) -> Bool {
        if let site = request.headers[HTTPField.Name("Sec-Fetch-Site")!], site == "cross-site" || site == "same-site" { return false }
        if let origin = request.headers[.origin] {
            guard let host = URL(string: origin)?.host, let authority = request.head.authority,
                  authority == host || authority.hasPrefix(host + ":")
            else { return false }
        }
        return true
    }

    // MARK: Rendering

    func page(_ title: String, _ view: [String: Any], session: AdminSession?, status: HTTPResponse.Status = .ok, template: String = "adminMessage", cookies: [String] = []) -> Response {
        var page = HostedPage()
        page.status = status
        page.cookies = cookies
        let nonce = HostedPage.nonce()
        var view = view
        view["title"] = title
        view["nonce"] = nonce
        if let session {
            view["csrf"] = session.csrf
            view["operator"] = session.accessKeyId
        }
        let body = HostedTemplates.render(template, view)
        return page.rendered(body, nonce: nonce)
    }

    static func userPath(_ poolId: String, _ username: String) -> String {
        "/admin/pools/\(FormEncoding.escape(poolId))/user?username=\(FormEncoding.escape(username))"
    }

    static func date(_ date: Date?) -> String {
        date.map { $0.formatted(.iso8601) } ?? ""
    }
}

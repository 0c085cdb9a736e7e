import CognitoModel
import Crypto
import Foundation

/// OAuth 2.0 and OpenID Connect over the pool's users: authorize requests, codes, the token endpoint,
/// userInfo and discovery. Sign-in itself (passwords, lockout, challenges) stays in
/// `AuthenticationService`; this decides what a signed-in browser or a client may receive.
public struct OAuthService: Sendable {
    let store: any Store
    let tokens: TokenService
    let authentication: AuthenticationService
    let sealer: KeySealer
    let deployment: Deployment
    let clock: any WallClock
    let random: any RandomSource

    /// RFC 6749 §4.1.2 recommends at most 10 minutes; Cognito's codes live 5.
    static let codeLifetime: TimeInterval = 300
    static let standardScopes: Set<String> = ["openid", "email", "phone", "profile", TokenService.adminScope]

    public init(
        store: any Store, tokens: TokenService, authentication: AuthenticationService, sealer: KeySealer, deployment: Deployment,
        clock: any WallClock, random: any RandomSource
    ) {
        self.store = store
        self.tokens = tokens
        self.authentication = authentication
        self.sealer = sealer
        self.deployment = deployment
        self.clock = clock
        self.random = random
    }

    /// An authorize request whose client and redirect URI are known good, with the scopes it grants.
    public struct ValidatedAuthorization: Sendable {
        public let request: AuthorizationRequest
        public let redirect: AuthorizationRedirect
        public let scopes: [String]
        public let poolId: String
        public let clientId: String
        /// Whether the client has a secret: the hosted pages then compute `SECRET_HASH` themselves.
        let client: UserPoolClientType
    }

    // MARK: Authorize

    /// Checks an authorize request in the order RFC 6749 §4.1.2.1 requires: client and redirect URI first
    /// (`UntrustedRedirectError`), then everything else (`RedirectableOAuthError`).
    /// `host` is the request's Host without port: a pool domain there must belong to the client's pool.
    public func validate(_ request: AuthorizationRequest, host: String?) async throws -> ValidatedAuthorization {
        guard let clientId = request.clientId else {
            throw UntrustedRedirectError(error: .invalidRequest("client_id is required."))
        }
        guard let context = try? await ClientContext.load(clientId: clientId, in: store) else {
            throw UntrustedRedirectError(error: .invalidClient("No client \(clientId) exists."))
        }
        let pool = context.pool.description
        guard pool.domain != nil || pool.customDomain != nil else {
            throw UntrustedRedirectError(error: .invalidRequest("The user pool has no domain, so it has no hosted UI."))
        }
        if let host, try await !self.host(host, servesPool: context.poolId) {
            throw UntrustedRedirectError(error: .invalidClient("No client \(clientId) exists for this domain."))
        }
        let callbacks = context.client.callbackURLs ?? []
        let redirectURI: String
        if let given = request.redirectURI {
            // Exact string comparison: no prefixes, patterns or normalisation (RFC 9700 §4.1.3).
            guard callbacks.contains(where: { ConstantTime.equal(Array($0.utf8), Array(given.utf8)) }) else {
                throw UntrustedRedirectError(error: .redirectMismatch("redirect_uri is not one of the client's callback URLs."))
            }
            redirectURI = given
        } else if callbacks.count == 1 {
            redirectURI = callbacks[0]
        } else {
            throw UntrustedRedirectError(error: .invalidRequest("redirect_uri is required."))
        }

        let responseType = request.responseType
        let redirect = AuthorizationRedirect(uri: redirectURI, inFragment: responseType == "token", state: request.state)
        func fail(_ error: OAuthError) -> RedirectableOAuthError { RedirectableOAuthError(error: error, redirect: redirect) }

        let flow: OAuthFlowType
        switch responseType {
        case "code": flow = .code
        case "token": flow = .implicit
        case nil: throw fail(.invalidRequest("response_type is required."))
        default: throw fail(.unsupportedResponseType("response_type must be code or token."))
        }
        guard context.client.allowedOAuthFlowsUserPoolClient == true, (context.client.allowedOAuthFlows ?? []).contains(flow) else {
            throw fail(.unauthorizedClient("The client is not allowed the \(flow.rawValue) flow."))
        }
        let allowed = context.client.allowedOAuthScopes ?? []
        let scopes: [String]
        if let scope = request.scope {
            scopes = Self.scopes(scope)
            if let outside = scopes.first(where: { !allowed.contains($0) }) {
                throw fail(.invalidScope("The client is not allowed the scope \(outside)."))
            }
            if scopes.isEmpty { throw fail(.invalidScope("scope is empty.")) }
        } else {
            scopes = allowed
        }
        if let method = request.codeChallengeMethod, method != "S256" {
            throw fail(.invalidRequest("code_challenge_method must be S256."))
        }
        if let challenge = request.codeChallenge {
            guard request.codeChallengeMethod != nil else { throw fail(.invalidRequest("code_challenge_method is required.")) }
            guard PKCE.isWellFormedChallenge(challenge) else { throw fail(.invalidRequest("code_challenge is malformed.")) }
        } else if request.codeChallengeMethod != nil {
            throw fail(.invalidRequest("code_challenge is required with code_challenge_method."))
        }
        let providers = context.client.supportedIdentityProviders ?? []
        if let provider = request.identityProvider {
            guard providers.contains(provider) else {
                throw fail(.invalidRequest("The client does not support the identity provider \(provider)."))
            }
            guard provider == "COGNITO" else {
                throw fail(.invalidRequest("Federation with \(provider) is not supported by Cognate yet."))
            }
        } else if !providers.contains("COGNITO") {
            throw fail(.unauthorizedClient("The client does not allow sign-in with the user pool."))
        }
        return ValidatedAuthorization(
            request: request, redirect: redirect, scopes: scopes, poolId: context.poolId, clientId: clientId, client: context.client
        )
    }

    /// Whether a request that arrived for `host` may serve `poolId`: hosts that are no pool's domain (the
    /// public URL's host) serve every pool; a pool's domain serves only that pool.
    func host(_ host: String, servesPool poolId: String) async throws -> Bool {
        let name = host.lowercased()
        if let custom = try await store.resource(poolId: nil, kind: .domain, key: name) { return custom.poolId == poolId }
        if let label = name.split(separator: ".").first, name.contains("."),
            let prefix = try await store.resource(poolId: nil, kind: .domain, key: String(label))
        {
            return prefix.poolId == poolId
        }
        return true
    }

    /// Finishes an authorization for a signed-in user: a code (code flow) or tokens (implicit flow),
    /// as the URL to send the browser to.
    public func complete(_ authorization: ValidatedAuthorization, session: HostedSession) async throws -> String {
        guard let user = try await store.user(poolId: session.poolId, sub: session.sub) else {
            throw OAuthError.invalidGrant("The user no longer exists.")
        }
        let now = clock.now()
        let request = authorization.request
        if request.responseType == "token" {
            let context = ClientContext(client: authorization.client, pool: try await pool(authorization.poolId))
            let keys = try await tokens.signingKeys(poolId: user.poolId)
            let pending = try await tokens.issue(
                user: user, client: context.client, scopes: authorization.scopes, authTime: session.authTime, familyId: nil,
                newRefreshToken: false, nonce: request.nonce, idToken: authorization.scopes.contains("openid"), hashesAccessToken: true,
                keys: keys, in: store
            )
            let issued = try pending.signed()
            var parameters: [(String, String)] = [("access_token", issued.accessToken)]
            if let idToken = issued.idToken { parameters.append(("id_token", idToken)) }
            parameters += [("token_type", "Bearer"), ("expires_in", String(issued.expiresIn))]
            return authorization.redirect.url(parameters)
        }
        let code = Base64URL.encode(random.bytes(32))
        try await store.insertAuthorizationCode(AuthorizationCodeRecord(
            codeHash: Self.hash(code), poolId: user.poolId, clientId: authorization.clientId, sub: user.sub,
            redirectURI: authorization.redirect.uri, scopes: authorization.scopes, nonce: request.nonce,
            codeChallenge: request.codeChallenge, authTime: session.authTime, familyId: RandomUUID.string(),
            createdAt: now.truncatedToMilliseconds, expiresAt: now.addingTimeInterval(Self.codeLifetime)
        ))
        return authorization.redirect.url([("code", code)])
    }

    func pool(_ id: String) async throws -> UserPoolRecord {
        guard let pool = try await store.userPool(id: id) else { throw OAuthError.invalidRequest("The user pool no longer exists.") }
        return pool
    }

    static func scopes(_ text: String) -> [String] {
        var seen = Set<String>()
        return text.split(separator: " ").map(String.init).filter { seen.insert($0).inserted }
    }

    static func hash(_ code: String) -> String {
        Base64URL.encode(Array(SHA256.hash(data: Data(code.utf8))))
    }

    // MARK: Sessions

    /// A new sign-in session for the `cognito` cookie; without `authTime`, the user signs in now.
    public func startSession(poolId: String, sub: String, authTime: Date? = nil) throws -> (cookie: String, session: HostedSession) {
        let authTime = authTime ?? clock.now()
        let session = HostedSession(poolId: poolId, sub: sub, authTime: authTime, expiresAt: authTime.addingTimeInterval(HostedSession.lifetime))
        return (try sealer.seal(value: session, context: HostedSession.context), session)
    }

    /// The session in a `cognito` cookie if it is still good for `poolId`: sealed by this deployment,
    /// not expired, and its user still enabled and not signed out globally since.
    public func session(fromCookie cookie: String?, poolId: String) async throws -> HostedSession? {
        guard let cookie, let session = sealer.open(HostedSession.self, from: cookie, context: HostedSession.context),
            session.poolId == poolId, session.expiresAt > clock.now(),
            let user = try await store.user(poolId: poolId, sub: session.sub), user.enabled
        else { return nil }
        if let cutoff = user.tokensValidAfter, session.authTime < cutoff { return nil }
        return session
    }

    public func sealPendingSignUp(poolId: String, sub: String) throws -> String {
        try sealer.seal(
            value: PendingSignUp(poolId: poolId, sub: sub, expiresAt: clock.now().addingTimeInterval(HostedSession.lifetime)),
            context: PendingSignUp.context
        )
    }

    public func pendingSignUp(fromCookie cookie: String?) -> PendingSignUp? {
        guard let cookie, let pending = sealer.open(PendingSignUp.self, from: cookie, context: PendingSignUp.context),
            pending.expiresAt > clock.now()
        else { return nil }
        return pending
    }

    /// The user a hosted form names, found as sign-in finds users (username, alias, case rules).
    public func user(named username: String, clientId: String) async throws -> UserRecord? {
        let context = try await ClientContext.load(clientId: clientId, in: store)
        return try await context.identity.find(username, poolId: context.poolId, in: store)
    }

    /// `SECRET_HASH` for a client with a secret: the hosted pages act as that client, server-side.
    public func secretHash(clientId: String, username: String) async throws -> String? {
        let context = try await ClientContext.load(clientId: clientId, in: store)
        return context.client.clientSecret.map { ClientContext.secretHash(secret: $0, username: username, clientId: clientId) }
    }

    /// The pool's password policy and sign-up fields, for the sign-up page.
    public func signUpForm(clientId: String) async throws -> SignUpForm {
        let context = try await ClientContext.load(clientId: clientId, in: store)
        return SignUpForm(pool: context.pool.description)
    }
}

extension OAuthService {
    /// Where `/logout` sends the browser: the client's sign-out URL (`logout_uri`, exactly one of its
    /// `LogoutURLs`), or back to sign-in for an authorize request (`redirect_uri` + `response_type`).
    public func logoutRedirect(_ parameters: [String: String], host: String?) async throws -> String {
        guard let clientId = parameters["client_id"] else { throw UntrustedRedirectError(error: .invalidRequest("client_id is required.")) }
        guard let context = try? await ClientContext.load(clientId: clientId, in: store) else {
            throw UntrustedRedirectError(error: .invalidClient("No client \(clientId) exists."))
        }
        if let logoutURI = parameters["logout_uri"] {
            guard (context.client.logoutURLs ?? []).contains(where: { ConstantTime.equal(Array($0.utf8), Array(logoutURI.utf8)) }) else {
                throw UntrustedRedirectError(error: .redirectMismatch("logout_uri is not one of the client's sign-out URLs."))
            }
            return logoutURI
        }
        guard parameters["redirect_uri"] != nil, parameters["response_type"] != nil else {
            throw UntrustedRedirectError(error: .invalidRequest("logout needs logout_uri, or redirect_uri and response_type."))
        }
        let authorization = try await validate(AuthorizationRequest(parameters: parameters), host: host)
        return "/login?" + authorization.request.query
    }
}

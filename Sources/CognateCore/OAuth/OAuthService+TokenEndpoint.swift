import CognitoModel
import Foundation

extension OAuthService {
    /// How the client authenticated at the token or revocation endpoint.
    public struct ClientCredentials: Sendable {
        public let clientId: String?
        public let secret: String?
        /// `client_secret_basic`: an `invalid_client` answer then carries `WWW-Authenticate: Basic`.
        public let viaBasic: Bool

        public init(form: [String: String], authorization: String?) throws {
            if let authorization, authorization.lowercased().hasPrefix("basic ") {
                let encoded = authorization.dropFirst(6).trimmingCharacters(in: .whitespaces)
                guard let data = Data(base64Encoded: encoded), let text = String(data: data, encoding: .utf8),
                    let colon = text.firstIndex(of: ":")
                else { throw OAuthError.invalidClient("The Authorization header is malformed.") }
                // RFC 6749 §2.3.1: the id and secret are form-encoded before Basic encoding.
                let id = FormEncoding.unescape(text[..<colon])
                let secret = FormEncoding.unescape(text[text.index(after: colon)...])
                if let bodyId = form["client_id"], bodyId != id {
                    throw OAuthError.invalidRequest("client_id differs from the Authorization header.")
                }
                if form["client_secret"] != nil {
                    throw OAuthError.invalidRequest("Use one way to authenticate the client, not two.")
                }
                clientId = id
                self.secret = secret
                viaBasic = true
            } else {
                clientId = form["client_id"]
                secret = form["client_secret"]
                viaBasic = false
            }
        }
    }

    /// `POST /oauth2/token`.
    public func token(form: [String: String], credentials: ClientCredentials) async throws -> TokenService.Issued {
        guard let grantType = form["grant_type"] else { throw OAuthError.invalidRequest("grant_type is required.") }
        let context = try await authenticate(credentials)
        switch grantType {
        case "authorization_code": return try await exchangeCode(form: form, context: context)
        case "refresh_token": return try await refresh(form: form, context: context)
        case "client_credentials": return try await clientCredentials(form: form, context: context)
        default: throw OAuthError.unsupportedGrantType("grant_type \(grantType) is not supported.")
        }
    }

    /// The client, with its secret checked in constant time (RFC 6749 §2.3).
    func authenticate(_ credentials: ClientCredentials) async throws -> ClientContext {
        guard let clientId = credentials.clientId else { throw OAuthError.invalidClient("The client is not identified.") }
        guard let context = try? await ClientContext.load(clientId: clientId, in: store) else {
            throw OAuthError.invalidClient("The client is unknown.")
        }
        switch (context.client.clientSecret, credentials.secret) {
        case (let expected?, let given?):
            guard ConstantTime.equal(Array(expected.utf8), Array(given.utf8)) else {
                throw OAuthError.invalidClient("The client secret is wrong.")
            }
        case (.some, nil):
            throw OAuthError.invalidClient("The client must authenticate with its secret.")
        case (nil, .some):
            throw OAuthError.invalidClient("The client has no secret.")
        case (nil, nil):
            break
        }
        return context
    }

    func exchangeCode(form: [String: String], context: ClientContext) async throws -> TokenService.Issued {
        guard context.client.allowedOAuthFlowsUserPoolClient == true, (context.client.allowedOAuthFlows ?? []).contains(.code) else {
            throw OAuthError.unauthorizedClient("The client is not allowed the code flow.")
        }
        guard let code = form["code"] else { throw OAuthError.invalidRequest("code is required.") }
        guard let redirectURI = form["redirect_uri"] else { throw OAuthError.invalidRequest("redirect_uri is required.") }
        let now = clock.now()
        guard let record = try await store.useAuthorizationCode(hash: Self.hash(code), at: now) else {
            throw OAuthError.invalidGrant("The code is invalid.")
        }
        if record.usedAt != nil {
            // A second use means the code leaked: what the first use issued is revoked too (RFC 6749 §4.1.2).
            try await store.revokeRefreshTokenFamily(poolId: record.poolId, familyId: record.familyId, at: now)
            throw OAuthError.invalidGrant("The code has already been used.")
        }
        guard record.clientId == context.clientId else { throw OAuthError.invalidGrant("The code was issued to another client.") }
        guard record.expiresAt > now else { throw OAuthError.invalidGrant("The code has expired.") }
        guard ConstantTime.equal(Array(record.redirectURI.utf8), Array(redirectURI.utf8)) else {
            throw OAuthError.invalidGrant("redirect_uri differs from the authorization request's.")
        }
        switch (record.codeChallenge, form["code_verifier"]) {
        case (let challenge?, let verifier?):
            guard PKCE.isWellFormedVerifier(verifier), PKCE.verifies(verifier, challenge: challenge) else {
                throw OAuthError.invalidGrant("code_verifier does not match the code_challenge.")
            }
        case (.some, nil):
            throw OAuthError.invalidGrant("code_verifier is required.")
        case (nil, .some):
            throw OAuthError.invalidGrant("code_verifier was sent, but the authorization request had no code_challenge.")
        case (nil, nil):
            break
        }
        guard let user = try await store.user(poolId: record.poolId, sub: record.sub), user.enabled else {
            throw OAuthError.invalidGrant("The user cannot sign in.")
        }
        if let cutoff = user.tokensValidAfter, record.authTime < cutoff {
            throw OAuthError.invalidGrant("The user has signed out since.")
        }
        let keys = try await tokens.signingKeys(poolId: record.poolId)
        let pending = try await store.transaction { [tokens] session in
            try await tokens.issue(
                user: user, client: context.client, scopes: record.scopes, authTime: record.authTime, familyId: record.familyId,
                newRefreshToken: true, nonce: record.nonce, idToken: record.scopes.contains("openid"), hashesAccessToken: true,
                keys: keys, in: session
            )
        }
        return try pending.signed()
    }

    func refresh(form: [String: String], context: ClientContext) async throws -> TokenService.Issued {
        guard context.allows(.allowRefreshTokenAuth) else {
            throw OAuthError.unauthorizedClient("The client is not allowed to refresh tokens.")
        }
        guard let token = form["refresh_token"] else { throw OAuthError.invalidRequest("refresh_token is required.") }
        let rotate = context.client.refreshTokenRotation?.feature == .enabled
        do {
            return try await authentication.refresh(token, secretHash: nil, context: context, rotate: rotate, secretChecked: true)
        } catch let error as CognitoError where error.code == .notAuthorized || error.code == .refreshTokenReuse {
            throw OAuthError.invalidGrant(error.message)
        }
    }

    func clientCredentials(form: [String: String], context: ClientContext) async throws -> TokenService.Issued {
        guard context.client.clientSecret != nil, context.client.allowedOAuthFlowsUserPoolClient == true,
            (context.client.allowedOAuthFlows ?? []).contains(.clientCredentials)
        else { throw OAuthError.unauthorizedClient("The client is not allowed the client_credentials flow.") }
        let allowed = (context.client.allowedOAuthScopes ?? []).filter { !Self.standardScopes.contains($0) }
        let scopes: [String]
        if let scope = form["scope"] {
            scopes = Self.scopes(scope)
            if let outside = scopes.first(where: { !allowed.contains($0) }) {
                throw OAuthError.invalidScope("The client is not allowed the scope \(outside).")
            }
        } else {
            scopes = allowed
        }
        guard !scopes.isEmpty else { throw OAuthError.invalidScope("The client has no resource-server scopes.") }
        let keys = try await tokens.signingKeys(poolId: context.poolId)
        return try tokens.issue(client: context.client, poolId: context.poolId, scopes: scopes, keys: keys).signed()
    }

    /// `POST /oauth2/revoke` (RFC 7009): unknown tokens are fine; another client's token is not.
    public func revoke(form: [String: String], credentials: ClientCredentials) async throws {
        guard let token = form["token"] else { throw OAuthError.invalidRequest("token is required.") }
        let context = try await authenticate(credentials)
        do {
            try await authentication.revoke(refreshToken: token, clientId: context.clientId, clientSecret: credentials.secret)
        } catch let error as CognitoError where error.code == .unsupportedTokenType {
            throw OAuthError("unsupported_token_type", error.message)
        } catch let error as CognitoError where error.code == .notAuthorized {
            throw OAuthError.invalidRequest(error.message)
        }
    }
}

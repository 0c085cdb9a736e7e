/// An OAuth 2.0 error as RFC 6749 names it (§4.1.2.1, §5.2), or one of Cognito's own for the hosted
/// pages (`redirect_mismatch`). Where it goes depends on whether the redirect URI is trusted yet.
public struct OAuthError: Error, Sendable, Equatable {
    public let code: String
    public let description: String

    public init(_ code: String, _ description: String) {
        self.code = code
        self.description = description
    }

    public static func invalidRequest(_ description: String) -> OAuthError { OAuthError("invalid_request", description) }
    public static func invalidClient(_ description: String) -> OAuthError { OAuthError("invalid_client", description) }
    public static func invalidGrant(_ description: String) -> OAuthError { OAuthError("invalid_grant", description) }
    public static func unauthorizedClient(_ description: String) -> OAuthError { OAuthError("unauthorized_client", description) }
    public static func invalidScope(_ description: String) -> OAuthError { OAuthError("invalid_scope", description) }
    public static func unsupportedGrantType(_ description: String) -> OAuthError { OAuthError("unsupported_grant_type", description) }
    public static func unsupportedResponseType(_ description: String) -> OAuthError { OAuthError("unsupported_response_type", description) }
    public static func redirectMismatch(_ description: String) -> OAuthError { OAuthError("redirect_mismatch", description) }
    public static func invalidToken(_ description: String) -> OAuthError { OAuthError("invalid_token", description) }
}

/// An authorize request that failed before its redirect URI could be trusted: shown on a page, never
/// redirected (RFC 6749 §4.1.2.1, RFC 9700 §4.1).
public struct UntrustedRedirectError: Error, Sendable {
    public let error: OAuthError
}

/// An authorize request that failed after its redirect URI was trusted: the error goes back there.
public struct RedirectableOAuthError: Error, Sendable {
    public let error: OAuthError
    public let redirect: AuthorizationRedirect
}

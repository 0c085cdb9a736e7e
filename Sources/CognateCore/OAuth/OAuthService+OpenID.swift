import CognitoModel
import Foundation

extension OAuthService {
    /// `/oauth2/userInfo` (OIDC Core §5.3): the bearer's claims, as far as the token's scopes reach.
    public func userInfo(accessToken: String) async throws -> [String: JSONValue] {
        let claims: TokenService.AccessClaims
        do {
            claims = try await tokens.verifyAccessToken(accessToken)
        } catch let error as CognitoError {
            throw OAuthError.invalidToken(error.message)
        }
        let scopes = Set(claims.scopes)
        guard scopes.contains("openid") || scopes.contains(TokenService.adminScope) else {
            throw OAuthError("insufficient_scope", "The access token needs the openid scope.")
        }
        guard let user = try await store.user(poolId: claims.poolId, sub: claims.sub) else {
            throw OAuthError.invalidToken("The user no longer exists.")
        }
        let everything = scopes.contains(TokenService.adminScope)
        var result: [String: JSONValue] = ["sub": .string(user.sub), "username": .string(user.username)]
        for (name, value) in user.attributes where !name.hasPrefix("dev:") && name != "sub" {
            let covered: Bool
            switch name {
            case "email", "email_verified": covered = everything || scopes.contains("email")
            case "phone_number", "phone_number_verified": covered = everything || scopes.contains("phone")
            default: covered = everything || scopes.contains("profile")
            }
            guard covered else { continue }
            // Cognito answers the verified flags as strings here, unlike in the ID token.
            result[name] = .string(value)
        }
        return result
    }

    /// `/{poolId}/.well-known/openid-configuration`. Cognito's document omits `end_session_endpoint` and
    /// `code_challenge_methods_supported`; OIDC clients use both, so Cognate publishes them.
    public func discovery(poolId: String) async throws -> [String: JSONValue]? {
        guard try await store.userPool(id: poolId) != nil else { return nil }
        let base = deployment.publicURL
        func strings(_ values: [String]) -> JSONValue { .array(values.map(JSONValue.string)) }
        return [
            "issuer": .string(tokens.issuer(poolId: poolId)),
            "authorization_endpoint": .string("\(base)/oauth2/authorize"),
            "token_endpoint": .string("\(base)/oauth2/token"),
            "userinfo_endpoint": .string("\(base)/oauth2/userInfo"),
            "revocation_endpoint": .string("\(base)/oauth2/revoke"),
            "end_session_endpoint": .string("\(base)/logout"),
            "jwks_uri": .string("\(tokens.issuer(poolId: poolId))/.well-known/jwks.json"),
            "response_types_supported": strings(["code", "token"]),
            "grant_types_supported": strings(["authorization_code", "refresh_token", "client_credentials", "implicit"]),
            "subject_types_supported": strings(["public"]),
            "id_token_signing_alg_values_supported": strings(["RS256"]),
            "scopes_supported": strings(["openid", "email", "phone", "profile"]),
            "token_endpoint_auth_methods_supported": strings(["client_secret_basic", "client_secret_post"]),
            "code_challenge_methods_supported": strings(["S256"]),
            "claims_supported": strings([
                "sub", "iss", "aud", "exp", "iat", "auth_time", "nonce", "at_hash", "cognito:username", "cognito:groups", "email",
                "email_verified", "phone_number", "phone_number_verified", "name", "given_name", "family_name",
            ]),
        ]
    }
}

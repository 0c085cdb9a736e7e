import CognitoModel

/// The provider details Cognito requires for each kind of identity provider.
enum ProviderDetailsRules {
    static func check(type: IdentityProviderTypeType, details: [String: String]) throws {
        let required: [String]
        switch type {
        case .google, .facebook, .loginWithAmazon:
            required = ["client_id", "client_secret", "authorize_scopes"]
        case .signInWithApple:
            required = ["client_id", "team_id", "key_id", "private_key", "authorize_scopes"]
        case .oidc:
            required = ["client_id", "attributes_request_method", "oidc_issuer", "authorize_scopes"]
        case .saml:
            if details["MetadataURL"] == nil && details["MetadataFile"] == nil {
                throw CognitoError.invalidParameter("SAML provider details must include MetadataURL or MetadataFile.")
            }
            required = []
        default:
            throw CognitoError.invalidParameter("Unsupported provider type \(type.rawValue).")
        }
        for key in required where (details[key] ?? "").isEmpty {
            throw CognitoError.invalidParameter("\(type.rawValue) provider details must include \(key).")
        }
        if type == .oidc, let method = details["attributes_request_method"], !["GET", "POST"].contains(method) {
            throw CognitoError.invalidParameter("attributes_request_method must be GET or POST.")
        }
        if type == .oidc, let issuer = details["oidc_issuer"], !issuer.hasPrefix("https://") {
            throw CognitoError.invalidParameter("oidc_issuer must be an https URL.")
        }
    }
}

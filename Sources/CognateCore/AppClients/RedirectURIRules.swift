import Foundation

/// Cognito's rules for callback and sign-out URLs: absolute, no fragment, HTTPS except for the
/// loopback hosts (`localhost`, `127.0.0.1`, `[::1]`); custom schemes (`myapp://cb`) are allowed.
enum RedirectURIRules {
    static let loopbackHosts: Set<String> = ["localhost", "127.0.0.1", "::1", "[::1]"]

    static func check(_ urls: [String]?, member: String) throws {
        for url in urls ?? [] where !isAcceptable(url) {
            throw CognitoError.invalidParameter(
                "\(member) contains an invalid URL: \(url). A redirect URL must be absolute, have no fragment, and use HTTPS (HTTP only for localhost, 127.0.0.1 and [::1])."
            )
        }
    }

    static func isAcceptable(_ url: String) -> Bool {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
            components.fragment == nil, !url.contains("#")
        else { return false }
        switch scheme {
        case "https":
            return !(components.host ?? "").isEmpty
        case "http":
            return loopbackHosts.contains((components.host ?? "").lowercased())
        default:
            // Custom schemes for native apps; `javascript:` and `data:` can never be a place to send a browser.
            return !["javascript", "data", "vbscript", "file"].contains(scheme) && url.contains(":/")
        }
    }
}

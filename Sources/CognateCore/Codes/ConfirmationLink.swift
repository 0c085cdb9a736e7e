import Foundation

/// Where a CONFIRM_WITH_LINK message points: the hosted UI's `/confirmUser`, with Cognito's parameters.
public struct ConfirmationLink: Sendable {
    let publicURL: String
    let clientId: String
    let username: String

    func url(code: String) -> String {
        var components = URLComponents(string: "\(publicURL)/confirmUser") ?? URLComponents()
        components.queryItems = [
            URLQueryItem(name: "client_id", value: clientId), URLQueryItem(name: "user_name", value: username),
            URLQueryItem(name: "confirmation_code", value: code),
        ]
        return components.string ?? "\(publicURL)/confirmUser"
    }
}

/// Escaping for text placed in HTML, so that template text cannot become markup.
public enum HTMLText {
    public static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&#39;")
    }
}

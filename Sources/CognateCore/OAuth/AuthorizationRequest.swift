import Foundation

/// The parameters of `/oauth2/authorize`, as received. The hosted pages carry them from page to page
/// (in links and hidden fields), so that whichever page completes the sign-in can finish the flow.
public struct AuthorizationRequest: Sendable, Equatable {
    public static let parameterNames = [
        "response_type", "client_id", "redirect_uri", "state", "scope", "nonce", "code_challenge", "code_challenge_method",
        "identity_provider",
    ]

    public private(set) var values: [String: String]

    /// Keeps only the authorize parameters; empty values count as absent.
    public init(parameters: [String: String]) {
        values = parameters.filter { Self.parameterNames.contains($0.key) && !$0.value.isEmpty }
    }

    public var responseType: String? { values["response_type"] }
    public var clientId: String? { values["client_id"] }
    public var redirectURI: String? { values["redirect_uri"] }
    public var state: String? { values["state"] }
    public var scope: String? { values["scope"] }
    public var nonce: String? { values["nonce"] }
    public var codeChallenge: String? { values["code_challenge"] }
    public var codeChallengeMethod: String? { values["code_challenge_method"] }
    public var identityProvider: String? { values["identity_provider"] }

    /// The parameters in a stable order, for hidden fields and links.
    public var items: [(name: String, value: String)] {
        Self.parameterNames.compactMap { name in values[name].map { (name, $0) } }
    }

    /// `a=b&c=d`, for a link to another hosted page.
    public var query: String {
        FormEncoding.encode(items)
    }
}

/// Where an authorization answer goes: the client's redirect URI, in its query (code flow) or fragment
/// (implicit flow), always with the request's `state`.
public struct AuthorizationRedirect: Sendable, Equatable {
    public let uri: String
    public let inFragment: Bool
    public let state: String?

    public func url(_ parameters: [(String, String)]) -> String {
        var all = parameters
        if let state { all.append(("state", state)) }
        let encoded = FormEncoding.encode(all)
        if inFragment { return "\(uri)#\(encoded)" }
        return uri + (uri.contains("?") ? "&" : "?") + encoded
    }
}

/// `application/x-www-form-urlencoded` as browsers and OAuth clients write it.
public enum FormEncoding {
    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    public static func encode(_ items: [(String, String)]) -> String {
        items.map { "\(escape($0.0))=\(escape($0.1))" }.joined(separator: "&")
    }

    public static func escape(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }

    /// Later duplicates are ignored: OAuth parameters must not repeat (RFC 6749 §3.1), and taking the
    /// first keeps a smuggled second value from overriding it.
    public static func decode(_ body: String) -> [String: String] {
        var result: [String: String] = [:]
        for pair in body.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = unescape(parts[0])
            let value = parts.count > 1 ? unescape(parts[1]) : ""
            if result[name] == nil { result[name] = value }
        }
        return result
    }

    /// `+` is a space and `%XX` a byte; malformed escapes are kept as written and invalid UTF-8 is
    /// repaired, as browsers do. Byte by byte: the token endpoint decodes a form on every request, and
    /// Foundation's string replacement went through NSString.
    static func unescape(_ text: Substring) -> String {
        let bytes = Array(text.utf8)
        guard bytes.contains(where: { $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "%") }) else { return String(text) }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "+") {
                output.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%"), index + 2 < bytes.count, let high = HexDigit.value(bytes[index + 1]), let low = HexDigit.value(bytes[index + 2]) {
                output.append(high << 4 | low)
                index += 2
            } else {
                output.append(byte)
            }
            index += 1
        }
        return String(decoding: output, as: UTF8.self)
    }
}

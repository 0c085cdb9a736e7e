import CognateJSON
import Foundation

/// A verified Cognito access token: what an API needs to authorise a request.
public struct CognitoAccessToken: Sendable, Equatable {
    public let subject: String
    public let username: String?
    public let clientId: String
    public let scopes: [String]
    public let groups: [String]
    public let issuedAt: Date
    public let expiresAt: Date
    public let authTime: Date?
    public let tokenId: String?
    /// Every claim, for what the typed properties leave out.
    public let claims: [String: JSONValue]

    init(claims: [String: JSONValue]) throws(TokenVerificationError) {
        guard case .string(let subject)? = claims["sub"], case .string(let clientId)? = claims["client_id"],
            let issuedAt = claims["iat"]?.date, let expiresAt = claims["exp"]?.date
        else { throw .malformed }
        self.subject = subject
        self.clientId = clientId
        self.username = claims["username"]?.string
        self.scopes = claims["scope"]?.string.map(Self.words) ?? []
        self.groups = claims["cognito:groups"]?.strings ?? []
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
        self.authTime = claims["auth_time"]?.date
        self.tokenId = claims["jti"]?.string
        self.claims = claims
    }
}

/// A verified Cognito ID token: who the user is.
public struct CognitoIdToken: Sendable, Equatable {
    public let subject: String
    /// `cognito:username`.
    public let username: String?
    public let audience: String
    public let email: String?
    public let emailVerified: Bool?
    public let phoneNumber: String?
    public let groups: [String]
    /// `custom:*` attributes by their full name (Cognito puts them in the token as strings).
    public let customAttributes: [String: String]
    public let issuedAt: Date
    public let expiresAt: Date
    public let claims: [String: JSONValue]

    init(claims: [String: JSONValue]) throws(TokenVerificationError) {
        guard case .string(let subject)? = claims["sub"], case .string(let audience)? = claims["aud"],
            let issuedAt = claims["iat"]?.date, let expiresAt = claims["exp"]?.date
        else { throw .malformed }
        self.subject = subject
        self.audience = audience
        self.username = claims["cognito:username"]?.string
        self.email = claims["email"]?.string
        switch claims["email_verified"] {
        case .bool(let value)?: emailVerified = value
        case .string(let value)?: emailVerified = value == "true"
        default: emailVerified = nil
        }
        self.phoneNumber = claims["phone_number"]?.string
        self.groups = claims["cognito:groups"]?.strings ?? []
        var custom: [String: String] = [:]
        for (name, value) in claims where name.hasPrefix("custom:") {
            if let text = value.string { custom[name] = text }
        }
        self.customAttributes = custom
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
        self.claims = claims
    }
}

extension CognitoAccessToken {
    /// Space-separated words, split on bytes (a String split walks Characters).
    static func words(_ text: String) -> [String] {
        text.utf8.split(separator: UInt8(ascii: " ")).map { String(decoding: $0, as: UTF8.self) }
    }
}

extension JSONValue {
    var string: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    var strings: [String]? {
        guard case .array(let values) = self else { return nil }
        return values.compactMap(\.string)
    }

    var date: Date? {
        switch self {
        case .integer(let seconds): return Date(timeIntervalSince1970: TimeInterval(seconds))
        case .number(let seconds): return Date(timeIntervalSince1970: seconds)
        default: return nil
        }
    }
}

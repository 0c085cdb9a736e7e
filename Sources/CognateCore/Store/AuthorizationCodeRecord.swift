import Foundation

/// An OAuth authorization code as stored: the SHA-256 of the code, and everything the token endpoint
/// must check it against (RFC 6749 §4.1.3, RFC 7636 §4.6).
public struct AuthorizationCodeRecord: Sendable, Equatable, Codable {
    public var codeHash: String
    public var poolId: String
    public var clientId: String
    public var sub: String
    public var redirectURI: String
    public var scopes: [String]
    public var nonce: String?
    /// The S256 PKCE challenge, if the authorize request sent one.
    public var codeChallenge: String?
    public var authTime: Date
    /// The refresh-token family the exchange starts, chosen up front so that a replayed code can
    /// revoke what the first exchange issued.
    public var familyId: String
    public var createdAt: Date
    public var expiresAt: Date
    public var usedAt: Date?

    public init(
        codeHash: String, poolId: String, clientId: String, sub: String, redirectURI: String, scopes: [String], nonce: String?,
        codeChallenge: String?, authTime: Date, familyId: String, createdAt: Date, expiresAt: Date, usedAt: Date? = nil
    ) {
        self.codeHash = codeHash
        self.poolId = poolId
        self.clientId = clientId
        self.sub = sub
        self.redirectURI = redirectURI
        self.scopes = scopes
        self.nonce = nonce
        self.codeChallenge = codeChallenge
        self.authTime = authTime
        self.familyId = familyId
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.usedAt = usedAt
    }
}

import Foundation

/// A refresh token as stored: never its value, only the SHA-256 of it.
public struct RefreshTokenRecord: Sendable, Equatable {
    public var tokenHash: String
    public var poolId: String
    public var sub: String
    public var clientId: String
    /// The sign-in this token descends from; access tokens carry it as `origin_jti`.
    public var familyId: String
    public var scopes: [String]
    public var authTime: Date
    public var createdAt: Date
    public var expiresAt: Date
    /// When rotation exchanged it for a new one; a second use means it leaked.
    public var usedAt: Date?
    public var revokedAt: Date?

    public init(
        tokenHash: String, poolId: String, sub: String, clientId: String, familyId: String, scopes: [String], authTime: Date,
        createdAt: Date, expiresAt: Date, usedAt: Date? = nil, revokedAt: Date? = nil
    ) {
        self.tokenHash = tokenHash
        self.poolId = poolId
        self.sub = sub
        self.clientId = clientId
        self.familyId = familyId
        self.scopes = scopes
        self.authTime = authTime
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.usedAt = usedAt
        self.revokedAt = revokedAt
    }
}

/// What a refresh needs from the store, read at once: the token, its user, and the user's groups.
public struct RefreshGrant: Sendable, Equatable {
    public var token: RefreshTokenRecord
    public var user: UserRecord
    public var groups: [String]

    public init(token: RefreshTokenRecord, user: UserRecord, groups: [String]) {
        self.token = token
        self.user = user
        self.groups = groups
    }
}

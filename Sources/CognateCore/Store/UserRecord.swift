import CognitoModel
import Foundation

/// A user as stored. Attributes are Cognito's name → string value (numbers and booleans as strings,
/// as Cognito keeps them); `sub` is the column, not an attribute, and is added when presented.
public struct UserRecord: Sendable, Equatable {
    public var poolId: String
    public var sub: String
    /// The username as Cognito reports it (for pools that sign in with email, the `sub`).
    public var username: String
    /// The username as looked up: lowercased in case-insensitive pools.
    public var usernameKey: String
    public var status: UserStatusType
    public var enabled: Bool
    public var attributes: [String: String]
    /// PHC string of the password hash; nil for users without a password (federated, or not yet set).
    public var passwordHash: String?
    /// SRP salt and verifier (hex), kept beside the hash so that USER_SRP_AUTH works.
    public var srpSalt: String?
    public var srpVerifier: String?
    public var createdAt: Date
    public var lastModifiedAt: Date
    /// Consecutive failed password attempts, and the end of the current lockout.
    public var failedAttempts: Int
    public var lockedUntil: Date?
    /// Tokens issued before this instant are revoked (GlobalSignOut, AdminUserGlobalSignOut).
    public var tokensValidAfter: Date?
    /// When a temporary password (FORCE_CHANGE_PASSWORD) stops working.
    public var temporaryPasswordExpiresAt: Date?
    /// Second factors (TOTP, email codes) and their state.
    public var mfa = UserMFA()

    public init(
        poolId: String, sub: String, username: String, usernameKey: String, status: UserStatusType, enabled: Bool = true,
        attributes: [String: String], passwordHash: String? = nil, srpSalt: String? = nil, srpVerifier: String? = nil,
        createdAt: Date, lastModifiedAt: Date, failedAttempts: Int = 0, lockedUntil: Date? = nil,
        tokensValidAfter: Date? = nil, temporaryPasswordExpiresAt: Date? = nil
    ) {
        self.poolId = poolId
        self.sub = sub
        self.username = username
        self.usernameKey = usernameKey
        self.status = status
        self.enabled = enabled
        self.attributes = attributes
        self.passwordHash = passwordHash
        self.srpSalt = srpSalt
        self.srpVerifier = srpVerifier
        self.createdAt = createdAt
        self.lastModifiedAt = lastModifiedAt
        self.failedAttempts = failedAttempts
        self.lockedUntil = lockedUntil
        self.tokensValidAfter = tokensValidAfter
        self.temporaryPasswordExpiresAt = temporaryPasswordExpiresAt
    }
}

/// A one-time code (sign-up confirmation, password reset, attribute verification), stored hashed.
public struct CodeRecord: Sendable, Equatable {
    public var poolId: String
    public var sub: String
    /// What the code proves: `signup`, `forgot_password`, `verify:email`, …
    public var purpose: String
    public var codeHash: String
    public var expiresAt: Date
    public var attempts: Int
    public var createdAt: Date

    public init(poolId: String, sub: String, purpose: String, codeHash: String, expiresAt: Date, attempts: Int = 0, createdAt: Date) {
        self.poolId = poolId
        self.sub = sub
        self.purpose = purpose
        self.codeHash = codeHash
        self.expiresAt = expiresAt
        self.attempts = attempts
        self.createdAt = createdAt
    }
}

/// A message waiting for (or past) delivery: written in the same transaction as the code it carries.
public struct OutboxMessage: Sendable, Equatable {
    public var id: String
    public var poolId: String
    public var recipient: String
    public var subject: String
    public var body: String
    /// The HTML part, when the message has one of its own (a confirmation link).
    public var html: String?
    public var createdAt: Date
    /// Delivery attempts so far.
    public var attempts: Int = 0

    public init(id: String, poolId: String, recipient: String, subject: String, body: String, createdAt: Date) {
        self.id = id
        self.poolId = poolId
        self.recipient = recipient
        self.subject = subject
        self.body = body
        self.createdAt = createdAt
    }
}

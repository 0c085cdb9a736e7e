import CognitoModel
import Foundation

/// A transferred user checked against the target pool, ready to write.
struct PreparedAccount: Sendable {
    let record: UserRecord
    let aliasKeys: [String]
    let groups: [String]

    static let statuses: Set<UserStatusType> = [.unconfirmed, .confirmed, .forceChangePassword, .resetRequired]

    init(_ user: TransferredUser, pool: UserPoolRecord, now: Date, sealer: KeySealer? = nil) throws {
        guard !user.username.isEmpty, user.username.count <= 128 else {
            throw CognitoError.invalidParameter("username must be 1 to 128 characters")
        }
        var status = user.status.isEmpty ? nil : UserStatusType(rawValue: user.status)
        if let given = status, !Self.statuses.contains(given) {
            throw CognitoError.invalidParameter("status \(user.status) cannot be imported")
        }
        if let hash = user.password?.hash, !ImportedPasswordHash.isAccepted(hash) {
            throw CognitoError.invalidParameter("the password hash is not Argon2id, bcrypt, PBKDF2 or scrypt in a known encoding")
        }
        // Without a password the user can only choose one: Cognito's import does the same.
        if user.password == nil { status = .resetRequired }
        let rules = UserAttributeRules(pool: pool.description)
        let attributes = try rules.check(
            user.attributes.sorted { $0.key < $1.key }.map { AttributeType(name: $0.key, value: $0.value) }, creating: true, byAdministrator: true
        )
        try rules.checkRequired(attributes)
        let identity = SignInIdentity(pool: pool.description)
        var record = UserRecord(
            poolId: pool.id, sub: user.sub.isEmpty ? RandomUUID.string() : user.sub, username: user.username,
            usernameKey: identity.usernameKey(user.username), status: status ?? .confirmed, enabled: user.enabled, attributes: attributes,
            passwordHash: user.password?.hash, createdAt: user.createdAt ?? now, lastModifiedAt: user.lastModifiedAt ?? now
        )
        // The verifier is derived from the pool's name: elsewhere it proves nothing, and the next
        // password sign-in derives a new one.
        if let srp = user.password?.srp, srp.poolName == TransferredUser.poolName(of: pool.id) {
            record.srpSalt = srp.salt
            record.srpVerifier = srp.verifier
        }
        if record.status == .forceChangePassword {
            let days = pool.description.policies?.passwordPolicy?.temporaryPasswordValidityDays ?? 7
            record.temporaryPasswordExpiresAt = now.addingTimeInterval(TimeInterval(days) * 86400)
        }
        if let mfa = user.mfa {
            record.mfa = try Self.factors(mfa, for: record, sealer: sealer)
        }
        self.record = record
        self.aliasKeys = identity.aliasKeys(for: attributes)
        self.groups = user.groups
    }

    func write(in session: any StoreSession) async throws {
        for group in groups where try await session.resource(poolId: record.poolId, kind: .group, key: group) == nil {
            throw CognitoError.invalidParameter("group \(group) does not exist in the pool")
        }
        try await session.insertUser(record)
        if !aliasKeys.isEmpty { try await session.setAliases(poolId: record.poolId, sub: record.sub, aliasKeys: aliasKeys) }
        for group in groups { try await session.addGroupMember(poolId: record.poolId, groupName: group, sub: record.sub) }
    }

    /// The user's factors as the target stores them: an authenticator secret sealed under this
    /// deployment's master key (refused without it), the app factor on only with its secret.
    static func factors(_ mfa: TransferredUser.MFA, for record: UserRecord, sealer: KeySealer?) throws -> UserMFA {
        var factors = UserMFA()
        if let secret = mfa.totpSecret {
            guard let sealer else {
                throw CognitoError.invalidParameter("the user has an authenticator secret: import with the master key (--master-key-file)")
            }
            guard let bytes = Base32.decode(secret), bytes.count >= 10 else {
                throw CognitoError.invalidParameter("the authenticator secret is not base32 of at least 80 bits")
            }
            factors.totpSecret = try TOTPSecrets(sealer: sealer).seal(Base32.encode(bytes), poolId: record.poolId, sub: record.sub)
            factors.totpDeviceName = mfa.totpDeviceName
            factors.totpEnabled = mfa.enabled.contains(ChallengeNameType.softwareTokenMfa.rawValue)
        }
        factors.emailEnabled = mfa.enabled.contains(ChallengeNameType.emailOtp.rawValue)
        if let preferred = mfa.preferred,
           (preferred == ChallengeNameType.softwareTokenMfa.rawValue && factors.totpEnabled)
            || (preferred == ChallengeNameType.emailOtp.rawValue && factors.emailEnabled) {
            factors.preferred = preferred
        }
        return factors
    }
}

import CognitoModel
import Foundation

/// Setting up and choosing second factors: AssociateSoftwareToken and VerifySoftwareToken (signed in,
/// with an access token, or during sign-in, with MFA_SETUP's session), and Set/AdminSetUserMFAPreference.
public struct MFAService: Sendable {
    let store: any Store
    let tokens: TokenService
    let sealer: KeySealer
    let clock: any WallClock
    let random: any RandomSource

    public init(store: any Store, tokens: TokenService, sealer: KeySealer, clock: any WallClock, random: any RandomSource) {
        self.store = store
        self.tokens = tokens
        self.sealer = sealer
        self.clock = clock
        self.random = random
    }

    var secrets: TOTPSecrets { TOTPSecrets(sealer: sealer) }

    /// A new authenticator secret (base32). With an access token it waits on the user until verified;
    /// with a session it travels in the returned session (the user is not signed in yet).
    public func associate(accessToken: String?, session sealed: String?) async throws -> (secret: String, session: String?) {
        let secret = Base32.encode(random.bytes(TOTPSecrets.secretBytes))
        if let accessToken {
            let claims = try await tokens.verifyAccessToken(accessToken)
            try AccountService.requireAdminScope(claims)
            try await store.transaction { [secrets] session in
                guard var user = try await session.lockUser(poolId: claims.poolId, sub: claims.sub) else {
                    throw CognitoError(.userNotFound, "User does not exist.")
                }
                user.mfa.pendingTotpSecret = try secrets.seal(secret, poolId: user.poolId, sub: user.sub)
                try await session.updateUser(user)
            }
            return (secret, nil)
        }
        guard sealed != nil else { throw CognitoError.invalidParameter("AccessToken or Session is required.") }
        var session = try AuthSession.open(sealed, with: sealer, now: clock.now(), challenge: .mfaSetup, clientId: nil)
        session.totpSecret = secret
        session.totpVerified = false
        return (secret, try session.seal(with: sealer))
    }

    /// Checks a code from the app against the associated secret; on success the secret becomes the user's
    /// (enabled at once during sign-in's MFA_SETUP, to be enabled by SetUserMFAPreference otherwise).
    public func verify(accessToken: String?, session sealed: String?, code: String, deviceName: String?) async throws -> (status: VerifySoftwareTokenResponseType, session: String?) {
        let now = clock.now()
        let mismatch = CognitoError(.enableSoftwareTokenMFA, "Code mismatch")
        if let accessToken {
            let claims = try await tokens.verifyAccessToken(accessToken)
            try AccountService.requireAdminScope(claims)
            try await store.transaction { [secrets] session in
                guard var user = try await session.lockUser(poolId: claims.poolId, sub: claims.sub) else {
                    throw CognitoError(.userNotFound, "User does not exist.")
                }
                guard let pending = user.mfa.pendingTotpSecret else {
                    throw CognitoError.invalidParameter("Call AssociateSoftwareToken first.")
                }
                guard let secret = secrets.open(pending, user: user), let step = TOTP.matchingStep(code, secret: secret, at: now) else {
                    throw mismatch
                }
                user.mfa.totpSecret = pending
                user.mfa.pendingTotpSecret = nil
                user.mfa.totpDeviceName = deviceName
                user.mfa.lastTotpStep = step
                try await session.updateUser(user)
            }
            return (.success, nil)
        }
        var session = try AuthSession.open(sealed, with: sealer, now: now, challenge: .mfaSetup, clientId: nil)
        guard let base32 = session.totpSecret, let secret = Base32.decode(base32) else {
            throw CognitoError.invalidParameter("Call AssociateSoftwareToken with this session first.")
        }
        guard let step = TOTP.matchingStep(code, secret: secret, at: now) else { throw mismatch }
        let (poolId, sub) = (session.poolId, session.sub)
        try await store.transaction { [secrets] transaction in
            guard var user = try await transaction.lockUser(poolId: poolId, sub: sub) else {
                throw CognitoError.notAuthorized("Invalid session for the user, session is expired.")
            }
            user.mfa.totpSecret = try secrets.seal(base32, poolId: user.poolId, sub: user.sub)
            user.mfa.pendingTotpSecret = nil
            user.mfa.totpDeviceName = deviceName
            user.mfa.lastTotpStep = step
            user.mfa.totpEnabled = true
            if user.mfa.preferred == nil { user.mfa.preferred = ChallengeNameType.softwareTokenMfa.rawValue }
            try await transaction.updateUser(user)
        }
        session.totpVerified = true
        session.totpSecret = nil
        return (.success, try session.seal(with: sealer))
    }

    /// SetUserMFAPreference, for the signed-in user.
    public func setPreference(accessToken: String, totp: SoftwareTokenMfaSettingsType?, email: EmailMfaSettingsType?) async throws {
        let claims = try await tokens.verifyAccessToken(accessToken)
        try AccountService.requireAdminScope(claims)
        try await change(poolId: claims.poolId, sub: claims.sub, totp: totp, email: email)
    }

    /// AdminSetUserMFAPreference.
    public func setPreference(poolId: String, username: String, totp: SoftwareTokenMfaSettingsType?, email: EmailMfaSettingsType?) async throws {
        let pool = try await PoolScope.requirePool(poolId, in: store)
        let user = try await PoolScope.requireUser(username, in: pool, session: store)
        try await change(poolId: pool.id, sub: user.sub, totp: totp, email: email)
    }

    private func change(poolId: String, sub: String, totp: SoftwareTokenMfaSettingsType?, email: EmailMfaSettingsType?) async throws {
        let now = clock.now().truncatedToMilliseconds
        try await store.transaction { session in
            guard var user = try await session.lockUser(poolId: poolId, sub: sub) else { throw CognitoError(.userNotFound, "User does not exist.") }
            if let totp {
                if totp.enabled == true, user.mfa.totpSecret == nil {
                    throw CognitoError.invalidParameter("User has not verified software token mfa")
                }
                if let enabled = totp.enabled { user.mfa.totpEnabled = enabled }
                if totp.preferredMfa == true { user.mfa.preferred = ChallengeNameType.softwareTokenMfa.rawValue }
                if totp.enabled == false || (totp.preferredMfa == false && user.mfa.preferred == ChallengeNameType.softwareTokenMfa.rawValue) {
                    if user.mfa.preferred == ChallengeNameType.softwareTokenMfa.rawValue { user.mfa.preferred = nil }
                }
            }
            if let email {
                if email.enabled == true, user.attributes["email"] == nil {
                    throw CognitoError.invalidParameter("User does not have an email address to receive codes at.")
                }
                if let enabled = email.enabled { user.mfa.emailEnabled = enabled }
                if email.preferredMfa == true { user.mfa.preferred = ChallengeNameType.emailOtp.rawValue }
                if email.enabled == false, user.mfa.preferred == ChallengeNameType.emailOtp.rawValue { user.mfa.preferred = nil }
            }
            user.lastModifiedAt = now
            try await session.updateUser(user)
        }
    }
}

extension UserRecord {
    /// GetUser's and AdminGetUser's view of the user's factors.
    public var mfaSettingList: [String]? {
        var list: [String] = []
        if mfa.totpEnabled && mfa.totpSecret != nil { list.append(ChallengeNameType.softwareTokenMfa.rawValue) }
        if mfa.emailEnabled { list.append(ChallengeNameType.emailOtp.rawValue) }
        return list.isEmpty ? nil : list
    }
}

import CognitoModel
import Foundation

/// Sign-in: the API's authentication flows and challenge chains (password, SRP, refresh token,
/// NEW_PASSWORD_REQUIRED), the lockout, and token issue. The JSON API, the admin API and the hosted UI
/// all sign users in through this.
public struct AuthenticationService: Sendable {
    let store: any Store
    let passwords: PasswordHasher
    let credentials: CredentialMaker
    let tokens: TokenService
    let sealer: KeySealer
    let clock: any WallClock
    let random: any RandomSource
    let events: AuthEvents

    public init(
        store: any Store, passwords: PasswordHasher, tokens: TokenService, sealer: KeySealer, clock: any WallClock,
        random: any RandomSource
    ) {
        self.store = store
        self.passwords = passwords
        self.credentials = CredentialMaker(passwords: passwords, random: random)
        self.tokens = tokens
        self.sealer = sealer
        self.clock = clock
        self.random = random
        self.events = AuthEvents(store: store, clock: clock)
    }

    /// What a step of authentication answers: tokens, or the next challenge.
    public struct Outcome: Sendable {
        public var result: TokenService.Issued?
        public var challengeName: ChallengeNameType?
        public var challengeParameters: [String: String]?
        public var session: String?
    }

    // MARK: InitiateAuth / AdminInitiateAuth

    public func initiate(
        flow: AuthFlowType, parameters: [String: String], clientId: String, poolId: String? = nil, administrator: Bool = false
    ) async throws -> Outcome {
        let context = try await ClientContext.load(clientId: clientId, in: store)
        if let poolId, poolId != context.poolId {
            throw CognitoError.resourceNotFound("User pool client \(clientId) does not exist.")
        }
        switch flow {
        case .userPasswordAuth where !administrator, .adminUserPasswordAuth where administrator, .adminNoSrpAuth where administrator:
            let required: ExplicitAuthFlowsType = administrator ? .allowAdminUserPasswordAuth : .allowUserPasswordAuth
            guard context.allows(required) else {
                throw CognitoError.invalidParameter("\(flow.rawValue) flow not enabled for this client")
            }
            return try await passwordSignIn(parameters: parameters, context: context)
        case .userSrpAuth:
            guard context.allows(.allowUserSrpAuth) else {
                throw CognitoError.invalidParameter("USER_SRP_AUTH flow not enabled for this client")
            }
            return try await startSRP(parameters: parameters, context: context)
        case .refreshTokenAuth, .refreshToken:
            guard context.allows(.allowRefreshTokenAuth) else {
                throw CognitoError.invalidParameter("REFRESH_TOKEN_AUTH flow not enabled for this client")
            }
            return Outcome(result: try await refresh(parameters["REFRESH_TOKEN"], secretHash: parameters["SECRET_HASH"], context: context, rotate: false))
        default:
            throw CognitoError.invalidParameter("Initiate Auth method not supported.")
        }
    }

    // MARK: RespondToAuthChallenge / AdminRespondToAuthChallenge

    public func respond(
        challenge: ChallengeNameType, responses: [String: String], session: String?, clientId: String, poolId: String? = nil
    ) async throws -> Outcome {
        let context = try await ClientContext.load(clientId: clientId, in: store)
        if let poolId, poolId != context.poolId {
            throw CognitoError.resourceNotFound("User pool client \(clientId) does not exist.")
        }
        switch challenge {
        case .newPasswordRequired:
            return try await completeNewPassword(responses: responses, session: session, context: context)
        case .passwordVerifier:
            return try await completeSRP(responses: responses, context: context)
        case .softwareTokenMfa:
            return try await completeSoftwareTokenMFA(responses: responses, session: session, context: context)
        case .mfaSetup:
            return try await completeMFASetup(session: session, context: context)
        case .selectMfaType:
            return try await completeSelectMFAType(responses: responses, session: session, context: context)
        case .emailOtp:
            return try await completeEmailOTP(responses: responses, session: session, context: context)
        case .deviceSrpAuth:
            return try await startDeviceSRP(responses: responses, session: session, context: context)
        case .devicePasswordVerifier:
            return try await completeDeviceSRP(responses: responses, context: context)
        default:
            throw CognitoError.invalidParameter("Unsupported challenge \(challenge.rawValue).")
        }
    }

    /// GetTokensFromRefreshToken: like REFRESH_TOKEN_AUTH, and rotates the refresh token when the client enables it.
    public func tokensFromRefreshToken(_ token: String, clientId: String, clientSecret: String?) async throws -> TokenService.Issued {
        let context = try await ClientContext.load(clientId: clientId, in: store)
        if let secret = context.client.clientSecret {
            guard let clientSecret, ConstantTime.equal(Array(secret.utf8), Array(clientSecret.utf8)) else {
                throw CognitoError.notAuthorized("Unable to verify secret hash for client \(clientId)")
            }
        }
        let rotate = context.client.refreshTokenRotation?.feature == .enabled
        return try await refresh(token, secretHash: nil, context: context, rotate: rotate, secretChecked: true)
    }

    // MARK: Password sign-in

    func passwordSignIn(parameters: [String: String], context: ClientContext) async throws -> Outcome {
        guard let username = parameters["USERNAME"], let password = parameters["PASSWORD"] else {
            throw CognitoError.invalidParameter("Missing required parameter USERNAME or PASSWORD")
        }
        try context.checkSecretHash(parameters["SECRET_HASH"], username: username)
        let (user, rehash) = try await checkPassword(username: username, password: password, context: context)
        return try await passwordAccepted(user: user, password: password, rehash: rehash, context: context, deviceKey: parameters["DEVICE_KEY"])
    }

    /// The user a username and password name, if the password is right; failures count towards lockout.
    func checkPassword(username: String, password: String, context: ClientContext) async throws -> (UserRecord, rehash: Bool) {
        guard let user = try await context.identity.find(username, poolId: context.poolId, in: store) else {
            await passwords.burn(password)  // as long as a wrong password takes
            throw context.preventsUserExistenceErrors
                ? CognitoError.notAuthorized("Incorrect username or password.")
                : CognitoError(.userNotFound, "User does not exist.")
        }
        let now = clock.now()
        try Lockout.check(user, now: now)
        if user.passwordHash == nil && user.status == .resetRequired {
            // Imported without a password (user import jobs, exports without hashes): as Cognito, any
            // password is met with the reset the user must do first.
            await passwords.burn(password)
            throw CognitoError(.passwordResetRequired, "Password reset required for the user")
        }
        let verdict = await user.passwordHash.asyncMap { await passwords.verify(password, against: $0) }
        guard let verdict, verdict.matches else {
            try await recordFailure(user)
            throw CognitoError.notAuthorized("Incorrect username or password.")
        }
        // A user without an SRP verifier (imported into a pool of another name) gets one from this password.
        return (user, verdict.needsRehash || user.srpVerifier == nil)
    }

    /// After a correct password: the user's state decides between tokens and a challenge.
    func passwordAccepted(user: UserRecord, password: String?, rehash: Bool, context: ClientContext, deviceKey: String? = nil) async throws -> Outcome {
        switch try await admit(user: user, password: password, rehash: rehash, context: context, deviceKey: deviceKey) {
        case .challenge(let outcome):
            return outcome
        case .admitted(let user, let now, let signInEvent):
            return try await signedIn(user, context: context, authTime: now, recording: signInEvent)
        }
    }

    /// Tokens for a user who has passed every challenge. In pools that track devices, a sign-in from a
    /// remembered device (`deviceKey`, proven by DEVICE_PASSWORD_VERIFIER) names it in the access token;
    /// any other starts tracking a new device, returned as `NewDeviceMetadata` for the client to confirm.
    /// `signInEvent`, the password check's event if it is still to be recorded, goes in with the tokens.
    func signedIn(_ user: UserRecord, context: ClientContext, authTime: Date, deviceKey: String? = nil, recording signInEvent: AuthEventType? = nil) async throws -> Outcome {
        let keys = try await tokens.signingKeys(poolId: user.poolId)
        let now = clock.now().truncatedToMilliseconds
        var device: DeviceRecord?
        var isNew = false
        if context.pool.description.deviceConfiguration != nil {
            if let deviceKey, var known = try await store.device(poolId: user.poolId, deviceKey: deviceKey), known.sub == user.sub {
                known.lastAuthenticatedAt = now
                device = known
            } else {
                let region = user.poolId.split(separator: "_").first.map(String.init) ?? "us-east-1"
                var made = DeviceRecord(
                    poolId: user.poolId, deviceKey: "\(region)_\(RandomUUID.string())", sub: user.sub,
                    groupKey: "-" + random.string(length: 9, alphabet: .alphanumeric), createdAt: now
                )
                made.lastAuthenticatedAt = now
                device = made
                isNew = true
            }
        }
        let tracked = device
        let startsNew = isNew
        let pending = try await store.transaction { [tokens, events] session in
            if let signInEvent { try await events.record(signInEvent, for: user, in: session) }
            if let tracked {
                // Devices nobody confirmed within a day are dropped as new ones start (web apps never confirm).
                if startsNew { try await session.deleteUnconfirmedDevices(poolId: user.poolId, sub: user.sub, createdBefore: now.addingTimeInterval(-86400)) }
                try await session.putDevice(tracked)
            }
            return try await tokens.issue(
                user: user, client: context.client, authTime: authTime, familyId: nil, newRefreshToken: true,
                deviceKey: tracked?.deviceKey, keys: keys, in: session
            )
        }
        var issued = try pending.signed()
        if isNew, let device { issued.newDeviceMetadata = NewDeviceMetadataType(deviceKey: device.deviceKey, deviceGroupKey: device.groupKey) }
        return Outcome(result: issued)
    }

    /// A user whose password was right: signed in, or facing a challenge first. An admitted user's
    /// sign-in event is not recorded yet: it goes into the store with what comes next (tokens, a code).
    enum Admission {
        case admitted(UserRecord, at: Date, signInEvent: AuthEventType)
        case challenge(Outcome)
    }

    func admit(user: UserRecord, password: String?, rehash: Bool, context: ClientContext, deviceKey: String? = nil) async throws -> Admission {
        let now = clock.now()
        do {
            try Self.checkCanSignIn(user)
        } catch {
            try await events.signIn(user, passed: false)  // right password, but disabled, unconfirmed or to be reset
            throw error
        }
        let signInEvent = events.signInEvent(passed: true)
        if user.status == .forceChangePassword {
            try await events.record(signInEvent, for: user)
            if let expires = user.temporaryPasswordExpiresAt, expires < now {
                throw CognitoError.notAuthorized("Temporary password has expired and must be reset by an administrator.")
            }
            try await recordSuccess(user, rehashing: nil)
            let session = AuthSession(
                poolId: user.poolId, clientId: context.clientId, sub: user.sub, challenge: .newPasswordRequired,
                expiresAt: now.addingTimeInterval(TimeInterval((context.client.authSessionValidity ?? 3) * 60))
            )
            let visible = user.attributes.filter { !$0.key.hasPrefix("dev:") && !$0.key.hasSuffix("_verified") }
            let attributesJSON = String(decoding: TokenService.encode(visible.mapValues(JSONValue.string)), as: UTF8.self)
            return .challenge(Outcome(
                challengeName: .newPasswordRequired,
                challengeParameters: ["USER_ID_FOR_SRP": user.username, "requiredAttributes": "[]", "userAttributes": attributesJSON],
                session: try session.seal(with: sealer)
            ))
        }
        var fresh: CredentialMaker.Secret?
        if rehash, let password { fresh = await credentials.make(password: password, poolId: user.poolId, username: user.username) }
        try await recordSuccess(user, rehashing: fresh)
        // A remembered device proves itself (DEVICE_SRP_AUTH) instead of the second factor.
        if let deviceKey, let challenge = try await deviceChallenge(for: user, deviceKey: deviceKey, context: context, now: now) {
            try await events.record(signInEvent, for: user)
            return .challenge(challenge)
        }
        if let challenge = try await mfaChallenge(for: user, context: context, now: now) {
            try await events.record(signInEvent, for: user)
            return .challenge(challenge)
        }
        return .admitted(user, at: now, signInEvent: signInEvent)
    }

    static func checkCanSignIn(_ user: UserRecord) throws {
        if !user.enabled { throw CognitoError.notAuthorized("User is disabled.") }
        switch user.status {
        case .unconfirmed: throw CognitoError(.userNotConfirmed, "User is not confirmed.")
        case .resetRequired: throw CognitoError(.passwordResetRequired, "Password reset required for the user")
        default: return
        }
    }

    func recordFailure(_ user: UserRecord) async throws {
        let now = clock.now()
        try await store.transaction { session in
            guard let current = try await session.lockUser(poolId: user.poolId, sub: user.sub) else { return }
            try await events.signIn(current, passed: false, in: session)
            if let until = current.lockedUntil, until > now { return }  // attempts in a lockout don't lengthen it
            try await session.updateUser(Lockout.failed(current, now: now))
        }
    }

    func recordSuccess(_ user: UserRecord, rehashing secret: CredentialMaker.Secret?) async throws {
        guard user.failedAttempts > 0 || user.lockedUntil != nil || secret != nil else { return }
        try await store.transaction { session in
            guard var current = try await session.lockUser(poolId: user.poolId, sub: user.sub) else { return }
            current = Lockout.succeeded(current)
            if let secret {
                current.setPassword(secret)
            }
            try await session.updateUser(current)
        }
    }

    // MARK: NEW_PASSWORD_REQUIRED

    func completeNewPassword(responses: [String: String], session sealed: String?, context: ClientContext) async throws -> Outcome {
        let now = clock.now()
        let user = try await changeTemporaryPassword(responses: responses, session: sealed, context: context) { user, _ in user }
        // The new password done, a second factor may still be due (as in Cognito: MFA_SETUP or the factor's challenge).
        if let challenge = try await mfaChallenge(for: user, context: context, now: now) { return challenge }
        return try await signedIn(user, context: context, authTime: now)
    }

    /// Answers NEW_PASSWORD_REQUIRED: sets the password (and any attributes given), confirms the user,
    /// then runs `then` in the same transaction (issuing tokens, or nothing for the hosted UI).
    func changeTemporaryPassword<T: Sendable>(
        responses: [String: String], session sealed: String?, context: ClientContext,
        then: @escaping @Sendable (UserRecord, any StoreSession) async throws -> T
    ) async throws -> T {
        let now = clock.now()
        let state = try AuthSession.open(sealed, with: sealer, now: now, challenge: .newPasswordRequired, clientId: context.clientId)
        guard let newPassword = responses["NEW_PASSWORD"] else {
            throw CognitoError.invalidParameter("Missing required parameter NEW_PASSWORD")
        }
        guard let user = try await store.user(poolId: state.poolId, sub: state.sub), user.status == .forceChangePassword else {
            throw CognitoError.notAuthorized("Invalid session for the user, session is expired.")
        }
        if let username = responses["USERNAME"] { try context.checkSecretHash(responses["SECRET_HASH"], username: username) }
        let pool = context.pool.description
        try PasswordPolicyCheck.check(newPassword, policy: pool.policies?.passwordPolicy)
        let rules = UserAttributeRules(pool: pool)
        let given = responses.compactMap { key, value in
            key.hasPrefix("userAttributes.") ? AttributeType(name: String(key.dropFirst("userAttributes.".count)), value: value) : nil
        }
        let changes = try rules.check(given, creating: false)
        let secret = await credentials.make(password: newPassword, poolId: user.poolId, username: user.username)
        return try await store.transaction { session in
            guard var current = try await session.lockUser(poolId: user.poolId, sub: user.sub), current.status == .forceChangePassword else {
                throw CognitoError.notAuthorized("Invalid session for the user, session is expired.")
            }
            current.attributes.merge(changes) { _, new in new }
            try rules.checkRequired(current.attributes)
            current.setPassword(secret)
            current.status = .confirmed
            current.temporaryPasswordExpiresAt = nil
            current.lastModifiedAt = now.truncatedToMilliseconds
            try await session.updateUser(current)
            return try await then(current, session)
        }
    }

    // MARK: Refresh

    func refresh(_ token: String?, secretHash: String?, context: ClientContext, rotate: Bool, secretChecked: Bool = false) async throws -> TokenService.Issued {
        let invalid = CognitoError.notAuthorized("Invalid Refresh Token")
        guard let token, !token.isEmpty else { throw CognitoError.invalidParameter("Missing required parameter REFRESH_TOKEN") }
        let now = clock.now()
        let keys = try await tokens.signingKeys(poolId: context.poolId)
        let exchange: @Sendable (any StoreSession) async throws -> TokenService.PendingTokens = { [tokens] session in
            guard let grant = try await session.refreshGrant(hash: TokenService.hash(token)), grant.token.clientId == context.clientId,
                grant.token.poolId == context.poolId
            else { throw invalid }
            let record = grant.token
            let user = grant.user
            if record.revokedAt != nil { throw CognitoError.notAuthorized("Refresh Token has been revoked") }
            if record.expiresAt < now { throw CognitoError.notAuthorized("Refresh Token has expired") }
            if !secretChecked, context.client.clientSecret != nil {
                // Cognito accepts the hash computed over the username or over the sub.
                if (try? context.checkSecretHash(secretHash, username: user.username)) == nil {
                    try context.checkSecretHash(secretHash, username: user.sub)
                }
            }
            if !user.enabled { throw CognitoError.notAuthorized("User is disabled.") }
            if let cutoff = user.tokensValidAfter, record.createdAt < cutoff { throw CognitoError.notAuthorized("Refresh Token has been revoked") }
            if rotate, try await !session.markRefreshTokenUsed(hash: record.tokenHash, at: now) {
                // Used before: within the client's grace period that is a retry (a lost response); after it,
                // the token has leaked, so the whole family goes (RFC 9700 §4.14.2).
                let grace = TimeInterval(context.client.refreshTokenRotation?.retryGracePeriodSeconds ?? 0)
                guard let usedAt = record.usedAt, now.timeIntervalSince(usedAt) < grace else {
                    try await session.revokeRefreshTokenFamily(poolId: record.poolId, familyId: record.familyId, at: now)
                    throw CommitThenThrow(CognitoError(.refreshTokenReuse, "Refresh token has already been used."))
                }
            }
            return try await tokens.issue(
                user: user, groups: grant.groups, client: context.client, scopes: record.scopes, authTime: record.authTime,
                familyId: record.familyId, newRefreshToken: rotate, keys: keys, in: session
            )
        }
        // Without rotation a refresh only reads, so it needs no write transaction (which would queue it
        // behind every other writer); with rotation, marking the token used and issuing its successor
        // must be one transaction.
        let pending = rotate ? try await store.transaction(exchange) : try await exchange(store)
        return try pending.signed()
    }

    /// RevokeToken: ends the refresh token's family and every access token it produced.
    public func revoke(refreshToken: String, clientId: String, clientSecret: String?) async throws {
        let context = try await ClientContext.load(clientId: clientId, in: store)
        if let secret = context.client.clientSecret {
            guard let clientSecret, ConstantTime.equal(Array(secret.utf8), Array(clientSecret.utf8)) else {
                throw CognitoError.notAuthorized("Unable to verify secret hash for client \(clientId)")
            }
        }
        if context.client.enableTokenRevocation == false {
            throw CognitoError(.unsupportedTokenType, "Token revocation is not enabled for this client.")
        }
        guard let record = try await store.refreshToken(hash: TokenService.hash(refreshToken)) else { return }  // RFC 7009: unknown tokens are fine
        guard record.clientId == clientId else { throw CognitoError.notAuthorized("The token was not issued to this client.") }
        try await store.revokeRefreshTokenFamily(poolId: record.poolId, familyId: record.familyId, at: clock.now())
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}

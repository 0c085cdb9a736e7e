import CognitoModel
import Foundation

/// Self-service accounts: sign-up and confirmation, password recovery and change, the user's own
/// attributes, deletion and sign-out. The JSON API and the hosted UI both call this.
public struct AccountService: Sendable {
    let store: any Store
    let passwords: PasswordHasher
    let credentials: CredentialMaker
    let tokens: TokenService
    let codes: VerificationCodes
    let delivery: CodeDelivery
    let clock: any WallClock
    let publicURL: String

    public init(
        store: any Store, passwords: PasswordHasher, tokens: TokenService, publicURL: String, clock: any WallClock, random: any RandomSource
    ) {
        self.publicURL = publicURL
        self.store = store
        self.passwords = passwords
        self.credentials = CredentialMaker(passwords: passwords, random: random)
        self.tokens = tokens
        self.codes = VerificationCodes(random: random, clock: clock)
        self.delivery = CodeDelivery(random: random, clock: clock)
        self.clock = clock
    }

    // MARK: Sign-up

    public func signUp(_ request: SignUpRequest) async throws -> SignUpResponse {
        let context = try await ClientContext.load(clientId: request.clientId, in: store)
        try context.checkSecretHash(request.secretHash, username: request.username)
        let pool = context.pool.description
        if pool.adminCreateUserConfig?.allowAdminCreateUserOnly == true {
            throw CognitoError.notAuthorized("SignUp is not permitted for this user pool")
        }
        let sub = RandomUUID.string()
        let identity = context.identity
        let (username, implied) = try identity.signUpUsername(request.username, sub: sub)
        let rules = UserAttributeRules(pool: pool)
        var attributes = try rules.check(request.userAttributes ?? [], creating: true)
        if let (name, value) = implied { attributes[name] = attributes[name] ?? value }
        attributes.removeValue(forKey: "email_verified")
        attributes.removeValue(forKey: "phone_number_verified")
        try rules.checkRequired(attributes)
        guard let password = request.password else {
            throw CognitoError.invalidParameter("A password is required to sign up.")
        }
        try PasswordPolicyCheck.check(password, policy: pool.policies?.passwordPolicy)
        let secret = await credentials.make(password: password, poolId: context.poolId, username: username)
        let now = clock.now().truncatedToMilliseconds
        let user = UserRecord(
            poolId: context.poolId, sub: sub, username: username, usernameKey: identity.usernameKey(username),
            status: .unconfirmed, attributes: attributes, passwordHash: secret.hash, srpSalt: secret.srpSalt,
            srpVerifier: secret.srpVerifier, createdAt: now, lastModifiedAt: now
        )
        let verifies = Set((pool.autoVerifiedAttributes ?? []).map(\.rawValue))
        return try await store.transaction { [codes, delivery, attributes] session in
            do {
                try await session.insertUser(user)
            } catch StoreError.duplicate {
                throw CognitoError(.usernameExists, "User already exists")
            }
            do {
                try await session.setAliases(poolId: user.poolId, sub: sub, aliasKeys: identity.aliasKeys(for: attributes))
            } catch StoreError.duplicate {
                let attribute = identity.usernameAttributes.first?.rawValue ?? "email"
                throw CognitoError(.usernameExists, "An account with the given \(attribute) already exists.")
            }
            var details: CodeDeliveryDetailsType?
            if let destination = CodeDelivery.destination(attributes: attributes), verifies.contains(destination.attribute) {
                let (code, record) = codes.issue(poolId: user.poolId, sub: sub, purpose: .signUp)
                try await session.putCode(record)
                let link = ConfirmationLink(publicURL: publicURL, clientId: context.clientId, username: username)
                details = try await delivery.send(
                    MessageTemplates.signUpVerification(code: code, pool: pool, link: link), to: destination, poolId: user.poolId,
                    in: session
                )
            }
            return SignUpResponse(userConfirmed: false, codeDeliveryDetails: details, userSub: sub)
        }
    }

    public func confirmSignUp(_ request: ConfirmSignUpRequest, fromLink: Bool = false) async throws {
        let context = try await ClientContext.load(clientId: request.clientId, in: store)
        if !fromLink {  // a CONFIRM_WITH_LINK click carries no SECRET_HASH; the emailed code is the proof
            try context.checkSecretHash(request.secretHash, username: request.username)
        }
        let now = clock.now().truncatedToMilliseconds
        try await store.transaction { [codes] session in
            guard var user = try await context.identity.find(request.username, poolId: context.poolId, in: session) else {
                throw context.preventsUserExistenceErrors
                    ? CognitoError(.codeMismatch, "Invalid verification code provided, please try again.")
                    : CognitoError(.userNotFound, "Username/client id combination not found.")
            }
            guard user.status == .unconfirmed else {
                throw CognitoError.notAuthorized("User cannot be confirmed. Current status is \(user.status.rawValue)")
            }
            try await codes.consume(request.confirmationCode, poolId: user.poolId, sub: user.sub, purpose: .signUp, in: session)
            user.status = .confirmed
            if let destination = CodeDelivery.destination(attributes: user.attributes) {
                user.attributes["\(destination.attribute)_verified"] = "true"
            }
            user.lastModifiedAt = now
            try await session.updateUser(user)
            try await Self.claimAliases(of: user, identity: context.identity, force: request.forceAliasCreation == true, in: session)
        }
    }

    public func resendConfirmationCode(_ request: ResendConfirmationCodeRequest) async throws -> CodeDeliveryDetailsType {
        let context = try await ClientContext.load(clientId: request.clientId, in: store)
        try context.checkSecretHash(request.secretHash, username: request.username)
        return try await store.transaction { [codes, delivery] session in
            guard let user = try await context.identity.find(request.username, poolId: context.poolId, in: session) else {
                if context.preventsUserExistenceErrors { return Self.simulatedDelivery(request.username) }
                throw CognitoError(.userNotFound, "Username/client id combination not found.")
            }
            guard user.status == .unconfirmed else { throw CognitoError.invalidParameter("User is already confirmed.") }
            guard let destination = CodeDelivery.destination(attributes: user.attributes) else {
                throw CognitoError.invalidParameter("There is no email or phone number to send a code to.")
            }
            let (code, record) = codes.issue(poolId: user.poolId, sub: user.sub, purpose: .signUp)
            try await session.putCode(record)
            let link = ConfirmationLink(publicURL: publicURL, clientId: context.clientId, username: user.username)
            return try await delivery.send(
                MessageTemplates.signUpVerification(code: code, pool: context.pool.description, link: link), to: destination,
                poolId: user.poolId, in: session
            )
        }
    }

    // MARK: Password recovery and change

    public func forgotPassword(_ request: ForgotPasswordRequest) async throws -> CodeDeliveryDetailsType {
        let context = try await ClientContext.load(clientId: request.clientId, in: store)
        try context.checkSecretHash(request.secretHash, username: request.username)
        return try await store.transaction { [codes, delivery] session in
            guard let user = try await context.identity.find(request.username, poolId: context.poolId, in: session) else {
                if context.preventsUserExistenceErrors { return Self.simulatedDelivery(request.username) }
                throw CognitoError(.userNotFound, "Username/client id combination not found.")
            }
            if !user.enabled { throw CognitoError.notAuthorized("User is disabled.") }
            guard let destination = Self.verifiedDestination(user.attributes) else {
                throw CognitoError.invalidParameter("Cannot reset password for the user as there is no registered/verified email or phone_number")
            }
            let (code, record) = codes.issue(poolId: user.poolId, sub: user.sub, purpose: .forgotPassword)
            try await session.putCode(record)
            return try await delivery.send(
                MessageTemplates.verification(code: code, pool: context.pool.description), to: destination, poolId: user.poolId,
                in: session
            )
        }
    }

    public func confirmForgotPassword(_ request: ConfirmForgotPasswordRequest) async throws {
        let context = try await ClientContext.load(clientId: request.clientId, in: store)
        try context.checkSecretHash(request.secretHash, username: request.username)
        try PasswordPolicyCheck.check(request.password, policy: context.pool.description.policies?.passwordPolicy)
        let found = try await context.identity.find(request.username, poolId: context.poolId, in: store)
        guard let found else {
            throw context.preventsUserExistenceErrors
                ? CognitoError(.codeMismatch, "Invalid verification code provided, please try again.")
                : CognitoError(.userNotFound, "Username/client id combination not found.")
        }
        let secret = await credentials.make(password: request.password, poolId: context.poolId, username: found.username)
        let now = clock.now().truncatedToMilliseconds
        try await store.transaction { [codes] session in
            guard var user = try await session.user(poolId: found.poolId, sub: found.sub) else {
                throw CognitoError(.userNotFound, "Username/client id combination not found.")
            }
            try await codes.consume(request.confirmationCode, poolId: user.poolId, sub: user.sub, purpose: .forgotPassword, in: session)
            user.setPassword(secret)
            if user.status == .resetRequired || user.status == .forceChangePassword { user.status = .confirmed }
            user.failedAttempts = 0
            user.lockedUntil = nil
            user.lastModifiedAt = now
            try await session.updateUser(user)
        }
    }

    public func changePassword(accessToken: String, previous: String?, proposed: String) async throws {
        let claims = try await tokens.verifyAccessToken(accessToken)
        try Self.requireAdminScope(claims)
        guard let pool = try await store.userPool(id: claims.poolId), let user = try await store.user(poolId: claims.poolId, sub: claims.sub) else {
            throw CognitoError(.userNotFound, "User does not exist.")
        }
        guard let previous, let hash = user.passwordHash, await passwords.verify(previous, against: hash).matches else {
            throw CognitoError.notAuthorized("Incorrect username or password.")
        }
        try PasswordPolicyCheck.check(proposed, policy: pool.description.policies?.passwordPolicy)
        let secret = await credentials.make(password: proposed, poolId: user.poolId, username: user.username)
        try await store.transaction { [clock] session in
            guard var current = try await session.user(poolId: user.poolId, sub: user.sub) else { return }
            current.setPassword(secret)
            current.lastModifiedAt = clock.now().truncatedToMilliseconds
            try await session.updateUser(current)
        }
    }

    // MARK: The signed-in user

    public func getUser(accessToken: String) async throws -> GetUserResponse {
        let claims = try await tokens.verifyAccessToken(accessToken)
        try Self.requireAdminScope(claims)
        guard let user = try await store.user(poolId: claims.poolId, sub: claims.sub) else {
            throw CognitoError(.userNotFound, "User does not exist.")
        }
        return GetUserResponse(
            username: user.username, userAttributes: user.attributeList.filter { !$0.name.hasPrefix("dev:") },
            preferredMfaSetting: user.mfaSettingList == nil ? nil : user.mfa.preferred, userMFASettingList: user.mfaSettingList
        )
    }

    /// UpdateUserAttributes: changed attributes that the pool verifies (email, phone) are unverified
    /// and get a code, as Cognito does.
    public func updateAttributes(accessToken: String, attributes: [AttributeType]) async throws -> [CodeDeliveryDetailsType] {
        let claims = try await tokens.verifyAccessToken(accessToken)
        try Self.requireAdminScope(claims)
        guard let pool = try await store.userPool(id: claims.poolId) else { throw CognitoError(.userNotFound, "User does not exist.") }
        let rules = UserAttributeRules(pool: pool.description)
        let changes = try rules.check(attributes, creating: false).filter { !$0.key.hasSuffix("_verified") }
        let identity = SignInIdentity(pool: pool.description)
        let verifies = Set((pool.description.autoVerifiedAttributes ?? []).map(\.rawValue))
        let now = clock.now().truncatedToMilliseconds
        return try await store.transaction { [codes, delivery] session in
            guard var user = try await session.user(poolId: claims.poolId, sub: claims.sub) else {
                throw CognitoError(.userNotFound, "User does not exist.")
            }
            var details: [CodeDeliveryDetailsType] = []
            for (name, value) in changes.sorted(by: { $0.key < $1.key }) {
                let changed = user.attributes[name] != value
                user.attributes[name] = value
                guard changed, ["email", "phone_number"].contains(name) else { continue }
                user.attributes["\(name)_verified"] = "false"
                if verifies.contains(name) {
                    let (code, record) = codes.issue(poolId: user.poolId, sub: user.sub, purpose: .verifyAttribute(name))
                    try await session.putCode(record)
                    details.append(try await delivery.send(
                        MessageTemplates.verification(code: code, pool: pool.description), to: (name, value), poolId: user.poolId,
                        in: session
                    ))
                }
            }
            try rules.checkRequired(user.attributes)
            user.lastModifiedAt = now
            try await session.updateUser(user)
            try await Self.claimAliases(of: user, identity: identity, force: false, in: session)
            return details
        }
    }

    public func deleteAttributes(accessToken: String, names: [String]) async throws {
        let claims = try await tokens.verifyAccessToken(accessToken)
        try Self.requireAdminScope(claims)
        guard let pool = try await store.userPool(id: claims.poolId) else { throw CognitoError(.userNotFound, "User does not exist.") }
        let rules = UserAttributeRules(pool: pool.description)
        let now = clock.now().truncatedToMilliseconds
        try await store.transaction { session in
            guard var user = try await session.user(poolId: claims.poolId, sub: claims.sub) else {
                throw CognitoError(.userNotFound, "User does not exist.")
            }
            for name in names {
                if rules.schema[name]?.mutable == false { throw CognitoError.invalidParameter("Cannot modify an immutable attribute: \(name)") }
                user.attributes.removeValue(forKey: name)
            }
            try rules.checkRequired(user.attributes)
            user.lastModifiedAt = now
            try await session.updateUser(user)
            try await Self.claimAliases(of: user, identity: SignInIdentity(pool: pool.description), force: false, in: session)
        }
    }

    public func attributeVerificationCode(accessToken: String, attribute: String) async throws -> CodeDeliveryDetailsType {
        let claims = try await tokens.verifyAccessToken(accessToken)
        try Self.requireAdminScope(claims)
        guard let pool = try await store.userPool(id: claims.poolId) else { throw CognitoError(.userNotFound, "User does not exist.") }
        return try await store.transaction { [codes, delivery] session in
            guard let user = try await session.user(poolId: claims.poolId, sub: claims.sub) else {
                throw CognitoError(.userNotFound, "User does not exist.")
            }
            guard ["email", "phone_number"].contains(attribute), let value = user.attributes[attribute], !value.isEmpty else {
                throw CognitoError.invalidParameter("Invalid attribute name or the attribute has no value: \(attribute)")
            }
            let (code, record) = codes.issue(poolId: user.poolId, sub: user.sub, purpose: .verifyAttribute(attribute))
            try await session.putCode(record)
            return try await delivery.send(
                MessageTemplates.verification(code: code, pool: pool.description), to: (attribute, value), poolId: user.poolId,
                in: session
            )
        }
    }

    public func verifyAttribute(accessToken: String, attribute: String, code: String) async throws {
        let claims = try await tokens.verifyAccessToken(accessToken)
        try Self.requireAdminScope(claims)
        guard let pool = try await store.userPool(id: claims.poolId) else { throw CognitoError(.userNotFound, "User does not exist.") }
        let now = clock.now().truncatedToMilliseconds
        try await store.transaction { [codes] session in
            guard var user = try await session.user(poolId: claims.poolId, sub: claims.sub) else {
                throw CognitoError(.userNotFound, "User does not exist.")
            }
            try await codes.consume(code, poolId: user.poolId, sub: user.sub, purpose: .verifyAttribute(attribute), in: session)
            user.attributes["\(attribute)_verified"] = "true"
            user.lastModifiedAt = now
            try await session.updateUser(user)
            try await Self.claimAliases(of: user, identity: SignInIdentity(pool: pool.description), force: false, in: session)
        }
    }

    public func deleteUser(accessToken: String) async throws {
        let claims = try await tokens.verifyAccessToken(accessToken)
        try Self.requireAdminScope(claims)
        _ = try await store.deleteUser(poolId: claims.poolId, sub: claims.sub)
    }

    /// GlobalSignOut: every refresh token of the user is revoked, and so every access token.
    public func globalSignOut(accessToken: String) async throws {
        let claims = try await tokens.verifyAccessToken(accessToken)
        try Self.requireAdminScope(claims)
        try await UserSessions.signOutEverywhere(poolId: claims.poolId, sub: claims.sub, now: clock.now(), in: store)
    }

    // MARK: Helpers

    static func requireAdminScope(_ claims: TokenService.AccessClaims) throws {
        guard claims.scopes.contains(TokenService.adminScope) else {
            throw CognitoError.notAuthorized("Access Token does not have required scopes")
        }
    }

    static func verifiedDestination(_ attributes: [String: String]) -> (attribute: String, address: String)? {
        for name in ["email", "phone_number"] where attributes["\(name)_verified"] == "true" {
            if let value = attributes[name], !value.isEmpty { return (name, value) }
        }
        return nil
    }

    /// A believable answer for a user that does not exist, when the client hides user existence.
    static func simulatedDelivery(_ username: String) -> CodeDeliveryDetailsType {
        let address = username.contains("@") ? username : "\(username)@example.com"
        return CodeDelivery.details(for: ("email", address))
    }

    /// Brings the user's aliases in line with their attributes; a verified alias another user holds is
    /// refused (`AliasExistsException`) unless `force`, which moves it, as Cognito's ForceAliasCreation does.
    static func claimAliases(of user: UserRecord, identity: SignInIdentity, force: Bool, in session: any StoreSession) async throws {
        let keys = identity.aliasKeys(for: user.attributes)
        do {
            try await session.setAliases(poolId: user.poolId, sub: user.sub, aliasKeys: keys)
        } catch StoreError.duplicate {
            guard force else {
                throw CognitoError(.aliasExists, "An account with the email already exists.")
            }
            for key in keys {
                if let holder = try await session.user(poolId: user.poolId, aliasKey: key), holder.sub != user.sub {
                    let remaining = identity.aliasKeys(for: holder.attributes).filter { $0 != key }
                    try await session.setAliases(poolId: holder.poolId, sub: holder.sub, aliasKeys: remaining)
                }
            }
            try await session.setAliases(poolId: user.poolId, sub: user.sub, aliasKeys: keys)
        }
    }
}

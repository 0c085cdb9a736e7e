import CognitoModel
import Foundation

/// The administrator's view of users (signed operations): create with a temporary password, read,
/// confirm, set or reset passwords, change attributes, disable, sign out, and group membership.
public struct AdminUserService: Sendable {
    let store: any Store
    let credentials: CredentialMaker
    let codes: VerificationCodes
    let delivery: CodeDelivery
    let clock: any WallClock
    let random: any RandomSource

    public init(store: any Store, passwords: PasswordHasher, clock: any WallClock, random: any RandomSource) {
        self.store = store
        self.credentials = CredentialMaker(passwords: passwords, random: random)
        self.codes = VerificationCodes(random: random, clock: clock)
        self.delivery = CodeDelivery(random: random, clock: clock)
        self.clock = clock
        self.random = random
    }

    static func notFound() -> CognitoError { CognitoError(.userNotFound, "User does not exist.") }

    /// The user a name refers to in a pool, or `UserNotFoundException`.
    func require(_ username: String, in pool: UserPoolRecord, session: any StoreSession) async throws -> UserRecord {
        try await PoolScope.requireUser(username, in: pool, session: session)
    }

    public func create(_ request: AdminCreateUserRequest) async throws -> UserType {
        let pool = try await PoolScope.requirePool(request.userPoolId, in: store)
        let description = pool.description
        let identity = SignInIdentity(pool: description)
        let policy = description.policies?.passwordPolicy
        let temporary = request.temporaryPassword ?? TemporaryPassword.generate(policy: policy, random: random)
        try PasswordPolicyCheck.check(temporary, policy: policy)
        let now = clock.now().truncatedToMilliseconds
        let validityDays = policy?.temporaryPasswordValidityDays ?? 7

        if request.messageAction == .resend {
            let existing = try await store.transaction { session in try await require(request.username, in: pool, session: session) }
            guard existing.status == .forceChangePassword else {
                throw CognitoError(.unsupportedUserState, "Resend not possible. \(existing.username) status is not FORCE_CHANGE_PASSWORD.")
            }
            let secret = await credentials.make(password: temporary, poolId: pool.id, username: existing.username)
            return try await store.transaction { [delivery] session in
                guard var user = try await session.lockUser(poolId: pool.id, sub: existing.sub) else { throw Self.notFound() }
                user.setPassword(secret)
                user.temporaryPasswordExpiresAt = now.addingTimeInterval(TimeInterval(validityDays) * 86400)
                user.lastModifiedAt = now
                try await session.updateUser(user)
                try await Self.invite(user, temporary: temporary, pool: description, delivery: delivery, in: session)
                return user.userType
            }
        }

        let sub = RandomUUID.string()
        let (username, implied) = try identity.signUpUsername(request.username, sub: sub)
        let rules = UserAttributeRules(pool: description)
        var attributes = try rules.check(request.userAttributes ?? [], creating: true, byAdministrator: true)
        if let (name, value) = implied { attributes[name] = attributes[name] ?? value }
        try rules.checkRequired(attributes)
        let secret = await credentials.make(password: temporary, poolId: pool.id, username: username)
        let user = UserRecord(
            poolId: pool.id, sub: sub, username: username, usernameKey: identity.usernameKey(username), status: .forceChangePassword,
            attributes: attributes, passwordHash: secret.hash, srpSalt: secret.srpSalt, srpVerifier: secret.srpVerifier,
            createdAt: now, lastModifiedAt: now, temporaryPasswordExpiresAt: now.addingTimeInterval(TimeInterval(validityDays) * 86400)
        )
        return try await store.transaction { [delivery] session in
            do {
                try await session.insertUser(user)
            } catch StoreError.duplicate {
                throw CognitoError(.usernameExists, "User account already exists")
            }
            do {
                try await AccountService.claimAliases(of: user, identity: identity, force: request.forceAliasCreation == true, in: session)
            } catch let error as CognitoError where error.code == .aliasExists && !identity.usernameAttributes.isEmpty {
                throw CognitoError(.usernameExists, "An account with the given email already exists.")
            }
            if request.messageAction != .suppress {
                try await Self.invite(user, temporary: temporary, pool: description, delivery: delivery, in: session)
            }
            return user.userType
        }
    }

    static func invite(
        _ user: UserRecord, temporary: String, pool: UserPoolType, delivery: CodeDelivery, in session: any StoreSession
    ) async throws {
        guard let destination = CodeDelivery.destination(attributes: user.attributes) else { return }
        let name = user.attributes["email"] == destination.address && !(pool.usernameAttributes ?? []).isEmpty
            ? destination.address : user.username
        _ = try await delivery.send(
            MessageTemplates.invitation(username: name, temporaryPassword: temporary, pool: pool), to: destination,
            poolId: user.poolId, in: session
        )
    }

    public func get(poolId: String, username: String) async throws -> AdminGetUserResponse {
        let pool = try await PoolScope.requirePool(poolId, in: store)
        let user = try await require(username, in: pool, session: store)
        return AdminGetUserResponse(
            username: user.username, userAttributes: user.attributeList, userCreateDate: user.createdAt,
            userLastModifiedDate: user.lastModifiedAt, enabled: user.enabled, userStatus: user.status,
            preferredMfaSetting: user.mfaSettingList == nil ? nil : user.mfa.preferred, userMFASettingList: user.mfaSettingList
        )
    }

    public func delete(poolId: String, username: String) async throws {
        let pool = try await PoolScope.requirePool(poolId, in: store)
        try await store.transaction { session in
            let user = try await require(username, in: pool, session: session)
            _ = try await session.deleteUser(poolId: pool.id, sub: user.sub)
        }
    }

    public func confirmSignUp(poolId: String, username: String) async throws {
        try await change(poolId: poolId, username: username) { user in
            guard user.status == .unconfirmed else {
                throw CognitoError.notAuthorized("User cannot be confirmed. Current status is \(user.status.rawValue)")
            }
            user.status = .confirmed
        }
    }

    public func setEnabled(poolId: String, username: String, enabled: Bool) async throws {
        try await change(poolId: poolId, username: username) { user in user.enabled = enabled }
        if !enabled {
            let pool = try await PoolScope.requirePool(poolId, in: store)
            let user = try await require(username, in: pool, session: store)
            try await UserSessions.signOutEverywhere(poolId: poolId, sub: user.sub, now: clock.now(), in: store)
        }
    }

    /// AdminSetUserPassword: permanent (CONFIRMED) or temporary (FORCE_CHANGE_PASSWORD).
    public func setPassword(poolId: String, username: String, password: String, permanent: Bool) async throws {
        let pool = try await PoolScope.requirePool(poolId, in: store)
        let policy = pool.description.policies?.passwordPolicy
        try PasswordPolicyCheck.check(password, policy: policy)
        let user = try await require(username, in: pool, session: store)
        let secret = await credentials.make(password: password, poolId: pool.id, username: user.username)
        let now = clock.now().truncatedToMilliseconds
        try await change(poolId: poolId, username: username) { user in
            user.setPassword(secret)
            user.failedAttempts = 0
            user.lockedUntil = nil
            if permanent {
                user.status = .confirmed
                user.temporaryPasswordExpiresAt = nil
            } else {
                user.status = .forceChangePassword
                user.temporaryPasswordExpiresAt = now.addingTimeInterval(TimeInterval(policy?.temporaryPasswordValidityDays ?? 7) * 86400)
            }
        }
    }

    /// AdminResetUserPassword: the password stops working; a reset code goes to the verified email.
    public func resetPassword(poolId: String, username: String) async throws {
        let pool = try await PoolScope.requirePool(poolId, in: store)
        let now = clock.now().truncatedToMilliseconds
        try await store.transaction { [codes, delivery] session in
            var user = try await require(username, in: pool, session: session)
            if !user.enabled { throw CognitoError.notAuthorized("User is disabled.") }
            guard let destination = AccountService.verifiedDestination(user.attributes) else {
                throw CognitoError.invalidParameter("Cannot reset password for the user as there is no registered/verified email or phone_number")
            }
            user.status = .resetRequired
            user.lastModifiedAt = now
            try await session.updateUser(user)
            let (code, record) = codes.issue(poolId: user.poolId, sub: user.sub, purpose: .forgotPassword)
            try await session.putCode(record)
            _ = try await delivery.send(
                MessageTemplates.verification(code: code, pool: pool.description), to: destination, poolId: user.poolId, in: session
            )
        }
    }

    public func updateAttributes(poolId: String, username: String, attributes: [AttributeType]) async throws {
        let pool = try await PoolScope.requirePool(poolId, in: store)
        let rules = UserAttributeRules(pool: pool.description)
        let changes = try rules.check(attributes, creating: false, byAdministrator: true)
        let identity = SignInIdentity(pool: pool.description)
        try await change(poolId: poolId, username: username) { user in
            for (name, value) in changes {
                if user.attributes[name] != value, ["email", "phone_number"].contains(name), changes["\(name)_verified"] == nil {
                    user.attributes["\(name)_verified"] = "false"
                }
                user.attributes[name] = value
            }
            try rules.checkRequired(user.attributes)
        } after: { user, session in
            try await AccountService.claimAliases(of: user, identity: identity, force: false, in: session)
        }
    }

    public func deleteAttributes(poolId: String, username: String, names: [String]) async throws {
        let pool = try await PoolScope.requirePool(poolId, in: store)
        let rules = UserAttributeRules(pool: pool.description)
        let identity = SignInIdentity(pool: pool.description)
        try await change(poolId: poolId, username: username) { user in
            for name in names {
                if rules.schema[name]?.mutable == false { throw CognitoError.invalidParameter("Cannot modify an immutable attribute: \(name)") }
                user.attributes.removeValue(forKey: name)
            }
            try rules.checkRequired(user.attributes)
        } after: { user, session in
            try await AccountService.claimAliases(of: user, identity: identity, force: false, in: session)
        }
    }

    public func globalSignOut(poolId: String, username: String) async throws {
        let pool = try await PoolScope.requirePool(poolId, in: store)
        let user = try await require(username, in: pool, session: store)
        try await UserSessions.signOutEverywhere(poolId: poolId, sub: user.sub, now: clock.now(), in: store)
    }

    // MARK: Groups

    public func addToGroup(poolId: String, username: String, group: String) async throws {
        let pool = try await PoolScope.requirePool(poolId, in: store)
        try await store.transaction { session in
            let user = try await require(username, in: pool, session: session)
            guard try await session.resource(poolId: pool.id, kind: .group, key: group) != nil else { throw GroupService.notFound }
            try await session.addGroupMember(poolId: pool.id, groupName: group, sub: user.sub)
        }
    }

    public func removeFromGroup(poolId: String, username: String, group: String) async throws {
        let pool = try await PoolScope.requirePool(poolId, in: store)
        try await store.transaction { session in
            let user = try await require(username, in: pool, session: session)
            guard try await session.resource(poolId: pool.id, kind: .group, key: group) != nil else { throw GroupService.notFound }
            _ = try await session.removeGroupMember(poolId: pool.id, groupName: group, sub: user.sub)
        }
    }

    public func groups(poolId: String, username: String, limit: Int?, nextToken: String?) async throws -> (groups: [GroupType], nextToken: String?) {
        let pool = try await PoolScope.requirePool(poolId, in: store)
        let user = try await require(username, in: pool, session: store)
        let names = try await store.groupNames(poolId: pool.id, sub: user.sub)
        let after = try nextToken.map(PageToken.decode)
        let size = PoolScope.pageSize(limit)
        let remaining = names.filter { after == nil || $0 > after! }
        let page = Array(remaining.prefix(size))
        var groups: [GroupType] = []
        for name in page {
            if let group = try await store.resource(poolId: pool.id, kind: .group, key: name)?.decode(GroupType.self) { groups.append(group) }
        }
        return (groups, remaining.count > size ? page.last.map(PageToken.encode) : nil)
    }

    public func usersInGroup(poolId: String, group: String, limit: Int?, nextToken: String?) async throws -> (users: [UserType], nextToken: String?) {
        _ = try await PoolScope.requirePool(poolId, in: store)
        guard try await store.resource(poolId: poolId, kind: .group, key: group) != nil else { throw GroupService.notFound }
        let size = PoolScope.pageSize(limit)
        let members = try await store.groupMembers(poolId: poolId, groupName: group, afterSub: try nextToken.map(PageToken.decode), limit: size + 1)
        let page = Array(members.prefix(size))
        return (page.map(\.userType), members.count > size ? page.last.map { PageToken.encode($0.sub) } : nil)
    }

    /// ListUsers: users in username order, filtered as Cognito filters, with only the attributes named in
    /// `attributesToGet` when it is given.
    public func list(poolId: String, filter: String?, attributesToGet: [String]?, limit: Int?, token: String?) async throws -> (users: [UserType], token: String?) {
        _ = try await PoolScope.requirePool(poolId, in: store)
        let filter = try UserFilter.parse(filter)
        let size = PoolScope.pageSize(limit)
        let position = try token.map { try UserListPosition(token: $0, filter: filter) }
        let users = try await store.listUsers(poolId: poolId, filter: filter, after: position, limit: size + 1)
        let page = Array(users.prefix(size))
        let shown = page.map { user -> UserType in
            var type = user.userType
            if let attributesToGet {
                let wanted = Set(attributesToGet)
                type.attributes = type.attributes?.filter { wanted.contains($0.name) }
            }
            return type
        }
        return (shown, users.count > size ? page.last.map { UserListPosition(after: $0, filter: filter).token } : nil)
    }

    /// Reads, changes and writes one user in a transaction.
    func change(
        poolId: String, username: String, _ body: @escaping @Sendable (inout UserRecord) throws -> Void,
        after: (@Sendable (UserRecord, any StoreSession) async throws -> Void)? = nil
    ) async throws {
        let pool = try await PoolScope.requirePool(poolId, in: store)
        let now = clock.now().truncatedToMilliseconds
        try await store.transaction { session in
            let found = try await require(username, in: pool, session: session)
            guard var user = try await session.lockUser(poolId: pool.id, sub: found.sub) else { throw Self.notFound() }
            try body(&user)
            user.lastModifiedAt = now
            try await session.updateUser(user)
            try await after?(user, session)
        }
    }
}

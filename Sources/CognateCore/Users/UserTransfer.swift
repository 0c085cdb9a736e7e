import CognitoModel
import Foundation

/// Moving a pool's users out of and into Cognate with everything that makes them (see `TransferredUser`).
/// Export pages through the pool in username order; import writes a batch in one transaction and, if
/// any user in it is refused, writes that batch user by user so that every good user lands and every
/// refusal is reported with its reason.
public struct UserTransfer: Sendable {
    let store: any Store
    let clock: any WallClock

    public init(store: any Store, clock: any WallClock) {
        self.store = store
        self.clock = clock
    }

    /// One user an import refused: its position in the input (line or record number) and why.
    public struct Refusal: Sendable, Equatable {
        public let position: Int
        public let username: String
        public let reason: String
        /// The user (username, sub or sign-in alias) already exists: import jobs count these as skipped.
        public var isDuplicate = false
    }

    /// The attribute names of the pool's schema: the columns of a CSV export.
    public func attributeNames(poolId: String) async throws -> [String] {
        let pool = try await PoolScope.requirePool(poolId, in: store)
        return (pool.description.schemaAttributes ?? StandardAttributes.schema).compactMap(\.name).filter { $0 != "sub" }
    }

    /// Hands the pool's users to `sink` a page at a time; password hashes and SRP verifiers only when asked.
    public func export(
        poolId: String, withPasswords: Bool, pageSize: Int = 500, into sink: ([TransferredUser]) async throws -> Void
    ) async throws {
        _ = try await PoolScope.requirePool(poolId, in: store)
        var position: UserListPosition?
        while true {
            let users = try await store.listUsers(poolId: poolId, filter: nil, after: position, limit: pageSize)
            var page: [TransferredUser] = []
            for user in users {
                let groups = try await store.groupNames(poolId: poolId, sub: user.sub)
                page.append(TransferredUser(user, groups: groups, withPassword: withPasswords))
            }
            if !page.isEmpty { try await sink(page) }
            guard users.count == pageSize, let last = users.last else { return }
            position = UserListPosition(after: last, filter: nil)
        }
    }

    /// Imports `users` (each with its position in the input) and returns those refused.
    public func importUsers(poolId: String, _ users: [(position: Int, user: TransferredUser)]) async throws -> [Refusal] {
        let pool = try await PoolScope.requirePool(poolId, in: store)
        let now = clock.now().truncatedToMilliseconds
        var refusals: [Refusal] = []
        var prepared: [(position: Int, account: PreparedAccount)] = []
        for (position, user) in users {
            do {
                prepared.append((position, try PreparedAccount(user, pool: pool, now: now)))
            } catch {
                refusals.append(Refusal(position: position, username: user.username, reason: Self.reason(error)))
            }
        }
        do {
            let accounts = prepared.map(\.account)
            try await store.transaction { session in
                for account in accounts { try await account.write(in: session) }
            }
        } catch {
            for (position, account) in prepared {
                do {
                    try await store.transaction { session in try await account.write(in: session) }
                } catch {
                    var refusal = Refusal(position: position, username: account.record.username, reason: Self.reason(error))
                    if case StoreError.duplicate = error { refusal.isDuplicate = true }
                    refusals.append(refusal)
                }
            }
        }
        return refusals.sorted { $0.position < $1.position }
    }

    static func reason(_ error: any Error) -> String {
        switch error {
        case let error as CognitoError: return error.message
        case StoreError.duplicate: return "a user with this username, sub or sign-in alias already exists"
        default: return "\(error)"
        }
    }
}

/// A transferred user checked against the target pool, ready to write.
struct PreparedAccount: Sendable {
    let record: UserRecord
    let aliasKeys: [String]
    let groups: [String]

    static let statuses: Set<UserStatusType> = [.unconfirmed, .confirmed, .forceChangePassword, .resetRequired]

    init(_ user: TransferredUser, pool: UserPoolRecord, now: Date) throws {
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
            poolId: pool.id, sub: user.sub.isEmpty ? UUID().uuidString.lowercased() : user.sub, username: user.username,
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
}

import CognitoModel
import Foundation

/// What the domain reads and writes, whatever the database.
///
/// The protocol lives in the core (not in `CognateStore`) so that services depend on it and the
/// SQL implementation depends on the core, never the other way round.
public protocol StoreSession: Sendable {
    /// Inserts a new pool; throws `StoreError.duplicate` if the id is taken.
    func insertUserPool(_ pool: UserPoolRecord) async throws
    func userPool(id: String) async throws -> UserPoolRecord?
    /// Pools ordered by id, starting after `afterId`.
    func listUserPools(afterId: String?, limit: Int) async throws -> [UserPoolRecord]
    /// Replaces a pool's stored description; throws `StoreError.notFound` if it is gone.
    func updateUserPool(_ pool: UserPoolRecord) async throws
    /// Deletes a pool and everything in it; returns false if there was no such pool.
    func deleteUserPool(id: String) async throws -> Bool
    /// Reads a pool and, inside a transaction on PostgreSQL, holds its row lock until the end, so that
    /// changes to one pool (limits, uniqueness across kinds) are serialised across nodes.
    func lockUserPool(id: String) async throws -> UserPoolRecord?

    /// Inserts a configuration object; throws `StoreError.duplicate` if its key is taken.
    func insertResource(_ resource: PoolResource) async throws
    /// One object by key. `poolId` nil finds a globally unique kind (client, domain) in any pool.
    func resource(poolId: String?, kind: PoolResourceKind, key: String) async throws -> PoolResource?
    /// Objects of a kind in a pool, ordered by key, starting after `afterKey`.
    func listResources(poolId: String, kind: PoolResourceKind, afterKey: String?, limit: Int) async throws -> [PoolResource]
    func countResources(poolId: String, kind: PoolResourceKind) async throws -> Int
    /// Replaces an object's document; throws `StoreError.notFound` if it is gone.
    func updateResource(_ resource: PoolResource) async throws
    /// Returns false if there was no such object.
    func deleteResource(poolId: String, kind: PoolResourceKind, key: String) async throws -> Bool

    // MARK: Users

    /// Inserts a user; throws `StoreError.duplicate` if the username is taken in the pool.
    func insertUser(_ user: UserRecord) async throws
    func user(poolId: String, sub: String) async throws -> UserRecord?
    func user(poolId: String, usernameKey: String) async throws -> UserRecord?
    /// The user that owns a sign-in alias (`email:alice@example.com`), if any.
    func user(poolId: String, aliasKey: String) async throws -> UserRecord?
    /// Reads a user and, inside a transaction on PostgreSQL, holds its row lock until the end, so that
    /// counters (failed sign-ins) change one writer at a time across nodes.
    func lockUser(poolId: String, sub: String) async throws -> UserRecord?
    /// Replaces a user's row; throws `StoreError.notFound` if it is gone.
    func updateUser(_ user: UserRecord) async throws
    func deleteUser(poolId: String, sub: String) async throws -> Bool
    func countUsers(poolId: String) async throws -> Int
    /// Users matching `filter` (all without one) in the order `UserListPosition` describes, starting after `position`.
    func listUsers(poolId: String, filter: UserFilter?, after position: UserListPosition?, limit: Int) async throws -> [UserRecord]
    /// Makes `aliasKeys` exactly the aliases of the user; throws `StoreError.duplicate` if another user holds one.
    func setAliases(poolId: String, sub: String, aliasKeys: [String]) async throws

    // MARK: Codes and messages

    /// Stores a code, replacing the user's previous code for the same purpose.
    func putCode(_ code: CodeRecord) async throws
    func code(poolId: String, sub: String, purpose: String) async throws -> CodeRecord?
    func updateCodeAttempts(poolId: String, sub: String, purpose: String, attempts: Int) async throws
    func deleteCode(poolId: String, sub: String, purpose: String) async throws
    // MARK: Refresh tokens and group membership

    func insertRefreshToken(_ token: RefreshTokenRecord) async throws
    func refreshToken(hash: String) async throws -> RefreshTokenRecord?
    /// The token with its user and the user's group names (sorted); nil if either is gone.
    func refreshGrant(hash: String) async throws -> RefreshGrant?
    /// Marks a token used by rotation; returns false if it was already used (a replay), atomically.
    func markRefreshTokenUsed(hash: String, at date: Date) async throws -> Bool
    /// Revokes every token of a sign-in family.
    func revokeRefreshTokenFamily(poolId: String, familyId: String, at date: Date) async throws
    /// Revokes every refresh token of a user.
    func revokeRefreshTokens(poolId: String, sub: String, at date: Date) async throws
    /// Whether a family has been revoked (its access tokens are then refused too).
    func isRefreshTokenFamilyRevoked(poolId: String, familyId: String) async throws -> Bool
    func addGroupMember(poolId: String, groupName: String, sub: String) async throws
    func removeGroupMember(poolId: String, groupName: String, sub: String) async throws -> Bool
    func groupNames(poolId: String, sub: String) async throws -> [String]
    /// Members of a group ordered by sub, starting after `afterSub`.
    func groupMembers(poolId: String, groupName: String, afterSub: String?, limit: Int) async throws -> [UserRecord]

    // MARK: Devices

    /// Inserts or replaces a device.
    func putDevice(_ device: DeviceRecord) async throws
    func device(poolId: String, deviceKey: String) async throws -> DeviceRecord?
    /// A user's devices in device-key order, after `afterKey`.
    func devices(poolId: String, sub: String, afterKey: String?, limit: Int) async throws -> [DeviceRecord]
    func deleteDevice(poolId: String, deviceKey: String) async throws -> Bool
    /// Drops the user's devices never confirmed (no verifier) and created before `date`.
    func deleteUnconfirmedDevices(poolId: String, sub: String, createdBefore date: Date) async throws

    // MARK: Auth events

    /// Records a sign-in (or other auth event) of a user, dropping their events older than 90 days.
    func insertAuthEvent(poolId: String, sub: String, event: AuthEventType) async throws
    /// A user's events, newest first, after `position` (the last of the previous page).
    func authEvents(poolId: String, sub: String, before position: AuthEventPosition?, limit: Int) async throws -> [AuthEventType]

    // MARK: User import uploads

    /// The CSV uploaded to a user import job's pre-signed URL, kept until the job has run.
    func putImportUpload(poolId: String, jobId: String, body: String, at date: Date) async throws
    func importUpload(poolId: String, jobId: String) async throws -> String?
    func deleteImportUpload(poolId: String, jobId: String) async throws

    // MARK: Authorization codes

    /// Stores a new code and drops codes that expired long ago.
    func insertAuthorizationCode(_ code: AuthorizationCodeRecord) async throws
    /// Marks a code used and returns it as it was before, atomically: a record with `usedAt` set means
    /// the code had been used already (a replay). Nil if there is no such code.
    func useAuthorizationCode(hash: String, at date: Date) async throws -> AuthorizationCodeRecord?

    func insertOutboxMessage(_ message: OutboxMessage) async throws
    /// The newest messages first.
    func outboxMessages(limit: Int) async throws -> [OutboxMessage]
    /// Takes up to `limit` messages due for delivery and leases them until `leaseUntil`, so that two
    /// nodes never send the same message at once; a lease that runs out (a crashed node) frees them.
    func claimOutboxMessages(now: Date, leaseUntil: Date, limit: Int) async throws -> [OutboxMessage]
    func markOutboxMessageSent(id: String, at date: Date) async throws
    /// A transient failure: try again at `nextAttempt`.
    func rescheduleOutboxMessage(id: String, attempts: Int, nextAttempt: Date, error: String) async throws
    /// A permanent failure: never try again.
    func markOutboxMessageFailed(id: String, at date: Date, error: String) async throws
}

/// A database: sessions, transactions, migrations and health.
public protocol Store: StoreSession {
    /// Runs `body` in one transaction: all of its writes land, or none do — except when it throws
    /// `CommitThenThrow`, which commits and then throws the wrapped error.
    func transaction<T: Sendable>(_ body: @escaping @Sendable (any StoreSession) async throws -> T) async throws -> T
    /// Applies pending schema migrations; safe to call from several processes at once.
    func migrate() async throws
    /// Succeeds when the database answers a trivial query.
    func ping() async throws
    /// Closes connections; the store is unusable afterwards.
    func shutdown() async
}

/// Failures a store reports in the domain's terms.
public enum StoreError: Error, Sendable, Equatable {
    /// A uniqueness constraint refused the write; the associated value names what collided.
    case duplicate(String)
    case notFound(String)
    /// The database refused or could not be reached.
    case unavailable(String)
}

import CognitoModel
import Foundation

/// Moving a pool's users out of and into Cognate with everything that makes them (see `TransferredUser`).
/// Export pages through the pool in username order; import writes a batch in one transaction and, if
/// any user in it is refused, writes that batch user by user so that every good user lands and every
/// refusal is reported with its reason.
public struct UserTransfer: Sendable {
    let store: any Store
    let clock: any WallClock
    /// The master key's sealer, when the caller has it: exports with passwords then carry authenticator
    /// secrets, and imports can store them. Without it secrets neither leave nor arrive.
    let sealer: KeySealer?

    public init(store: any Store, clock: any WallClock, sealer: KeySealer? = nil) {
        self.store = store
        self.clock = clock
        self.sealer = sealer
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
                var secret: String?
                if withPasswords, let sealer, let sealed = user.mfa.totpSecret {
                    secret = TOTPSecrets(sealer: sealer).open(sealed, user: user).map(Base32.encode)
                }
                page.append(TransferredUser(user, groups: groups, withPassword: withPasswords, totpSecret: secret))
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
                prepared.append((position, try PreparedAccount(user, pool: pool, now: now, sealer: sealer)))
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

    /// Imports an export file read a megabyte at a time, `batchSize` users per `importUsers` call, so that a
    /// file of millions is never held whole. `progress` hears the running count after each batch.
    public func importFile(
        at path: String, format: TransferredUserReader.Format, poolId: String, batchSize: Int = 500,
        progress: (@Sendable (Int) -> Void)? = nil
    ) async throws -> (imported: Int, refusals: [Refusal]) {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw CognitoError.invalidParameter("cannot read \(path)") }
        defer { try? handle.close() }
        var reader = TransferredUserReader(format: format)
        var pending: [(position: Int, user: TransferredUser)] = []
        var imported = 0
        var refusals: [Refusal] = []
        func flush(_ all: Bool) async throws {
            while pending.count >= batchSize || (all && !pending.isEmpty) {
                let batch = Array(pending.prefix(batchSize))
                pending.removeFirst(batch.count)
                let refused = try await importUsers(poolId: poolId, batch)
                imported += batch.count - refused.count
                refusals += refused
                progress?(imported)
            }
        }
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            let read = try reader.feed(Array(chunk))
            pending += read.users
            refusals += read.refusals
            try await flush(false)
        }
        let last = try reader.finish()
        pending += last.users
        refusals += last.refusals
        try await flush(true)
        return (imported, refusals.sorted { $0.position < $1.position })
    }

    static func reason(_ error: any Error) -> String {
        switch error {
        case let error as CognitoError: return error.message
        case StoreError.duplicate: return "a user with this username, sub or sign-in alias already exists"
        default: return "\(error)"
        }
    }
}

import CognateCore
import Foundation
import Synchronization

/// A per-node cache of the rows every unsigned call reads first and that change rarely: user pools
/// and pool resources (app clients, domains, …). Reading them costs a database round trip and a JSON
/// decode per request; under load that was a third of a refresh's time.
///
/// Writes through this node invalidate everything at once (after their commit), so this node never
/// serves a value older than its own last write. Writes on other nodes are seen within `lifetime`.
final class ConfigurationCache: Sendable {
    /// How long another node's change may go unseen.
    static let lifetime: TimeInterval = 5

    private enum Key: Hashable {
        case pool(String)
        case resource(poolId: String?, kind: String, key: String)
    }

    private enum Value {
        case pool(UserPoolRecord?)
        case resource(PoolResource?)
    }

    private struct Entry {
        let value: Value
        let generation: UInt64
        let fetchedAt: ContinuousClock.Instant
    }

    private struct State {
        var generation: UInt64 = 0
        var entries: [Key: Entry] = [:]
    }

    private let state = Mutex(State())

    /// Forgets every entry; called after a transaction that changed a pool or a resource commits.
    func invalidate() {
        state.withLock {
            $0.generation &+= 1
            $0.entries.removeAll(keepingCapacity: true)
        }
    }

    func userPool(id: String, fetch: () async throws -> UserPoolRecord?) async throws -> UserPoolRecord? {
        let value = try await cached(.pool(id)) { .pool(try await fetch()) }
        guard case .pool(let pool) = value else { return nil }
        return pool
    }

    func resource(poolId: String?, kind: PoolResourceKind, key: String, fetch: () async throws -> PoolResource?) async throws -> PoolResource? {
        let value = try await cached(.resource(poolId: poolId, kind: kind.rawValue, key: key)) { .resource(try await fetch()) }
        guard case .resource(let resource) = value else { return nil }
        return resource
    }

    /// The generation is read before fetching: a write that commits while the fetch runs bumps it, and
    /// the possibly stale value is then never stored.
    private func cached(_ key: Key, fetch: () async throws -> Value) async throws -> Value {
        let now = ContinuousClock.now
        let (hit, generation) = state.withLock { state -> (Value?, UInt64) in
            if let entry = state.entries[key], entry.generation == state.generation, now - entry.fetchedAt < .seconds(Self.lifetime) {
                return (entry.value, state.generation)
            }
            return (nil, state.generation)
        }
        if let hit { return hit }
        let value = try await fetch()
        state.withLock { state in
            if state.generation == generation {
                state.entries[key] = Entry(value: value, generation: generation, fetchedAt: now)
            }
        }
        return value
    }
}

/// Whether a session wrote to pools or pool resources, so that the store invalidates its cache once
/// the session's work is committed.
final class ConfigurationChanges: Sendable {
    private let changed = Atomic(false)

    func record() { changed.store(true, ordering: .relaxed) }
    var happened: Bool { changed.load(ordering: .relaxed) }
}

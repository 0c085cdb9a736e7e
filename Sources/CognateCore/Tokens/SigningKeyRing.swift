import Crypto
import Foundation
import Synchronization
import _CryptoExtras

/// The pools' signing keys: made on first use, sealed at rest, unsealed once per process and cached.
/// Every node reads the same rows, so tokens signed on one node verify against the JWKS of any.
public final class SigningKeyRing: Sendable {
    let store: any Store
    let sealer: KeySealer
    let clock: any WallClock
    let random: any RandomSource
    /// How long a retired key stays published: longer than any access or ID token lives (1 day).
    static let retirementGrace: TimeInterval = 86400 + 3600
    /// How long a node trusts its cached view of which key is current, so a rotation on another node is seen.
    static let cacheLifetime: TimeInterval = 60

    private struct Cached: Sendable {
        let key: ActiveSigningKey
        let fetchedAt: Date
    }

    private let cache = Mutex<[String: Cached]>([:])

    public init(store: any Store, sealer: KeySealer, clock: any WallClock, random: any RandomSource) {
        self.store = store
        self.sealer = sealer
        self.clock = clock
        self.random = random
    }

    /// The key that signs `use` tokens for `poolId` now.
    func current(poolId: String, use: TokenUse) async throws -> ActiveSigningKey {
        let cacheKey = "\(poolId)/\(use.rawValue)"
        let now = clock.now()
        if let cached = cache.withLock({ $0[cacheKey] }), now.timeIntervalSince(cached.fetchedAt) < Self.cacheLifetime {
            return cached.key
        }
        let stored = try await keys(poolId: poolId).filter { $0.use == use && $0.retiredAt == nil }.max { $0.createdAt < $1.createdAt }
        let key: ActiveSigningKey
        if let stored { key = try unseal(stored) } else { key = try await create(poolId: poolId, use: use) }
        cache.withLock { $0[cacheKey] = Cached(key: key, fetchedAt: now) }
        return key
    }

    /// The JWKS of a pool: current keys and retired ones still within their grace period.
    public func jwks(poolId: String) async throws -> [JSONWebKey] {
        let now = clock.now()
        var keys = try await keys(poolId: poolId).filter { key in
            key.retiredAt.map { now.timeIntervalSince($0) < Self.retirementGrace } ?? true
        }
        if keys.isEmpty {
            _ = try await current(poolId: poolId, use: .id)
            _ = try await current(poolId: poolId, use: .access)
            keys = try await self.keys(poolId: poolId)
        }
        return keys.sorted { ($0.use.rawValue, $0.createdAt) < ($1.use.rawValue, $1.createdAt) }.map(\.jwk)
    }

    /// `cognate keys rotate`: a new key per use; the old ones stop signing but stay published.
    public func rotate(poolId: String) async throws {
        let now = clock.now().truncatedToMilliseconds
        for var key in try await keys(poolId: poolId) where key.retiredAt == nil {
            key.retiredAt = now
            try await store.updateResource(try PoolResource(
                poolId: poolId, kind: StoredSigningKey.kind, key: key.kid, createdAt: key.createdAt, lastModifiedAt: now, value: key
            ))
        }
        cache.withLock { $0 = $0.filter { !$0.key.hasPrefix("\(poolId)/") } }
        _ = try await current(poolId: poolId, use: .id)
        _ = try await current(poolId: poolId, use: .access)
    }

    private func keys(poolId: String) async throws -> [StoredSigningKey] {
        try await store.listResources(poolId: poolId, kind: StoredSigningKey.kind, afterKey: nil, limit: 1000)
            .map { try $0.decode(StoredSigningKey.self) }
    }

    private func unseal(_ stored: StoredSigningKey) throws -> ActiveSigningKey {
        let der = try sealer.open(stored.sealedPrivateKey, context: stored.kid)
        return ActiveSigningKey(kid: stored.kid, privateKey: try _RSA.Signing.PrivateKey(derRepresentation: der))
    }

    private func create(poolId: String, use: TokenUse) async throws -> ActiveSigningKey {
        let privateKey = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let kid = Base64URL.encode(random.bytes(24))
        let now = clock.now().truncatedToMilliseconds
        let stored = StoredSigningKey(
            kid: kid, use: use, sealedPrivateKey: try sealer.seal(privateKey.derRepresentation, context: kid),
            jwk: try JSONWebKey(kid: kid, publicKey: privateKey.publicKey), createdAt: now
        )
        try await store.insertResource(try PoolResource(
            poolId: poolId, kind: StoredSigningKey.kind, key: kid, createdAt: now, lastModifiedAt: now, value: stored
        ))
        return ActiveSigningKey(kid: kid, privateKey: privateKey)
    }
}

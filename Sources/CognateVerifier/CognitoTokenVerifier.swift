import CognateJSON
import Crypto
import Foundation
import Synchronization
import _CryptoExtras

/// Verifies Cognito (and Cognate) JWTs against the issuer's published keys: signature (RS256 only),
/// issuer, lifetime, token use and client. Tokens must be verified, never just decoded: anyone can
/// write a JWT; only the issuer's key can sign one.
///
/// Keys are fetched once and kept by `kid`; a token with an unknown `kid` (the issuer rotated) makes
/// the verifier fetch the set again, at most once per `refetchInterval`, so a flood of forged `kid`s
/// cannot turn it into a flood of requests to the issuer. The interval is also how long, at worst, the
/// first tokens signed by a new key are refused after a rotation; 5 s keeps both small.
public final class CognitoTokenVerifier: Sendable {
    public let issuer: String
    /// Accepted app clients (`client_id` of access tokens, `aud` of ID tokens); empty accepts any.
    public let clientIds: Set<String>
    /// Allowed clock difference for `exp` and `nbf`.
    public let leeway: TimeInterval
    public let refetchInterval: Duration
    let source: any KeySource
    let now: @Sendable () -> Date

    private struct KeyState {
        var keys: [String: _RSA.Signing.PublicKey] = [:]
        var lastFetch: ContinuousClock.Instant?
    }

    private let state = Mutex(KeyState())
    private let fetches = FetchGate()

    /// `issuer` is the `iss` of the tokens: `{cognate-url}/{poolId}`, or
    /// `https://cognito-idp.{region}.amazonaws.com/{poolId}` for Amazon Cognito.
    public init(
        issuer: String, clientIds: [String] = [], leeway: TimeInterval = 60, refetchInterval: Duration = .seconds(5),
        keySource: (any KeySource)? = nil, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.issuer = issuer
        self.clientIds = Set(clientIds)
        self.leeway = leeway
        self.refetchInterval = refetchInterval
        self.source = keySource ?? DiscoveryKeySource(issuer: issuer)
        self.now = now
    }

    /// An access token, optionally with every scope in `requiredScopes` and membership in at least one
    /// of `requiredGroups`.
    public func verifyAccessToken(
        _ token: String, requiredScopes: [String] = [], requiredGroups: [String] = []
    ) async throws(TokenVerificationError) -> CognitoAccessToken {
        let claims = try await verifiedClaims(token, use: "access")
        let access = try CognitoAccessToken(claims: claims)
        if !clientIds.isEmpty, !clientIds.contains(access.clientId) { throw .wrongClient(access.clientId) }
        if let missing = requiredScopes.first(where: { !access.scopes.contains($0) }) { throw .missingScope(missing) }
        if !requiredGroups.isEmpty, !requiredGroups.contains(where: access.groups.contains) { throw .missingGroup }
        return access
    }

    /// An ID token, optionally for a user in at least one of `requiredGroups`.
    public func verifyIdToken(_ token: String, requiredGroups: [String] = []) async throws(TokenVerificationError) -> CognitoIdToken {
        let claims = try await verifiedClaims(token, use: "id")
        let id = try CognitoIdToken(claims: claims)
        if !clientIds.isEmpty, !clientIds.contains(id.audience) { throw .wrongClient(id.audience) }
        if !requiredGroups.isEmpty, !requiredGroups.contains(where: id.groups.contains) { throw .missingGroup }
        return id
    }

    /// The claims of a token whose signature, issuer, lifetime and use are right.
    func verifiedClaims(_ token: String, use: String) async throws(TokenVerificationError) -> [String: JSONValue] {
        let jwt = try CompactJWT(token)
        guard jwt.algorithm == "RS256" else { throw .unsupportedAlgorithm(jwt.algorithm) }
        let key = try await key(jwt.keyId)
        let signature = _RSA.Signing.RSASignature(rawRepresentation: jwt.signature)
        guard key.isValidSignature(signature, for: jwt.signingInput, padding: .insecurePKCS1v1_5) else {
            throw .invalidSignature
        }
        let claims = jwt.claims
        guard case .string(let issuer)? = claims["iss"] else { throw .malformed }
        guard issuer == self.issuer else { throw .wrongIssuer(issuer) }
        let now = now().timeIntervalSince1970
        guard let expiry = claims["exp"]?.date else { throw .malformed }
        if expiry.timeIntervalSince1970 + leeway < now { throw .expired }
        if let notBefore = claims["nbf"]?.date, notBefore.timeIntervalSince1970 - leeway > now { throw .notYetValid }
        guard case .string(let tokenUse)? = claims["token_use"] else { throw .malformed }
        guard tokenUse == use else { throw .wrongTokenUse(tokenUse) }
        return claims
    }

    /// The key for `kid`, fetching the set when it is unknown and the last fetch is old enough.
    func key(_ kid: String) async throws(TokenVerificationError) -> _RSA.Signing.PublicKey {
        if let key = state.withLock({ $0.keys[kid] }) { return key }
        do {
            try await fetches.run { try await self.refetchIfDue() }
        } catch let error as TokenVerificationError {
            throw error
        } catch {
            throw .keysUnavailable(String(describing: error))
        }
        guard let key = state.withLock({ $0.keys[kid] }) else { throw .unknownKey(kid) }
        return key
    }

    private func refetchIfDue() async throws {
        let due = state.withLock { state in
            state.lastFetch.map { ContinuousClock.now - $0 >= refetchInterval } ?? true
        }
        guard due else { return }
        state.withLock { $0.lastFetch = ContinuousClock.now }
        let keys = try Self.parseKeySet(try await source.jsonWebKeySet())
        state.withLock { $0.keys = keys }
    }

    /// The RSA signing keys of a JWKS by `kid`; other key types are skipped.
    static func parseKeySet(_ data: Data) throws(TokenVerificationError) -> [String: _RSA.Signing.PublicKey] {
        guard case .object(let document)? = try? JSONValue.parse(Array(data)), case .array(let entries)? = document["keys"] else {
            throw .keysUnavailable("The JWKS is not a JSON object with keys.")
        }
        var keys: [String: _RSA.Signing.PublicKey] = [:]
        for case .object(let entry) in entries {
            guard entry["kty"]?.string == "RSA", let kid = entry["kid"]?.string, let n = entry["n"]?.string.flatMap(Base64URL.decode),
                let e = entry["e"]?.string.flatMap(Base64URL.decode), let key = try? _RSA.Signing.PublicKey(n: n, e: e)
            else { continue }
            if let use = entry["use"]?.string, use != "sig" { continue }
            keys[kid] = key
        }
        return keys
    }
}

/// Lets one fetch run at a time; callers that arrive meanwhile wait for it and then check the cache,
/// instead of fetching again.
private actor FetchGate {
    private var running: Task<Void, any Error>?

    func run(_ fetch: @escaping @Sendable () async throws -> Void) async throws {
        if let running {
            _ = try? await running.value
            return
        }
        let task = Task { try await fetch() }
        running = task
        defer { running = nil }
        try await task.value
    }
}

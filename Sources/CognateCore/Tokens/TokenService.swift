import CognitoModel
import Crypto
import Foundation
import _CryptoExtras

/// Mints and checks Cognito's tokens: RS256 ID and access JWTs with Cognito's claims, and opaque
/// refresh tokens stored only as hashes, grouped in families (one sign-in and its rotations) so that
/// revoking a family also revokes the access tokens that carry its `origin_jti`.
public struct TokenService: Sendable {
    let store: any Store
    let keys: SigningKeyRing
    let deployment: Deployment
    let clock: any WallClock
    let random: any RandomSource

    public init(store: any Store, keys: SigningKeyRing, deployment: Deployment, clock: any WallClock, random: any RandomSource) {
        self.store = store
        self.keys = keys
        self.deployment = deployment
        self.clock = clock
        self.random = random
    }

    /// The scope of tokens from the API's flows: the user's own self-service operations.
    public static let adminScope = "aws.cognito.signin.user.admin"

    public func issuer(poolId: String) -> String { "\(deployment.publicURL)/\(poolId)" }

    /// The outcome of a sign-in or refresh, as `AuthenticationResultType`.
    public struct Issued: Sendable {
        /// Absent for `client_credentials` and for OAuth flows without the `openid` scope.
        public let idToken: String?
        public let accessToken: String
        public let refreshToken: String?
        public let expiresIn: Int
        /// A device this sign-in started tracking, for the client to confirm (ConfirmDevice).
        public var newDeviceMetadata: NewDeviceMetadataType?

        public var authenticationResult: AuthenticationResultType {
            AuthenticationResultType(
                accessToken: accessToken, expiresIn: expiresIn, tokenType: "Bearer", refreshToken: refreshToken, idToken: idToken,
                newDeviceMetadata: newDeviceMetadata
            )
        }
    }

    /// The keys that sign a pool's tokens now. Fetch them before opening the transaction that issues
    /// tokens: making or reading a key uses the store, and a transaction holds its only connection.
    public struct PoolKeys: Sendable {
        let id: ActiveSigningKey
        let access: ActiveSigningKey
    }

    public func signingKeys(poolId: String) async throws -> PoolKeys {
        PoolKeys(id: try await keys.current(poolId: poolId, use: .id), access: try await keys.current(poolId: poolId, use: .access))
    }

    /// Tokens whose claims are settled (and whose refresh token is stored) but not yet signed: signing
    /// takes milliseconds of CPU, so it happens after the transaction has released its connection.
    public struct PendingTokens: Sendable {
        let keys: PoolKeys
        let idClaims: [String: JSONValue]?
        let accessClaims: [String: JSONValue]
        /// OIDC Core §3.1.3.6: the ID token from a code exchange carries the access token's hash.
        let hashesAccessToken: Bool
        let refreshToken: String?
        let expiresIn: Int

        /// Signs on the calling thread. Signing holds no database connection (the store runs connection
        /// holders on its own loops), so nobody waits behind it but this request.
        public func signed() throws -> Issued {
            let accessToken = try keys.access.sign(payload: TokenService.encode(accessClaims))
            let idToken = try idClaims.map { claims in
                var claims = claims
                if hashesAccessToken { claims["at_hash"] = .string(TokenService.leftHalfHash(accessToken)) }
                return try keys.id.sign(payload: TokenService.encode(claims))
            }
            return Issued(idToken: idToken, accessToken: accessToken, refreshToken: refreshToken, expiresIn: expiresIn)
        }
    }

    /// `at_hash`: base64url of the left half of SHA-256 of the token (RS256 uses SHA-256).
    static func leftHalfHash(_ token: String) -> String {
        Base64URL.encode(Array(SHA256.hash(data: Data(token.utf8))).prefix(16))
    }

    /// Tokens for a completed sign-in; with `newRefreshToken`, a new family starts (or, for rotation,
    /// continues `familyId`) and its refresh token is stored in the caller's transaction.
    func issue(
        user: UserRecord, groups knownGroups: [String]? = nil, client: UserPoolClientType, scopes: [String] = [adminScope],
        authTime: Date, familyId: String?,
        newRefreshToken: Bool, nonce: String? = nil, idToken: Bool = true, hashesAccessToken: Bool = false, deviceKey: String? = nil,
        keys poolKeys: PoolKeys, in session: any StoreSession
    ) async throws -> PendingTokens {
        let now = clock.now()
        let validity = TokenValidity(client)
        let family = familyId ?? RandomUUID.string()
        let eventId = RandomUUID.string()
        let groups: [String]
        if let knownGroups { groups = knownGroups } else { groups = try await session.groupNames(poolId: user.poolId, sub: user.sub) }
        let clientId = client.clientId ?? ""
        let issuer = issuer(poolId: user.poolId)
        let iat = Int(now.timeIntervalSince1970)

        var access: [String: JSONValue] = [
            "sub": .string(user.sub), "iss": .string(issuer), "client_id": .string(clientId),
            "origin_jti": .string(family), "event_id": .string(eventId), "token_use": .string("access"),
            "scope": .string(scopes.joined(separator: " ")), "auth_time": .integer(Int64(authTime.timeIntervalSince1970)),
            "exp": .integer(Int64(iat + validity.accessTokenSeconds)), "iat": .integer(Int64(iat)),
            "jti": .string(RandomUUID.string()), "username": .string(user.username),
        ]
        var id: [String: JSONValue] = [
            "sub": .string(user.sub), "iss": .string(issuer), "cognito:username": .string(user.username),
            "origin_jti": .string(family), "aud": .string(clientId), "event_id": .string(eventId), "token_use": .string("id"),
            "auth_time": .integer(Int64(authTime.timeIntervalSince1970)), "exp": .integer(Int64(iat + validity.idTokenSeconds)),
            "iat": .integer(Int64(iat)), "jti": .string(RandomUUID.string()),
        ]
        if !groups.isEmpty {
            access["cognito:groups"] = .array(groups.map(JSONValue.string))
            id["cognito:groups"] = .array(groups.map(JSONValue.string))
        }
        if let nonce { id["nonce"] = .string(nonce) }
        if let deviceKey { access["device_key"] = .string(deviceKey) }
        let readable = Set(client.readAttributes ?? [])
        for (name, value) in user.attributes where !name.hasPrefix("dev:") && (readable.isEmpty || readable.contains(name)) {
            switch name {
            case "email_verified", "phone_number_verified": id[name] = .bool(value == "true")
            case "updated_at": id[name] = Int64(value).map(JSONValue.integer) ?? .string(value)
            default: id[name] = .string(value)
            }
        }

        var refreshToken: String?
        if newRefreshToken {
            let value = Base64URL.encode(random.bytes(48))
            refreshToken = value
            try await session.insertRefreshToken(RefreshTokenRecord(
                tokenHash: Self.hash(value), poolId: user.poolId, sub: user.sub, clientId: clientId, familyId: family,
                scopes: scopes, authTime: authTime, createdAt: now.truncatedToMilliseconds,
                expiresAt: now.addingTimeInterval(TimeInterval(validity.refreshTokenSeconds))
            ))
        }
        return PendingTokens(
            keys: poolKeys, idClaims: idToken ? id : nil, accessClaims: access, hashesAccessToken: hashesAccessToken,
            refreshToken: refreshToken, expiresIn: validity.accessTokenSeconds
        )
    }

    /// `client_credentials`: an access token for the client itself (its `sub` is the client id), with
    /// resource-server scopes and no user, ID token or refresh token.
    func issue(client: UserPoolClientType, poolId: String, scopes: [String], keys poolKeys: PoolKeys) -> PendingTokens {
        let now = Int64(clock.now().timeIntervalSince1970)
        let validity = TokenValidity(client)
        let clientId = client.clientId ?? ""
        let access: [String: JSONValue] = [
            "sub": .string(clientId), "iss": .string(issuer(poolId: poolId)), "client_id": .string(clientId),
            "token_use": .string("access"), "scope": .string(scopes.joined(separator: " ")), "auth_time": .integer(now),
            "exp": .integer(now + Int64(validity.accessTokenSeconds)), "iat": .integer(now), "version": .integer(2),
            "jti": .string(RandomUUID.string()),
        ]
        return PendingTokens(
            keys: poolKeys, idClaims: nil, accessClaims: access, hashesAccessToken: false, refreshToken: nil,
            expiresIn: validity.accessTokenSeconds
        )
    }

    static func encode(_ claims: [String: JSONValue]) -> Data {
        Data(JSONValue.object(claims).serialized)
    }

    static func hash(_ refreshToken: String) -> String {
        Data(SHA256.hash(data: Data(refreshToken.utf8))).base64EncodedString()
    }

    /// What a valid access token says about its bearer.
    public struct AccessClaims: Sendable {
        public let poolId: String
        public let sub: String
        public let clientId: String
        public let familyId: String
        public let scopes: [String]
        public let issuedAt: Date
    }

    /// Checks an access token as the self-service operations must: signature, issuer, expiry, use, and
    /// that neither its sign-in (RevokeToken) nor its user's sessions (GlobalSignOut) were revoked.
    public func verifyAccessToken(_ token: String) async throws -> AccessClaims {
        let invalid = CognitoError.notAuthorized("Invalid Access Token")
        guard let parts = JWTParts(token), case .object(let header)? = try? JSONValue.parse(parts.header),
            case .object(let claims)? = try? JSONValue.parse(parts.payload),
            header["alg"] == .string("RS256"), case .string(let kid)? = header["kid"],
            case .string(let issuer)? = claims["iss"], issuer.hasPrefix(deployment.publicURL + "/")
        else { throw invalid }
        let poolId = String(issuer.dropFirst(deployment.publicURL.count + 1))
        guard let jwk = try await keys.jwks(poolId: poolId).first(where: { $0.kid == kid }),
            let n = Base64URL.decode(jwk.n), let e = Base64URL.decode(jwk.e),
            let publicKey = try? _RSA.Signing.PublicKey(n: n, e: e),
            publicKey.isValidSignature(
                _RSA.Signing.RSASignature(rawRepresentation: parts.signature), for: parts.signingInput,
                padding: .insecurePKCS1v1_5
            )
        else { throw invalid }
        guard claims["token_use"] == .string("access"), case .string(let sub)? = claims["sub"],
            case .string(let clientId)? = claims["client_id"], case .string(let family)? = claims["origin_jti"],
            case .integer(let exp)? = claims["exp"], case .integer(let iat)? = claims["iat"]
        else { throw invalid }
        if Double(exp) < clock.now().timeIntervalSince1970 { throw CognitoError.notAuthorized("Access Token has expired") }
        guard let user = try await store.user(poolId: poolId, sub: sub) else { throw CognitoError(.userNotFound, "User does not exist.") }
        let issuedAt = Date(timeIntervalSince1970: TimeInterval(iat))
        if let cutoff = user.tokensValidAfter, issuedAt < cutoff.addingTimeInterval(-0.999) {
            throw CognitoError.notAuthorized("Access Token has been revoked")
        }
        if try await store.isRefreshTokenFamilyRevoked(poolId: poolId, familyId: family) {
            throw CognitoError.notAuthorized("Access Token has been revoked")
        }
        if !user.enabled { throw CognitoError.notAuthorized("User is disabled.") }
        let scopes: [String]
        if case .string(let scope)? = claims["scope"] { scopes = scope.split(separator: " ").map(String.init) } else { scopes = [] }
        return AccessClaims(poolId: poolId, sub: sub, clientId: clientId, familyId: family, scopes: scopes, issuedAt: issuedAt)
    }
}

import CognitoModel
import Foundation

/// App clients: creation with Cognito's ids, secrets and defaults, and the rules that tie a client's
/// OAuth settings to its pool (scopes of its resource servers, its identity providers, its schema).
public struct AppClientService: Sendable {
    let store: any Store
    let clock: any WallClock
    let random: any RandomSource

    /// Cognito's limit on app clients per pool.
    static let maximumClients = 1000
    /// The scopes every pool has, besides its resource servers' `identifier/scope` ones.
    static let standardScopes: Set<String> = ["phone", "email", "openid", "profile", "aws.cognito.signin.user.admin"]

    public init(store: any Store, clock: any WallClock, random: any RandomSource) {
        self.store = store
        self.clock = clock
        self.random = random
    }

    public func create(_ request: CreateUserPoolClientRequest) async throws -> UserPoolClientType {
        let now = clock.now().truncatedToMilliseconds
        let secret: String? =
            if let given = request.clientSecret { given } else if request.generateSecret == true {
                random.string(length: 51, alphabet: .lowercaseAlphanumeric)
            } else { nil }
        return try await store.transaction { [random] session in
            let pool = try await PoolScope.requirePool(request.userPoolId, in: session, lock: true)
            if try await session.countResources(poolId: pool.id, kind: .client) >= Self.maximumClients {
                throw CognitoError.limitExceeded("A user pool can have at most \(Self.maximumClients) app clients.")
            }
            var client = try await Self.describe(AppClientSettings(request), pool: pool, hasSecret: secret != nil, in: session)
            client.clientSecret = secret
            client.creationDate = now
            client.lastModifiedDate = now
            for _ in 0..<5 {
                client.clientId = random.string(length: 26, alphabet: .lowercaseAlphanumeric)
                let resource = try PoolResource(
                    poolId: pool.id, kind: .client, key: client.clientId!, createdAt: now, lastModifiedAt: now, value: client
                )
                do {
                    try await session.insertResource(resource)
                    return client
                } catch StoreError.duplicate {
                    continue
                }
            }
            throw CognitoError.internalError("Could not allocate a client id.")
        }
    }

    public func describe(poolId: String, clientId: String) async throws -> UserPoolClientType {
        let resource = try await store.resource(poolId: poolId, kind: .client, key: clientId)
        guard let resource else {
            _ = try await PoolScope.requirePool(poolId, in: store)
            throw Self.notFound(clientId)
        }
        return try resource.decode(UserPoolClientType.self)
    }

    /// The client with this id in any pool: the OAuth endpoints know only the client id.
    public func find(clientId: String) async throws -> UserPoolClientType? {
        try await store.resource(poolId: nil, kind: .client, key: clientId)?.decode(UserPoolClientType.self)
    }

    public func update(_ request: UpdateUserPoolClientRequest) async throws -> UserPoolClientType {
        let now = clock.now().truncatedToMilliseconds
        return try await store.transaction { session in
            let pool = try await PoolScope.requirePool(request.userPoolId, in: session, lock: true)
            guard let resource = try await session.resource(poolId: pool.id, kind: .client, key: request.clientId) else {
                throw Self.notFound(request.clientId)
            }
            let existing = try resource.decode(UserPoolClientType.self)
            var client = try await Self.describe(
                AppClientSettings(request, existingName: existing.clientName ?? ""), pool: pool,
                hasSecret: existing.clientSecret != nil, in: session
            )
            client.clientId = existing.clientId
            client.clientSecret = existing.clientSecret
            client.creationDate = existing.creationDate
            client.lastModifiedDate = now
            var updated = resource
            updated.lastModifiedAt = now
            updated.document = try DocumentCoding.encode(client)
            try await session.updateResource(updated)
            return client
        }
    }

    public func delete(poolId: String, clientId: String) async throws {
        try await store.transaction { session in
            let pool = try await PoolScope.requirePool(poolId, in: session, lock: true)
            guard try await session.deleteResource(poolId: pool.id, kind: .client, key: clientId) else {
                throw Self.notFound(clientId)
            }
            _ = try await session.deleteResource(poolId: pool.id, kind: .uiCustomization, key: clientId)
        }
    }

    public func list(poolId: String, maxResults: Int?, nextToken: String?) async throws -> (clients: [UserPoolClientDescription], nextToken: String?) {
        _ = try await PoolScope.requirePool(poolId, in: store)
        let page = try await PoolScope.page(
            UserPoolClientType.self, kind: .client, poolId: poolId, limit: PoolScope.pageSize(maxResults),
            nextToken: nextToken, in: store
        )
        let clients = page.items.map { _, client in
            UserPoolClientDescription(clientId: client.clientId, userPoolId: poolId, clientName: client.clientName)
        }
        return (clients, page.nextToken)
    }

    static func notFound(_ clientId: String) -> CognitoError {
        .resourceNotFound("User pool client \(clientId) does not exist.")
    }

    /// A client's description from its settings, checked against Cognito's rules and the pool's contents.
    static func describe(
        _ settings: AppClientSettings, pool: UserPoolRecord, hasSecret: Bool, in session: any StoreSession
    ) async throws -> UserPoolClientType {
        var client = UserPoolClientType(
            userPoolId: pool.id,
            clientName: settings.clientName,
            refreshTokenValidity: (settings.refreshTokenValidity ?? 0) == 0 ? 30 : settings.refreshTokenValidity,
            accessTokenValidity: settings.accessTokenValidity,
            idTokenValidity: settings.idTokenValidity,
            tokenValidityUnits: settings.tokenValidityUnits,
            readAttributes: settings.readAttributes,
            writeAttributes: settings.writeAttributes,
            explicitAuthFlows: settings.explicitAuthFlows ?? [.allowRefreshTokenAuth, .allowUserSrpAuth, .allowCustomAuth],
            supportedIdentityProviders: settings.supportedIdentityProviders,
            callbackURLs: settings.callbackURLs,
            logoutURLs: settings.logoutURLs,
            defaultRedirectURI: settings.defaultRedirectURI,
            allowedOAuthFlows: settings.allowedOAuthFlows,
            allowedOAuthScopes: settings.allowedOAuthScopes,
            allowedOAuthFlowsUserPoolClient: settings.allowedOAuthFlowsUserPoolClient ?? false,
            analyticsConfiguration: settings.analyticsConfiguration,
            preventUserExistenceErrors: settings.preventUserExistenceErrors ?? .legacy,
            enableTokenRevocation: settings.enableTokenRevocation ?? true,
            enablePropagateAdditionalUserContextData: settings.enablePropagateAdditionalUserContextData ?? false,
            authSessionValidity: settings.authSessionValidity ?? 3,
            refreshTokenRotation: settings.refreshTokenRotation
        )
        try TokenValidity(client).check()
        if client.tokenValidityUnits == nil {
            client.tokenValidityUnits = TokenValidityUnitsType()
        }
        try checkAuthFlows(client.explicitAuthFlows ?? [])
        try RedirectURIRules.check(client.callbackURLs, member: "CallbackURLs")
        try RedirectURIRules.check(client.logoutURLs, member: "LogoutURLs")
        if let defaultURI = client.defaultRedirectURI, !(client.callbackURLs ?? []).contains(defaultURI) {
            throw CognitoError.invalidParameter("DefaultRedirectURI must be one of the CallbackURLs.")
        }
        try checkAttributes(client.readAttributes, of: pool, member: "read")
        try checkAttributes(client.writeAttributes, of: pool, member: "write")
        try await checkIdentityProviders(client.supportedIdentityProviders, pool: pool, in: session)
        try await checkOAuth(client, hasSecret: hasSecret, pool: pool, in: session)
        return client
    }

    static func checkAuthFlows(_ flows: [ExplicitAuthFlowsType]) throws {
        let legacy: Set<ExplicitAuthFlowsType> = [.adminNoSrpAuth, .customAuthFlowOnly, .userPasswordAuth]
        let hasLegacy = flows.contains(where: legacy.contains)
        if hasLegacy && flows.contains(where: { !legacy.contains($0) }) {
            throw CognitoError.invalidParameter("Explicit auth flows cannot mix legacy (non-ALLOW_) and ALLOW_ values.")
        }
    }

    static func checkAttributes(_ attributes: [String]?, of pool: UserPoolRecord, member: String) throws {
        guard let attributes else { return }
        let schema = Set((pool.description.schemaAttributes ?? StandardAttributes.schema).compactMap(\.name))
        for attribute in attributes where !schema.contains(attribute) || (member == "write" && attribute == "sub") {
            throw CognitoError.invalidParameter("Invalid \(member) attributes specified while creating a client")
        }
    }

    static func checkIdentityProviders(_ providers: [String]?, pool: UserPoolRecord, in session: any StoreSession) async throws {
        for provider in providers ?? [] where provider != "COGNITO" {
            if try await session.resource(poolId: pool.id, kind: .identityProvider, key: provider) == nil {
                throw CognitoError.invalidParameter("The provider \(provider) does not exist for User Pool \(pool.id)")
            }
        }
    }

    static func checkOAuth(_ client: UserPoolClientType, hasSecret: Bool, pool: UserPoolRecord, in session: any StoreSession) async throws {
        let flows = client.allowedOAuthFlows ?? []
        let scopes = client.allowedOAuthScopes ?? []
        if flows.contains(.clientCredentials) {
            if flows.contains(.code) || flows.contains(.implicit) {
                throw CognitoError(.invalidOAuthFlow, "client_credentials flow can not be selected along with code flow or implicit flow.")
            }
            if !hasSecret {
                throw CognitoError(.invalidOAuthFlow, "client_credentials flow can not be selected if client does not have a client secret.")
            }
            if scopes.contains(where: standardScopes.contains) {
                throw CognitoError(.invalidOAuthFlow, "client_credentials flow can only be used with custom scopes.")
            }
        }
        if client.allowedOAuthFlowsUserPoolClient == true {
            if flows.isEmpty || scopes.isEmpty {
                throw CognitoError.invalidParameter(
                    "AllowedOAuthFlows and AllowedOAuthScopes are required if user pool client is allowed to use OAuth flows."
                )
            }
            if (flows.contains(.code) || flows.contains(.implicit)) && (client.callbackURLs ?? []).isEmpty {
                throw CognitoError.invalidParameter("CallbackURLs are required for the code and implicit OAuth flows.")
            }
        }
        for scope in scopes where !standardScopes.contains(scope) {
            guard let slash = scope.lastIndex(of: "/") else {
                throw CognitoError(.scopeDoesNotExist, "Invalid scope requested: \(scope)")
            }
            let identifier = String(scope[..<slash])
            let name = String(scope[scope.index(after: slash)...])
            let server = try await session.resource(poolId: pool.id, kind: .resourceServer, key: identifier)?
                .decode(ResourceServerType.self)
            guard server?.scopes?.contains(where: { $0.scopeName == name }) == true else {
                throw CognitoError(.scopeDoesNotExist, "Invalid scope requested: \(scope)")
            }
        }
    }
}

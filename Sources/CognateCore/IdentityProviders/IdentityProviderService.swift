import CognitoModel
import Foundation

/// Third-party identity providers of a pool (Google, Facebook, Apple, Amazon, OIDC, SAML), stored and
/// validated; each identifier maps to one provider in the pool.
public struct IdentityProviderService: Sendable {
    let store: any Store
    let clock: any WallClock

    /// Cognito's limit on identity providers per pool.
    static let maximumProviders = 300

    public init(store: any Store, clock: any WallClock) {
        self.store = store
        self.clock = clock
    }

    public func create(_ request: CreateIdentityProviderRequest) async throws -> IdentityProviderType {
        let now = clock.now().truncatedToMilliseconds
        if request.providerName.uppercased() == "COGNITO" {
            throw CognitoError.invalidParameter("COGNITO is a reserved provider name.")
        }
        try ProviderDetailsRules.check(type: request.providerType, details: request.providerDetails)
        let provider = IdentityProviderType(
            userPoolId: request.userPoolId, providerName: request.providerName, providerType: request.providerType,
            providerDetails: request.providerDetails, attributeMapping: request.attributeMapping ?? [:],
            idpIdentifiers: request.idpIdentifiers ?? [], lastModifiedDate: now, creationDate: now
        )
        try await store.transaction { session in
            let pool = try await PoolScope.requirePool(request.userPoolId, in: session, lock: true)
            if try await session.countResources(poolId: pool.id, kind: .identityProvider) >= Self.maximumProviders {
                throw CognitoError.limitExceeded("A user pool can have at most \(Self.maximumProviders) identity providers.")
            }
            do {
                try await session.insertResource(try PoolResource(
                    poolId: pool.id, kind: .identityProvider, key: request.providerName, createdAt: now, lastModifiedAt: now,
                    value: provider
                ))
            } catch StoreError.duplicate {
                throw CognitoError(.duplicateProvider, "A provider with the name \(request.providerName) already exists in this user pool.")
            }
            try await Self.claim(identifiers: provider.idpIdentifiers ?? [], for: request.providerName, poolId: pool.id, now: now, in: session)
        }
        return provider
    }

    public func describe(poolId: String, name: String) async throws -> IdentityProviderType {
        guard let resource = try await store.resource(poolId: poolId, kind: .identityProvider, key: name) else {
            _ = try await PoolScope.requirePool(poolId, in: store)
            throw Self.notFound(name)
        }
        return try resource.decode(IdentityProviderType.self)
    }

    public func describe(poolId: String, identifier: String) async throws -> IdentityProviderType {
        guard let mapping = try await store.resource(poolId: poolId, kind: .idpIdentifier, key: identifier) else {
            _ = try await PoolScope.requirePool(poolId, in: store)
            throw CognitoError.resourceNotFound("Identity provider with identifier \(identifier) does not exist.")
        }
        return try await describe(poolId: poolId, name: try mapping.decode(IdentifierOwner.self).providerName)
    }

    /// UpdateIdentityProvider replaces the maps and identifiers the request gives.
    public func update(_ request: UpdateIdentityProviderRequest) async throws -> IdentityProviderType {
        let now = clock.now().truncatedToMilliseconds
        return try await store.transaction { session in
            _ = try await PoolScope.requirePool(request.userPoolId, in: session, lock: true)
            guard var resource = try await session.resource(poolId: request.userPoolId, kind: .identityProvider, key: request.providerName) else {
                throw Self.notFound(request.providerName)
            }
            var provider = try resource.decode(IdentityProviderType.self)
            if let details = request.providerDetails {
                try ProviderDetailsRules.check(type: provider.providerType ?? .oidc, details: details)
                provider.providerDetails = details
            }
            if let mapping = request.attributeMapping { provider.attributeMapping = mapping }
            if let identifiers = request.idpIdentifiers {
                try await Self.release(identifiers: provider.idpIdentifiers ?? [], poolId: request.userPoolId, in: session)
                do {
                    try await Self.claim(identifiers: identifiers, for: request.providerName, poolId: request.userPoolId, now: now, in: session)
                } catch let error as CognitoError where error.code == .duplicateProvider {
                    throw CognitoError.invalidParameter(error.message)  // UpdateIdentityProvider's model has no DuplicateProviderException
                }
                provider.idpIdentifiers = identifiers
            }
            provider.lastModifiedDate = now
            resource.document = try DocumentCoding.encode(provider)
            resource.lastModifiedAt = now
            try await session.updateResource(resource)
            return provider
        }
    }

    public func delete(poolId: String, name: String) async throws {
        try await store.transaction { session in
            _ = try await PoolScope.requirePool(poolId, in: session, lock: true)
            guard let resource = try await session.resource(poolId: poolId, kind: .identityProvider, key: name) else {
                throw Self.notFound(name)
            }
            let provider = try resource.decode(IdentityProviderType.self)
            try await Self.release(identifiers: provider.idpIdentifiers ?? [], poolId: poolId, in: session)
            _ = try await session.deleteResource(poolId: poolId, kind: .identityProvider, key: name)
        }
    }

    public func list(poolId: String, maxResults: Int?, nextToken: String?) async throws -> (providers: [ProviderDescription], nextToken: String?) {
        _ = try await PoolScope.requirePool(poolId, in: store)
        let page = try await PoolScope.page(
            IdentityProviderType.self, kind: .identityProvider, poolId: poolId, limit: PoolScope.pageSize(maxResults),
            nextToken: nextToken, in: store
        )
        let providers = page.items.map { _, provider in
            ProviderDescription(
                providerName: provider.providerName, providerType: provider.providerType,
                lastModifiedDate: provider.lastModifiedDate, creationDate: provider.creationDate
            )
        }
        return (providers, page.nextToken)
    }

    static func notFound(_ name: String) -> CognitoError {
        .resourceNotFound("Identity provider \(name) does not exist.")
    }

    /// The provider an identifier belongs to.
    struct IdentifierOwner: Codable {
        let providerName: String
    }

    static func claim(identifiers: [String], for provider: String, poolId: String, now: Date, in session: any StoreSession) async throws {
        guard Set(identifiers).count == identifiers.count else {
            throw CognitoError.invalidParameter("IdpIdentifiers must be unique.")
        }
        for identifier in identifiers {
            do {
                try await session.insertResource(try PoolResource(
                    poolId: poolId, kind: .idpIdentifier, key: identifier, createdAt: now, lastModifiedAt: now,
                    value: IdentifierOwner(providerName: provider)
                ))
            } catch StoreError.duplicate {
                throw CognitoError(.duplicateProvider, "The identifier \(identifier) is already used by another provider in this user pool.")
            }
        }
    }

    static func release(identifiers: [String], poolId: String, in session: any StoreSession) async throws {
        for identifier in identifiers {
            _ = try await session.deleteResource(poolId: poolId, kind: .idpIdentifier, key: identifier)
        }
    }
}

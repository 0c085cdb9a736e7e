import CognitoModel
import Foundation

/// Pool domains. A prefix domain (`myapp`) and a custom domain (`auth.example.com`, with its
/// certificate ARN) are both served by this Cognate under `--public-url`; the hosted UI finds the pool
/// from the domain. A pool has at most one of each, and a domain belongs to one pool.
public struct DomainService: Sendable {
    let store: any Store
    let deployment: Deployment
    let clock: any WallClock

    /// Words Cognito does not allow in prefix domains.
    static let reservedWords = ["aws", "amazon", "cognito"]

    public init(store: any Store, deployment: Deployment, clock: any WallClock) {
        self.store = store
        self.deployment = deployment
        self.clock = clock
    }

    public func create(_ request: CreateUserPoolDomainRequest) async throws -> CreateUserPoolDomainResponse {
        let now = clock.now().truncatedToMilliseconds
        let isCustom = request.customDomainConfig != nil
        try Self.checkName(request.domain, custom: isCustom)
        let description = DomainDescriptionType(
            userPoolId: request.userPoolId, awsAccountId: deployment.accountId, domain: request.domain,
            cloudFrontDistribution: isCustom ? servingHost : nil, version: Self.version(now), status: .active,
            customDomainConfig: request.customDomainConfig, managedLoginVersion: request.managedLoginVersion ?? 1
        )
        try await store.transaction { session in
            var pool = try await PoolScope.requirePool(request.userPoolId, in: session, lock: true)
            if (isCustom ? pool.description.customDomain : pool.description.domain) != nil {
                throw CognitoError.invalidParameter("User pool already has a domain configured.")
            }
            do {
                try await session.insertResource(try PoolResource(
                    poolId: pool.id, kind: .domain, key: request.domain, createdAt: now, lastModifiedAt: now, value: description
                ))
            } catch StoreError.duplicate {
                throw CognitoError.invalidParameter("Domain already associated with another user pool.")
            }
            if isCustom { pool.description.customDomain = request.domain } else { pool.description.domain = request.domain }
            pool.lastModifiedAt = now
            try await session.updateUserPool(pool)
        }
        return CreateUserPoolDomainResponse(
            managedLoginVersion: description.managedLoginVersion, cloudFrontDomain: isCustom ? servingHost : nil
        )
    }

    /// DescribeUserPoolDomain answers an empty description for a domain nobody has, as Cognito does.
    public func describe(domain: String) async throws -> DomainDescriptionType {
        try await store.resource(poolId: nil, kind: .domain, key: domain)?.decode(DomainDescriptionType.self)
            ?? DomainDescriptionType()
    }

    /// The pool a domain belongs to, for the hosted UI.
    public func poolId(forDomain domain: String) async throws -> String? {
        try await store.resource(poolId: nil, kind: .domain, key: domain)?.poolId
    }

    public func update(_ request: UpdateUserPoolDomainRequest) async throws -> UpdateUserPoolDomainResponse {
        let now = clock.now().truncatedToMilliseconds
        return try await store.transaction { session in
            _ = try await PoolScope.requirePool(request.userPoolId, in: session, lock: true)
            guard var resource = try await session.resource(poolId: request.userPoolId, kind: .domain, key: request.domain) else {
                throw CognitoError.resourceNotFound("The domain \(request.domain) does not exist in user pool \(request.userPoolId).")
            }
            var description = try resource.decode(DomainDescriptionType.self)
            if let config = request.customDomainConfig {
                guard description.customDomainConfig != nil else {
                    throw CognitoError.invalidParameter("A prefix domain has no certificate to update.")
                }
                description.customDomainConfig = config
            }
            if let version = request.managedLoginVersion { description.managedLoginVersion = version }
            description.version = Self.version(now)
            resource.document = try DocumentCoding.encode(description)
            resource.lastModifiedAt = now
            try await session.updateResource(resource)
            return UpdateUserPoolDomainResponse(
                managedLoginVersion: description.managedLoginVersion, cloudFrontDomain: description.cloudFrontDistribution
            )
        }
    }

    public func delete(domain: String, poolId: String) async throws {
        let now = clock.now().truncatedToMilliseconds
        try await store.transaction { session in
            var pool = try await PoolScope.requirePool(poolId, in: session, lock: true)
            guard try await session.deleteResource(poolId: pool.id, kind: .domain, key: domain) else {
                throw CognitoError.invalidParameter("No such domain or user pool exists.")
            }
            if pool.description.domain == domain { pool.description.domain = nil }
            if pool.description.customDomain == domain { pool.description.customDomain = nil }
            pool.lastModifiedAt = now
            try await session.updateUserPool(pool)
        }
    }

    /// Where custom domains must point (Cognito answers with a CloudFront host; Cognate serves them itself).
    var servingHost: String {
        URLComponents(string: deployment.publicURL)?.host ?? deployment.publicURL
    }

    static func version(_ date: Date) -> String { String(DocumentCoding.millis(date)) }

    static func checkName(_ domain: String, custom: Bool) throws {
        if custom {
            let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
            guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty && $0.count <= 63 }) else {
                throw CognitoError.invalidParameter("The custom domain \(domain) is not a fully qualified domain name.")
            }
            return
        }
        if domain.contains(".") {
            throw CognitoError.invalidParameter("A prefix domain cannot contain dots; give CustomDomainConfig for a custom domain.")
        }
        for word in reservedWords where domain.contains(word) {
            throw CognitoError.invalidParameter("Domain cannot contain reserved word: \(word)")
        }
    }
}

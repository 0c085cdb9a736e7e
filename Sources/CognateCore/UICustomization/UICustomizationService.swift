import CognitoModel
import Foundation

/// Hosted-UI customisation (CSS and a logo), for a whole pool (`ALL`) or one app client.
public struct UICustomizationService: Sendable {
    let store: any Store
    let deployment: Deployment
    let clock: any WallClock
    let random: any RandomSource

    /// Cognito's limit on the logo's size.
    static let maximumImageBytes = 100 * 1024
    static let poolWide = "ALL"

    /// What is stored: the description Cognito returns, and the image it points to.
    struct Stored: Codable {
        var customization: UICustomizationType
        var image: Data?
        var imageType: String?
    }

    public init(store: any Store, deployment: Deployment, clock: any WallClock, random: any RandomSource) {
        self.store = store
        self.deployment = deployment
        self.clock = clock
        self.random = random
    }

    /// SetUICustomization; without CSS and image it removes the customisation.
    public func set(_ request: SetUICustomizationRequest) async throws -> UICustomizationType {
        var normalized = request
        if normalized.clientId == Self.poolWide { normalized.clientId = nil }  // `ALL` names the pool's own customisation
        let request = normalized
        let now = clock.now().truncatedToMilliseconds
        let key = request.clientId ?? Self.poolWide
        if let css = request.css { try CSSRules.check(css) }
        let imageType = try request.imageFile.map(Self.imageType)
        let version = random.string(length: 16, alphabet: .lowercaseAlphanumeric)
        return try await store.transaction { [deployment] session in
            let pool = try await PoolScope.requirePool(request.userPoolId, in: session, lock: true)
            if pool.description.domain == nil && pool.description.customDomain == nil {
                throw CognitoError.invalidParameter("There has to be an existing domain associated with this user pool or app client.")
            }
            if let clientId = request.clientId, try await session.resource(poolId: pool.id, kind: .client, key: clientId) == nil {
                throw AppClientService.notFound(clientId)
            }
            let existing = try await session.resource(poolId: pool.id, kind: .uiCustomization, key: key)
            if request.css == nil && request.imageFile == nil {
                if existing != nil { _ = try await session.deleteResource(poolId: pool.id, kind: .uiCustomization, key: key) }
                return UICustomizationType(userPoolId: pool.id, clientId: key)
            }
            let created = try existing.map { try $0.decode(Stored.self).customization.creationDate } ?? now
            let customization = UICustomizationType(
                userPoolId: pool.id, clientId: key,
                imageUrl: request.imageFile == nil ? nil : "\(deployment.publicURL)/_cognate/ui/\(pool.id)/\(key)/\(version)/logo",
                css: request.css, cssVersion: version, lastModifiedDate: now, creationDate: created ?? now
            )
            let resource = try PoolResource(
                poolId: pool.id, kind: .uiCustomization, key: key, createdAt: created ?? now, lastModifiedAt: now,
                value: Stored(customization: customization, image: request.imageFile, imageType: imageType)
            )
            if existing == nil { try await session.insertResource(resource) } else { try await session.updateResource(resource) }
            return customization
        }
    }

    /// GetUICustomization: the client's own if it has one, else the pool's.
    public func get(poolId: String, clientId: String?) async throws -> UICustomizationType {
        _ = try await PoolScope.requirePool(poolId, in: store)
        let clientId = clientId == Self.poolWide ? nil : clientId
        if let clientId {
            if try await store.resource(poolId: poolId, kind: .client, key: clientId) == nil {
                throw AppClientService.notFound(clientId)
            }
            if let own = try await store.resource(poolId: poolId, kind: .uiCustomization, key: clientId) {
                return try own.decode(Stored.self).customization
            }
        }
        if let pool = try await store.resource(poolId: poolId, kind: .uiCustomization, key: Self.poolWide) {
            return try pool.decode(Stored.self).customization
        }
        return UICustomizationType(userPoolId: poolId, clientId: clientId ?? Self.poolWide)
    }

    /// The logo and its media type, for the hosted UI to serve at the customisation's `ImageUrl`.
    public func image(poolId: String, key: String) async throws -> (data: Data, mediaType: String)? {
        guard let stored = try await store.resource(poolId: poolId, kind: .uiCustomization, key: key)?.decode(Stored.self),
            let image = stored.image, let type = stored.imageType
        else { return nil }
        return (image, type)
    }

    /// PNG or JPEG of at most 100 KB, recognised by their signatures.
    static func imageType(_ data: Data) throws -> String {
        guard data.count <= maximumImageBytes else {
            throw CognitoError.invalidParameter("The image file must be at most 100 KB.")
        }
        if data.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return "image/png" }
        if data.starts(with: [0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        throw CognitoError.invalidParameter("The image file must be a PNG or JPEG image.")
    }
}

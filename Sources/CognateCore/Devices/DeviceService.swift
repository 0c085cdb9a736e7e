import CognitoModel
import Foundation

/// A user's tracked devices: ConfirmDevice (the device's SRP verifier), remembering and forgetting them,
/// and reading them, for the signed-in user (access token) and for the administrator.
public struct DeviceService: Sendable {
    let store: any Store
    let tokens: TokenService
    let clock: any WallClock

    public init(store: any Store, tokens: TokenService, clock: any WallClock) {
        self.store = store
        self.tokens = tokens
        self.clock = clock
    }

    static let notFound = CognitoError.resourceNotFound("Device does not exist.")

    /// ConfirmDevice: stores the device's verifier; `true` when the user must still choose to remember it
    /// (the pool's DeviceOnlyRememberedOnUserPrompt), as Cognito's `UserConfirmationNecessary`.
    public func confirm(accessToken: String, deviceKey: String, verifier config: DeviceSecretVerifierConfigType?, name: String?) async throws -> Bool {
        let claims = try await signedIn(accessToken)
        guard let verifierBase64 = config?.passwordVerifier, let verifier = Data(base64Encoded: verifierBase64), !verifier.isEmpty,
              let saltBase64 = config?.salt, let salt = Data(base64Encoded: saltBase64), !salt.isEmpty
        else { throw CognitoError.invalidParameter("DeviceSecretVerifierConfig needs a base64 PasswordVerifier and Salt.") }
        guard let pool = try await store.userPool(id: claims.poolId) else { throw Self.notFound }
        let onPrompt = pool.description.deviceConfiguration?.deviceOnlyRememberedOnUserPrompt == true
        guard var device = try await store.device(poolId: claims.poolId, deviceKey: deviceKey), device.sub == claims.sub else {
            throw CognitoError.invalidParameter("Invalid device key given.")
        }
        device.verifierHex = verifier.hexEncoded
        device.saltHex = salt.hexEncoded
        device.name = name
        device.remembered = !onPrompt
        device.lastModifiedAt = clock.now().truncatedToMilliseconds
        try await store.putDevice(device)
        return onPrompt
    }

    public func updateStatus(accessToken: String, deviceKey: String, status: DeviceRememberedStatusType?) async throws {
        let claims = try await signedIn(accessToken)
        try await setRemembered(poolId: claims.poolId, sub: claims.sub, deviceKey: deviceKey, status: status)
    }

    public func updateStatus(poolId: String, username: String, deviceKey: String, status: DeviceRememberedStatusType?) async throws {
        let user = try await require(poolId: poolId, username: username)
        try await setRemembered(poolId: poolId, sub: user.sub, deviceKey: deviceKey, status: status)
    }

    public func get(accessToken: String?, deviceKey: String) async throws -> DeviceType {
        guard let accessToken else { throw CognitoError.invalidParameter("AccessToken is required.") }
        let claims = try await signedIn(accessToken)
        return try await owned(poolId: claims.poolId, sub: claims.sub, deviceKey: deviceKey).type
    }

    public func get(poolId: String, username: String, deviceKey: String) async throws -> DeviceType {
        let user = try await require(poolId: poolId, username: username)
        return try await owned(poolId: poolId, sub: user.sub, deviceKey: deviceKey).type
    }

    public func list(accessToken: String, limit: Int?, token: String?) async throws -> (devices: [DeviceType], token: String?) {
        let claims = try await signedIn(accessToken)
        return try await page(poolId: claims.poolId, sub: claims.sub, limit: limit, token: token)
    }

    public func list(poolId: String, username: String, limit: Int?, token: String?) async throws -> (devices: [DeviceType], token: String?) {
        let user = try await require(poolId: poolId, username: username)
        return try await page(poolId: poolId, sub: user.sub, limit: limit, token: token)
    }

    public func forget(accessToken: String?, deviceKey: String) async throws {
        guard let accessToken else { throw CognitoError.invalidParameter("AccessToken is required.") }
        let claims = try await signedIn(accessToken)
        _ = try await owned(poolId: claims.poolId, sub: claims.sub, deviceKey: deviceKey)
        _ = try await store.deleteDevice(poolId: claims.poolId, deviceKey: deviceKey)
    }

    public func forget(poolId: String, username: String, deviceKey: String) async throws {
        let user = try await require(poolId: poolId, username: username)
        _ = try await owned(poolId: poolId, sub: user.sub, deviceKey: deviceKey)
        _ = try await store.deleteDevice(poolId: poolId, deviceKey: deviceKey)
    }

    // MARK: Helpers

    private func signedIn(_ accessToken: String) async throws -> TokenService.AccessClaims {
        let claims = try await tokens.verifyAccessToken(accessToken)
        try AccountService.requireAdminScope(claims)
        return claims
    }

    private func require(poolId: String, username: String) async throws -> UserRecord {
        try await PoolScope.requireUser(username, in: try await PoolScope.requirePool(poolId, in: store), session: store)
    }

    private func owned(poolId: String, sub: String, deviceKey: String) async throws -> DeviceRecord {
        guard let device = try await store.device(poolId: poolId, deviceKey: deviceKey), device.sub == sub else { throw Self.notFound }
        return device
    }

    private func setRemembered(poolId: String, sub: String, deviceKey: String, status: DeviceRememberedStatusType?) async throws {
        var device = try await owned(poolId: poolId, sub: sub, deviceKey: deviceKey)
        device.remembered = status == .remembered
        device.lastModifiedAt = clock.now().truncatedToMilliseconds
        try await store.putDevice(device)
    }

    private func page(poolId: String, sub: String, limit: Int?, token: String?) async throws -> (devices: [DeviceType], token: String?) {
        let size = PoolScope.pageSize(limit)
        let devices = try await store.devices(poolId: poolId, sub: sub, afterKey: try token.map(PageToken.decode), limit: size + 1)
        let page = Array(devices.prefix(size))
        return (page.map(\.type), devices.count > size ? page.last.map { PageToken.encode($0.deviceKey) } : nil)
    }
}

extension DeviceRecord {
    /// Cognito's view of a device: its status, name and remembered state as attributes.
    var type: DeviceType {
        var attributes = [
            AttributeType(name: "device_status", value: "valid"),
            AttributeType(name: "dev:device_remembered_status", value: remembered ? "remembered" : "not_remembered"),
        ]
        if let name { attributes.append(AttributeType(name: "device_name", value: name)) }
        return DeviceType(
            deviceKey: deviceKey, deviceAttributes: attributes, deviceCreateDate: createdAt, deviceLastModifiedDate: lastModifiedAt,
            deviceLastAuthenticatedDate: lastAuthenticatedAt
        )
    }
}

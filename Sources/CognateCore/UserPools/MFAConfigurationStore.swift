import CognitoModel
import Foundation

/// The pool's MFA factors as `SetUserPoolMfaConfig` stores them (the pool row keeps `MfaConfiguration`).
struct MFAFactors: Codable, Sendable, Equatable {
    var smsMfaConfiguration: SmsMfaConfigType?
    var softwareTokenMfaConfiguration: SoftwareTokenMfaConfigType?
    var emailMfaConfiguration: EmailMfaConfigType?
    var webAuthnConfiguration: WebAuthnConfigurationType?

    var hasAnyFactor: Bool {
        softwareTokenMfaConfiguration?.enabled == true || smsMfaConfiguration != nil || emailMfaConfiguration != nil
    }
}

enum MFAConfigurationStore {
    static let key = "pool"

    static func read(poolId: String, in session: any StoreSession) async throws -> MFAFactors {
        try await session.resource(poolId: poolId, kind: .mfaConfiguration, key: key)?.decode(MFAFactors.self) ?? MFAFactors()
    }

    static func write(_ factors: MFAFactors, poolId: String, now: Date, in session: any StoreSession) async throws {
        let resource = try PoolResource(
            poolId: poolId, kind: .mfaConfiguration, key: key, createdAt: now, lastModifiedAt: now, value: factors
        )
        if try await session.resource(poolId: poolId, kind: .mfaConfiguration, key: key) == nil {
            try await session.insertResource(resource)
        } else {
            try await session.updateResource(resource)
        }
    }
}

extension UserPoolService {
    public func mfaConfiguration(poolId: String) async throws -> GetUserPoolMfaConfigResponse {
        let record = try await PoolScope.requirePool(poolId, in: store)
        let factors = try await MFAConfigurationStore.read(poolId: poolId, in: store)
        return GetUserPoolMfaConfigResponse(
            smsMfaConfiguration: factors.smsMfaConfiguration,
            softwareTokenMfaConfiguration: factors.softwareTokenMfaConfiguration,
            emailMfaConfiguration: factors.emailMfaConfiguration,
            mfaConfiguration: record.description.mfaConfiguration ?? .off,
            webAuthnConfiguration: factors.webAuthnConfiguration
        )
    }

    /// SetUserPoolMfaConfig: factors the request names are replaced, the others kept; MFA can be ON or
    /// OPTIONAL only with at least one factor enabled.
    public func setMFAConfiguration(_ request: SetUserPoolMfaConfigRequest) async throws -> SetUserPoolMfaConfigResponse {
        let now = clock.now().truncatedToMilliseconds
        return try await store.transaction { session in
            var record = try await PoolScope.requirePool(request.userPoolId, in: session, lock: true)
            var factors = try await MFAConfigurationStore.read(poolId: record.id, in: session)
            if let sms = request.smsMfaConfiguration { factors.smsMfaConfiguration = sms }
            if let totp = request.softwareTokenMfaConfiguration { factors.softwareTokenMfaConfiguration = totp }
            if let email = request.emailMfaConfiguration { factors.emailMfaConfiguration = email }
            if let webAuthn = request.webAuthnConfiguration { factors.webAuthnConfiguration = webAuthn }
            let mode = request.mfaConfiguration ?? record.description.mfaConfiguration ?? .off
            if mode != .off && !factors.hasAnyFactor {
                throw CognitoError.invalidParameter(
                    "Invalid MFA configuration given, can't turn on MFA and have no enabled MFA options."
                )
            }
            try await MFAConfigurationStore.write(factors, poolId: record.id, now: now, in: session)
            record.description.mfaConfiguration = mode
            record.lastModifiedAt = now
            try await session.updateUserPool(record)
            return SetUserPoolMfaConfigResponse(
                smsMfaConfiguration: factors.smsMfaConfiguration,
                softwareTokenMfaConfiguration: factors.softwareTokenMfaConfiguration,
                emailMfaConfiguration: factors.emailMfaConfiguration,
                mfaConfiguration: mode,
                webAuthnConfiguration: factors.webAuthnConfiguration
            )
        }
    }
}

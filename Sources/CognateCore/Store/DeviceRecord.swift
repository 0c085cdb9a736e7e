import Foundation

/// A device a user signed in from: Cognito's device key and group key, and, once the client confirmed it
/// (ConfirmDevice), the SRP salt and verifier of the device's own random password, with which a
/// remembered device proves itself instead of a second factor.
public struct DeviceRecord: Codable, Sendable, Equatable {
    public var poolId: String
    public var deviceKey: String
    public var sub: String
    public var groupKey: String
    public var name: String?
    public var saltHex: String?
    public var verifierHex: String?
    public var remembered: Bool
    public var createdAt: Date
    public var lastModifiedAt: Date
    public var lastAuthenticatedAt: Date?

    public init(poolId: String, deviceKey: String, sub: String, groupKey: String, createdAt: Date) {
        self.poolId = poolId
        self.deviceKey = deviceKey
        self.sub = sub
        self.groupKey = groupKey
        self.remembered = false
        self.createdAt = createdAt
        self.lastModifiedAt = createdAt
    }

    public var isConfirmed: Bool { verifierHex != nil }
}

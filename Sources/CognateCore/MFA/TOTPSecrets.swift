import Foundation

/// Authenticator secrets at rest: sealed with the master key, bound to their pool and user so a sealed
/// secret copied to another user's row does not open.
struct TOTPSecrets: Sendable {
    let sealer: KeySealer

    static let secretBytes = 20  // 160 bits, RFC 4226's recommendation; 32 base32 characters, as Cognito's

    func seal(_ base32: String, poolId: String, sub: String) throws -> String {
        try sealer.seal(Data(base32.utf8), context: Self.context(poolId, sub))
    }

    /// The secret's bytes, or nil if it does not open for this user.
    func open(_ sealed: String, user: UserRecord) -> [UInt8]? {
        guard let data = try? sealer.open(sealed, context: Self.context(user.poolId, user.sub)) else { return nil }
        return Base32.decode(String(decoding: data, as: UTF8.self))
    }

    private static func context(_ poolId: String, _ sub: String) -> String {
        "cognate totp secret \(poolId) \(sub)"
    }
}

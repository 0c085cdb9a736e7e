import Foundation

/// The hosted UI's sign-in session, sealed into the `cognito` cookie: which user of which pool signed
/// in when. Nothing is kept on the server, so any node can read it; it stops working when it expires,
/// or when the user is disabled or signed out globally after `authTime`.
public struct HostedSession: Codable, Sendable, Equatable {
    public let poolId: String
    public let sub: String
    public let authTime: Date
    public let expiresAt: Date

    /// Cognito's hosted UI session lasts one hour.
    public static let lifetime: TimeInterval = 3600
    static let context = "cognate-hosted-session"
}

/// A sign-up in progress in this browser, sealed into a cookie: once the emailed code confirms the user,
/// the browser that chose the password is signed in (another browser with the code is only confirmed).
public struct PendingSignUp: Codable, Sendable, Equatable {
    public let poolId: String
    public let sub: String
    public let expiresAt: Date

    static let context = "cognate-pending-sign-up"
}

/// A user's second factors: the TOTP secret (sealed with the master key before it is stored), which
/// factors are on, which is preferred, and the last TOTP step accepted, so that a code works once.
public struct UserMFA: Codable, Sendable, Equatable {
    /// The verified authenticator app's secret, sealed.
    public var totpSecret: String?
    public var totpDeviceName: String?
    /// AssociateSoftwareToken's secret (sealed), until VerifySoftwareToken proves the app has it.
    public var pendingTotpSecret: String?
    /// The time step of the last TOTP code accepted: a code (or an older one) is refused after it.
    public var lastTotpStep: Int64?
    public var totpEnabled = false
    public var emailEnabled = false
    /// `SOFTWARE_TOKEN_MFA` or `EMAIL_OTP`.
    public var preferred: String?

    public init() {}

    public var isEmpty: Bool { self == UserMFA() }
}

import Foundation

/// The state of an authentication between two calls (a challenge and its response), sealed with the
/// deployment's key and handed to the client as `Session` (or SRP's `SECRET_BLOCK`). Nothing is kept
/// on the server, so the response may reach any node.
struct AuthSession: Codable, Sendable {
    enum Challenge: String, Codable {
        case newPasswordRequired = "NEW_PASSWORD_REQUIRED"
        case passwordVerifier = "PASSWORD_VERIFIER"
        case softwareTokenMFA = "SOFTWARE_TOKEN_MFA"
        case mfaSetup = "MFA_SETUP"
        case selectMFAType = "SELECT_MFA_TYPE"
        case emailOTP = "EMAIL_OTP"
        case deviceSRPAuth = "DEVICE_SRP_AUTH"
        case devicePasswordVerifier = "DEVICE_PASSWORD_VERIFIER"
    }

    let poolId: String
    let clientId: String
    let sub: String
    let challenge: Challenge
    let expiresAt: Date
    /// For PASSWORD_VERIFIER: the client's A, the server's secret b and public B (hex).
    var srpA: String?
    var srpB: String?
    var srpSecret: String?
    /// For MFA_SETUP: the authenticator secret handed out (base32; the session is sealed), and whether
    /// VerifySoftwareToken has proved the app has it.
    var totpSecret: String?
    var totpVerified: Bool?
    /// For the device challenges: the remembered device that is proving itself.
    var deviceKey: String?

    static let context = "cognate-auth-session"

    func seal(with sealer: KeySealer) throws -> String {
        try sealer.seal(try DocumentCoding.encode(self).data(using: .utf8)!, context: Self.context)
    }

    /// Opens a session for `challenge`; `clientId` nil for calls that name no client (AssociateSoftwareToken
    /// and VerifySoftwareToken with a session).
    static func open(_ sealed: String?, with sealer: KeySealer, now: Date, challenge: Challenge, clientId: String?) throws -> AuthSession {
        let invalid = CognitoError.notAuthorized("Invalid session for the user, session is expired.")
        guard let sealed, let data = try? sealer.open(sealed, context: context),
            let session = try? DocumentCoding.decode(AuthSession.self, from: String(decoding: data, as: UTF8.self))
        else { throw invalid }
        guard session.expiresAt > now, session.challenge == challenge, clientId == nil || session.clientId == clientId else { throw invalid }
        return session
    }
}

import Crypto
import Foundation

/// One-time 6-digit codes (sign-up, password reset, attribute verification): made uniformly at random,
/// stored only as a hash bound to the pool, user and purpose, single-use, expiring, with limited attempts.
public struct VerificationCodes: Sendable {
    /// How long a code works: sign-up and attribute codes a day, password-reset codes an hour, as Cognito's.
    public enum Purpose: Sendable, Equatable {
        case signUp
        case forgotPassword
        case verifyAttribute(String)
        /// The second factor sent by email at sign-in (EMAIL_OTP).
        case emailMFA

        var key: String {
            switch self {
            case .signUp: return "signup"
            case .forgotPassword: return "forgot_password"
            case .verifyAttribute(let name): return "verify:\(name)"
            case .emailMFA: return "mfa_email"
            }
        }

        var lifetime: TimeInterval {
            switch self {
            case .forgotPassword: return 3600
            case .signUp, .verifyAttribute: return 86400
            case .emailMFA: return 300
            }
        }
    }

    /// Wrong guesses allowed before the code stops working.
    public static let maximumAttempts = 5

    let random: any RandomSource
    let clock: any WallClock

    public init(random: any RandomSource, clock: any WallClock) {
        self.random = random
        self.clock = clock
    }

    /// A new code: the digits to send, and the record to store (which never holds the digits).
    func issue(poolId: String, sub: String, purpose: Purpose) -> (code: String, record: CodeRecord) {
        let code = random.string(length: 6, alphabet: Array("0123456789"))
        let now = clock.now().truncatedToMilliseconds
        let record = CodeRecord(
            poolId: poolId, sub: sub, purpose: purpose.key, codeHash: Self.digest(code, poolId: poolId, sub: sub, purpose: purpose.key),
            expiresAt: now.addingTimeInterval(purpose.lifetime), createdAt: now
        )
        return (code, record)
    }

    /// Checks `code` and consumes it when right; counts the attempt when wrong. Must run in the
    /// transaction that acts on the result, so a code is used at most once even across nodes.
    func consume(_ code: String, poolId: String, sub: String, purpose: Purpose, in session: any StoreSession) async throws {
        guard let record = try await session.code(poolId: poolId, sub: sub, purpose: purpose.key) else {
            throw CognitoError(.expiredCode, "Invalid code provided, please request a code again.")
        }
        if record.attempts >= Self.maximumAttempts {
            throw CognitoError.limitExceeded("Attempt limit exceeded, please try after some time.")
        }
        if record.expiresAt < clock.now() {
            throw CognitoError(.expiredCode, "Invalid code provided, please request a code again.")
        }
        let given = Self.digest(code, poolId: poolId, sub: sub, purpose: purpose.key)
        guard ConstantTime.equal(Array(given.utf8), Array(record.codeHash.utf8)) else {
            try await session.updateCodeAttempts(poolId: poolId, sub: sub, purpose: purpose.key, attempts: record.attempts + 1)
            throw CommitThenThrow(CognitoError(.codeMismatch, "Invalid verification code provided, please try again."))
        }
        try await session.deleteCode(poolId: poolId, sub: sub, purpose: purpose.key)
    }

    static func digest(_ code: String, poolId: String, sub: String, purpose: String) -> String {
        let input = Data("\(poolId)\u{0}\(sub)\u{0}\(purpose)\u{0}\(code)".utf8)
        return Data(SHA256.hash(data: input)).base64EncodedString()
    }
}

import Crypto
import Foundation

/// Time-based one-time passwords as authenticator apps compute them (RFC 6238 over RFC 4226's HOTP):
/// HMAC-SHA-1, 30-second steps, 6 digits, and secrets in base32 as Cognito hands them out.
public enum TOTP {
    public static let stepSeconds: Int64 = 30
    public static let digits = 6

    /// The time step a moment falls in.
    public static func step(at date: Date) -> Int64 {
        Int64(date.timeIntervalSince1970.rounded(.down)) / stepSeconds
    }

    /// The code for `step` (RFC 4226 §5.3: dynamic truncation of the HMAC).
    public static func code(secret: [UInt8], step: Int64) -> String {
        var counter = UInt64(bitPattern: step).bigEndian
        let message = withUnsafeBytes(of: &counter) { Array($0) }
        let mac = Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: SymmetricKey(data: secret)))
        let offset = Int(mac[mac.count - 1] & 0x0F)
        let value = (UInt32(mac[offset] & 0x7F) << 24) | (UInt32(mac[offset + 1]) << 16) | (UInt32(mac[offset + 2]) << 8) | UInt32(mac[offset + 3])
        let code = String(value % 1_000_000)
        return String(repeating: "0", count: digits - code.count) + code
    }

    /// The step whose code `code` is, within one step either side of `date` (clock drift), or nil.
    /// Every candidate is compared, in constant time, so the time taken says nothing about which matched.
    public static func matchingStep(_ code: String, secret: [UInt8], at date: Date, window: Int64 = 1) -> Int64? {
        let now = step(at: date)
        var found: Int64?
        for candidate in (now - window)...(now + window) {
            if ConstantTime.equal(Array(Self.code(secret: secret, step: candidate).utf8), Array(code.utf8)) { found = candidate }
        }
        return found
    }
}

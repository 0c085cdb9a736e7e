import CognateSRP
import CognitoModel
import Foundation

/// One user as `cognate users export` writes them and `cognate users import` reads them: everything
/// that makes the account, so that users keep their `sub`, attributes, status, groups and (exported
/// from a database connection) their password when they move to another Cognate.
public struct TransferredUser: Codable, Sendable, Equatable {
    public var username: String
    /// Kept on import, so that applications keyed by `sub` see the same users.
    public var sub: String
    public var status: String
    public var enabled: Bool
    public var createdAt: Date?
    public var lastModifiedAt: Date?
    /// Every attribute but `sub`, including `*_verified` and developer-only ones.
    public var attributes: [String: String]
    public var groups: [String]
    public var password: Password?
    /// Second factors; absent for users without any.
    public var mfa: MFA?

    public struct MFA: Codable, Sendable, Equatable {
        /// The factors on: `SOFTWARE_TOKEN_MFA`, `EMAIL_OTP`.
        public var enabled: [String]
        public var preferred: String?
        /// The authenticator secret (base32): only in exports with password hashes, read with the master key.
        public var totpSecret: String?
        public var totpDeviceName: String?

        public init(enabled: [String], preferred: String?, totpSecret: String?, totpDeviceName: String?) {
            self.enabled = enabled
            self.preferred = preferred
            self.totpSecret = totpSecret
            self.totpDeviceName = totpDeviceName
        }
    }

    public struct Password: Codable, Sendable, Equatable {
        /// Argon2id PHC string, or an imported bcrypt, PBKDF2 or scrypt hash.
        public var hash: String
        /// The SRP verifier only proves passwords in a pool of the same name (it is derived from it).
        public var srp: SRP?

        public init(hash: String, srp: SRP?) {
            self.hash = hash
            self.srp = srp
        }
    }

    public struct SRP: Codable, Sendable, Equatable {
        /// The pool name part of the pool id the verifier was made for (`us-east-1_AbC` → `AbC`).
        public var poolName: String
        public var salt: String
        public var verifier: String

        public init(poolName: String, salt: String, verifier: String) {
            self.poolName = poolName
            self.salt = salt
            self.verifier = verifier
        }
    }

    public init(
        username: String, sub: String, status: String, enabled: Bool, createdAt: Date?, lastModifiedAt: Date?,
        attributes: [String: String], groups: [String], password: Password?, mfa: MFA? = nil
    ) {
        self.username = username
        self.sub = sub
        self.status = status
        self.enabled = enabled
        self.createdAt = createdAt
        self.lastModifiedAt = lastModifiedAt
        self.attributes = attributes
        self.groups = groups
        self.password = password
        self.mfa = mfa
    }

    /// `totpSecret`: the user's authenticator secret, unsealed, when the export carries secrets.
    init(_ user: UserRecord, groups: [String], withPassword: Bool, totpSecret: String? = nil) {
        var password: Password?
        if withPassword, let hash = user.passwordHash {
            var srp: SRP?
            if let salt = user.srpSalt, let verifier = user.srpVerifier {
                srp = SRP(poolName: Self.poolName(of: user.poolId), salt: salt, verifier: verifier)
            }
            password = Password(hash: hash, srp: srp)
        }
        self.init(
            username: user.username, sub: user.sub, status: user.status.rawValue, enabled: user.enabled, createdAt: user.createdAt,
            lastModifiedAt: user.lastModifiedAt, attributes: user.attributes, groups: groups.sorted(), password: password
        )
        let enabled = user.mfaSettingList ?? []
        if !enabled.isEmpty || totpSecret != nil {
            mfa = MFA(enabled: enabled, preferred: user.mfa.preferred, totpSecret: totpSecret, totpDeviceName: user.mfa.totpDeviceName)
        }
    }

    /// The name an SRP verifier is derived from (SRP's rule, `SRPVerifier.poolName`).
    static func poolName(of poolId: String) -> String {
        SRPVerifier.poolName(fromPoolId: poolId) ?? poolId
    }

    // MARK: JSON Lines

    /// One line of the JSONL export: keys sorted, dates as ISO 8601 with milliseconds.
    public func jsonLine() throws -> String {
        String(decoding: try Self.encoder.encode(self), as: UTF8.self)
    }

    public static func fromJSONLine(_ line: some StringProtocol) throws -> TransferredUser {
        try decoder.decode(TransferredUser.self, from: Data(line.utf8))
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(formatDate(date))
        }
        return encoder
    }()

    /// ISO 8601 with milliseconds, rounded (stored dates are whole milliseconds, but as a `Date` they may
    /// sit a hair below one, which a formatter would truncate to the millisecond before).
    static func formatDate(_ date: Date) -> String {
        let millis = Int64((date.timeIntervalSince1970 * 1000).rounded())
        var (seconds, remainder) = millis.quotientAndRemainder(dividingBy: 1000)
        if remainder < 0 { (seconds, remainder) = (seconds - 1, remainder + 1000) }
        let whole = Date.ISO8601FormatStyle().format(Date(timeIntervalSince1970: TimeInterval(seconds)))  // …T06:03:05Z
        let fraction = String(format: ".%03lldZ", remainder)
        return String(whole.dropLast()) + fraction
    }

    /// ISO 8601, with or without fractional seconds.
    static func parseDate(_ text: String) -> Date? {
        for style in [Date.ISO8601FormatStyle(includingFractionalSeconds: true), Date.ISO8601FormatStyle()] {
            if let date = try? style.parse(text) { return date }
        }
        return nil
    }

    private static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let text = try decoder.singleValueContainer().decode(String.self)
            if let date = parseDate(text) { return date }
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not an ISO 8601 date: \(text)"))
        }
        return decoder
    }()
}

import Foundation

/// The CSV form of an export: one column per pool attribute (so spreadsheets and Cognito's own import
/// see familiar names), Cognate's account fields under `cognate:`, groups separated by spaces (group
/// names cannot contain whitespace).
extension TransferredUser {
    static let accountColumns = [
        "cognito:username", "sub", "cognate:status", "cognate:enabled", "cognate:created", "cognate:last_modified", "cognate:groups",
        "cognate:mfa", "cognate:mfa_preferred",
    ]
    static let passwordColumns = ["cognate:password_hash", "cognate:srp_pool", "cognate:srp_salt", "cognate:srp_verifier", "cognate:totp_secret"]

    /// The header for a pool whose attributes are `attributeNames`.
    public static func csvHeader(attributeNames: [String], withPasswords: Bool) -> [String] {
        accountColumns + attributeNames.filter { $0 != "sub" }.sorted() + (withPasswords ? passwordColumns : [])
    }

    public func csvRow(header: [String]) -> [String] {
        header.map { column in
            switch column {
            case "cognito:username": return username
            case "sub": return sub
            case "cognate:status": return status
            case "cognate:enabled": return enabled ? "true" : "false"
            case "cognate:created": return createdAt.map(Self.csvDate) ?? ""
            case "cognate:last_modified": return lastModifiedAt.map(Self.csvDate) ?? ""
            case "cognate:groups": return groups.joined(separator: " ")
            case "cognate:mfa": return mfa?.enabled.joined(separator: " ") ?? ""
            case "cognate:mfa_preferred": return mfa?.preferred ?? ""
            case "cognate:totp_secret": return mfa?.totpSecret ?? ""
            case "cognate:password_hash": return password?.hash ?? ""
            case "cognate:srp_pool": return password?.srp?.poolName ?? ""
            case "cognate:srp_salt": return password?.srp?.salt ?? ""
            case "cognate:srp_verifier": return password?.srp?.verifier ?? ""
            default: return attributes[column] ?? ""
            }
        }
    }

    /// A user from a row under `header`. Empty cells are absent attributes; `cognito:username` is required.
    public init(csvRow row: [String], header: [String]) throws {
        var cells: [String: String] = [:]
        for (column, value) in zip(header, row) where !value.isEmpty { cells[column] = value }
        guard let username = cells["cognito:username"] else { throw CognitoError.invalidParameter("cognito:username is empty") }
        func date(_ column: String) throws -> Date? {
            guard let text = cells[column] else { return nil }
            guard let date = Self.parseDate(text) else { throw CognitoError.invalidParameter("\(column) is not an ISO 8601 date: \(text)") }
            return date
        }
        var password: Password?
        if let hash = cells["cognate:password_hash"] {
            var srp: SRP?
            if let pool = cells["cognate:srp_pool"], let salt = cells["cognate:srp_salt"], let verifier = cells["cognate:srp_verifier"] {
                srp = SRP(poolName: pool, salt: salt, verifier: verifier)
            }
            password = Password(hash: hash, srp: srp)
        }
        let reserved = Set(Self.accountColumns + Self.passwordColumns + ["cognito:mfa_enabled"])
        var mfa: MFA?
        let factors = (cells["cognate:mfa"] ?? "").split(separator: " ").map(String.init)
        if !factors.isEmpty || cells["cognate:totp_secret"] != nil {
            mfa = MFA(enabled: factors, preferred: cells["cognate:mfa_preferred"], totpSecret: cells["cognate:totp_secret"], totpDeviceName: nil)
        }
        self.init(
            username: username, sub: cells["sub"] ?? "", status: cells["cognate:status"] ?? "", enabled: cells["cognate:enabled"] != "false",
            createdAt: try date("cognate:created"), lastModifiedAt: try date("cognate:last_modified"),
            attributes: cells.filter { !reserved.contains($0.key) },
            groups: (cells["cognate:groups"] ?? "").split(whereSeparator: \.isWhitespace).map(String.init), password: password,
            mfa: mfa
        )
    }

    static func csvDate(_ date: Date) -> String {
        formatDate(date)
    }
}

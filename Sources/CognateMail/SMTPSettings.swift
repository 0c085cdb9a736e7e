import Foundation

/// Where and how to send mail: `smtp://user:password@host:587` (STARTTLS when offered, required before
/// credentials), `smtps://host:465` (TLS from the start). Query options: `starttls=required|never`,
/// `verify=none` (accept any certificate: test servers only), `ca=/path/to/ca.pem`, `timeout=SECONDS`.
public struct SMTPSettings: Sendable, Equatable {
    public var host: String
    public var port: Int
    public var tlsPolicy: SMTPConversation.TLSPolicy
    public var username: String?
    public var password: String?
    public var verifyCertificates: Bool
    public var trustedCAFile: String?
    public var timeout: TimeAmountSeconds

    public typealias TimeAmountSeconds = Int

    public init(url text: String) throws {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            scheme == "smtp" || scheme == "smtps", let host = components.host, !host.isEmpty
        else {
            throw SMTPError.connectionFailed("SMTP URL must look like smtp://user:password@host:587 or smtps://host:465")
        }
        let options = Dictionary((components.queryItems ?? []).map { ($0.name.lowercased(), $0.value ?? "") }) { _, last in last }
        self.host = host
        self.port = components.port ?? (scheme == "smtps" ? 465 : 587)
        if scheme == "smtps" {
            tlsPolicy = .implicit
        } else {
            switch options["starttls"]?.lowercased() {
            case "required": tlsPolicy = .required
            case "never": tlsPolicy = .never
            default: tlsPolicy = .whenOffered
            }
        }
        username = components.user?.removingPercentEncoding
        password = components.password?.removingPercentEncoding
        verifyCertificates = options["verify"]?.lowercased() != "none"
        trustedCAFile = options["ca"]
        timeout = options["timeout"].flatMap(Int.init) ?? 30
    }

    /// The URL without its password, for logs.
    public var redacted: String {
        let scheme = tlsPolicy == .implicit ? "smtps" : "smtp"
        let user = username.map { "\($0):***@" } ?? ""
        return "\(scheme)://\(user)\(host):\(port)"
    }

    var credentials: (username: String, password: String)? {
        guard let username, let password else { return nil }
        return (username, password)
    }
}

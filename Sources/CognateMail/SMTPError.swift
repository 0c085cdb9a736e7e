/// Why a message could not be sent, in terms an operator can act on.
public enum SMTPError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The server answered a command with an error code: 5xx is permanent, 4xx worth retrying.
    case rejected(command: String, reply: SMTPReply)
    /// Credentials are configured but the server offers no mechanism Cognate speaks (PLAIN, LOGIN).
    case noSupportedAuthentication
    /// STARTTLS is required (credentials would otherwise cross in clear text) and the server does not offer it.
    case tlsUnavailable
    case protocolViolation(String)
    case connectionFailed(String)
    case timedOut

    /// Worth trying again later (connection trouble, 4xx), as opposed to a refusal that will not change.
    public var isTransient: Bool {
        switch self {
        case .rejected(_, let reply): return !reply.isPermanentFailure
        case .connectionFailed, .timedOut, .protocolViolation: return true
        case .noSupportedAuthentication, .tlsUnavailable: return false
        }
    }

    public var description: String {
        switch self {
        case .rejected(let command, let reply): return "SMTP server rejected \(command): \(reply.code) \(reply.text)"
        case .noSupportedAuthentication: return "SMTP server offers no AUTH mechanism Cognate supports (PLAIN, LOGIN)"
        case .tlsUnavailable: return "SMTP server does not offer STARTTLS, and credentials must not be sent in clear text"
        case .protocolViolation(let detail): return "SMTP protocol violation: \(detail)"
        case .connectionFailed(let detail): return "SMTP connection failed: \(detail)"
        case .timedOut: return "SMTP server did not answer in time"
        }
    }
}

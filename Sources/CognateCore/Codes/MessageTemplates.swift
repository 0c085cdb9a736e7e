import CognitoModel

/// Renders the pool's message templates as Cognito does: `{####}` becomes the code, `{username}` the
/// username; absent templates fall back to Cognito's default wording.
public enum MessageTemplates {
    public struct Message: Sendable, Equatable {
        public let subject: String
        public let body: String
    }

    static let defaultSubject = "Your verification code"
    static let defaultMessage = "Your verification code is {####}. "

    /// The email that carries a verification or password-reset code.
    static func verification(code: String, pool: UserPoolType) -> Message {
        let template = pool.verificationMessageTemplate
        let subject = template?.emailSubject ?? pool.emailVerificationSubject ?? defaultSubject
        let body = template?.emailMessage ?? pool.emailVerificationMessage ?? defaultMessage
        return Message(subject: subject, body: body.replacingOccurrences(of: "{####}", with: code))
    }

    /// The invitation to a user an administrator created, with the temporary password.
    static func invitation(username: String, temporaryPassword: String, pool: UserPoolType) -> Message {
        let template = pool.adminCreateUserConfig?.inviteMessageTemplate
        let subject = template?.emailSubject ?? "Your temporary password"
        let body = template?.emailMessage ?? "Your username is {username} and temporary password is {####}. "
        return Message(
            subject: subject,
            body: body.replacingOccurrences(of: "{username}", with: username).replacingOccurrences(of: "{####}", with: temporaryPassword)
        )
    }

    /// `alice@example.com` → `a***@e***`, as Cognito masks destinations in `CodeDeliveryDetails`.
    public static func maskedEmail(_ address: String) -> String {
        guard let at = address.firstIndex(of: "@") else { return "***" }
        let local = address[..<at]
        let domain = address[address.index(after: at)...]
        return "\(local.prefix(1))***@\(domain.prefix(1))***"
    }
}

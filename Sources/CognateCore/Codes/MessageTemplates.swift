import CognitoModel

/// Renders the pool's message templates as Cognito does: `{####}` becomes the code, `{username}` the
/// username; absent templates fall back to Cognito's default wording.
public enum MessageTemplates {
    public struct Message: Sendable, Equatable {
        public let subject: String
        public let body: String
        /// The HTML part when it is more than the escaped text (a confirmation link).
        public var html: String? = nil
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

    /// The email that carries a sign-in code (EMAIL_OTP), from the pool's EmailMfaConfiguration.
    static func signInCode(code: String, configuration: EmailMfaConfigType?) -> Message {
        let subject = configuration?.subject ?? "Your sign-in code"
        let body = configuration?.message ?? "Your sign-in code is {####}. It works once, for five minutes."
        return Message(subject: subject, body: body.replacingOccurrences(of: "{####}", with: code))
    }

    /// The sign-up message: a code, or — when the pool's `DefaultEmailOption` is CONFIRM_WITH_LINK — a
    /// link to `/confirmUser` in place of `{##text##}`, as Cognito sends it.
    static func signUpVerification(code: String, pool: UserPoolType, link: ConfirmationLink) -> Message {
        let template = pool.verificationMessageTemplate
        guard template?.defaultEmailOption == .confirmWithLink else { return verification(code: code, pool: pool) }
        let subject = template?.emailSubjectByLink ?? "Your verification link"
        let body = template?.emailMessageByLink ?? "Please click the link below to verify your email address. {##Verify Email##} "
        let url = link.url(code: code)
        guard let open = body.range(of: "{##"), let close = body.range(of: "##}", range: open.upperBound..<body.endIndex) else {
            return Message(subject: subject, body: body + " " + url)
        }
        let label = String(body[open.upperBound..<close.lowerBound])
        let before = String(body[..<open.lowerBound])
        let after = String(body[close.upperBound...])
        let html = HTMLText.escape(before) + "<a href=\"\(HTMLText.escape(url))\">\(HTMLText.escape(label))</a>" + HTMLText.escape(after)
        return Message(subject: subject, body: "\(before)\(label): \(url)\(after)", html: html)
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

import CognitoModel
import Foundation

extension AuthenticationService {
    /// How a hosted sign-in form ended: signed in, or a new password is needed first.
    public enum HostedSignIn: Sendable {
        case signedIn(poolId: String, sub: String, authTime: Date)
        /// `session` is the sealed NEW_PASSWORD_REQUIRED session; `missingAttributes` are required
        /// attributes the user has no value for, which the form must ask for too.
        case newPasswordRequired(session: String, missingAttributes: [String])
        /// A second factor is due: `challenge` is SOFTWARE_TOKEN_MFA, EMAIL_OTP, SELECT_MFA_TYPE or MFA_SETUP,
        /// `session` its sealed session, `destination` the masked address an email code went to, `choices`
        /// the factors SELECT_MFA_TYPE offers.
        case secondFactor(challenge: String, session: String, destination: String?, choices: [String])
    }

    /// The hosted sign-in form: USER_PASSWORD_AUTH's checks (lockout, disabled and unconfirmed users,
    /// user existence errors), without SECRET_HASH — the hosted UI is the client — and without tokens:
    /// the OAuth layer answers with a code.
    public func hostedSignIn(username: String, password: String, clientId: String) async throws -> HostedSignIn {
        let context = try await ClientContext.load(clientId: clientId, in: store)
        let (user, rehash) = try await checkPassword(username: username, password: password, context: context)
        switch try await admit(user: user, password: password, rehash: rehash, context: context) {
        case .admitted(let user, let at, let signInEvent):
            try await events.record(signInEvent, for: user)
            return .signedIn(poolId: user.poolId, sub: user.sub, authTime: at)
        case .challenge(let outcome) where outcome.challengeName == .newPasswordRequired:
            let rules = UserAttributeRules(pool: context.pool.description)
            return .newPasswordRequired(session: outcome.session ?? "", missingAttributes: rules.missingRequired(user.attributes))
        case .challenge(let outcome):
            return Self.secondFactor(outcome)
        }
    }

    /// The hosted new-password form, answering NEW_PASSWORD_REQUIRED.
    public func hostedNewPassword(session: String, password: String, attributes: [String: String], clientId: String) async throws -> HostedSignIn {
        let context = try await ClientContext.load(clientId: clientId, in: store)
        var responses = ["NEW_PASSWORD": password]
        for (name, value) in attributes { responses["userAttributes.\(name)"] = value }
        let now = clock.now()
        let user = try await changeTemporaryPassword(responses: responses, session: session, context: context) { user, _ in user }
        if let challenge = try await mfaChallenge(for: user, context: context, now: now) { return Self.secondFactor(challenge) }
        return .signedIn(poolId: user.poolId, sub: user.sub, authTime: now)
    }

    /// A hosted second-factor form: the code for SOFTWARE_TOKEN_MFA or EMAIL_OTP, the factor chosen for
    /// SELECT_MFA_TYPE, or nothing for MFA_SETUP (whose session VerifySoftwareToken has marked verified).
    public func hostedSecondFactor(challenge: String, session: String, answer: String, clientId: String) async throws -> HostedSignIn {
        let context = try await ClientContext.load(clientId: clientId, in: store)
        let user: UserRecord
        switch ChallengeNameType(rawValue: challenge) {
        case .softwareTokenMfa:
            user = try await passSoftwareTokenMFA(responses: ["SOFTWARE_TOKEN_MFA_CODE": answer], session: session, context: context)
        case .emailOtp:
            user = try await passEmailOTP(responses: ["EMAIL_OTP_CODE": answer], session: session, context: context)
        case .mfaSetup:
            user = try await passMFASetup(session: session, context: context)
        case .selectMfaType:
            return Self.secondFactor(try await completeSelectMFAType(responses: ["ANSWER": answer], session: session, context: context))
        default:
            throw CognitoError.invalidParameter("Unknown challenge.")
        }
        return .signedIn(poolId: user.poolId, sub: user.sub, authTime: clock.now())
    }

    static func secondFactor(_ outcome: Outcome) -> HostedSignIn {
        let parameters = outcome.challengeParameters ?? [:]
        let choices = (parameters["MFAS_CAN_CHOOSE"] ?? parameters["MFAS_CAN_SETUP"]).flatMap { text in
            try? JSONDecoder().decode([String].self, from: Data(text.utf8))
        } ?? []
        return .secondFactor(
            challenge: outcome.challengeName?.rawValue ?? "", session: outcome.session ?? "",
            destination: parameters["CODE_DELIVERY_DESTINATION"], choices: choices
        )
    }
}

import CognitoModel
import Foundation

extension AuthenticationService {
    /// How a hosted sign-in form ended: signed in, or a new password is needed first.
    public enum HostedSignIn: Sendable {
        case signedIn(poolId: String, sub: String, authTime: Date)
        /// `session` is the sealed NEW_PASSWORD_REQUIRED session; `missingAttributes` are required
        /// attributes the user has no value for, which the form must ask for too.
        case newPasswordRequired(session: String, missingAttributes: [String])
    }

    /// The hosted sign-in form: USER_PASSWORD_AUTH's checks (lockout, disabled and unconfirmed users,
    /// user existence errors), without SECRET_HASH — the hosted UI is the client — and without tokens:
    /// the OAuth layer answers with a code.
    public func hostedSignIn(username: String, password: String, clientId: String) async throws -> HostedSignIn {
        let context = try await ClientContext.load(clientId: clientId, in: store)
        let (user, rehash) = try await checkPassword(username: username, password: password, context: context)
        switch try await admit(user: user, password: password, rehash: rehash, context: context) {
        case .admitted(let user, let at):
            return .signedIn(poolId: user.poolId, sub: user.sub, authTime: at)
        case .challenge(let outcome) where outcome.challengeName == .newPasswordRequired:
            let rules = UserAttributeRules(pool: context.pool.description)
            return .newPasswordRequired(session: outcome.session ?? "", missingAttributes: rules.missingRequired(user.attributes))
        case .challenge:
            // A second factor: the hosted UI's MFA pages are not built yet (issue 9); say so plainly.
            throw CognitoError.notAuthorized("This account signs in with a second factor, which this sign-in page does not offer yet.")
        }
    }

    /// The hosted new-password form, answering NEW_PASSWORD_REQUIRED.
    public func hostedNewPassword(session: String, password: String, attributes: [String: String], clientId: String) async throws -> HostedSignIn {
        let context = try await ClientContext.load(clientId: clientId, in: store)
        var responses = ["NEW_PASSWORD": password]
        for (name, value) in attributes { responses["userAttributes.\(name)"] = value }
        let now = clock.now()
        let user = try await changeTemporaryPassword(responses: responses, session: session, context: context) { user, _ in user }
        return .signedIn(poolId: user.poolId, sub: user.sub, authTime: now)
    }
}

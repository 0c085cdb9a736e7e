import CognitoModel
import Foundation

/// The second factor after a right password: which challenge the pool's MFA setting and the user's
/// factors call for, and the answers to SOFTWARE_TOKEN_MFA, MFA_SETUP and SELECT_MFA_TYPE.
extension AuthenticationService {
    /// The challenge a user must answer before tokens, or nil. MFA `ON` makes a user without a factor
    /// set one up (MFA_SETUP); `OPTIONAL` asks only users who enabled one.
    func mfaChallenge(for user: UserRecord, context: ClientContext, now: Date) async throws -> Outcome? {
        let mode = context.pool.description.mfaConfiguration ?? .off
        guard mode != .off else { return nil }
        let factors = try await MFAConfigurationStore.read(poolId: user.poolId, in: store)
        let totpAllowed = factors.softwareTokenMfaConfiguration?.enabled == true
        let emailAllowed = factors.emailMfaConfiguration != nil
        var available: [ChallengeNameType] = []
        if totpAllowed, user.mfa.totpEnabled, user.mfa.totpSecret != nil { available.append(.softwareTokenMfa) }
        if emailAllowed, user.mfa.emailEnabled, user.attributes["email"]?.isEmpty == false { available.append(.emailOtp) }
        if available.isEmpty {
            guard mode == .on else { return nil }
            guard totpAllowed else {
                throw CognitoError.invalidParameter("The user pool requires MFA, and no factor the user can set up is enabled.")
            }
            return try await mfaOutcome(.mfaSetup, user: user, context: context, now: now, parameters: ["MFAS_CAN_SETUP": #"["SOFTWARE_TOKEN_MFA"]"#])
        }
        if available.count > 1, !(user.mfa.preferred.map { available.contains(ChallengeNameType(rawValue: $0)) } ?? false) {
            let choices = "[" + available.map { "\"\($0.rawValue)\"" }.joined(separator: ",") + "]"
            return try await mfaOutcome(.selectMfaType, user: user, context: context, now: now, parameters: ["MFAS_CAN_CHOOSE": choices])
        }
        let chosen = user.mfa.preferred.map(ChallengeNameType.init(rawValue:)).flatMap { available.contains($0) ? $0 : nil } ?? available[0]
        return try await mfaOutcome(chosen, user: user, context: context, now: now, parameters: [:])
    }

    private func mfaOutcome(
        _ challenge: ChallengeNameType, user: UserRecord, context: ClientContext, now: Date, parameters: [String: String]
    ) async throws -> Outcome {
        let kind: AuthSession.Challenge
        var parameters = parameters
        switch challenge {
        case .softwareTokenMfa: kind = .softwareTokenMFA
        case .mfaSetup: kind = .mfaSetup
        case .emailOtp:
            kind = .emailOTP
            let details = try await sendSignInCode(to: user)
            parameters["CODE_DELIVERY_DELIVERY_MEDIUM"] = details.deliveryMedium?.rawValue
            parameters["CODE_DELIVERY_DESTINATION"] = details.destination
        default: kind = .selectMFAType
        }
        let session = AuthSession(
            poolId: user.poolId, clientId: context.clientId, sub: user.sub, challenge: kind,
            expiresAt: now.addingTimeInterval(TimeInterval((context.client.authSessionValidity ?? 3) * 60))
        )
        parameters["USER_ID_FOR_SRP"] = user.username
        return Outcome(challengeName: challenge, challengeParameters: parameters, session: try session.seal(with: sealer))
    }

    /// SOFTWARE_TOKEN_MFA: the app's code for now (±30 s), each code once; a wrong code counts towards lockout.
    func completeSoftwareTokenMFA(responses: [String: String], session sealed: String?, context: ClientContext) async throws -> Outcome {
        let user = try await passSoftwareTokenMFA(responses: responses, session: sealed, context: context)
        return try await signedIn(user, context: context, authTime: clock.now())
    }

    /// The user a right SOFTWARE_TOKEN_MFA answer signs in.
    func passSoftwareTokenMFA(responses: [String: String], session sealed: String?, context: ClientContext) async throws -> UserRecord {
        let now = clock.now()
        let session = try AuthSession.open(sealed, with: sealer, now: now, challenge: .softwareTokenMFA, clientId: context.clientId)
        guard let code = responses["SOFTWARE_TOKEN_MFA_CODE"] else {
            throw CognitoError.invalidParameter("Missing required parameter SOFTWARE_TOKEN_MFA_CODE")
        }
        let secrets = TOTPSecrets(sealer: sealer)
        let outcome: (user: UserRecord, accepted: Bool)? = try await store.transaction { transaction in
            guard var user = try await transaction.lockUser(poolId: session.poolId, sub: session.sub) else { return nil }
            try Lockout.check(user, now: now)
            guard let secret = user.mfa.totpSecret.flatMap({ secrets.open($0, user: user) }),
                  let step = TOTP.matchingStep(code, secret: secret, at: now), step > (user.mfa.lastTotpStep ?? .min)
            else { return (user, false) }
            user.mfa.lastTotpStep = step
            try await transaction.updateUser(user)
            return (user, true)
        }
        guard let outcome else { throw CognitoError.notAuthorized("Invalid session for the user, session is expired.") }
        guard outcome.accepted else {
            try await recordFailure(outcome.user)
            throw CognitoError(.codeMismatch, "Invalid code received for user")
        }
        return outcome.user
    }

    /// MFA_SETUP, after VerifySoftwareToken accepted a code with this session: the user is signed in.
    func completeMFASetup(session sealed: String?, context: ClientContext) async throws -> Outcome {
        let user = try await passMFASetup(session: sealed, context: context)
        return try await signedIn(user, context: context, authTime: clock.now())
    }

    func passMFASetup(session sealed: String?, context: ClientContext) async throws -> UserRecord {
        let now = clock.now()
        let session = try AuthSession.open(sealed, with: sealer, now: now, challenge: .mfaSetup, clientId: context.clientId)
        guard session.totpVerified == true else {
            throw CognitoError.invalidParameter("Set up a second factor first: AssociateSoftwareToken and VerifySoftwareToken with this session.")
        }
        guard let user = try await store.user(poolId: session.poolId, sub: session.sub) else {
            throw CognitoError.notAuthorized("Invalid session for the user, session is expired.")
        }
        return user
    }

    /// SELECT_MFA_TYPE: `ANSWER` names the factor; its challenge follows.
    func completeSelectMFAType(responses: [String: String], session sealed: String?, context: ClientContext) async throws -> Outcome {
        let now = clock.now()
        let session = try AuthSession.open(sealed, with: sealer, now: now, challenge: .selectMFAType, clientId: context.clientId)
        guard let user = try await store.user(poolId: session.poolId, sub: session.sub) else {
            throw CognitoError.notAuthorized("Invalid session for the user, session is expired.")
        }
        switch responses["ANSWER"] {
        case ChallengeNameType.emailOtp.rawValue where user.mfa.emailEnabled:
            return try await mfaOutcome(.emailOtp, user: user, context: context, now: now, parameters: [:])
        case ChallengeNameType.softwareTokenMfa.rawValue where user.mfa.totpEnabled:
            return try await mfaOutcome(.softwareTokenMfa, user: user, context: context, now: now, parameters: [:])
        default:
            throw CognitoError.invalidParameter("ANSWER must be one of the factors MFAS_CAN_CHOOSE named.")
        }
    }

    /// Stores a new sign-in code and queues its email, in one transaction.
    private func sendSignInCode(to user: UserRecord) async throws -> CodeDeliveryDetailsType {
        let factors = try await MFAConfigurationStore.read(poolId: user.poolId, in: store)
        let codes = VerificationCodes(random: random, clock: clock)
        let delivery = CodeDelivery(random: random, clock: clock)
        let (code, record) = codes.issue(poolId: user.poolId, sub: user.sub, purpose: .emailMFA)
        let message = MessageTemplates.signInCode(code: code, configuration: factors.emailMfaConfiguration)
        guard let address = user.attributes["email"] else { throw CognitoError.invalidParameter("The user has no email address.") }
        return try await store.transaction { session in
            try await session.putCode(record)
            return try await delivery.send(message, to: ("email", address), poolId: user.poolId, in: session)
        }
    }

    /// EMAIL_OTP: the code just emailed, once, within five minutes and five attempts.
    func completeEmailOTP(responses: [String: String], session sealed: String?, context: ClientContext) async throws -> Outcome {
        let user = try await passEmailOTP(responses: responses, session: sealed, context: context)
        return try await signedIn(user, context: context, authTime: clock.now())
    }

    func passEmailOTP(responses: [String: String], session sealed: String?, context: ClientContext) async throws -> UserRecord {
        let now = clock.now()
        let session = try AuthSession.open(sealed, with: sealer, now: now, challenge: .emailOTP, clientId: context.clientId)
        guard let code = responses["EMAIL_OTP_CODE"] else { throw CognitoError.invalidParameter("Missing required parameter EMAIL_OTP_CODE") }
        let codes = VerificationCodes(random: random, clock: clock)
        let user = try await store.transaction { transaction -> UserRecord in
            guard let user = try await transaction.lockUser(poolId: session.poolId, sub: session.sub) else {
                throw CognitoError.notAuthorized("Invalid session for the user, session is expired.")
            }
            try Lockout.check(user, now: now)
            try await codes.consume(code, poolId: user.poolId, sub: user.sub, purpose: .emailMFA, in: transaction)
            return user
        }
        return user
    }
}

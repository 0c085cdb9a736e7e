import CognateSRP
import CognitoModel
import Foundation

/// Remembered devices at sign-in: after the password, a device the user confirmed and remembered proves
/// itself with SRP over its own random password (DEVICE_SRP_AUTH, then DEVICE_PASSWORD_VERIFIER, signed with
/// the device group key and device key where a user's SRP uses the pool name and username) and signs in
/// without the second factor.
extension AuthenticationService {
    /// DEVICE_SRP_AUTH when `deviceKey` is this user's confirmed, remembered device; nil otherwise (the
    /// sign-in goes on as from an unknown device).
    func deviceChallenge(for user: UserRecord, deviceKey: String, context: ClientContext, now: Date) async throws -> Outcome? {
        guard context.pool.description.deviceConfiguration != nil,
              let device = try await store.device(poolId: user.poolId, deviceKey: deviceKey),
              device.sub == user.sub, device.isConfirmed, device.remembered
        else { return nil }
        var session = AuthSession(
            poolId: user.poolId, clientId: context.clientId, sub: user.sub, challenge: .deviceSRPAuth,
            expiresAt: now.addingTimeInterval(TimeInterval((context.client.authSessionValidity ?? 3) * 60))
        )
        session.deviceKey = device.deviceKey
        return Outcome(
            challengeName: .deviceSrpAuth, challengeParameters: ["USERNAME": user.username, "DEVICE_KEY": device.deviceKey],
            session: try session.seal(with: sealer)
        )
    }

    /// DEVICE_SRP_AUTH's answer (the device's SRP_A): B, the device's salt and a sealed SECRET_BLOCK.
    /// The session from the password step is required, so a device secret alone never signs anyone in.
    func startDeviceSRP(responses: [String: String], session sealed: String?, context: ClientContext) async throws -> Outcome {
        let now = clock.now()
        let state = try AuthSession.open(sealed, with: sealer, now: now, challenge: .deviceSRPAuth, clientId: context.clientId)
        guard let clientA = responses["SRP_A"], let deviceKey = responses["DEVICE_KEY"], deviceKey == state.deviceKey else {
            throw CognitoError.invalidParameter("Missing required parameter SRP_A or DEVICE_KEY, or a device other than the session's.")
        }
        guard let user = try await store.user(poolId: state.poolId, sub: state.sub),
              let device = try await store.device(poolId: state.poolId, deviceKey: deviceKey), device.sub == user.sub,
              let salt = device.saltHex, let verifier = device.verifierHex.flatMap(Data.init(hexString:))
        else { throw CognitoError.notAuthorized("Incorrect username or password.") }
        let secret = random.bytes(32)
        let made: SRPServerChallenge? = await passwords.offload {
            try? SRPServerChallenge(verifier: Array(verifier), clientPublicKeyHex: clientA, serverPrivateKey: secret)
        }
        guard let challenge = made else { throw CognitoError.notAuthorized("Incorrect username or password.") }
        var next = AuthSession(
            poolId: user.poolId, clientId: context.clientId, sub: user.sub, challenge: .devicePasswordVerifier, expiresAt: state.expiresAt,
            srpA: Data(challenge.state.clientPublicKey).hexEncoded, srpB: Data(challenge.state.serverPublicKey).hexEncoded,
            srpSecret: Data(challenge.state.serverPrivateKey).hexEncoded
        )
        next.deviceKey = deviceKey
        let block = try next.seal(with: sealer)
        return Outcome(
            challengeName: .devicePasswordVerifier,
            challengeParameters: [
                "USERNAME": user.username, "DEVICE_KEY": deviceKey, "SALT": salt, "SRP_B": challenge.serverPublicKeyHex, "SECRET_BLOCK": block,
            ],
            session: block
        )
    }

    /// DEVICE_PASSWORD_VERIFIER: the device's signature over group key, device key, secret block and time.
    func completeDeviceSRP(responses: [String: String], context: ClientContext) async throws -> Outcome {
        guard let secretBlock = responses["PASSWORD_CLAIM_SECRET_BLOCK"], let signature = responses["PASSWORD_CLAIM_SIGNATURE"],
              let timestamp = responses["TIMESTAMP"], let deviceKey = responses["DEVICE_KEY"]
        else {
            throw CognitoError.invalidParameter("Missing required parameter PASSWORD_CLAIM_SECRET_BLOCK, PASSWORD_CLAIM_SIGNATURE, TIMESTAMP or DEVICE_KEY")
        }
        let now = clock.now()
        let state = try AuthSession.open(secretBlock, with: sealer, now: now, challenge: .devicePasswordVerifier, clientId: context.clientId)
        guard state.deviceKey == deviceKey, let user = try await store.user(poolId: state.poolId, sub: state.sub),
              let device = try await store.device(poolId: state.poolId, deviceKey: deviceKey), device.sub == user.sub,
              let verifier = device.verifierHex.flatMap(Data.init(hexString:)),
              let a = state.srpA.flatMap(Data.init(hexString:)), let b = state.srpSecret.flatMap(Data.init(hexString:)),
              let bigB = state.srpB.flatMap(Data.init(hexString:)), let blockBytes = Data(base64Encoded: secretBlock),
              CognitoTimestamp.isFresh(timestamp, now: now)
        else { throw CognitoError.notAuthorized("Incorrect username or password.") }
        let valid = await passwords.offload {
            SRPPasswordClaim.isValid(
                signature: signature, timestamp: timestamp, secretBlock: Array(blockBytes), poolName: device.groupKey, userId: device.deviceKey,
                verifier: Array(verifier), state: SRPChallengeState(clientPublicKey: Array(a), serverPrivateKey: Array(b), serverPublicKey: Array(bigB))
            )
        }
        guard valid else {
            try await recordFailure(user)
            throw CognitoError.notAuthorized("Incorrect username or password.")
        }
        return try await signedIn(user, context: context, authTime: now, deviceKey: deviceKey)
    }
}

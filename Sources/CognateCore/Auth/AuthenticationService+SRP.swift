import CognateSRP
import CognitoModel
import Foundation

extension AuthenticationService {
    /// USER_SRP_AUTH, first step: answers the client's A with B, the user's salt, and a SECRET_BLOCK that
    /// carries the challenge's state (sealed), so that the PASSWORD_VERIFIER response may reach any node.
    func startSRP(parameters: [String: String], context: ClientContext) async throws -> Outcome {
        guard let username = parameters["USERNAME"], let clientA = parameters["SRP_A"] else {
            throw CognitoError.invalidParameter("Missing required parameter USERNAME or SRP_A")
        }
        try context.checkSecretHash(parameters["SECRET_HASH"], username: username)
        guard let user = try await context.identity.find(username, poolId: context.poolId, in: store) else {
            throw context.preventsUserExistenceErrors
                ? CognitoError.notAuthorized("Incorrect username or password.")
                : CognitoError(.userNotFound, "User does not exist.")
        }
        try Lockout.check(user, now: clock.now())
        guard let salt = user.srpSalt, let verifierHex = user.srpVerifier, let verifier = Data(hexString: verifierHex) else {
            throw CognitoError.notAuthorized("Incorrect username or password.")
        }
        let secret = random.bytes(32)
        let made: SRPServerChallenge? = await passwords.offload {
            try? SRPServerChallenge(verifier: Array(verifier), clientPublicKeyHex: clientA, serverPrivateKey: secret)
        }
        guard let challenge = made else { throw CognitoError.notAuthorized("Incorrect username or password.") }
        let state = AuthSession(
            poolId: user.poolId, clientId: context.clientId, sub: user.sub, challenge: .passwordVerifier,
            expiresAt: clock.now().addingTimeInterval(TimeInterval((context.client.authSessionValidity ?? 3) * 60)),
            srpA: Data(challenge.state.clientPublicKey).hexEncoded, srpB: Data(challenge.state.serverPublicKey).hexEncoded,
            srpSecret: Data(challenge.state.serverPrivateKey).hexEncoded
        )
        return Outcome(
            challengeName: .passwordVerifier,
            challengeParameters: [
                "USER_ID_FOR_SRP": user.username, "USERNAME": user.username, "SALT": salt, "SRP_B": challenge.serverPublicKeyHex,
                "SECRET_BLOCK": try state.seal(with: sealer),
            ]
        )
    }

    /// PASSWORD_VERIFIER: the client proves it knows the password by signing with the SRP session key.
    func completeSRP(responses: [String: String], context: ClientContext) async throws -> Outcome {
        guard let secretBlock = responses["PASSWORD_CLAIM_SECRET_BLOCK"], let signature = responses["PASSWORD_CLAIM_SIGNATURE"],
            let timestamp = responses["TIMESTAMP"], let username = responses["USERNAME"]
        else {
            throw CognitoError.invalidParameter("Missing required parameter PASSWORD_CLAIM_SECRET_BLOCK, PASSWORD_CLAIM_SIGNATURE, TIMESTAMP or USERNAME")
        }
        try context.checkSecretHash(responses["SECRET_HASH"], username: username)
        let now = clock.now()
        let state = try AuthSession.open(secretBlock, with: sealer, now: now, challenge: .passwordVerifier, clientId: context.clientId)
        guard let user = try await store.user(poolId: state.poolId, sub: state.sub),
            let verifierHex = user.srpVerifier, let verifier = Data(hexString: verifierHex),
            let a = state.srpA.flatMap(Data.init(hexString:)), let b = state.srpSecret.flatMap(Data.init(hexString:)),
            let bigB = state.srpB.flatMap(Data.init(hexString:)), let blockBytes = Data(base64Encoded: secretBlock)
        else { throw CognitoError.notAuthorized("Incorrect username or password.") }
        try Lockout.check(user, now: now)
        guard CognitoTimestamp.isFresh(timestamp, now: now) else {
            throw CognitoError.notAuthorized("Incorrect username or password.")
        }
        let poolName = SRPVerifier.poolName(fromPoolId: user.poolId) ?? user.poolId
        let userId = user.username
        let valid = await passwords.offload {
            SRPPasswordClaim.isValid(
                signature: signature, timestamp: timestamp, secretBlock: Array(blockBytes), poolName: poolName, userId: userId,
                verifier: Array(verifier), state: SRPChallengeState(clientPublicKey: Array(a), serverPrivateKey: Array(b), serverPublicKey: Array(bigB))
            )
        }
        guard valid else {
            try await recordFailure(user)
            throw CognitoError.notAuthorized("Incorrect username or password.")
        }
        return try await passwordAccepted(user: user, password: nil, rehash: false, context: context, deviceKey: responses["DEVICE_KEY"])
    }
}

extension Data {
    /// Bytes from hexadecimal text; nil if the text is not an even run of hex digits.
    init?(hexString: String) {
        var bytes = [UInt8]()
        bytes.reserveCapacity(hexString.count / 2)
        var iterator = hexString.utf8.makeIterator()
        while let high = iterator.next() {
            guard let low = iterator.next(), let h = HexDigit.value(high), let l = HexDigit.value(low) else { return nil }
            bytes.append(h << 4 | l)
        }
        self.init(bytes)
    }
}

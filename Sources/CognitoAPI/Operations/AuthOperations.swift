import CognateCore
import CognitoModel

extension OperationTable {
    /// Sign-in: the unsigned InitiateAuth/RespondToAuthChallenge, their signed Admin variants, refresh and revocation.
    mutating func addAuthOperations(_ auth: AuthenticationService) {
        on(.initiateAuth, InitiateAuthRequest.self) { request, _ in
            let outcome = try await auth.initiate(flow: request.authFlow, parameters: request.authParameters ?? [:], clientId: request.clientId)
            return InitiateAuthResponse(
                challengeName: outcome.challengeName, session: outcome.session, challengeParameters: outcome.challengeParameters ?? [:],
                authenticationResult: outcome.result?.authenticationResult
            )
        }
        on(.respondToAuthChallenge, RespondToAuthChallengeRequest.self) { request, _ in
            let outcome = try await auth.respond(
                challenge: request.challengeName, responses: request.challengeResponses ?? [:], session: request.session,
                clientId: request.clientId
            )
            return RespondToAuthChallengeResponse(
                challengeName: outcome.challengeName, session: outcome.session, challengeParameters: outcome.challengeParameters ?? [:],
                authenticationResult: outcome.result?.authenticationResult
            )
        }
        on(.adminInitiateAuth, AdminInitiateAuthRequest.self) { request, _ in
            let outcome = try await auth.initiate(
                flow: request.authFlow, parameters: request.authParameters ?? [:], clientId: request.clientId,
                poolId: request.userPoolId, administrator: true
            )
            return AdminInitiateAuthResponse(
                challengeName: outcome.challengeName, session: outcome.session, challengeParameters: outcome.challengeParameters ?? [:],
                authenticationResult: outcome.result?.authenticationResult
            )
        }
        on(.adminRespondToAuthChallenge, AdminRespondToAuthChallengeRequest.self) { request, _ in
            let outcome = try await auth.respond(
                challenge: request.challengeName, responses: request.challengeResponses ?? [:], session: request.session,
                clientId: request.clientId, poolId: request.userPoolId
            )
            return AdminRespondToAuthChallengeResponse(
                challengeName: outcome.challengeName, session: outcome.session, challengeParameters: outcome.challengeParameters ?? [:],
                authenticationResult: outcome.result?.authenticationResult
            )
        }
        on(.getTokensFromRefreshToken, GetTokensFromRefreshTokenRequest.self) { request, _ in
            let issued = try await auth.tokensFromRefreshToken(request.refreshToken, clientId: request.clientId, clientSecret: request.clientSecret)
            return GetTokensFromRefreshTokenResponse(authenticationResult: issued.authenticationResult)
        }
        on(.revokeToken, RevokeTokenRequest.self) { request, _ in
            try await auth.revoke(refreshToken: request.token, clientId: request.clientId, clientSecret: request.clientSecret)
            return EmptyResponse()
        }
    }
}

import CognateCore
import CognitoModel

extension OperationTable {
    /// Second factors: authenticator apps (TOTP) and the user's MFA preferences.
    mutating func addMFAOperations(_ mfa: MFAService) {
        on(.associateSoftwareToken, AssociateSoftwareTokenRequest.self) { request, _ in
            let associated = try await mfa.associate(accessToken: request.accessToken, session: request.session)
            return AssociateSoftwareTokenResponse(secretCode: associated.secret, session: associated.session)
        }
        on(.verifySoftwareToken, VerifySoftwareTokenRequest.self) { request, _ in
            let verified = try await mfa.verify(
                accessToken: request.accessToken, session: request.session, code: request.userCode, deviceName: request.friendlyDeviceName
            )
            return VerifySoftwareTokenResponse(status: verified.status, session: verified.session)
        }
        on(.setUserMFAPreference, SetUserMFAPreferenceRequest.self) { request, _ in
            try await mfa.setPreference(accessToken: request.accessToken, totp: request.softwareTokenMfaSettings, email: request.emailMfaSettings)
            return EmptyResponse()
        }
        on(.adminSetUserMFAPreference, AdminSetUserMFAPreferenceRequest.self) { request, _ in
            try await mfa.setPreference(
                poolId: request.userPoolId, username: request.username, totp: request.softwareTokenMfaSettings, email: request.emailMfaSettings
            )
            return EmptyResponse()
        }
    }
}

import CognateCore
import CognitoModel

extension OperationTable {
    /// The unsigned self-service operations: sign-up, recovery, and what a signed-in user does with an access token.
    mutating func addAccountOperations(_ accounts: AccountService) {
        on(.signUp, SignUpRequest.self) { request, _ in try await accounts.signUp(request) }
        on(.confirmSignUp, ConfirmSignUpRequest.self) { request, _ in
            try await accounts.confirmSignUp(request)
            return ConfirmSignUpResponse()
        }
        on(.resendConfirmationCode, ResendConfirmationCodeRequest.self) { request, _ in
            ResendConfirmationCodeResponse(codeDeliveryDetails: try await accounts.resendConfirmationCode(request))
        }
        on(.forgotPassword, ForgotPasswordRequest.self) { request, _ in
            ForgotPasswordResponse(codeDeliveryDetails: try await accounts.forgotPassword(request))
        }
        on(.confirmForgotPassword, ConfirmForgotPasswordRequest.self) { request, _ in
            try await accounts.confirmForgotPassword(request)
            return EmptyResponse()
        }
        on(.changePassword, ChangePasswordRequest.self) { request, _ in
            try await accounts.changePassword(accessToken: request.accessToken, previous: request.previousPassword, proposed: request.proposedPassword)
            return EmptyResponse()
        }
        on(.getUser, GetUserRequest.self) { request, _ in try await accounts.getUser(accessToken: request.accessToken) }
        on(.updateUserAttributes, UpdateUserAttributesRequest.self) { request, _ in
            let details = try await accounts.updateAttributes(accessToken: request.accessToken, attributes: request.userAttributes)
            return UpdateUserAttributesResponse(codeDeliveryDetailsList: details)
        }
        on(.deleteUserAttributes, DeleteUserAttributesRequest.self) { request, _ in
            try await accounts.deleteAttributes(accessToken: request.accessToken, names: request.userAttributeNames)
            return EmptyResponse()
        }
        on(.getUserAttributeVerificationCode, GetUserAttributeVerificationCodeRequest.self) { request, _ in
            GetUserAttributeVerificationCodeResponse(
                codeDeliveryDetails: try await accounts.attributeVerificationCode(accessToken: request.accessToken, attribute: request.attributeName)
            )
        }
        on(.verifyUserAttribute, VerifyUserAttributeRequest.self) { request, _ in
            try await accounts.verifyAttribute(accessToken: request.accessToken, attribute: request.attributeName, code: request.code)
            return EmptyResponse()
        }
        on(.deleteUser, DeleteUserRequest.self) { request, _ in
            try await accounts.deleteUser(accessToken: request.accessToken)
            return EmptyResponse()
        }
        on(.globalSignOut, GlobalSignOutRequest.self) { request, _ in
            try await accounts.globalSignOut(accessToken: request.accessToken)
            return EmptyResponse()
        }
    }
}

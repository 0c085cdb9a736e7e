import CognitoModel

/// Cognito's default password policy: eight characters with every character class, temporary
/// passwords for 7 days. The defaults apply to a pool created without a password policy; in a policy
/// that is given, an absent class requirement means "not required" (SDKs such as Go's leave `false`
/// out of the request, so absent and false must mean the same).
enum PasswordPolicyDefaults {
    static func filled(_ given: PasswordPolicyType?) -> PasswordPolicyType {
        guard var policy = given else {
            return PasswordPolicyType(
                minimumLength: 8, requireUppercase: true, requireLowercase: true, requireNumbers: true,
                requireSymbols: true, temporaryPasswordValidityDays: 7
            )
        }
        policy.minimumLength = policy.minimumLength ?? 8
        policy.requireUppercase = policy.requireUppercase ?? false
        policy.requireLowercase = policy.requireLowercase ?? false
        policy.requireNumbers = policy.requireNumbers ?? false
        policy.requireSymbols = policy.requireSymbols ?? false
        policy.temporaryPasswordValidityDays = policy.temporaryPasswordValidityDays ?? 7
        return policy
    }
}

/// Cognito's defaults for administrator-created users.
enum AdminCreateUserConfigDefaults {
    static func filled(_ config: AdminCreateUserConfigType?, temporaryPasswordValidityDays: Int?) -> AdminCreateUserConfigType {
        var config = config ?? AdminCreateUserConfigType()
        config.allowAdminCreateUserOnly = config.allowAdminCreateUserOnly ?? false
        config.unusedAccountValidityDays = config.unusedAccountValidityDays ?? temporaryPasswordValidityDays ?? 7
        return config
    }
}

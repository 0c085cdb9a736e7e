import CognitoModel

/// Cognito's default password policy: eight characters with every character class, temporary passwords for 7 days.
enum PasswordPolicyDefaults {
    static func filled(_ policy: PasswordPolicyType?) -> PasswordPolicyType {
        var policy = policy ?? PasswordPolicyType()
        policy.minimumLength = policy.minimumLength ?? 8
        policy.requireUppercase = policy.requireUppercase ?? true
        policy.requireLowercase = policy.requireLowercase ?? true
        policy.requireNumbers = policy.requireNumbers ?? true
        policy.requireSymbols = policy.requireSymbols ?? true
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

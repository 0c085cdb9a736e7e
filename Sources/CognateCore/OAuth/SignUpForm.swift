import CognitoModel

/// What the hosted sign-up page asks for, from the pool's configuration: the username field (or email
/// or phone when those are usernames), the other required attributes, and the password policy in words.
public struct SignUpForm: Sendable, Equatable {
    /// `username`, `email` or `phone_number`.
    public let usernameField: String
    /// Required attributes other than the username field, in the schema's order.
    public let requiredAttributes: [String]
    /// The password policy, one rule per line, as the page shows it.
    public let passwordRules: [String]

    init(pool: UserPoolType) {
        let usernameAttributes = pool.usernameAttributes ?? []
        let field: String
        if usernameAttributes.contains(.email) {
            field = "email"
        } else if usernameAttributes.contains(.phoneNumber) {
            field = "phone_number"
        } else {
            field = "username"
        }
        usernameField = field
        requiredAttributes = (pool.schemaAttributes ?? []).compactMap { attribute in
            guard attribute.required == true, let name = attribute.name, name != "sub", name != field else { return nil }
            return name
        }
        let policy = pool.policies?.passwordPolicy
        var rules = ["At least \(policy?.minimumLength ?? 8) characters"]
        if policy?.requireLowercase == true { rules.append("A lowercase letter") }
        if policy?.requireUppercase == true { rules.append("An uppercase letter") }
        if policy?.requireNumbers == true { rules.append("A number") }
        if policy?.requireSymbols == true { rules.append("A symbol (such as ! @ # $ %)") }
        passwordRules = rules
    }
}

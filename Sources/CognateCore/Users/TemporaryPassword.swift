import CognitoModel

/// Temporary passwords for administrator-created users: random, and always within the pool's policy.
enum TemporaryPassword {
    static func generate(policy: PasswordPolicyType?, random: any RandomSource) -> String {
        let length = max(12, policy?.minimumLength ?? 8)
        let required = [
            random.string(length: 1, alphabet: Array("ABCDEFGHJKLMNPQRSTUVWXYZ")),
            random.string(length: 1, alphabet: Array("abcdefghijkmnopqrstuvwxyz")),
            random.string(length: 1, alphabet: Array("23456789")),
            random.string(length: 1, alphabet: Array("!#%+-=?@^_")),
        ].joined()
        let rest = random.string(length: length - 4, alphabet: Array("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789"))
        return required + rest
    }
}

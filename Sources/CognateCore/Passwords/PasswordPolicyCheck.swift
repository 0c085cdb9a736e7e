import CognitoModel

/// The pool's password policy, with Cognito's messages (`InvalidPasswordException`).
enum PasswordPolicyCheck {
    /// The characters Cognito counts as symbols.
    static let symbols = Set("^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+- ")

    static func check(_ password: String, policy: PasswordPolicyType?) throws {
        let policy = policy ?? PasswordPolicyDefaults.filled(nil)
        func fail(_ reason: String) -> CognitoError {
            CognitoError(.invalidPassword, "Password did not conform with policy: \(reason)")
        }
        if password.count < (policy.minimumLength ?? 8) { throw fail("Password not long enough") }
        if password.count > 256 { throw fail("Password is too long") }
        if policy.requireUppercase == true && !password.contains(where: \.isUppercase) {
            throw fail("Password must have uppercase characters")
        }
        if policy.requireLowercase == true && !password.contains(where: \.isLowercase) {
            throw fail("Password must have lowercase characters")
        }
        if policy.requireNumbers == true && !password.contains(where: { $0.isASCII && $0.isNumber }) {
            throw fail("Password must have numeric characters")
        }
        if policy.requireSymbols == true && !password.contains(where: symbols.contains) {
            throw fail("Password must have symbol characters")
        }
        if password.first?.isWhitespace == true || password.last?.isWhitespace == true {
            throw fail("Password must not begin or end with a space")
        }
    }
}

import CognitoModel
import Foundation

/// How a pool identifies users at sign-in: by username, by email or phone in place of a username
/// (`UsernameAttributes`), or by username or a verified alias (`AliasAttributes`), case-insensitively
/// when `UsernameConfiguration.CaseSensitive` is false.
struct SignInIdentity {
    let pool: UserPoolType

    var usernameAttributes: [UsernameAttributeType] { pool.usernameAttributes ?? [] }
    var aliasAttributes: [AliasAttributeType] { pool.aliasAttributes ?? [] }
    var caseSensitive: Bool { pool.usernameConfiguration?.caseSensitive ?? true }

    /// The lookup key of a username.
    func usernameKey(_ username: String) -> String {
        caseSensitive ? username : username.lowercased()
    }

    /// The alias key of an attribute value: emails compare case-insensitively everywhere.
    static func aliasKey(_ attribute: String, _ value: String) -> String {
        attribute == "email" ? "email:\(value.lowercased())" : "\(attribute):\(value)"
    }

    /// What a username given at sign-up means in this pool: in a pool that signs in with email or phone,
    /// it is that attribute, and the username Cognito keeps is a new UUID (the `sub`).
    func signUpUsername(_ given: String, sub: String) throws -> (username: String, impliedAttribute: (String, String)?) {
        guard !usernameAttributes.isEmpty else { return (given, nil) }
        if usernameAttributes.contains(.email) && UserAttributeRules.isEmail(given) {
            return (sub, ("email", given))
        }
        if usernameAttributes.contains(.phoneNumber) && UserAttributeRules.isPhoneNumber(given) {
            return (sub, ("phone_number", given))
        }
        let expected = usernameAttributes.contains(.email) ? "an email" : "a phone number"
        throw CognitoError.invalidParameter("Username should be \(expected).")
    }

    /// The aliases a user holds: sign-in attributes always, alias attributes once verified.
    func aliasKeys(for attributes: [String: String]) -> [String] {
        var keys: [String] = []
        for attribute in usernameAttributes {
            if let value = attributes[attribute.rawValue], !value.isEmpty { keys.append(Self.aliasKey(attribute.rawValue, value)) }
        }
        for attribute in aliasAttributes {
            guard let value = attributes[attribute.rawValue], !value.isEmpty else { continue }
            let verified = attribute == .preferredUsername || attributes["\(attribute.rawValue)_verified"] == "true"
            if verified { keys.append(Self.aliasKey(attribute.rawValue, value)) }
        }
        return keys
    }

    /// The user a sign-in name refers to: the username itself, or one of the user's aliases.
    func find(_ name: String, poolId: String, in session: any StoreSession) async throws -> UserRecord? {
        if let user = try await session.user(poolId: poolId, usernameKey: usernameKey(name)) { return user }
        for attribute in usernameAttributes.map(\.rawValue) + aliasAttributes.map(\.rawValue) {
            if let user = try await session.user(poolId: poolId, aliasKey: Self.aliasKey(attribute, name)) { return user }
        }
        if !usernameAttributes.isEmpty, let user = try await session.user(poolId: poolId, sub: name) { return user }
        return nil
    }
}

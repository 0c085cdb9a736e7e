import Foundation

/// A ListUsers `Filter`: `attribute = "value"` (exact) or `attribute ^= "value"` (starts with), on the
/// attributes Cognito lets you search. Quotes inside the value are escaped with a backslash.
public struct UserFilter: Sendable, Equatable {
    public enum Match: Sendable, Equatable {
        case exact
        case prefix
    }

    /// What a filter compares, as the store sees it.
    public enum Field: Sendable, Equatable {
        /// The username (case-sensitive, as Cognito's).
        case username
        case sub
        /// `cognito:user_status`: UNCONFIRMED, CONFIRMED, … (case-insensitive: the value is kept uppercased).
        case userStatus
        /// `status`: `Enabled` or `Disabled` (case-sensitive).
        case enabled
        /// A standard attribute stored in the user's attributes.
        case attribute(String)
    }

    public let field: Field
    public let match: Match
    public let value: String

    /// The attributes Cognito allows in a filter; custom attributes are not searchable.
    public static let searchableAttributes: Set<String> = [
        "email", "phone_number", "name", "given_name", "family_name", "preferred_username",
    ]

    /// Nil for an empty filter (every user); throws InvalidParameterException for anything else malformed.
    public static func parse(_ text: String?) throws -> UserFilter? {
        guard let text, !text.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
        let invalid = CognitoError.invalidParameter("Error while parsing filter.")
        var characters = Substring(text).drop { $0 == " " }
        let name = String(characters.prefix { $0 != " " && $0 != "=" && $0 != "^" })
        characters = characters.dropFirst(name.count).drop { $0 == " " }
        let match: Match
        if characters.hasPrefix("^=") {
            match = .prefix
            characters = characters.dropFirst(2)
        } else if characters.hasPrefix("=") {
            match = .exact
            characters = characters.dropFirst(1)
        } else {
            throw invalid
        }
        characters = characters.drop { $0 == " " }
        guard characters.first == "\"" else { throw invalid }
        characters = characters.dropFirst()
        var value = ""
        var closed = false
        while let character = characters.first {
            characters = characters.dropFirst()
            if character == "\\" {
                guard let escaped = characters.first else { throw invalid }
                value.append(escaped)
                characters = characters.dropFirst()
            } else if character == "\"" {
                closed = true
                break
            } else {
                value.append(character)
            }
        }
        guard closed, characters.allSatisfy({ $0 == " " }) else { throw invalid }

        let field: Field
        switch name {
        case "username": field = .username
        case "sub": field = .sub
        case "cognito:user_status": field = .userStatus
        case "status": field = .enabled
        case _ where searchableAttributes.contains(name): field = .attribute(name)
        default: throw CognitoError.invalidParameter("Invalid search attribute: \(name)")
        }
        return UserFilter(field: field, match: match, value: field == .userStatus ? value.uppercased() : value)
    }
}

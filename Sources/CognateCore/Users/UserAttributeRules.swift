import CognitoModel
import Foundation

/// What the pool's schema allows a user's attributes to be: known names, values within their
/// constraints, required ones present, immutable ones unchanged, and emails and phone numbers well formed.
struct UserAttributeRules {
    let schema: [String: SchemaAttributeType]

    init(pool: UserPoolType) {
        var byName: [String: SchemaAttributeType] = [:]
        for attribute in pool.schemaAttributes ?? StandardAttributes.schema {
            if let name = attribute.name { byName[name] = attribute }
        }
        schema = byName
    }

    /// Checks values a client sends (SignUp, UpdateUserAttributes, AdminCreateUser, …).
    func check(_ attributes: [AttributeType], creating: Bool, byAdministrator: Bool = false) throws -> [String: String] {
        var values: [String: String] = [:]
        for attribute in attributes {
            let name = attribute.name
            guard name != "sub" else {
                throw CognitoError.invalidParameter("Cannot modify an immutable attribute: sub")
            }
            guard let definition = schema[name] else {
                throw CognitoError.invalidParameter("Attributes did not conform to the schema: Type for attribute {\(name)} could not be determined")
            }
            if definition.developerOnlyAttribute == true && !byAdministrator {
                throw CognitoError.notAuthorized("A client attempted to write unauthorized attribute")
            }
            if !creating && definition.mutable == false {
                throw CognitoError.invalidParameter("Cannot modify an immutable attribute: \(name)")
            }
            let value = attribute.value ?? ""
            try checkValue(value, of: definition, name: name)
            values[name] = value
        }
        return values
    }

    /// Required attributes without a value.
    func missingRequired(_ values: [String: String]) -> [String] {
        schema.values.filter { $0.required == true && $0.name != "sub" }.compactMap(\.name)
            .filter { (values[$0] ?? "").isEmpty }.sorted()
    }

    /// After a change: every required attribute still has a value.
    func checkRequired(_ values: [String: String]) throws {
        if let first = missingRequired(values).first {
            throw CognitoError.invalidParameter("Attributes did not conform to the schema: \(first): The attribute \(first) is required")
        }
    }

    private func checkValue(_ value: String, of definition: SchemaAttributeType, name: String) throws {
        switch definition.attributeDataType {
        case .boolean:
            guard value == "true" || value == "false" else {
                throw CognitoError.invalidParameter("Attributes did not conform to the schema: \(name): Value must be true or false")
            }
        case .number:
            guard let number = Double(value) else {
                throw CognitoError.invalidParameter("Attributes did not conform to the schema: \(name): Number expected")
            }
            if let min = definition.numberAttributeConstraints?.minValue.flatMap(Double.init), number < min {
                throw CognitoError.invalidParameter("Attributes did not conform to the schema: \(name): Number is less than the minimum \(min)")
            }
            if let max = definition.numberAttributeConstraints?.maxValue.flatMap(Double.init), number > max {
                throw CognitoError.invalidParameter("Attributes did not conform to the schema: \(name): Number is greater than the maximum \(max)")
            }
        default:
            let length = value.count
            if let min = definition.stringAttributeConstraints?.minLength.flatMap(Int.init), length < min {
                throw CognitoError.invalidParameter("Attributes did not conform to the schema: \(name): String must be no shorter than \(min) characters")
            }
            if let max = definition.stringAttributeConstraints?.maxLength.flatMap(Int.init), length > max {
                throw CognitoError.invalidParameter("Attributes did not conform to the schema: \(name): String must be no longer than \(max) characters")
            }
        }
        if name == "email" && !value.isEmpty && !Self.isEmail(value) {
            throw CognitoError.invalidParameter("Invalid email address format.")
        }
        if name == "phone_number" && !value.isEmpty && !Self.isPhoneNumber(value) {
            throw CognitoError.invalidParameter("Invalid phone number format.")
        }
    }

    static func isEmail(_ value: String) -> Bool {
        value.range(of: #"^[^@\s]+@[^@\s]+\.[^@\s]+$"#, options: .regularExpression) != nil
    }

    /// E.164, as Cognito requires: `+` and up to 15 digits.
    static func isPhoneNumber(_ value: String) -> Bool {
        value.range(of: #"^\+[0-9]{4,15}$"#, options: .regularExpression) != nil
    }
}

import CognitoModel

/// The OIDC standard attributes every Cognito user pool has, with the constraints Cognito reports for them.
public enum StandardAttributes {
    /// In the order `DescribeUserPool` lists them.
    public static let schema: [SchemaAttributeType] = [
        string("sub", mutable: false, required: true, min: "1"),
        string("name"), string("given_name"), string("family_name"), string("middle_name"),
        string("nickname"), string("preferred_username"), string("profile"), string("picture"),
        string("website"), string("email"), boolean("email_verified"), string("gender"),
        string("birthdate", min: "10", max: "10"), string("zoneinfo"), string("locale"),
        string("phone_number"), boolean("phone_number_verified"), string("address"),
        SchemaAttributeType(
            name: "updated_at", attributeDataType: .number, developerOnlyAttribute: false, mutable: true,
            required: false, numberAttributeConstraints: NumberAttributeConstraintsType(minValue: "0")
        ),
    ]

    public static let names: Set<String> = Set(schema.compactMap(\.name))

    private static func string(
        _ name: String, mutable: Bool = true, required: Bool = false, min: String = "0", max: String = "2048"
    ) -> SchemaAttributeType {
        SchemaAttributeType(
            name: name, attributeDataType: .string, developerOnlyAttribute: false, mutable: mutable,
            required: required, stringAttributeConstraints: StringAttributeConstraintsType(minLength: min, maxLength: max)
        )
    }

    private static func boolean(_ name: String) -> SchemaAttributeType {
        SchemaAttributeType(
            name: name, attributeDataType: .boolean, developerOnlyAttribute: false, mutable: true, required: false
        )
    }
}

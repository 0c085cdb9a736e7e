import CognitoModel

/// Merges the attributes a request declares into the standard schema, as Cognito does on CreateUserPool.
enum SchemaBuilder {
    static func schema(adding declared: [SchemaAttributeType]) throws -> [SchemaAttributeType] {
        var schema = StandardAttributes.schema
        var seen = Set<String>()
        for attribute in declared {
            guard let name = attribute.name else {
                throw CognitoError.invalidParameter("Schema attribute name is required.")
            }
            guard seen.insert(name).inserted else {
                throw CognitoError.invalidParameter("Duplicate schema attribute: \(name)")
            }
            if let index = schema.firstIndex(where: { $0.name == name }) {
                schema[index] = try mergedStandard(schema[index], with: attribute)
            } else {
                schema.append(try custom(attribute, name: name))
            }
        }
        if schema.filter({ $0.name?.contains("custom:") == true }).count > maximumCustomAttributes {
            throw CognitoError.limitExceeded("A user pool can have at most \(maximumCustomAttributes) custom attributes.")
        }
        return schema
    }

    /// Cognito's limit on custom attributes per pool.
    static let maximumCustomAttributes = 50

    /// AddCustomAttributes: appends each as a custom attribute; a name already in the schema is refused.
    static func schema(appendingCustom declared: [SchemaAttributeType], to schema: [SchemaAttributeType]) throws -> [SchemaAttributeType] {
        var schema = schema
        for attribute in declared {
            guard let name = attribute.name else {
                throw CognitoError.invalidParameter("Schema attribute name is required.")
            }
            let added = try custom(attribute, name: name)
            if schema.contains(where: { $0.name == added.name }) {
                throw CognitoError.invalidParameter("Existing attribute already has name \(added.name ?? name).")
            }
            schema.append(added)
        }
        if schema.filter({ $0.name?.contains("custom:") == true }).count > maximumCustomAttributes {
            throw CognitoError.invalidParameter("A user pool can have at most \(maximumCustomAttributes) custom attributes.")
        }
        return schema
    }

    private static func mergedStandard(_ standard: SchemaAttributeType, with declared: SchemaAttributeType) throws -> SchemaAttributeType {
        if let type = declared.attributeDataType, type != standard.attributeDataType {
            throw CognitoError.invalidParameter(
                "Invalid AttributeDataType input, consider using the provided AttributeDataType enum."
            )
        }
        if standard.name == "sub" && (declared.mutable == true || declared.required == false) {
            throw CognitoError.invalidParameter("The sub attribute cannot be made optional or mutable.")
        }
        var merged = standard
        merged.required = declared.required ?? standard.required
        merged.mutable = declared.mutable ?? standard.mutable
        merged.developerOnlyAttribute = declared.developerOnlyAttribute ?? standard.developerOnlyAttribute
        if let constraints = declared.stringAttributeConstraints, standard.attributeDataType == .string {
            merged.stringAttributeConstraints = StringAttributeConstraintsType(
                minLength: constraints.minLength ?? standard.stringAttributeConstraints?.minLength,
                maxLength: constraints.maxLength ?? standard.stringAttributeConstraints?.maxLength
            )
        }
        return merged
    }

    private static func custom(_ declared: SchemaAttributeType, name: String) throws -> SchemaAttributeType {
        if declared.required == true {
            throw CognitoError.invalidParameter("Required custom attributes are not supported currently.")
        }
        let developerOnly = declared.developerOnlyAttribute ?? false
        let type = declared.attributeDataType ?? .string
        var attribute = SchemaAttributeType(
            name: (developerOnly ? "dev:custom:" : "custom:") + name,
            attributeDataType: type,
            developerOnlyAttribute: developerOnly,
            mutable: declared.mutable ?? true,
            required: false
        )
        switch type {
        case .string:
            attribute.stringAttributeConstraints = declared.stringAttributeConstraints ?? StringAttributeConstraintsType()
        case .number:
            attribute.numberAttributeConstraints = declared.numberAttributeConstraints ?? NumberAttributeConstraintsType()
        default:
            break
        }
        return attribute
    }
}

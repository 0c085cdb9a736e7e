import Foundation

/// The constraints of every shape in botocore's cognito-idp model, read once from the generated table.
///
/// The typed structs in `Generated/` carry the shapes; this carries what the structs cannot say
/// (lengths, patterns, ranges, enums, required members, sensitivity), so that a request can be
/// validated the way Cognito validates it, member by member, before it is decoded.
public struct ServiceModel: Sendable {
    /// One shape of the model.
    public struct Shape: Sendable, Decodable {
        public enum Kind: String, Sendable, Decodable {
            case string, integer, long, boolean, timestamp, blob, list, map, structure, double, float
        }

        public let type: Kind
        public let min: Int64?
        public let max: Int64?
        public let pattern: String?
        public let `enum`: [String]?
        public let required: [String]?
        public let sensitive: Bool?
        public let document: Bool?
        /// Structure members: wire name → shape name.
        public let members: [String: String]?
        /// List member shape name.
        public let member: String?
        /// Map key and value shape names.
        public let key: String?
        public let value: String?
    }

    public let shapes: [String: Shape]

    /// The model, decoded on first use.
    public static let cognitoIdentityProvider: ServiceModel = {
        do {
            let shapes = try JSONDecoder().decode([String: Shape].self, from: Data(shapesJSON.utf8))
            return ServiceModel(shapes: shapes)
        } catch {
            fatalError("The generated model table does not decode: \(error). Regenerate with scripts/generate_model.py.")
        }
    }()

    public subscript(name: String) -> Shape? { shapes[name] }
}

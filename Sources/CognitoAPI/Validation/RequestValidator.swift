import CognateCore
import CognitoModel
import Foundation

/// Checks a parsed request body against the model's constraints, member by member, the way
/// Cognito does before an operation runs.
///
/// Two kinds of failure, as Cognito distinguishes them: a value of the wrong JSON type cannot be
/// read at all (`SerializationException`); a value of the right type that breaks a constraint is
/// `InvalidParameterException` with AWS's "N validation errors detected" message naming each member.
struct RequestValidator {
    let model: ServiceModel
    /// Messages past this many are dropped: a hostile body must not make a huge answer.
    var maximumReported = 10

    struct TypeMismatch: Error {
        let path: String
        let expected: String
        let found: String
    }

    func validate(_ value: JSONValue, shape name: String) throws -> Void {
        var violations: [String] = []
        try check(value, shapeName: name, path: "", violations: &violations)
        if let error = Self.error(for: violations) { throw error }
    }

    static func error(for violations: [String]) -> CognitoError? {
        guard !violations.isEmpty else { return nil }
        let noun = violations.count == 1 ? "validation error" : "validation errors"
        return .invalidParameter("\(violations.count) \(noun) detected: " + violations.joined(separator: "; "))
    }

    private func check(_ value: JSONValue, shapeName: String, path: String, violations: inout [String]) throws {
        guard let shape = model[shapeName] else { return }
        if shape.document == true { return }
        switch shape.type {
        case .structure:
            guard case .object(let members) = value else { throw mismatch(path, "object", value) }
            for (wireName, memberShape) in (shape.members ?? [:]).sorted(by: { $0.key < $1.key }) {
                let memberPath = path.isEmpty ? Self.pathName(wireName) : "\(path).\(Self.pathName(wireName))"
                let memberValue = members[wireName] ?? .null
                if memberValue == .null {
                    if shape.required?.contains(wireName) == true {
                        report("Value null at '\(memberPath)' failed to satisfy constraint: Member must not be null", &violations)
                    }
                    continue
                }
                try check(memberValue, shapeName: memberShape, path: memberPath, violations: &violations)
            }
        case .list:
            guard case .array(let elements) = value else { throw mismatch(path, "array", value) }
            checkLength(Int64(elements.count), shape, path: path, rendered: nil, sensitive: true, &violations)
            for (index, element) in elements.enumerated() where violations.count < maximumReported {
                if element == .null { continue }
                try check(element, shapeName: shape.member ?? "", path: "\(path).\(index + 1).member", violations: &violations)
            }
        case .map:
            guard case .object(let entries) = value else { throw mismatch(path, "object", value) }
            checkLength(Int64(entries.count), shape, path: path, rendered: nil, sensitive: true, &violations)
            for (key, entry) in entries.sorted(by: { $0.key < $1.key }) where violations.count < maximumReported {
                try check(.string(key), shapeName: shape.key ?? "", path: "\(path).key", violations: &violations)
                if entry == .null { continue }
                try check(entry, shapeName: shape.value ?? "", path: "\(path).\(key)", violations: &violations)
            }
        case .string:
            guard case .string(let string) = value else { throw mismatch(path, "string", value) }
            let sensitive = shape.sensitive == true
            let rendered = Self.rendered(string)
            let lengthOK = checkLength(Int64(string.utf16.count), shape, path: path, rendered: rendered, sensitive: sensitive, &violations)
            if let allowed = shape.enum, !allowed.contains(string) {
                report(
                    "\(Self.valuePhrase(rendered, sensitive)) at '\(path)' failed to satisfy constraint: Member must satisfy enum value set: [\(allowed.joined(separator: ", "))]",
                    &violations
                )
            } else if lengthOK, let pattern = shape.pattern, !PatternCache.shared.matches(string, pattern: pattern) {
                report(
                    "\(Self.valuePhrase(rendered, sensitive)) at '\(path)' failed to satisfy constraint: Member must satisfy regular expression pattern: \(pattern)",
                    &violations
                )
            }
        case .integer, .long:
            let number: Int64
            switch value {
            case .integer(let integer): number = integer
            case .number(let double) where double.rounded() == double && abs(double) < 9.0e18: number = Int64(double)
            default: throw mismatch(path, "integer", value)
            }
            if shape.type == .integer && (number < Int64(Int32.min) || number > Int64(Int32.max)) {
                throw mismatch(path, "32-bit integer", value)
            }
            if let min = shape.min, number < min {
                report("Value '\(number)' at '\(path)' failed to satisfy constraint: Member must have value greater than or equal to \(min)", &violations)
            }
            if let max = shape.max, number > max {
                report("Value '\(number)' at '\(path)' failed to satisfy constraint: Member must have value less than or equal to \(max)", &violations)
            }
        case .double, .float:
            switch value {
            case .integer, .number: break
            default: throw mismatch(path, "number", value)
            }
        case .boolean:
            guard case .bool = value else { throw mismatch(path, "boolean", value) }
        case .timestamp:
            switch value {
            case .integer, .number: break
            default: throw mismatch(path, "timestamp (epoch seconds)", value)
            }
        case .blob:
            guard case .string(let base64) = value, let data = Data(base64Encoded: base64) else {
                throw mismatch(path, "base64 string", value)
            }
            checkLength(Int64(data.count), shape, path: path, rendered: nil, sensitive: true, &violations)
        }
    }

    @discardableResult
    private func checkLength(
        _ length: Int64, _ shape: ServiceModel.Shape, path: String, rendered: String?, sensitive: Bool,
        _ violations: inout [String]
    ) -> Bool {
        let phrase = Self.valuePhrase(rendered, sensitive)
        if let min = shape.min, length < min {
            report("\(phrase) at '\(path)' failed to satisfy constraint: Member must have length greater than or equal to \(min)", &violations)
            return false
        }
        if let max = shape.max, length > max {
            report("\(phrase) at '\(path)' failed to satisfy constraint: Member must have length less than or equal to \(max)", &violations)
            return false
        }
        return true
    }

    private func report(_ message: String, _ violations: inout [String]) {
        if violations.count < maximumReported { violations.append(message) }
    }

    private func mismatch(_ path: String, _ expected: String, _ value: JSONValue) -> TypeMismatch {
        TypeMismatch(path: path.isEmpty ? "the request body" : path, expected: expected, found: value.kindName)
    }

    /// AWS names members in messages with a lowercase first letter: `PoolName` → `poolName`.
    static func pathName(_ wireName: String) -> String {
        wireName.prefix(1).lowercased() + wireName.dropFirst()
    }

    /// Sensitive values (passwords, secrets, tokens) are never echoed back.
    static func valuePhrase(_ rendered: String?, _ sensitive: Bool) -> String {
        guard let rendered, !sensitive else { return "Value" }
        return "Value '\(rendered)'"
    }

    static func rendered(_ string: String) -> String {
        string.count > 256 ? String(string.prefix(256)) + "..." : string
    }
}

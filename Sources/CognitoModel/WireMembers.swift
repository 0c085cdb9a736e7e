/// A structure's members on the wire, read by name as the generated `init(wire:)`s need them: a missing or
/// null member is nil when optional and an error when required, as `JSONDecoder` treated them.
public struct WireMembers {
    private let members: [String: JSONValue]

    public init(_ wire: JSONValue) throws {
        guard case .object(let members) = wire else { throw WireShapeMismatch(expected: "object", found: wire.kindName) }
        self.members = members
    }

    public func required<T: JSONWireCodable>(_ name: String) throws -> T {
        guard let value = members[name], value != .null else { throw WireShapeMismatch(expected: name, found: "nothing") }
        return try T(wire: value)
    }

    public func optional<T: JSONWireCodable>(_ name: String) throws -> T? {
        guard let value = members[name], value != .null else { return nil }
        return try T(wire: value)
    }
}

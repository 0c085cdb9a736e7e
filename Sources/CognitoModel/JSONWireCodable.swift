import Foundation

/// A model value in Cognito's JSON wire form (epoch-second timestamps, base64 blobs, members by their wire
/// names), converted straight from and to the `JSONValue` the protocol layer parses and writes anyway.
/// Every generated shape conforms; going through `JSONDecoder`/`JSONEncoder` instead parsed each body a
/// second time and cost ~2 % of a token refresh's CPU in `Codable`'s containers.
public protocol JSONWireCodable {
    init(wire: JSONValue) throws
    var wire: JSONValue { get }
}

/// A value whose JSON type does not match its shape's (a float for an integer, a number for a string).
public struct WireShapeMismatch: Error, Equatable {
    public let expected: String
    public let found: String
}

extension String: JSONWireCodable {
    public init(wire: JSONValue) throws {
        guard case .string(let value) = wire else { throw WireShapeMismatch(expected: "string", found: wire.kindName) }
        self = value
    }
    public var wire: JSONValue { .string(self) }
}

extension Bool: JSONWireCodable {
    public init(wire: JSONValue) throws {
        guard case .bool(let value) = wire else { throw WireShapeMismatch(expected: "boolean", found: wire.kindName) }
        self = value
    }
    public var wire: JSONValue { .bool(self) }
}

extension Int64: JSONWireCodable {
    public init(wire: JSONValue) throws {
        guard case .integer(let value) = wire else { throw WireShapeMismatch(expected: "integer", found: wire.kindName) }
        self = value
    }
    public var wire: JSONValue { .integer(self) }
}

extension Int: JSONWireCodable {
    public init(wire: JSONValue) throws {
        guard let value = Int(exactly: try Int64(wire: wire)) else { throw WireShapeMismatch(expected: "integer", found: "number") }
        self = value
    }
    public var wire: JSONValue { .integer(Int64(self)) }
}

extension Date: JSONWireCodable {
    /// Seconds since 1970, whole or fractional, as the AWS JSON protocol sends timestamps.
    public init(wire: JSONValue) throws {
        switch wire {
        case .integer(let seconds): self.init(timeIntervalSince1970: TimeInterval(seconds))
        case .number(let seconds): self.init(timeIntervalSince1970: seconds)
        default: throw WireShapeMismatch(expected: "timestamp", found: wire.kindName)
        }
    }
    public var wire: JSONValue {
        let seconds = timeIntervalSince1970
        if let whole = Int64(exactly: seconds) { return .integer(whole) }
        return .number(seconds)
    }
}

extension Data: JSONWireCodable {
    public init(wire: JSONValue) throws {
        guard case .string(let text) = wire, let data = Data(base64Encoded: text) else {
            throw WireShapeMismatch(expected: "base64 blob", found: wire.kindName)
        }
        self = data
    }
    public var wire: JSONValue { .string(base64EncodedString()) }
}

extension JSONValue: JSONWireCodable {
    /// A document member: any JSON, as it came.
    public init(wire: JSONValue) throws { self = wire }
    public var wire: JSONValue { self }
}

extension Array: JSONWireCodable where Element: JSONWireCodable {
    public init(wire: JSONValue) throws {
        guard case .array(let values) = wire else { throw WireShapeMismatch(expected: "array", found: wire.kindName) }
        self = try values.map(Element.init(wire:))
    }
    public var wire: JSONValue { .array(map(\.wire)) }
}

extension Dictionary: JSONWireCodable where Key == String, Value: JSONWireCodable {
    public init(wire: JSONValue) throws {
        guard case .object(let members) = wire else { throw WireShapeMismatch(expected: "object", found: wire.kindName) }
        self = try members.mapValues(Value.init(wire:))
    }
    public var wire: JSONValue { .object(mapValues(\.wire)) }
}

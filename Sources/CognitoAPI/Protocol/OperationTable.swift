import CognateCore
import CognitoModel
import Foundation

/// The operations this server implements, each a typed handler behind a uniform signature.
public struct OperationTable: Sendable {
    typealias Handler = @Sendable (JSONValue, RequestContext) async throws -> Data

    private(set) var handlers: [CognitoOperation: Handler] = [:]

    public init() {}

    /// Registers `handler` for `operation`: the validated body becomes an `Input`, the result is written
    /// as JSON with its keys sorted.
    public mutating func on<Input: JSONWireCodable & Sendable, Output: JSONWireCodable & Sendable>(
        _ operation: CognitoOperation,
        _ input: Input.Type,
        _ handler: @escaping @Sendable (Input, RequestContext) async throws -> Output
    ) {
        handlers[operation] = { body, context in
            let decoded: Input
            do {
                decoded = try Input(wire: body)
            } catch {
                // The validator accepted the body, so this is a shape it cannot express (a float for an int).
                throw CognitoError(.serialization, "The request body does not match the \(context.operation.rawValue) input shape.")
            }
            return Data(try await handler(decoded, context).wire.serialized)
        }
    }

    /// Whether `operation` has a handler; the compatibility table is generated from this.
    public func implements(_ operation: CognitoOperation) -> Bool { handlers[operation] != nil }

    func handler(for operation: CognitoOperation) -> Handler? { handlers[operation] }
}

/// What a handler may know about the request besides its body.
public struct RequestContext: Sendable {
    public let requestId: String
    /// The access key that signed the request; nil for unsigned operations.
    public let accessKeyId: String?
    public let operation: CognitoOperation
}

/// An empty JSON object, for operations whose output shape has no members.
public struct EmptyResponse: Codable, Sendable, JSONWireCodable {
    public init() {}
    public init(wire: JSONValue) throws { _ = try WireMembers(wire) }
    public var wire: JSONValue { .object([:]) }
}

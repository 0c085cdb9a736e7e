import CognateCore
import CognitoModel
import Foundation
import Logging

/// The Cognito JSON 1.1 protocol: routes `X-Amz-Target`, checks SigV4 on signed operations,
/// validates the body against the model, calls the handler and renders Cognito's errors.
public struct CognitoJSONProtocol: Sendable {
    let operations: OperationTable
    let verifier: SigV4Verifier
    let validator = RequestValidator(model: .cognitoIdentityProvider)
    let logger: Logger
    /// Nesting deeper than any Cognito shape, but shallow enough for the parser's stack.
    let maximumDepth = 64

    public init(operations: OperationTable, verifier: SigV4Verifier, logger: Logger) {
        self.operations = operations
        self.verifier = verifier
        self.logger = logger
    }

    public func respond(to request: APIRequest, requestId: String) async -> APIResponse {
        do {
            let (operation, accessKeyId) = try authorize(request)
            let context = RequestContext(requestId: requestId, accessKeyId: accessKeyId, operation: operation)
            let body = try await run(operation, body: request.body, context: context)
            return APIResponse(
                status: 200,
                headers: [("Content-Type", ErrorResponse.contentType), ("x-amzn-requestid", requestId)],
                body: body
            )
        } catch let error as CognitoError {
            if error.isServerFault {
                logger.error("request failed", metadata: ["requestId": "\(requestId)", "error": "\(error.code)"])
            }
            return ErrorResponse.render(error, requestId: requestId)
        } catch {
            logger.error("unexpected failure", metadata: ["requestId": "\(requestId)", "error": "\(String(reflecting: type(of: error)))"])
            return ErrorResponse.render(.internalError(), requestId: requestId)
        }
    }

    /// The operation named by `X-Amz-Target`, and who signed it when the model says it must be signed.
    func authorize(_ request: APIRequest) throws -> (CognitoOperation, String?) {
        guard request.method.uppercased() == "POST" else {
            throw CognitoError(.unknownOperation, "Cognito's API accepts only POST requests.")
        }
        guard let target = request.header("X-Amz-Target") else {
            throw CognitoError(.unknownOperation, "The X-Amz-Target header is missing.")
        }
        let prefix = ServiceModel.targetPrefix + "."
        guard target.hasPrefix(prefix), let operation = CognitoOperation(rawValue: String(target.dropFirst(prefix.count))) else {
            throw CognitoError(.unknownOperation, "Unknown operation \(RequestValidator.rendered(target)).")
        }
        guard operation.requiresSignature else { return (operation, nil) }
        return (operation, try verifier.verify(request))
    }

    func run(_ operation: CognitoOperation, body: Data, context: RequestContext) async throws -> Data {
        let document = try parse(body)
        if let shape = operation.inputShape {
            do {
                try validator.validate(document, shape: shape)
            } catch let mismatch as RequestValidator.TypeMismatch {
                throw CognitoError(.serialization, "Expected \(mismatch.expected) at '\(mismatch.path)' but found \(mismatch.found).")
            }
        }
        guard let handler = operations.handler(for: operation) else {
            throw CognitoError(.unsupportedOperation, "Cognate does not implement \(operation.rawValue) yet.")
        }
        return try await handler(document, context)
    }

    func parse(_ body: Data) throws -> JSONValue {
        if body.isEmpty { return .object([:]) }
        switch JSONPreflight.problem(in: body, depthLimit: maximumDepth) {
        case .tooDeep:
            throw CognitoError(.serialization, "The request body nests deeper than \(maximumDepth) levels.")
        case .trailingComma:
            throw CognitoError(.serialization, "The request body is not valid JSON: a trailing comma.")
        case nil:
            break
        }
        let value: JSONValue
        do {
            value = try JSONValue.parse(Array(body), depthLimit: maximumDepth + 1)
        } catch {
            throw CognitoError(.serialization, "The request body is not valid JSON.")
        }
        guard case .object = value else {
            throw CognitoError(.serialization, "The request body must be a JSON object; found \(value.kindName).")
        }
        return value
    }
}

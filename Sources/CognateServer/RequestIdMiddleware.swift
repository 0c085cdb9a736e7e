import CognateCore
import Foundation
import HTTPTypes
import Hummingbird

/// Adds `x-amzn-requestid` to every response and turns framework errors (no such route, body too
/// large) into JSON, so that no client ever sees an empty body or HTML.
struct RequestIdMiddleware: RouterMiddleware {
    typealias Context = CognateRequestContext

    static let requestIdField = HTTPField.Name("x-amzn-requestid")!

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as HTTPError {
            let code: CognitoError.Code = error.status == .contentTooLarge ? .requestEntityTooLarge : .unknownOperation
            response = JSONErrorResponse.make(
                status: error.status, code: code.rawValue, message: error.body ?? error.status.reasonPhrase
            )
        } catch {
            context.logger.error("unhandled error", metadata: ["type": "\(String(reflecting: type(of: error)))"])
            response = JSONErrorResponse.make(
                status: .internalServerError, code: CognitoError.Code.internalError.rawValue, message: "Internal server error."
            )
        }
        response.headers[Self.requestIdField] = context.requestId
        return response
    }
}

/// A `{"__type", "message"}` body outside the JSON API (unknown paths, oversized bodies).
enum JSONErrorResponse {
    static func make(status: HTTPResponse.Status, code: String, message: String) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let body = (try? encoder.encode(["__type": code, "message": message])) ?? Data()
        var headers = HTTPFields()
        headers[.contentType] = "application/x-amz-json-1.1"
        headers[HTTPField.Name("x-amzn-errortype")!] = code
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }
}

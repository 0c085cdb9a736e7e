import CognitoAPI
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Serves the Cognito JSON protocol at `/`, translating between Hummingbird and `APIRequest`.
struct CognitoAPIRoutes {
    let api: CognitoJSONProtocol
    let maximumBodySize: Int

    func register(on router: Router<CognateRequestContext>) {
        // Every method reaches the protocol, so that a GET gets Cognito's JSON error, not a bare 404.
        for method in [HTTPRequest.Method.post, .get, .put, .delete, .patch] {
            router.on("/", method: method) { request, context in try await respond(request, context: context) }
        }
    }

    func respond(_ request: Request, context: CognateRequestContext) async throws -> Response {
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: maximumBodySize)
        } catch is NIOTooManyBytesError {
            throw HTTPError(.contentTooLarge, message: "The request body is larger than \(maximumBodySize) bytes.")
        }
        var headers = request.headers.map { (name: $0.name.canonicalName, value: $0.value) }
        if let authority = request.head.authority {
            headers.append((name: "host", value: authority))  // HTTP/1's Host becomes :authority in HTTPTypes
        }
        let apiRequest = APIRequest(
            method: request.method.rawValue, rawPath: request.uri.path, rawQuery: request.uri.query,
            headers: headers, body: Data(buffer: body)
        )
        let answer = await api.respond(to: apiRequest, requestId: context.requestId)
        var fields = HTTPFields()
        for (name, value) in answer.headers {
            if let fieldName = HTTPField.Name(name) { fields.append(HTTPField(name: fieldName, value: value)) }
        }
        return Response(
            status: HTTPResponse.Status(code: answer.status), headers: fields,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: answer.body))
        )
    }
}

import CognateCore
import Foundation

/// Renders a `CognitoError` as the AWS JSON 1.1 protocol does: `{"__type", "message"}`, HTTP 400
/// (500 for server faults), and `x-amzn-errortype`, which SDKs read before the body.
enum ErrorResponse {
    static let contentType = "application/x-amz-json-1.1"

    static func render(_ error: CognitoError, requestId: String) -> APIResponse {
        let body: [String: String] = ["__type": error.code.rawValue, "message": error.message]
        let data = (try? JSONEncoder.sorted.encode(body)) ?? Data("{}".utf8)
        return APIResponse(
            status: error.isServerFault ? 500 : 400,
            headers: [
                ("Content-Type", contentType),
                ("x-amzn-errortype", error.code.rawValue),
                ("x-amzn-requestid", requestId),
            ],
            body: data
        )
    }
}

extension JSONEncoder {
    /// Keys sorted, so output is stable across runs and comparable in tests.
    public static let sorted: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .secondsSince1970
        encoder.dataEncodingStrategy = .base64
        return encoder
    }()
}

extension JSONDecoder {
    /// Cognito's wire conventions: epoch-second timestamps and base64 blobs.
    public static let cognito: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        decoder.dataDecodingStrategy = .base64
        return decoder
    }()
}

import CognateCore
import Foundation
import Hummingbird

/// `GET /_dev/outbox`: the messages Cognate has written, newest first, so that a developer (or a test)
/// can read a code without a mail server. Served only with `--dev-outbox`.
struct DevelopmentOutboxRoute {
    let store: any Store

    struct Message: Encodable {
        let id: String
        let poolId: String
        let recipient: String
        let subject: String
        let body: String
        let createdAt: Double
    }

    func register(on router: Router<CognateRequestContext>) {
        router.get("/_dev/outbox") { request, _ -> Response in
            let limit = request.uri.queryParameters.get("limit", as: Int.self).map { min(max($0, 1), 500) } ?? 100
            let messages = try await store.outboxMessages(limit: limit).map {
                Message(
                    id: $0.id, poolId: $0.poolId, recipient: $0.recipient, subject: $0.subject, body: $0.body,
                    createdAt: $0.createdAt.timeIntervalSince1970
                )
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let body = try encoder.encode(["messages": messages])
            return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
        }
    }
}

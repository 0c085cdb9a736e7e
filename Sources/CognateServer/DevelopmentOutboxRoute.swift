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

    /// The messages as a page a developer can read in a browser, newest first.
    static func page(_ messages: [Message]) -> String {
        let rows = messages.map { message in
            """
            <article><h2>\(HTMLText.escape(message.subject))</h2>
            <p><strong>To:</strong> \(HTMLText.escape(message.recipient)) · <strong>Pool:</strong> \(HTMLText.escape(message.poolId)) ·
            <time>\(HTMLText.escape(Date(timeIntervalSince1970: message.createdAt).formatted(.iso8601)))</time></p>
            <pre>\(HTMLText.escape(message.body))</pre></article>
            """
        }
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Cognate development outbox</title>
            <style>body{font-family:system-ui,sans-serif;max-width:50rem;margin:2rem auto}article{border-bottom:1px solid #ccc}pre{white-space:pre-wrap}</style>
            </head><body><main><h1>Development outbox</h1>
            <p>Messages Cognate has written, newest first. This page exists only with <code>--dev-outbox</code>.</p>
            \(rows.isEmpty ? "<p>No messages yet.</p>" : rows.joined(separator: "\n"))
            </main></body></html>
            """
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
            if request.headers[.accept]?.contains("text/html") == true {
                return Response(
                    status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
                    body: ResponseBody(byteBuffer: ByteBuffer(string: Self.page(messages)))
                )
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let body = try encoder.encode(["messages": messages])
            return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
        }
    }
}

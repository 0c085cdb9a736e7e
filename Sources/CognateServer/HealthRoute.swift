import CognateCore
import Hummingbird

/// `GET /health`: 200 while the database answers, 503 when it does not, for load balancers and tests.
struct HealthRoute {
    let store: any Store

    func register(on router: Router<CognateRequestContext>) {
        router.get("/health") { _, context -> Response in
            do {
                try await store.ping()
                return Self.json(status: .ok, #"{"database":"ok","status":"ok"}"#)
            } catch {
                context.logger.warning("health check: database unreachable")
                return Self.json(status: .serviceUnavailable, #"{"database":"unreachable","status":"unavailable"}"#)
            }
        }
    }

    static func json(status: HTTPResponse.Status, _ text: String) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text))
        )
    }
}

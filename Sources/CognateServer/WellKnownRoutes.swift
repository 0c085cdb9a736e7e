import CognateCore
import Foundation
import Hummingbird

/// `GET /{poolId}/.well-known/jwks.json`: the public keys that verify the pool's tokens.
struct WellKnownRoutes {
    let services: Services
    let store: any Store

    func register(on router: Router<CognateRequestContext>) {
        router.get("/:poolId/.well-known/jwks.json") { _, context -> Response in
            let poolId = try context.parameters.require("poolId")
            guard try await store.userPool(id: poolId) != nil else {
                return JSONErrorResponse.make(status: .notFound, code: "ResourceNotFoundException", message: "User pool \(poolId) does not exist.")
            }
            let body = try JSONEncoder().encode(["keys": try await services.signingKeys.jwks(poolId: poolId)])
            var response = Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
            response.headers[.cacheControl] = "public, max-age=300"
            response.headers[.accessControlAllowOrigin] = "*"  // browsers verify tokens too
            return response
        }
    }
}

import CognateCore
import CognitoModel
import Foundation
import HTTPTypes
import Hummingbird

extension HostedUI {
    func registerOAuthEndpoints(on router: Router<Context>) {
        router.get("/oauth2/authorize") { request, _ in
            try await handling {
                let authorization = try await authorization(request)
                let cookie = request.cookies[Cookies.session]?.value
                if let session = try await services.oauth.session(fromCookie: cookie, poolId: authorization.poolId) {
                    // Single sign-on: a live session for this pool answers at once, for any of its clients.
                    return HostedPage().redirect(to: try await services.oauth.complete(authorization, session: session))
                }
                return HostedPage().redirect(to: "/login?" + authorization.request.query)
            }
        }

        router.get("/logout") { request, _ in
            try await handling {
                let target = try await services.oauth.logoutRedirect(query(request), host: host(request))
                var page = HostedPage()
                page.cookies.append(Cookies.clear(Cookies.session, secure: secureCookies))
                return page.redirect(to: target)
            }
        }

        router.post("/oauth2/token") { request, _ in
            await tokenEndpoint { form, credentials in
                let issued = try await services.oauth.token(form: form, credentials: credentials)
                var body: [String: JSONValue] = [
                    "access_token": .string(issued.accessToken), "token_type": .string("Bearer"), "expires_in": .integer(Int64(issued.expiresIn)),
                ]
                if let idToken = issued.idToken { body["id_token"] = .string(idToken) }
                if let refreshToken = issued.refreshToken { body["refresh_token"] = .string(refreshToken) }
                return Self.json(.ok, body)
            }(request)
        }

        router.post("/oauth2/revoke") { request, _ in
            await tokenEndpoint { form, credentials in
                try await services.oauth.revoke(form: form, credentials: credentials)
                return Self.json(.ok, [:])
            }(request)
        }

        router.get("/oauth2/userInfo") { request, _ in await userInfo(request) }
        router.post("/oauth2/userInfo") { request, _ in await userInfo(request) }

        // Browser apps call these from their own origin (the code exchange with PKCE, refresh, userInfo).
        // No cookie is read by them, so any origin may: the answer depends only on what the request carries.
        for path in ["/oauth2/token", "/oauth2/revoke", "/oauth2/userInfo"] {
            router.on(RouterPath(path), method: .options) { _, _ in Self.preflight() }
        }

        router.get("/:poolId/.well-known/openid-configuration") { _, context in
            let poolId = try context.parameters.require("poolId")
            guard let document = try await services.oauth.discovery(poolId: poolId) else {
                return Self.json(.notFound, ["error": .string("not_found"), "error_description": .string("User pool \(poolId) does not exist.")])
            }
            var response = Self.json(.ok, document)
            response.headers[.cacheControl] = "public, max-age=300"
            return response
        }

        router.get("/_cognate/ui/:poolId/:key/:version/logo") { _, context in
            let poolId = try context.parameters.require("poolId")
            let key = try context.parameters.require("key")
            guard let image = try await services.uiCustomizations.image(poolId: poolId, key: key) else {
                return Response(status: .notFound)
            }
            var headers = HTTPFields()
            headers[.contentType] = image.mediaType
            headers[.cacheControl] = "public, max-age=86400, immutable"  // the version in the path changes with the image
            headers[.xContentTypeOptions] = "nosniff"
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: image.data)))
        }
    }

    /// The token and revocation endpoints: form bodies only, client authentication, OAuth errors as JSON.
    func tokenEndpoint(
        _ body: @escaping @Sendable ([String: String], OAuthService.ClientCredentials) async throws -> Response
    ) -> @Sendable (Request) async -> Response {
        { request in
            var viaBasic = false
            do {
                guard let type = request.headers[.contentType], type.lowercased().hasPrefix("application/x-www-form-urlencoded") else {
                    throw OAuthError.invalidRequest("The body must be application/x-www-form-urlencoded.")
                }
                let form = try await form(request)
                let credentials = try OAuthService.ClientCredentials(form: form, authorization: request.headers[.authorization])
                viaBasic = credentials.viaBasic
                return try await body(form, credentials)
            } catch let error as OAuthError {
                var response = Self.json(error.code == "invalid_client" ? .unauthorized : .badRequest, [
                    "error": .string(error.code), "error_description": .string(error.description),
                ])
                if error.code == "invalid_client", viaBasic || request.headers[.authorization] != nil {
                    response.headers[.wwwAuthenticate] = "Basic realm=\"cognate\""
                }
                return response
            } catch {
                return Self.json(.badRequest, ["error": .string("invalid_request"), "error_description": .string("The request is malformed.")])
            }
        }
    }

    func userInfo(_ request: Request) async -> Response {
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") else {
            var response = Self.json(.unauthorized, ["error": .string("invalid_token"), "error_description": .string("A bearer access token is required.")])
            response.headers[.wwwAuthenticate] = "Bearer"
            return response
        }
        do {
            return Self.json(.ok, try await services.oauth.userInfo(accessToken: String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces)))
        } catch let error as OAuthError {
            let status: HTTPResponse.Status = error.code == "insufficient_scope" ? .forbidden : .unauthorized
            var response = Self.json(status, ["error": .string(error.code), "error_description": .string(error.description)])
            response.headers[.wwwAuthenticate] = "Bearer error=\"\(error.code)\""
            return response
        } catch {
            return Self.json(.unauthorized, ["error": .string("invalid_token"), "error_description": .string("The access token is invalid.")])
        }
    }

    /// The answer to a CORS preflight for the JSON endpoints.
    static func preflight() -> Response {
        var headers = HTTPFields()
        headers[.accessControlAllowOrigin] = "*"
        headers[.accessControlAllowMethods] = "GET, POST, OPTIONS"
        headers[.accessControlAllowHeaders] = "Authorization, Content-Type"
        headers[.accessControlMaxAge] = "600"
        return Response(status: .noContent, headers: headers)
    }

    /// JSON for OAuth clients: never cached (it may hold tokens), readable from any origin (no cookies).
    static func json(_ status: HTTPResponse.Status, _ body: [String: JSONValue]) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json;charset=UTF-8"
        headers[.cacheControl] = "no-store"
        headers[.accessControlAllowOrigin] = "*"
        headers[HTTPField.Name("Pragma")!] = "no-cache"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: JSONValue.object(body).serialized)))
    }
}

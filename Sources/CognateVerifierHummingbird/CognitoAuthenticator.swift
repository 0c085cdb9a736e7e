import Foundation
import CognateVerifier
import Hummingbird

/// A request context that can carry the user a verified access token names.
public protocol CognitoAuthenticatedRequestContext: RequestContext {
    var cognitoUser: CognitoAccessToken? { get set }
}

/// Middleware that verifies the request's access token (an `Authorization: Bearer` header, or the
/// tutorial's `goldstack_access_token` cookie) and puts the verified token into the context. Requests
/// without a token pass through unauthenticated; a token that fails verification is refused with 401,
/// so a forged or expired token is never mistaken for no token.
public struct CognitoAuthenticator<Context: CognitoAuthenticatedRequestContext>: RouterMiddleware {
    let verifier: CognitoTokenVerifier
    let cookieName: String?
    let requiredScopes: [String]

    public init(verifier: CognitoTokenVerifier, cookieName: String? = "goldstack_access_token", requiredScopes: [String] = []) {
        self.verifier = verifier
        self.cookieName = cookieName
        self.requiredScopes = requiredScopes
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let token = Self.token(in: request, cookieName: cookieName) else { return try await next(request, context) }
        var context = context
        do {
            context.cognitoUser = try await verifier.verifyAccessToken(token, requiredScopes: requiredScopes)
        } catch {
            throw HTTPError(.unauthorized, message: "The access token is not valid: \(error).")
        }
        return try await next(request, context)
    }

    static func token(in request: Request, cookieName: String?) -> String? {
        if let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") {
            return String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces)
        }
        guard let cookieName else { return nil }
        return request.cookies[cookieName]?.value
    }
}

/// Refuses requests that carry no verified user (after `CognitoAuthenticator`).
public struct RequireCognitoUser<Context: CognitoAuthenticatedRequestContext>: RouterMiddleware {
    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard context.cognitoUser != nil else { throw HTTPError(.unauthorized, message: "Sign in first.") }
        return try await next(request, context)
    }
}

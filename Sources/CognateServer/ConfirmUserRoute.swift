import CognateCore
import CognitoModel
import Foundation
import Hummingbird

/// `GET /confirmUser?client_id=…&user_name=…&confirmation_code=…`: where a CONFIRM_WITH_LINK email
/// points. Confirms the sign-up and says so on a plain, accessible page.
struct ConfirmUserRoute {
    let accounts: AccountService

    func register(on router: Router<CognateRequestContext>) {
        router.get("/confirmUser") { request, _ -> Response in
            let query = request.uri.queryParameters
            guard let clientId = query.get("client_id"), let username = query.get("user_name"),
                let code = query.get("confirmation_code")
            else {
                return Self.page(status: .badRequest, title: "Invalid link", message: "This confirmation link is incomplete.")
            }
            do {
                try await accounts.confirmSignUp(
                    ConfirmSignUpRequest(clientId: clientId, username: username, confirmationCode: code), fromLink: true
                )
                return Self.page(status: .ok, title: "Registration confirmed", message: "Your registration has been confirmed. You can sign in now.")
            } catch let error as CognitoError {
                return Self.page(status: .badRequest, title: "Confirmation failed", message: error.message)
            }
        }
    }

    static func page(status: HTTPResponse.Status, title: String, message: String) -> Response {
        let html = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(HTMLText.escape(title))</title></head>
            <body><main><h1>\(HTMLText.escape(title))</h1><p role="status">\(HTMLText.escape(message))</p></main></body></html>
            """
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.contentSecurityPolicy] = "default-src 'none'"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
    }
}

import CognateCore
import CognitoModel
import Foundation
import Hummingbird

extension HostedUI {
    func registerRecovery(on router: Router<Context>) {
        router.get("/forgotPassword") { request, _ in
            try await handling {
                let authorization = try await authorization(request)
                return await forgotPasswordPage(request, authorization: authorization, username: "")
            }
        }

        formPost("/forgotPassword", on: router) { request, authorization, form in
            let username = (form["username"] ?? "").trimmingCharacters(in: .whitespaces)
            do {
                let delivery = try await services.accounts.forgotPassword(ForgotPasswordRequest(
                    clientId: authorization.clientId,
                    secretHash: try await services.oauth.secretHash(clientId: authorization.clientId, username: username),
                    username: username
                ))
                var query = authorization.request.items.map { ($0.name, $0.value) }
                query.append(("username", username))
                if let destination = delivery.destination { query.append(("destination", destination)) }
                return HostedPage().redirect(to: "/confirmForgotPassword?" + FormEncoding.encode(query))
            } catch let error as CognitoError where !error.isServerFault {
                return await forgotPasswordPage(request, authorization: authorization, username: username, error: error.message)
            }
        }

        router.get("/confirmForgotPassword") { request, _ in
            try await handling {
                let authorization = try await authorization(request)
                let query = query(request)
                return await confirmForgotPasswordPage(
                    request, authorization: authorization, username: query["username"] ?? "", destination: query["destination"]
                )
            }
        }

        formPost("/confirmForgotPassword", on: router) { request, authorization, form in
            let username = form["username"] ?? ""
            do {
                try await services.accounts.confirmForgotPassword(ConfirmForgotPasswordRequest(
                    clientId: authorization.clientId,
                    secretHash: try await services.oauth.secretHash(clientId: authorization.clientId, username: username),
                    username: username, confirmationCode: (form["code"] ?? "").trimmingCharacters(in: .whitespaces),
                    password: form["password"] ?? ""
                ))
                return HostedPage().redirect(to: "/login?" + authorization.request.query + "&notice=password_reset")
            } catch let error as CognitoError where !error.isServerFault {
                return await confirmForgotPasswordPage(
                    request, authorization: authorization, username: username, destination: nil, error: error.message
                )
            }
        }
    }

    func forgotPasswordPage(
        _ request: Request, authorization: OAuthService.ValidatedAuthorization, username: String, error: String? = nil
    ) async -> Response {
        var page = page(for: authorization)
        if error != nil { page.status = .badRequest }
        let nonce = HostedPage.nonce()
        let csrf = csrfToken(request, page: &page)
        var view = await view(title: "Forgot your password?", authorization: authorization, csrf: csrf, nonce: nonce, error: error)
        view["fields"] = [Self.field("username", label: await usernameLabel(authorization), value: username, autocomplete: "username", invalid: error != nil, autofocus: true)]
        return render("forgotPassword", view, page: page, nonce: nonce)
    }

    func confirmForgotPasswordPage(
        _ request: Request, authorization: OAuthService.ValidatedAuthorization, username: String, destination: String?,
        error: String? = nil
    ) async -> Response {
        var page = page(for: authorization)
        if error != nil { page.status = .badRequest }
        let nonce = HostedPage.nonce()
        let csrf = csrfToken(request, page: &page)
        var view = await view(title: "Reset your password", authorization: authorization, csrf: csrf, nonce: nonce, error: error)
        view["username"] = username
        view["description"] =
            destination.map { "We sent a code to \($0). Enter it and choose a new password." } ?? "Enter the code we sent you and choose a new password."
        view["fields"] = [
            Self.field("code", label: "Code", autocomplete: "one-time-code", invalid: error != nil, autofocus: true),
            Self.field("password", label: "New password", type: "password", autocomplete: "new-password", invalid: error != nil),
        ]
        view["passwordRules"] = (try? await services.oauth.signUpForm(clientId: authorization.clientId).passwordRules) ?? []
        return render("confirmForgotPassword", view, page: page, nonce: nonce)
    }
}

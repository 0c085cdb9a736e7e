import CognateCore
import CognitoModel
import Foundation
import Hummingbird

extension HostedUI {
    /// Notices other pages send the browser back to `/login` with (a fixed set: no text is reflected).
    static var notices: [String: String] {
        [
            "password_reset": "Your password has been reset. Sign in with your new password.",
            "confirmed": "Your account is confirmed. Sign in to continue.",
        ]
    }

    func registerSignIn(on router: Router<Context>) {
        router.get("/login") { request, _ in
            try await handling {
                let authorization = try await authorization(request)
                let notice = query(request)["notice"].flatMap { Self.notices[$0] }
                return await loginPage(request, authorization: authorization, notice: notice)
            }
        }

        formPost("/login", on: router) { request, authorization, form in
            let username = (form["username"] ?? "").trimmingCharacters(in: .whitespaces)
            guard !username.isEmpty, let password = form["password"], !password.isEmpty else {
                return await loginPage(request, authorization: authorization, error: "Enter your username and password.", username: username)
            }
            do {
                let outcome = try await services.authentication.hostedSignIn(
                    username: username, password: password, clientId: authorization.clientId
                )
                return try await finish(outcome, request: request, authorization: authorization, username: username)
            } catch let error as CognitoError where !error.isServerFault {
                if error.code == .userNotConfirmed {
                    return try await confirmPage(
                        request, authorization: authorization, username: username,
                        notice: "Your account is not confirmed yet. Enter the code we sent you, or ask for a new one."
                    )
                }
                if error.code == .passwordResetRequired {
                    var query = authorization.request.items.map { ($0.name, $0.value) }
                    query.append(("username", username))
                    return HostedPage().redirect(to: "/confirmForgotPassword?" + FormEncoding.encode(query))
                }
                return await loginPage(request, authorization: authorization, error: error.message, username: username)
            }
        }

        formPost("/login/newPassword", on: router) { request, authorization, form in
            let missing = (form["attributes"] ?? "").split(separator: " ").map(String.init)
            var attributes: [String: String] = [:]
            for name in missing { attributes[name] = form[name] ?? "" }
            do {
                let outcome = try await services.authentication.hostedNewPassword(
                    session: form["session"] ?? "", password: form["password"] ?? "", attributes: attributes,
                    clientId: authorization.clientId
                )
                return try await finish(outcome, request: request, authorization: authorization)
            } catch let error as CognitoError where !error.isServerFault {
                if error.code == .notAuthorized {  // the sealed session expired: start again
                    return await loginPage(request, authorization: authorization, error: error.message)
                }
                return await newPasswordPage(
                    request, authorization: authorization, session: form["session"] ?? "", missing: missing, values: attributes,
                    error: error.message
                )
            }
        }
    }

    func finish(
        _ outcome: AuthenticationService.HostedSignIn, request: Request, authorization: OAuthService.ValidatedAuthorization,
        username: String = ""
    ) async throws -> Response {
        switch outcome {
        case .signedIn(let poolId, let sub, let authTime):
            return try await signIn(poolId: poolId, sub: sub, authTime: authTime, authorization: authorization, page: page(for: authorization))
        case .newPasswordRequired(let session, let missing):
            return await newPasswordPage(request, authorization: authorization, session: session, missing: missing, values: [:])
        case .secondFactor(let challenge, let session, let destination, let choices):
            return await secondFactorPage(
                request, authorization: authorization, challenge: challenge, session: session, destination: destination, choices: choices,
                username: username
            )
        }
    }

    func loginPage(
        _ request: Request, authorization: OAuthService.ValidatedAuthorization, error: String? = nil, notice: String? = nil,
        username: String = ""
    ) async -> Response {
        var page = page(for: authorization)
        if error != nil { page.status = .badRequest }
        let nonce = HostedPage.nonce()
        let csrf = csrfToken(request, page: &page)
        var view = await view(title: "Sign in", authorization: authorization, csrf: csrf, nonce: nonce, error: error, notice: notice)
        view["fields"] = [
            Self.field("username", label: await usernameLabel(authorization), value: username, autocomplete: "username", invalid: error != nil, autofocus: username.isEmpty),
            Self.field("password", label: "Password", type: "password", autocomplete: "current-password", invalid: error != nil, autofocus: !username.isEmpty),
        ]
        return render("login", view, page: page, nonce: nonce)
    }

    func newPasswordPage(
        _ request: Request, authorization: OAuthService.ValidatedAuthorization, session: String, missing: [String],
        values: [String: String], error: String? = nil
    ) async -> Response {
        var page = page(for: authorization)
        if error != nil { page.status = .badRequest }
        let nonce = HostedPage.nonce()
        let csrf = csrfToken(request, page: &page)
        var view = await view(title: "Change your password", authorization: authorization, csrf: csrf, nonce: nonce, error: error)
        var fields = [Self.field("password", label: "New password", type: "password", autocomplete: "new-password", invalid: error != nil, autofocus: true)]
        for name in missing {
            let input = Self.inputType(for: name)
            fields.append(Self.field(name, label: Self.label(for: name), type: input.type, value: values[name] ?? "", autocomplete: input.autocomplete))
        }
        view["fields"] = fields
        view["askAttributes"] = !missing.isEmpty
        view["carried"] = [["name": "session", "value": session], ["name": "attributes", "value": missing.joined(separator: " ")]]
        view["passwordRules"] = (try? await services.oauth.signUpForm(clientId: authorization.clientId).passwordRules) ?? []
        return render("newPassword", view, page: page, nonce: nonce)
    }
}

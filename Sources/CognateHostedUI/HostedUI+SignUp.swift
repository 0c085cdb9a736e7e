import CognateCore
import CognitoModel
import Foundation
import Hummingbird

extension HostedUI {
    func registerSignUp(on router: Router<Context>) {
        router.get("/signup") { request, _ in
            try await handling {
                let authorization = try await authorization(request)
                return try await signUpPage(request, authorization: authorization, values: [:])
            }
        }

        formPost("/signup", on: router) { request, authorization, form in
            let fields = try await services.oauth.signUpForm(clientId: authorization.clientId)
            let username = (form[fields.usernameField] ?? "").trimmingCharacters(in: .whitespaces)
            var attributes: [AttributeType] = []
            for name in fields.requiredAttributes {
                attributes.append(AttributeType(name: name, value: (form[name] ?? "").trimmingCharacters(in: .whitespaces)))
            }
            do {
                let response = try await services.accounts.signUp(SignUpRequest(
                    clientId: authorization.clientId,
                    secretHash: try await services.oauth.secretHash(clientId: authorization.clientId, username: username),
                    username: username, password: form["password"] ?? "", userAttributes: attributes
                ))
                if response.userConfirmed {
                    return try await signIn(
                        poolId: authorization.poolId, sub: response.userSub, authorization: authorization,
                        page: page(for: authorization)
                    )
                }
                // This browser chose the password: once the code confirms the account, it is signed in.
                var page = HostedPage()
                let pending = try services.oauth.sealPendingSignUp(poolId: authorization.poolId, sub: response.userSub)
                page.cookies.append(Cookies.set(Cookies.pendingSignUp, pending, maxAge: Int(HostedSession.lifetime), secure: secureCookies))
                var query = authorization.request.items.map { ($0.name, $0.value) }
                query.append(("username", username))
                if let destination = response.codeDeliveryDetails?.destination { query.append(("destination", destination)) }
                return page.redirect(to: "/confirmUser?" + FormEncoding.encode(query))
            } catch let error as CognitoError where !error.isServerFault {
                var values = form
                values["password"] = nil
                return try await signUpPage(request, authorization: authorization, values: values, error: error.message)
            }
        }

        router.get("/confirmUser") { request, _ in
            try await handling {
                let query = query(request)
                if query["confirmation_code"] != nil { return await confirmationLink(query) }
                let authorization = try await authorization(request)
                let destination = query["destination"].map { "We sent a code to \($0). Enter it below to confirm your account." }
                return try await confirmPage(request, authorization: authorization, username: query["username"] ?? "", description: destination)
            }
        }

        formPost("/confirmUser", on: router) { request, authorization, form in
            let username = form["username"] ?? ""
            do {
                try await services.accounts.confirmSignUp(ConfirmSignUpRequest(
                    clientId: authorization.clientId,
                    secretHash: try await services.oauth.secretHash(clientId: authorization.clientId, username: username),
                    username: username, confirmationCode: (form["code"] ?? "").trimmingCharacters(in: .whitespaces)
                ))
            } catch let error as CognitoError where !error.isServerFault {
                return try await confirmPage(request, authorization: authorization, username: username, error: error.message)
            }
            if let pending = services.oauth.pendingSignUp(fromCookie: request.cookies[Cookies.pendingSignUp]?.value),
                pending.poolId == authorization.poolId,
                let user = try await services.oauth.user(named: username, clientId: authorization.clientId), user.sub == pending.sub
            {
                return try await signIn(
                    poolId: user.poolId, sub: user.sub, authorization: authorization, page: page(for: authorization)
                )
            }
            return HostedPage().redirect(to: "/login?" + authorization.request.query + "&notice=confirmed")
        }

        formPost("/resendCode", on: router) { request, authorization, form in
            let username = form["username"] ?? ""
            do {
                let delivery = try await services.accounts.resendConfirmationCode(ResendConfirmationCodeRequest(
                    clientId: authorization.clientId,
                    secretHash: try await services.oauth.secretHash(clientId: authorization.clientId, username: username),
                    username: username
                ))
                return try await confirmPage(
                    request, authorization: authorization, username: username,
                    notice: "We sent a new code to \(delivery.destination ?? "you")."
                )
            } catch let error as CognitoError where !error.isServerFault {
                return try await confirmPage(request, authorization: authorization, username: username, error: error.message)
            }
        }
    }

    func signUpPage(
        _ request: Request, authorization: OAuthService.ValidatedAuthorization, values: [String: String], error: String? = nil
    ) async throws -> Response {
        let form = try await services.oauth.signUpForm(clientId: authorization.clientId)
        var page = page(for: authorization)
        if error != nil { page.status = .badRequest }
        let nonce = HostedPage.nonce()
        let csrf = csrfToken(request, page: &page)
        var view = await view(title: "Sign up", authorization: authorization, csrf: csrf, nonce: nonce, error: error)
        let usernameInput = Self.inputType(for: form.usernameField)
        var fields = [
            Self.field(
                form.usernameField, label: form.usernameField == "username" ? "Username" : Self.label(for: form.usernameField),
                type: usernameInput.type, value: values[form.usernameField] ?? "",
                autocomplete: form.usernameField == "username" ? "username" : usernameInput.autocomplete, autofocus: true
            )
        ]
        for name in form.requiredAttributes {
            let input = Self.inputType(for: name)
            fields.append(Self.field(name, label: Self.label(for: name), type: input.type, value: values[name] ?? "", autocomplete: input.autocomplete))
        }
        fields.append(Self.field("password", label: "Password", type: "password", autocomplete: "new-password", invalid: error != nil))
        view["fields"] = fields
        view["passwordRules"] = form.passwordRules
        return render("signup", view, page: page, nonce: nonce)
    }

    func confirmPage(
        _ request: Request, authorization: OAuthService.ValidatedAuthorization, username: String, description: String? = nil,
        error: String? = nil, notice: String? = nil
    ) async throws -> Response {
        var page = page(for: authorization)
        if error != nil { page.status = .badRequest }
        let nonce = HostedPage.nonce()
        let csrf = csrfToken(request, page: &page)
        var view = await view(title: "Confirm your account", authorization: authorization, csrf: csrf, nonce: nonce, error: error, notice: notice)
        view["username"] = username
        view["description"] = description ?? "Enter the code we sent you to confirm your account."
        view["fields"] = [
            Self.field("code", label: "Verification code", autocomplete: "one-time-code", invalid: error != nil, autofocus: true)
        ]
        return render("confirm", view, page: page, nonce: nonce)
    }

    /// `GET /confirmUser?client_id=…&user_name=…&confirmation_code=…`: where a CONFIRM_WITH_LINK email
    /// points. Confirms the sign-up and says so.
    func confirmationLink(_ query: [String: String]) async -> Response {
        var page = HostedPage()
        let nonce = HostedPage.nonce()
        guard let clientId = query["client_id"], let username = query["user_name"], let code = query["confirmation_code"] else {
            page.status = .badRequest
            return render("message", ["title": "Invalid link", "nonce": nonce, "error": "This confirmation link is incomplete."], page: page, nonce: nonce)
        }
        do {
            try await services.accounts.confirmSignUp(
                ConfirmSignUpRequest(clientId: clientId, username: username, confirmationCode: code), fromLink: true
            )
            let view: [String: Any] = [
                "title": "Registration confirmed", "nonce": nonce, "notice": "Your registration has been confirmed. You can sign in now.",
            ]
            return render("message", view, page: page, nonce: nonce)
        } catch {
            page.status = .badRequest
            let message = (error as? CognitoError)?.message ?? "The confirmation failed."
            return render("message", ["title": "Confirmation failed", "nonce": nonce, "error": message], page: page, nonce: nonce)
        }
    }
}

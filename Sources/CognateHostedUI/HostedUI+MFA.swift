import CognateCore
import CognitoModel
import Foundation
import Hummingbird

/// The hosted UI's second-factor pages: the code from an authenticator app or an email, the choice
/// between factors, and enrolling an authenticator app (a QR code drawn here as SVG, and the secret as
/// text) when the pool requires MFA and the user has none.
extension HostedUI {
    func registerMFA(on router: Router<Context>) {
        formPost("/login/mfa", on: router) { request, authorization, form in
            let challenge = form["challenge"] ?? ""
            let session = form["session"] ?? ""
            let answer = (form["answer"] ?? form["code"] ?? "").trimmingCharacters(in: .whitespaces)
            do {
                let outcome = try await services.authentication.hostedSecondFactor(
                    challenge: challenge, session: session, answer: answer, clientId: authorization.clientId
                )
                return try await finish(outcome, request: request, authorization: authorization, username: form["username"] ?? "")
            } catch let error as CognitoError where !error.isServerFault {
                if error.code == .notAuthorized && error.message.contains("session") {
                    return await loginPage(request, authorization: authorization, error: "The sign-in took too long. Sign in again.")
                }
                return await secondFactorPage(
                    request, authorization: authorization, challenge: challenge, session: session, destination: form["destination"],
                    choices: [], username: form["username"] ?? "", error: Self.codeError(error)
                )
            }
        }

        formPost("/login/mfaSetup", on: router) { request, authorization, form in
            let session = form["session"] ?? ""
            let username = form["username"] ?? ""
            let code = (form["code"] ?? "").trimmingCharacters(in: .whitespaces)
            do {
                let verified = try await services.mfa.verify(accessToken: nil, session: session, code: code, deviceName: "Hosted UI")
                let outcome = try await services.authentication.hostedSecondFactor(
                    challenge: ChallengeNameType.mfaSetup.rawValue, session: verified.session ?? "", answer: "", clientId: authorization.clientId
                )
                return try await finish(outcome, request: request, authorization: authorization, username: username)
            } catch let error as CognitoError where !error.isServerFault {
                if error.code == .notAuthorized {
                    return await loginPage(request, authorization: authorization, error: "The sign-in took too long. Sign in again.")
                }
                return await setupPage(
                    request, authorization: authorization, session: session, secret: form["secret"] ?? "", username: username,
                    error: Self.codeError(error)
                )
            }
        }
    }

    static func codeError(_ error: CognitoError) -> String {
        switch error.code {
        case .codeMismatch, .enableSoftwareTokenMFA: return "That code is not right. Enter the current code."
        case .expiredCode: return "That code has expired. Sign in again to get a new one."
        default: return error.message
        }
    }

    /// The page a second factor calls for.
    func secondFactorPage(
        _ request: Request, authorization: OAuthService.ValidatedAuthorization, challenge: String, session: String, destination: String?,
        choices: [String], username: String, error: String? = nil
    ) async -> Response {
        if challenge == ChallengeNameType.mfaSetup.rawValue {
            do {
                let associated = try await services.mfa.associate(accessToken: nil, session: session)
                return await setupPage(
                    request, authorization: authorization, session: associated.session ?? "", secret: associated.secret, username: username
                )
            } catch {
                return await loginPage(request, authorization: authorization, error: "The sign-in took too long. Sign in again.")
            }
        }
        var page = page(for: authorization)
        if error != nil { page.status = .badRequest }
        let nonce = HostedPage.nonce()
        let csrf = csrfToken(request, page: &page)
        let choosing = challenge == ChallengeNameType.selectMfaType.rawValue
        let title = choosing ? "Choose how to verify" : "Enter your code"
        var view = await view(title: title, authorization: authorization, csrf: csrf, nonce: nonce, error: error)
        var carried = [["name": "session", "value": session], ["name": "challenge", "value": challenge], ["name": "username", "value": username]]
        if let destination { carried.append(["name": "destination", "value": destination]) }
        view["carried"] = carried
        if choosing {
            view["choices"] = choices.map { ["value": $0, "label": $0 == ChallengeNameType.emailOtp.rawValue ? "Email me a code" : "Use my authenticator app"] }
            return render("mfaSelect", view, page: page, nonce: nonce)
        }
        view["description"] = challenge == ChallengeNameType.emailOtp.rawValue
            ? "We sent a code to \(destination ?? "your email address"). Enter it to finish signing in."
            : "Open your authenticator app and enter the 6-digit code it shows for this account."
        view["fields"] = [Self.codeField(invalid: error != nil)]
        return render("mfa", view, page: page, nonce: nonce)
    }

    /// Enrolling an authenticator app during sign-in: QR code and secret, then the first code.
    func setupPage(
        _ request: Request, authorization: OAuthService.ValidatedAuthorization, session: String, secret: String, username: String,
        error: String? = nil
    ) async -> Response {
        var page = page(for: authorization)
        if error != nil { page.status = .badRequest }
        let nonce = HostedPage.nonce()
        let csrf = csrfToken(request, page: &page)
        var view = await view(title: "Set up your authenticator app", authorization: authorization, csrf: csrf, nonce: nonce, error: error)
        let issuer = (try? await services.userPools.describe(id: authorization.poolId).name) ?? "Cognate"
        let uri = Self.otpauthURI(secret: secret, account: username.isEmpty ? "user" : username, issuer: issuer)
        view["qrSVG"] = QRCode(text: uri)?.svg(label: "QR code for your authenticator app")
        view["secret"] = Self.grouped(secret)
        view["otpauth"] = uri
        view["carried"] = [["name": "session", "value": session], ["name": "secret", "value": secret], ["name": "username", "value": username]]
        view["fields"] = [Self.codeField(invalid: error != nil)]
        return render("mfaSetup", view, page: page, nonce: nonce)
    }

    static func codeField(invalid: Bool) -> [String: Any] {
        var field = Self.field("code", label: "Code", autocomplete: "one-time-code", invalid: invalid, autofocus: true)
        field["numeric"] = true
        return field
    }

    /// `otpauth://totp/Issuer:account?secret=…&issuer=…`, the URI authenticator apps read from a QR code.
    static func otpauthURI(secret: String, account: String, issuer: String) -> String {
        let label = FormEncoding.escape(issuer + ":" + account)
        let issuerValue = FormEncoding.escape(issuer)
        return "otpauth://totp/\(label)?secret=\(secret)&issuer=\(issuerValue)&algorithm=SHA1&digits=6&period=30"
    }

    /// The secret in groups of four, easier to type into an app by hand.
    static func grouped(_ secret: String) -> String {
        stride(from: 0, to: secret.count, by: 4).map { start in
            let from = secret.index(secret.startIndex, offsetBy: start)
            return String(secret[from..<(secret.index(from, offsetBy: 4, limitedBy: secret.endIndex) ?? secret.endIndex)])
        }.joined(separator: " ")
    }
}

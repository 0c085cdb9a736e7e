import Mustache

/// The hosted UI's pages as mustache templates, compiled into the binary (no template files to ship or
/// find at run time). Class names ending in `-customizable` are the ones Cognito's UI customization CSS
/// styles, so a pool's existing CSS applies unchanged.
enum HostedTemplates {
    static let library: MustacheLibrary = {
        var library = MustacheLibrary()
        do {
            for (name, text) in templates.merging(AdminTemplates.templates, uniquingKeysWith: { hosted, _ in hosted }) {
                try library.register(text, named: name)
            }
        } catch {
            preconditionFailure("A hosted UI or console template does not parse: \(error)")
        }
        return library
    }()

    static func render(_ name: String, _ view: [String: Any]) -> String {
        guard let html = library.render(view, withTemplate: name) else { preconditionFailure("No template \(name)") }
        return html
    }

    static let templates: [String: String] = [
        "header": header, "footer": footer, "hidden": hidden, "field": field, "login": login, "newPassword": newPassword,
        "signup": signup, "confirm": confirm, "forgotPassword": forgotPassword, "confirmForgotPassword": confirmForgotPassword,
        "message": message, "mfa": mfa, "mfaSelect": mfaSelect, "mfaSetup": mfaSetup,
    ]

    static let header = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{title}}</title>
        <style nonce="{{nonce}}">
        body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f2933; background: #f4f6f8; }
        main { max-width: 24rem; margin: 2rem auto; padding: 1.5rem; background: #fff; border-radius: 8px; box-shadow: 0 1px 4px rgba(0,0,0,.12); }
        @media (max-width: 30rem) { main { margin: 0; border-radius: 0; box-shadow: none; min-height: 100vh; } }
        h1 { font-size: 1.4rem; margin: 0 0 1rem; }
        .banner-customizable { text-align: center; margin-bottom: 1rem; }
        .logo-customizable { max-width: 100%; max-height: 6rem; }
        label { display: block; font-weight: 600; margin: .75rem 0 .25rem; }
        input[type=text], input[type=password], input[type=email], input[type=tel] { box-sizing: border-box; width: 100%; padding: .6rem; font-size: 1rem; border: 1px solid #9aa5b1; border-radius: 4px; }
        input:focus, button:focus, a:focus { outline: 3px solid #2563eb; outline-offset: 1px; }
        button { width: 100%; margin-top: 1.25rem; padding: .7rem; font-size: 1rem; font-weight: 600; color: #fff; background: #1d4ed8; border: 0; border-radius: 4px; cursor: pointer; }
        button.secondary { background: #fff; color: #1d4ed8; border: 1px solid #1d4ed8; }
        .errorMessage-customizable { color: #9b1c1c; background: #fde8e8; border-radius: 4px; padding: .6rem; margin: .5rem 0; }
        .notice { color: #03543f; background: #def7ec; border-radius: 4px; padding: .6rem; margin: .5rem 0; }
        .textDescription-customizable { color: #52606d; font-size: .9rem; }
        .links { margin-top: 1rem; font-size: .95rem; }
        .links a { display: block; margin-top: .4rem; }
        </style>
        {{#customCSS}}<style nonce="{{nonce}}">{{{customCSS}}}</style>{{/customCSS}}
        </head>
        <body class="background-customizable">
        <main>
        <div class="banner-customizable">{{#logoURL}}<img class="logo-customizable" src="{{logoURL}}" alt="">{{/logoURL}}</div>
        <h1>{{title}}</h1>
        {{#error}}<p id="error" role="alert" class="errorMessage-customizable">{{error}}</p>{{/error}}
        {{#notice}}<p id="notice" role="status" class="notice">{{notice}}</p>{{/notice}}
        """

    static let footer = """
        </main>
        </body>
        </html>
        """

    static let hidden = """
        <input type="hidden" name="_csrf" value="{{csrf}}">
        {{#carried}}<input type="hidden" name="{{name}}" value="{{value}}">
        {{/carried}}
        """

    /// One labelled input; `describedBy` ties the page's error to the field it concerns.
    static let field = """
        <label class="label-customizable" for="{{id}}">{{label}}</label>
        <input class="inputField-customizable" id="{{id}}" name="{{name}}" type="{{type}}" value="{{value}}" autocomplete="{{autocomplete}}"{{#numeric}} inputmode="numeric" pattern="[0-9]*" maxlength="6"{{/numeric}}{{#required}} required{{/required}}{{#invalid}} aria-invalid="true" aria-describedby="error"{{/invalid}}{{#autofocus}} autofocus{{/autofocus}}>
        """

    static let login = """
        {{> header}}
        <form method="post" action="/login?{{query}}" novalidate>
        {{> hidden}}
        {{#fields}}{{> field}}{{/fields}}
        <button type="submit" class="submitButton-customizable" name="signInSubmitButton">Sign in</button>
        </form>
        <p class="links">
        <a id="forgot-password-link" class="redirect-customizable" href="/forgotPassword?{{query}}">Forgot your password?</a>
        <a id="signup-link" class="redirect-customizable" href="/signup?{{query}}">Need an account? Sign up</a>
        </p>
        {{> footer}}
        """

    static let newPassword = """
        {{> header}}
        <p class="textDescription-customizable">Please choose a new password{{#askAttributes}} and complete your profile{{/askAttributes}}.</p>
        <form method="post" action="/login/newPassword?{{query}}" novalidate>
        {{> hidden}}
        {{#fields}}{{> field}}{{/fields}}
        <ul class="textDescription-customizable" id="password-rules">{{#passwordRules}}<li>{{.}}</li>{{/passwordRules}}</ul>
        <button type="submit" class="submitButton-customizable">Send</button>
        </form>
        {{> footer}}
        """

    static let signup = """
        {{> header}}
        <form method="post" action="/signup?{{query}}" novalidate>
        {{> hidden}}
        {{#fields}}{{> field}}{{/fields}}
        <p class="textDescription-customizable" id="password-rules-title">Your password needs:</p>
        <ul class="textDescription-customizable" id="password-rules" aria-labelledby="password-rules-title">{{#passwordRules}}<li>{{.}}</li>{{/passwordRules}}</ul>
        <button type="submit" class="submitButton-customizable">Sign up</button>
        </form>
        <p class="links"><a class="redirect-customizable" href="/login?{{query}}">Already have an account? Sign in</a></p>
        {{> footer}}
        """

    static let confirm = """
        {{> header}}
        <p class="textDescription-customizable">{{description}}</p>
        <form method="post" action="/confirmUser?{{query}}" novalidate>
        {{> hidden}}
        <input type="hidden" name="username" value="{{username}}">
        {{#fields}}{{> field}}{{/fields}}
        <button type="submit" class="submitButton-customizable">Confirm account</button>
        </form>
        <form method="post" action="/resendCode?{{query}}">
        {{> hidden}}
        <input type="hidden" name="username" value="{{username}}">
        <button type="submit" id="resend-code" class="secondary">Send a new code</button>
        </form>
        {{> footer}}
        """

    static let forgotPassword = """
        {{> header}}
        <p class="textDescription-customizable">Enter your username and we will send you a code to reset your password.</p>
        <form method="post" action="/forgotPassword?{{query}}" novalidate>
        {{> hidden}}
        {{#fields}}{{> field}}{{/fields}}
        <button type="submit" class="submitButton-customizable">Reset my password</button>
        </form>
        <p class="links"><a class="redirect-customizable" href="/login?{{query}}">Back to sign in</a></p>
        {{> footer}}
        """

    static let confirmForgotPassword = """
        {{> header}}
        <p class="textDescription-customizable">{{description}}</p>
        <form method="post" action="/confirmForgotPassword?{{query}}" novalidate>
        {{> hidden}}
        <input type="hidden" name="username" value="{{username}}">
        {{#fields}}{{> field}}{{/fields}}
        <ul class="textDescription-customizable" id="password-rules">{{#passwordRules}}<li>{{.}}</li>{{/passwordRules}}</ul>
        <button type="submit" class="submitButton-customizable">Change password</button>
        </form>
        {{> footer}}
        """

    static let message = """
        {{> header}}
        {{#text}}<p class="textDescription-customizable">{{text}}</p>{{/text}}
        {{> footer}}
        """

    static let mfa = """
        {{> header}}
        <p class="textDescription-customizable" id="mfa-description">{{description}}</p>
        <form method="post" action="/login/mfa?{{query}}" novalidate>
        {{> hidden}}
        {{#fields}}{{> field}}{{/fields}}
        <button type="submit" class="submitButton-customizable" id="verify-code">Sign in</button>
        </form>
        {{> footer}}
        """

    static let mfaSelect = """
        {{> header}}
        <form method="post" action="/login/mfa?{{query}}">
        {{> hidden}}
        {{#choices}}<button type="submit" name="answer" value="{{value}}" id="choose-{{value}}" class="secondary">{{label}}</button>
        {{/choices}}
        </form>
        {{> footer}}
        """

    static let mfaSetup = """
        {{> header}}
        <p class="textDescription-customizable">This account needs a second step at sign-in. Scan the code with an authenticator app, or type the key into it, then enter the 6-digit code it shows.</p>
        {{#qrSVG}}<div id="qr-code" class="qr">{{{qrSVG}}}</div>{{/qrSVG}}
        <p class="textDescription-customizable">Key: <code id="totp-secret">{{secret}}</code></p>
        <form method="post" action="/login/mfaSetup?{{query}}" novalidate>
        {{> hidden}}
        {{#fields}}{{> field}}{{/fields}}
        <button type="submit" class="submitButton-customizable" id="verify-code">Verify and sign in</button>
        </form>
        {{> footer}}
        """
}

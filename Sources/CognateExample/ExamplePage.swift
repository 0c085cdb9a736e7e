/// The example's one page and its script. The page is plain HTML rendered on the server; the script
/// only wires the buttons to the browser helper and finishes the redirect back from the hosted UI.
enum ExamplePage {
    static func render(settings: ExampleSettings, email: String?) -> String {
        let body: String
        if let email {
            body = """
                <p id="greeting">Hello \(escape(email))</p>
                <button id="logout" type="button">Logout</button>
                """
        } else {
            body = """
                <p>You are not signed in.</p>
                <button id="sign-in" type="button">Sign In</button>
                <button id="register" type="button">Register</button>
                """
        }
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Cognate example</title>
            <style>body { font: 16px/1.5 system-ui, sans-serif; max-width: 32rem; margin: 3rem auto; padding: 0 1rem; } button { font-size: 1rem; padding: .5rem 1rem; margin-right: .5rem; }</style>
            </head>
            <body>
            <h1>Cognate example</h1>
            <main id="app" data-cognate-url="\(escape(settings.cognateURL))" data-client-id="\(escape(settings.clientId))"
                data-redirect-uri="\(escape(settings.callbackURL))" data-signed-in="\(email == nil ? "false" : "true")">
            \(body)
            </main>
            <script type="module" src="/assets/app.js"></script>
            </body>
            </html>
            """
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    static let script = """
        import { configure, loginWithRedirect, signUpWithRedirect, handleRedirectCallback, performLogout } from "./cognate-auth.js";

        const app = document.getElementById("app").dataset;
        configure({ cognateUrl: app.cognateUrl, clientId: app.clientId, redirectUri: app.redirectUri, scopes: ["openid", "email"] });

        document.getElementById("sign-in")?.addEventListener("click", () => loginWithRedirect());
        document.getElementById("register")?.addEventListener("click", () => signUpWithRedirect());
        document.getElementById("logout")?.addEventListener("click", () => performLogout());

        const params = new URLSearchParams(window.location.search);
        if (params.has("code") || params.has("error")) {
          // Back from the hosted UI: exchange the code (PKCE), then let the server render the signed-in page.
          try {
            await handleRedirectCallback();
          } finally {
            window.location.replace("/");
          }
        } else if (app.signedIn === "false" && !sessionStorage.getItem("cognate-example-refreshed")) {
          // Expired access token but a refresh token kept: refresh once, then render again.
          sessionStorage.setItem("cognate-example-refreshed", "1");
          const user = await handleRedirectCallback().catch(() => null);
          if (user) window.location.replace("/");
        } else if (app.signedIn === "true") {
          sessionStorage.removeItem("cognate-example-refreshed");
        }
        """
}

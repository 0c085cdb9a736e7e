"""cognate-auth.js (clients/js/), the browser helper, in headless Chromium against a real Cognate server.

A small static server on 127.0.0.1 plays the app: it serves clients/js/ (so the test pages can import the
module) and `/test/config.json` (Cognate's URL and the client), on another port than Cognate, so the app
and Cognate are different origins and the token endpoint is reached cross-origin, as in production. Its
page `/test/app.html` is the client's callback URL and calls handleRedirectCallback on every load;
`/test/signed-out.html` is its sign-out URL; `/test/unit.html` checks the internals (PKCE, base64url, the
authorize URL, refused callbacks) without a server.

Covered: loginWithRedirect → /login → back on the app, the code exchanged from the page (cookies, the
tokens verified against the JWKS with PyJWT, the address bar cleaned, getLoggedInUser); a tampered or
missing state refused without a token request (the code stays unused: Python redeems it afterwards);
signUpWithRedirect → /signup → the emailed code → signed in; refresh from the stored refresh token, and a
revoked one clearing everything; performLogout both ways (sign-out URL, and the tutorial's back-to-login
form).

Screenshots of every page go to e2e/artifacts/screenshots/<test>/ (and, on failure, the last page, its
HTML and the browser console). One Chromium serves the module, its cookies and storage cleared before
each test. SQLite only: the browser's side does not depend on the database.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.parse
from dataclasses import dataclass
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

import accounts
from accounts import unique_email, verify
from browser import (
    backend,  # noqa: F401  (SQLite only; this module's fixture)
    Screenshots,
    click_and_wait,
    fill_and_submit,
    start_chromium,
    wait_loaded,
    wait_until,
    page_text,
    path_of,
    query_of,
)
from cognate_e2e import HTTP_TIMEOUT, REPO, CognateServer
from oauth import (
    USER_SCOPES,
    HostedPool,
    User,
    assert_oauth_error,
    create_hosted_pool,
    create_user,
    refresh,
    s256,
    token_request,
    tokens,
)

SERVER_ARGS = accounts.SERVER_ARGS  # the dev outbox (sign-up codes) and cheap Argon2id
PASSWORD = accounts.PASSWORD

CLIENT_DIR = REPO / "clients" / "js"
APP_PAGE = "/test/app.html"
SIGNED_OUT_PAGE = "/test/signed-out.html"
PREFIX = "goldstack_"
ID_COOKIE, ACCESS_COOKIE, REFRESH_KEY = f"{PREFIX}id_token", f"{PREFIX}access_token", f"{PREFIX}refresh_token"
VERIFIER_KEY, STATE_KEY = "cognate_auth.code_verifier", "cognate_auth.state"


# --- the app: a static server on another origin ------------------------------------------------------


@dataclass(frozen=True)
class AppHit:
    path: str
    query: dict[str, str]
    cookie: str


class AppServer:
    """Serves clients/js/ on 127.0.0.1 (another port, so another origin than Cognate) and the page's
    configuration at /test/config.json; records each GET of an .html page with its Cookie header."""

    def __init__(self):
        self.config: dict = {}
        self.hits: list[AppHit] = []
        self.lock = threading.Lock()
        app = self

        class Handler(SimpleHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server's naming)
                parts = urllib.parse.urlsplit(self.path)
                if parts.path.endswith(".html"):
                    with app.lock:
                        app.hits.append(AppHit(parts.path, dict(urllib.parse.parse_qsl(parts.query)),
                                               self.headers.get("Cookie", "")))
                if parts.path == "/test/config.json":
                    body = json.dumps(app.config).encode()
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                    return
                super().do_GET()

            def end_headers(self):
                self.send_header("Cache-Control", "no-store")
                super().end_headers()

            def log_message(self, format, *args):  # quiet
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(Handler, directory=str(CLIENT_DIR)))
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, name="app-server", daemon=True)

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def url(self, path: str) -> str:
        return self.origin + path

    def start(self) -> "AppServer":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)

    def hits_to(self, path: str) -> list[AppHit]:
        with self.lock:
            return [hit for hit in self.hits if hit.path == path]


# --- fixtures ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def app():
    server = AppServer().start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def hosted(idp, server, app) -> HostedPool:
    pool = create_hosted_pool(idp, app.url(APP_PAGE), app.url(SIGNED_OUT_PAGE))
    app.config = {"cognateUrl": server.url, "clientId": pool.public.client_id,
                  "redirectUri": pool.callback, "logoutUri": pool.signed_out}
    return pool


@pytest.fixture(scope="module")
def alice(idp, hosted) -> User:
    return create_user(idp, hosted, PASSWORD)


class UI:
    """The browser on the app's pages and Cognate's, with screenshots of each step."""

    def __init__(self, driver: WebDriver, shots: Screenshots, server: CognateServer, hosted: HostedPool,
                 app: AppServer):
        self.driver = driver
        self.shots = shots
        self.server = server
        self.hosted = hosted
        self.app = app
        self.console: list[str] = []

    def shot(self, page: str) -> None:
        self.shots.take(self.driver, page)

    def console_log(self) -> str:
        try:
            self.console += [f"{entry['level']} {entry['message']}" for entry in self.driver.get_log("browser")]
        except Exception as error:  # noqa: BLE001 (diagnostics only)
            self.console.append(f"(no console log: {error!r})")
        return "\n".join(self.console)

    # the app

    def open_app(self, query: str = "") -> str:
        self.driver.get(self.app.url(APP_PAGE) + query)
        return self.app_status()

    def app_status(self) -> str:
        """Waits for the app page to finish its handleRedirectCallback; its #status."""
        wait_until(self.driver, lambda d: path_of(d) == APP_PAGE, f"the app page {APP_PAGE}")
        wait_loaded(self.driver)
        return wait_until(
            self.driver,
            lambda d: d.execute_script(
                "const s = document.getElementById('status'); return s && s.dataset.state !== 'loading' && s.dataset.state"
            ),
            "the app page's handleRedirectCallback",
        )

    def expect_app(self, status: str, page: str) -> dict:
        """The app page shows `status`; the state of the page (see `state`)."""
        found = self.app_status()
        self.shot(page)
        if found != status:
            raise AssertionError(
                f"the app shows {found!r}, expected {status!r}; #error: {self.text('error')!r}; "
                f"at {self.driver.current_url}\nbrowser console:\n{self.console_log()}"
            )
        return self.state()

    def text(self, element_id: str) -> str:
        found = self.driver.find_elements(By.ID, element_id)
        return found[0].text if found else ""

    def state(self) -> dict:
        """What the helper left on the app's origin: cookies (document.cookie), storage, the fetches the
        page made, and getLoggedInUser()."""
        return self.driver.execute_script("""
            const storage = (s) => Object.fromEntries(Object.keys(s).map((k) => [k, s.getItem(k)]));
            const cookies = Object.fromEntries(document.cookie.split(';').filter((c) => c.includes('='))
                .map((c) => [c.slice(0, c.indexOf('=')).trim(), c.slice(c.indexOf('=') + 1).trim()]));
            return JSON.parse(JSON.stringify({
                cookies, localStorage: storage(localStorage), sessionStorage: storage(sessionStorage),
                fetches: window.__fetches || [], user: window.cognate ? window.cognate.getLoggedInUser() : null,
            }));
        """)

    def token_fetches(self, state: dict) -> list[dict]:
        return [f for f in state["fetches"] if f["url"] == self.server.url + "/oauth2/token"]

    def click(self, element_id: str) -> None:
        click_and_wait(self.driver, self.driver.find_element(By.ID, element_id))

    def cookie(self, name: str) -> dict | None:
        """A cookie of the browser by name (every site: CDP), or None."""
        found = [c for c in self.driver.execute_cdp_cmd("Network.getAllCookies", {})["cookies"] if c["name"] == name]
        return found[0] if found else None

    # Cognate's pages

    def expect_cognate(self, path: str, page: str) -> dict[str, str]:
        """The browser is on Cognate's `path`; its query."""
        try:
            wait_loaded(self.driver)
            assert path_of(self.driver) == path, (
                f"expected the browser on {path}, it is at {self.driver.current_url} showing:\n"
                f"{page_text(self.driver)[:1500]}"
            )
            assert self.driver.current_url.startswith(self.server.url + path), self.driver.current_url
        finally:
            self.shot(page)
        return query_of(self.driver)

    def expect_flow_params(self, query: dict[str, str]) -> None:
        """The parameters of loginWithRedirect / signUpWithRedirect, as Cognate's page carries them."""
        assert query.get("response_type") == "code", query
        assert query.get("client_id") == self.hosted.public.client_id, query
        assert query.get("redirect_uri") == self.hosted.callback, query
        assert query.get("scope") == " ".join(USER_SCOPES), query
        assert query.get("code_challenge_method") == "S256", query
        assert len(query.get("code_challenge", "")) == 43, query
        assert len(query.get("state", "")) >= 22, query

    def sign_in(self, user: User, page: str = "login") -> dict[str, str]:
        """On /login: the flow's parameters are there; signs in. The /login query."""
        query = self.expect_cognate("/login", page)
        self.expect_flow_params(query)
        fill_and_submit(self.driver, {"username": user.login, "password": user.password})
        return query

    def log_in(self, user: User) -> dict:
        """From the app, signed out: loginWithRedirect, /login, back on the app signed in. The app's state."""
        assert self.open_app() == "signed-out", self.text("error")
        self.shot("app-signed-out")
        self.click("login")
        self.sign_in(user)
        return self.expect_app("signed-in", "app-signed-in")


@pytest.fixture(scope="module")
def chromium():
    """One headless Chromium for the module (starting one takes a second); `ui` resets it for each test."""
    driver = start_chromium()
    yield driver
    driver.quit()


@pytest.fixture
def ui(request, chromium, server, hosted, app):
    """The module's browser as a fresh one: no cookies (the app's, nor Cognate's session), empty storage
    on the app's origin, the console log drained."""
    chromium.execute_cdp_cmd("Network.clearBrowserCookies", {})
    chromium.get(app.url("/test/config.json"))  # the app's origin, without the helper running
    chromium.execute_script("localStorage.clear(); sessionStorage.clear();")
    chromium.get_log("browser")
    shots = Screenshots(request.node.name)
    interface = UI(chromium, shots, server, hosted, app)
    failed_before = request.session.testsfailed
    yield interface
    if request.session.testsfailed > failed_before:
        shots.take(chromium, "failure")
        shots.save_source(chromium, "failure")
        (shots.directory / "console.txt").write_text(interface.console_log() + "\n", encoding="utf-8")


def revoke(server: CognateServer, hosted: HostedPool, refresh_token: str) -> None:
    response = requests.post(server.url + "/oauth2/revoke", timeout=HTTP_TIMEOUT,
                             data={"token": refresh_token, "client_id": hosted.public.client_id})
    assert response.status_code == 200, f"revoke: HTTP {response.status_code} {response.text[:300]!r}"


def assert_signed_out(state: dict) -> None:
    assert ID_COOKIE not in state["cookies"] and ACCESS_COOKIE not in state["cookies"], state["cookies"]
    assert REFRESH_KEY not in state["localStorage"], state["localStorage"]
    assert state["user"] is None, state["user"]


# --- unit checks in the browser -------------------------------------------------------------------------


def test_unit_checks_in_the_browser(ui, app):
    ui.driver.get(app.url("/test/unit.html"))
    wait_until(ui.driver, lambda d: d.execute_script("return document.getElementById('results').dataset.done"),
               "the unit checks")
    ui.shot("unit")
    results = json.loads(ui.driver.find_element(By.ID, "results").text)
    failed = [r for r in results if not r["ok"]]
    assert not failed, "\n\n".join(f"{r['name']}:\n{r['detail']}" for r in failed)
    assert len(results) >= 12, [r["name"] for r in results]
    assert any("RFC 7636" in r["name"] for r in results)


# --- sign-in ---------------------------------------------------------------------------------------------


def test_login_exchanges_the_code_and_stores_the_tokens(ui, server, hosted, app, alice):
    assert ui.open_app() == "signed-out"
    ui.shot("app-signed-out")
    ui.click("login")
    query = ui.sign_in(alice)
    state = ui.expect_app("signed-in", "app-signed-in")

    # Cognate redirected to the app with the code and state, and the page removed them from the address bar.
    [landing] = [hit for hit in app.hits_to(APP_PAGE) if hit.query.get("state") == query["state"]]
    assert landing.query.get("code"), landing
    assert ui.driver.current_url == app.url(APP_PAGE), ui.driver.current_url
    assert ui.driver.execute_script("return location.search + location.hash") == ""

    # One token request, from the page, with the code, the verifier of the challenge and no secret.
    [exchange] = ui.token_fetches(state)
    sent = dict(urllib.parse.parse_qsl(exchange["body"]))
    assert exchange["method"] == "POST"
    assert sent["grant_type"] == "authorization_code" and sent["code"] == landing.query["code"], sent
    assert sent["client_id"] == hosted.public.client_id and sent["redirect_uri"] == hosted.callback, sent
    assert s256(sent["code_verifier"]) == query["code_challenge"], sent

    # The tokens: cookies the app's server can read, verified against the pool's JWKS.
    id_token, access_token = state["cookies"][ID_COOKIE], state["cookies"][ACCESS_COOKIE]
    id_claims = verify(server, hosted.pool_id, id_token, token_use="id", audience=hosted.public.client_id)
    access_claims = verify(server, hosted.pool_id, access_token, token_use="access")
    assert id_claims["sub"] == access_claims["sub"] == alice.sub
    assert id_claims["email"] == alice.email
    assert set(access_claims["scope"].split()) == set(USER_SCOPES), access_claims
    for name in (ID_COOKIE, ACCESS_COOKIE):
        cookie = ui.cookie(name)
        assert cookie["path"] == "/" and cookie["sameSite"] == "Lax", cookie
        assert not cookie["httpOnly"] and not cookie["secure"], cookie  # http page: no Secure
        # Max-Age = expires_in: the cookie ends when the token does (give or take the trip).
        assert abs(cookie["expires"] - access_claims["exp"]) < 30, f"max-age is not expires_in: {cookie}"
    assert state["localStorage"].get(REFRESH_KEY), state["localStorage"]
    assert VERIFIER_KEY not in state["sessionStorage"] and STATE_KEY not in state["sessionStorage"], state

    user = state["user"]
    assert user["email"] == alice.email and user["sub"] == alice.sub and user["username"] == alice.username, user
    assert user["idToken"] == id_token and user["accessToken"] == access_token
    assert user["expiresAt"] == time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime(id_claims["exp"])), user
    assert alice.email in ui.text("greeting")

    # A reload: the app's server gets the cookies; the page finds the user without calling Cognate.
    ui.driver.refresh()
    state = ui.expect_app("signed-in", "app-reloaded")
    assert not ui.token_fetches(state), state["fetches"]
    assert f"{ACCESS_COOKIE}={access_token}" in app.hits_to(APP_PAGE)[-1].cookie
    assert f"{ID_COOKIE}={id_token}" in app.hits_to(APP_PAGE)[-1].cookie


def test_a_tampered_state_is_refused_and_the_code_stays_unused(ui, server, hosted, app, alice):
    # The page does not handle the callback by itself, so that the test sees the code first.
    ui.open_app()
    ui.driver.execute_script("sessionStorage.setItem('cognate_test.manual', '1')")
    assert ui.open_app() == "manual"
    ui.click("login")
    login = ui.sign_in(alice)
    ui.expect_app("manual", "callback-not-handled")
    code, state_sent = query_of(ui.driver)["code"], query_of(ui.driver)["state"]
    pending = ui.state()["sessionStorage"]
    assert pending[STATE_KEY] == state_sent == login["state"], pending
    verifier = pending[VERIFIER_KEY]
    assert s256(verifier) == login["code_challenge"]

    ui.driver.execute_script("sessionStorage.removeItem('cognate_test.manual')")
    for query, page in ((f"?code={code}&state={state_sent}x", "tampered-state"), (f"?code={code}", "no-state")):
        assert ui.open_app(query) == "error", f"{query}: {ui.text('error')}"
        ui.shot(page)
        assert "state_mismatch" in ui.text("error"), ui.text("error")
        state = ui.state()
        assert not ui.token_fetches(state), f"the token endpoint was called: {state['fetches']}"
        assert_signed_out(state)
        assert state["sessionStorage"].get(VERIFIER_KEY) == verifier, "the pending flow was dropped"
        assert ui.driver.execute_script("return location.search") == "", "the code stayed in the address bar"

    # The code was never redeemed: the app (here Python) can still exchange it.
    result = tokens(token_request(server, {
        "grant_type": "authorization_code", "client_id": hosted.public.client_id, "code": code,
        "redirect_uri": hosted.callback, "code_verifier": verifier,
    }))
    verify(server, hosted.pool_id, result["id_token"], token_use="id", audience=hosted.public.client_id)


# --- sign-up ----------------------------------------------------------------------------------------------


def test_sign_up_with_redirect(ui, hosted, outbox):
    address = unique_email("helper-signup")
    assert ui.open_app() == "signed-out"
    ui.click("signup")
    query = ui.expect_cognate("/signup", "signup")
    ui.expect_flow_params(query)
    fill_and_submit(ui.driver, {"email": address, "password": PASSWORD})
    ui.expect_cognate("/confirmUser", "confirm-user")
    fill_and_submit(ui.driver, {"code": outbox.code(address, hosted.pool_id)})
    state = ui.expect_app("signed-in", "app-signed-in")
    assert state["user"]["email"] == address, state["user"]
    assert len(ui.token_fetches(state)) == 1


# --- refresh --------------------------------------------------------------------------------------------


def test_refresh_restores_the_cookies_and_a_revoked_token_clears_everything(ui, server, hosted, alice):
    first = ui.log_in(alice)
    refresh_token = first["localStorage"][REFRESH_KEY]

    ui.driver.delete_cookie(ACCESS_COOKIE)
    ui.open_app()
    state = ui.expect_app("signed-in", "app-refreshed")
    [call] = ui.token_fetches(state)
    sent = dict(urllib.parse.parse_qsl(call["body"]))
    assert sent == {"grant_type": "refresh_token", "client_id": hosted.public.client_id,
                    "refresh_token": refresh_token}, sent
    access_token = state["cookies"].get(ACCESS_COOKIE)
    assert access_token, f"the access token cookie is not back: {state['cookies']}"
    claims = verify(server, hosted.pool_id, access_token, token_use="access")
    assert claims["sub"] == alice.sub
    verify(server, hosted.pool_id, state["cookies"][ID_COOKIE], token_use="id", audience=hosted.public.client_id)
    assert state["localStorage"][REFRESH_KEY] == refresh_token  # no rotation: the old one is kept
    assert state["user"]["email"] == alice.email

    # A revoked refresh token: the refresh fails and the page forgets everything.
    revoke(server, hosted, refresh_token)
    ui.driver.delete_cookie(ACCESS_COOKIE)
    assert ui.open_app() == "signed-out", ui.text("error")
    ui.shot("app-refresh-refused")
    state = ui.state()
    assert len(ui.token_fetches(state)) == 1, state["fetches"]
    assert_signed_out(state)


# --- logout ---------------------------------------------------------------------------------------------


def test_logout_to_the_sign_out_url_ends_the_session(ui, server, hosted, app, alice):
    state = ui.log_in(alice)
    refresh_token = state["localStorage"][REFRESH_KEY]
    assert ui.cookie("cognito"), "no Cognate session after signing in"

    ui.click("logout")
    wait_until(ui.driver, lambda d: path_of(d) == SIGNED_OUT_PAGE, "the sign-out URL")
    wait_until(ui.driver, lambda d: d.execute_script("return document.getElementById('left').dataset.ready"),
               "the signed-out page")
    ui.shot("signed-out")
    assert ui.driver.current_url == hosted.signed_out, ui.driver.current_url
    assert_signed_out(ui.state())
    assert not ui.state()["sessionStorage"], ui.state()["sessionStorage"]
    assert ui.cookie(ID_COOKIE) is None and ui.cookie(ACCESS_COOKIE) is None
    session = ui.cookie("cognito")
    assert session is None or session["value"] == "", f"Cognate's session survived /logout: {session}"

    # The helper asked Cognate to revoke the refresh token (a keepalive request: it may land just after).
    deadline = time.monotonic() + 5
    while refresh(server, hosted.public, refresh_token).status_code == 200:
        assert time.monotonic() < deadline, "the refresh token still works after performLogout"
        time.sleep(0.1)
    assert_oauth_error(refresh(server, hosted.public, refresh_token), "invalid_grant")

    # The session is gone: a new sign-in shows the form.
    assert ui.open_app() == "signed-out"
    ui.click("login")
    ui.sign_in(alice, "login-after-logout")
    ui.expect_app("signed-in", "app-signed-in-again")


def test_logout_without_a_sign_out_url_shows_the_sign_in_page(ui, hosted, alice):
    ui.log_in(alice)
    ui.driver.execute_script("sessionStorage.setItem('cognate_test.config', JSON.stringify({logoutUri: null}))")
    assert ui.open_app() == "signed-in"
    ui.click("logout")
    # The tutorial's form: /logout?client_id&redirect_uri&response_type=code…, then /login with a fresh
    # state and challenge, so that signing in there ends in a flow this tab started.
    ui.sign_in(alice, "login-from-logout")
    state = ui.expect_app("signed-in", "app-signed-in-again")
    assert len(ui.token_fetches(state)) == 1
    assert state["user"]["sub"] == alice.sub

"""The hosted UI (docs/hosted-ui.md) in a real browser: headless Chromium through selenium, a real SMTP
server for the codes (mail_sink.py) and a real callback server for the app (browser.py). Sign-up with the
emailed code, the code redeemed with PKCE and the tokens verified against the JWKS; single sign-on from
the session cookie; a wrong password; a password reset; logout both ways; an admin-created user's new
password; and the security headers and cookies of /login.

Each test saves a screenshot of every page it visits to e2e/artifacts/screenshots/<test>/NN-<page>.png
(and, when it fails, the last page and its HTML).

These tests run on SQLite only: the browser makes them the slowest of the suite, and what they add to
test_oauth.py (which runs on both backends) is the browser's side, which does not depend on the database.
"""

from __future__ import annotations

import re
import time
import urllib.parse
from dataclasses import dataclass

import pytest
from selenium.webdriver.common.by import By

from accounts import unique_email, verify
from browser import (  # backend, sink and server are this module's fixtures
    backend,  # noqa: F401
    server,  # noqa: F401
    sink,  # noqa: F401
    CallbackServer,
    Screenshots,
    clear_cookies,
    click_and_wait,
    element_text,
    expect_path,
    fill_and_submit,
    path_of,
    query_of,
    start_chromium,
)
from cognate_e2e import CognateServer
from mail_sink import MailSink
from oauth import (
    USER_SCOPES,
    HostedPool,
    HostedUI,
    User,
    at_hash,
    authorize_params,
    cookie_attributes,
    cookies_set,
    create_hosted_pool,
    create_user,
    location,
    pkce_pair,
    random_state,
    split_url,
    token_request,
    tokens,
)

# Cheap Argon2id (the tests do not care about the hash parameters) and a sender for the codes.

PASSWORD = "Correct-Horse-7"
NEW_PASSWORD = "Battery-Staple-8"
TEMPORARY_PASSWORD = "Temporary-Pass-9"

CODE = re.compile(r"(?<!\d)\d{6}(?!\d)")


# --- fixtures --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def callback():
    app = CallbackServer().start()
    yield app
    app.stop()


@pytest.fixture(scope="module")
def hosted(idp, callback) -> HostedPool:
    return create_hosted_pool(idp, callback.callback_url, callback.signed_out_url)


@pytest.fixture(scope="module")
def alice(idp, hosted) -> User:
    return create_user(idp, hosted, PASSWORD, attributes={"name": "Alice"})


@dataclass
class Flow:
    """One authorize request the browser made."""

    params: dict[str, str]
    state: str
    nonce: str
    verifier: str


class UI:
    """The browser, the screenshots of the test, and the steps of the flows."""

    def __init__(self, driver, shots: Screenshots, server: CognateServer, hosted: HostedPool,
                 callback: CallbackServer):
        self.driver = driver
        self.shots = shots
        self.server = server
        self.hosted = hosted
        self.callback = callback

    def shot(self, page: str) -> None:
        self.shots.take(self.driver, page)

    def go(self, path: str, params: dict[str, str] | None = None) -> None:
        query = f"?{urllib.parse.urlencode(params)}" if params else ""
        self.driver.get(self.server.url + path + query)

    def authorize(self, **overrides: str) -> Flow:
        """Opens /oauth2/authorize for the public client with a fresh state, nonce and PKCE challenge."""
        verifier, challenge = pkce_pair()
        state, nonce = random_state(), random_state()
        params = authorize_params(self.hosted.public.client_id, self.hosted.callback, state=state, nonce=nonce,
                                  challenge=challenge, **overrides)
        self.go("/oauth2/authorize", params)
        return Flow(params, state, nonce, verifier)

    def expect(self, path: str, page: str) -> None:
        """The browser is on `path` (a screenshot named `page`)."""
        try:
            expect_path(self.driver, path)
        finally:
            self.shot(page)

    def expect_login(self, flow: Flow, page: str = "login") -> None:
        self.expect("/login", page)
        query = query_of(self.driver)
        for name in ("client_id", "redirect_uri", "response_type", "state"):
            assert query.get(name) == flow.params[name], f"/login lost {name}: {self.driver.current_url}"
        assert self.driver.find_elements(By.CSS_SELECTOR, "form input[name=username]"), "no username field"

    def sign_in(self, login: str, password: str) -> None:
        fill_and_submit(self.driver, {"username": login, "password": password})

    def expect_refused_sign_in(self, page: str) -> str:
        """The sign-in form again with an error (not, say, a CSRF refusal): the text of #error."""
        self.expect("/login", page)
        error = self.driver.find_elements(By.ID, "error")
        assert error and error[0].text.strip(), "no #error after a refused sign-in"
        assert error[0].get_attribute("role") == "alert"
        assert "invalid_csrf" not in error[0].text, f"the form was refused, not the password: {error[0].text!r}"
        assert self.driver.find_elements(By.CSS_SELECTOR, "form input[name=password]"), "no sign-in form to retry"
        return error[0].text.strip()

    def at_callback(self, flow: Flow) -> dict[str, str]:
        """The browser landed on the app's callback with a code and the state it sent; the query."""
        self.expect("/callback", "callback")
        assert self.driver.current_url.startswith(self.callback.callback_url + "?"), self.driver.current_url
        query = query_of(self.driver)
        assert "error" not in query, f"the flow failed: {self.driver.current_url}"
        assert query.get("state") == flow.state, f"state not echoed: {self.driver.current_url}"
        assert query.get("code"), f"no code: {self.driver.current_url}"
        recorded = [hit for hit in self.callback.requests_to("/callback") if hit.query.get("state") == flow.state]
        assert recorded and recorded[-1].query == query, "the callback server did not get what the browser shows"
        return query

    def redeem(self, flow: Flow, code: str) -> dict:
        return tokens(token_request(self.server, {
            "grant_type": "authorization_code", "client_id": self.hosted.public.client_id, "code": code,
            "redirect_uri": self.hosted.callback, "code_verifier": flow.verifier,
        }))


@pytest.fixture
def ui(request, server, hosted, callback):
    shots = Screenshots(request.node.name)
    driver = start_chromium()
    failed_before = request.session.testsfailed
    try:
        yield UI(driver, shots, server, hosted, callback)
    finally:
        try:
            if request.session.testsfailed > failed_before:
                shots.take(driver, "failure")
                shots.save_source(driver, "failure")
        finally:
            driver.quit()


def mail_code(sink: MailSink, address: str, nth: int = 1, timeout: float = 20) -> str:
    """The 6-digit code in the `nth` message to `address` (waiting for it)."""
    deadline = time.monotonic() + timeout
    while True:
        with sink.recorder.lock:
            messages = [m for m in sink.recorder.messages if address in str(m["To"])]
        if len(messages) >= nth:
            body = messages[nth - 1].get_body(preferencelist=("plain",)).get_content()
            match = CODE.search(body)
            assert match, f"no 6-digit code in {body!r}"
            return match.group()
        if time.monotonic() > deadline:
            raise AssertionError(f"expected {nth} message(s) to {address} within {timeout}s, got {len(messages)}")
        time.sleep(0.1)


# --- sign-up ---------------------------------------------------------------------------------------


def test_sign_up_confirm_and_redeem_the_code(ui, server, hosted, sink):
    address = unique_email("signup")
    flow = ui.authorize()
    ui.expect_login(flow)
    click_and_wait(ui.driver, ui.driver.find_element(By.ID, "signup-link"))
    ui.expect("/signup", "signup")
    assert query_of(ui.driver).get("state") == flow.state, "the sign-up page lost the authorize parameters"
    # Email is the username in this pool: the field is `email`, and there is no `username`.
    assert not ui.driver.find_elements(By.CSS_SELECTOR, "form input[name=username]")
    fill_and_submit(ui.driver, {"email": address, "password": PASSWORD})
    ui.expect("/confirmUser", "confirm-user")
    assert ui.driver.find_elements(By.CSS_SELECTOR, "form[action*='/resendCode']"), "no resend form"
    fill_and_submit(ui.driver, {"code": mail_code(sink, address)})
    query = ui.at_callback(flow)

    result = ui.redeem(flow, query["code"])
    assert isinstance(result.get("refresh_token"), str), result
    pool, client_id = hosted.pool_id, hosted.public.client_id
    id_claims = verify(server, pool, result["id_token"], token_use="id", audience=client_id)
    access = verify(server, pool, result["access_token"], token_use="access")
    assert id_claims["iss"] == access["iss"] == f"{server.url}/{pool}"
    assert id_claims["aud"] == client_id
    assert id_claims["nonce"] == flow.nonce
    assert id_claims["at_hash"] == at_hash(result["access_token"])
    assert id_claims["email"] == address and id_claims["email_verified"] is True, id_claims
    assert id_claims["sub"] == access["sub"]
    assert access["client_id"] == client_id
    assert set(access["scope"].split()) == set(USER_SCOPES), access["scope"]


# --- sign-in ---------------------------------------------------------------------------------------


def test_sign_in_again_uses_the_session_until_the_cookies_are_gone(ui, server, hosted, alice):
    first = ui.authorize()
    ui.expect_login(first)
    ui.sign_in(alice.login, alice.password)
    first_code = ui.at_callback(first)["code"]
    ui.redeem(first, first_code)

    # The session cookie answers a second authorize request at once, without a form.
    again = ui.authorize()
    ui.expect("/callback", "callback-from-session")
    second_code = ui.at_callback(again)["code"]
    assert second_code != first_code
    result = ui.redeem(again, second_code)
    claims = verify(server, hosted.pool_id, result["id_token"], token_use="id", audience=hosted.public.client_id)
    assert claims["sub"] == alice.sub and claims["nonce"] == again.nonce

    clear_cookies(ui.driver)
    third = ui.authorize()
    ui.expect_login(third, "login-without-cookies")
    ui.sign_in(alice.login, alice.password)
    ui.at_callback(third)


def test_a_wrong_password_shows_an_error_and_stays_on_login(ui, hosted, callback, alice):
    flow = ui.authorize()
    ui.expect_login(flow)
    ui.sign_in(alice.login, "Wrong-Password-0")
    ui.expect_refused_sign_in("login-error")
    assert "cognito" not in {cookie["name"] for cookie in ui.driver.get_cookies()}, "a session after a failed sign-in"
    assert not [hit for hit in callback.requests_to("/callback") if hit.query.get("state") == flow.state]


# --- forgot password -------------------------------------------------------------------------------


def test_forgot_password(ui, idp, hosted, sink):
    user = create_user(idp, hosted, PASSWORD, email=unique_email("reset"))
    flow = ui.authorize()
    ui.expect_login(flow)
    click_and_wait(ui.driver, ui.driver.find_element(By.ID, "forgot-password-link"))
    ui.expect("/forgotPassword", "forgot-password")
    fill_and_submit(ui.driver, {"username": user.login})
    ui.expect("/confirmForgotPassword", "confirm-forgot-password")
    fill_and_submit(ui.driver, {"code": mail_code(sink, user.email), "password": NEW_PASSWORD})
    ui.expect("/login", "login-notice")
    assert element_text(ui.driver, "notice"), "no #notice after the password was reset"

    ui.sign_in(user.login, PASSWORD)  # the old password no longer works
    ui.expect_refused_sign_in("login-old-password")

    ui.sign_in(user.login, NEW_PASSWORD)
    ui.at_callback(flow)


# --- logout ----------------------------------------------------------------------------------------


def test_logout(ui, hosted, callback, alice):
    flow = ui.authorize()
    ui.expect_login(flow)
    ui.sign_in(alice.login, alice.password)
    ui.at_callback(flow)

    before = len(callback.requests_to("/signed-out"))
    ui.go("/logout", {"client_id": hosted.public.client_id, "logout_uri": hosted.signed_out})
    ui.expect("/signed-out", "signed-out")
    assert ui.driver.current_url.startswith(hosted.signed_out)
    callback.wait_for("/signed-out", before + 1)

    again = ui.authorize()
    ui.expect_login(again, "login-after-logout")  # the session is gone
    ui.sign_in(alice.login, alice.password)
    ui.at_callback(again)

    # The other form: clear the session and sign in again.
    state = random_state()
    ui.go("/logout", {"client_id": hosted.public.client_id, "redirect_uri": hosted.callback,
                      "response_type": "code", "scope": " ".join(USER_SCOPES), "state": state})
    ui.expect("/login", "login-from-logout")
    assert query_of(ui.driver).get("state") == state
    third = ui.authorize()
    ui.expect_login(third, "login-after-second-logout")


# --- an admin-created user -------------------------------------------------------------------------


def test_admin_created_user_sets_a_new_password(ui, idp, hosted):
    user = create_user(idp, hosted, TEMPORARY_PASSWORD, temporary=True)
    flow = ui.authorize()
    ui.expect_login(flow)
    ui.sign_in(user.login, TEMPORARY_PASSWORD)
    assert ui.driver.find_elements(By.CSS_SELECTOR, "form input[name=session]"), (
        f"no new-password form at {ui.driver.current_url}"
    )
    ui.shot("new-password")
    fill_and_submit(ui.driver, {"password": NEW_PASSWORD})
    ui.at_callback(flow)
    assert idp.admin_get_user(UserPoolId=hosted.pool_id, Username=user.login)["UserStatus"] == "CONFIRMED"


# --- headers and cookies (no browser) --------------------------------------------------------------


def csp_directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = words[1:]
    return directives


def test_login_page_headers_and_cookies(server, hosted, callback, alice):
    browser = HostedUI(server)
    try:
        params = authorize_params(hosted.public.client_id, hosted.callback, state=random_state(),
                                  challenge=pkce_pair()[1])
        page = browser.login_page(params)
        headers = page.headers
        csp = csp_directives(headers.get("Content-Security-Policy", ""))
        assert csp.get("frame-ancestors") == ["'none'"], headers
        assert csp.get("default-src") == ["'none'"], headers
        assert csp.get("base-uri") == ["'none'"], headers
        assert "'self'" in csp.get("form-action", []) and callback.origin in csp["form-action"], headers
        assert any(value.startswith("'nonce-") for value in csp.get("style-src", [])), headers
        assert "no-store" in headers.get("Cache-Control", ""), headers
        assert headers.get("X-Frame-Options") == "DENY", headers
        assert headers.get("Referrer-Policy") == "same-origin", headers
        assert headers.get("X-Content-Type-Options") == "nosniff", headers

        cookies = cookies_set(page.response)
        assert "XSRF-TOKEN" in cookies, f"no XSRF-TOKEN cookie: {cookies}"
        xsrf = cookie_attributes(cookies["XSRF-TOKEN"])
        assert "httponly" in xsrf and xsrf.get("samesite", "").lower() == "lax", cookies["XSRF-TOKEN"]
        assert "secure" not in xsrf, "Secure only when the public URL is https"
        token = cookies["XSRF-TOKEN"].split(";", 1)[0].split("=", 1)[1]
        assert page.form("username").values.get("_csrf") == token, "the form's _csrf is not the cookie's value"

        answer = browser.submit(page, {"username": alice.login, "password": alice.password})
        assert split_url(location(answer))[0] == hosted.callback
        session = cookies_set(answer).get("cognito")
        assert session, f"no cognito cookie after signing in: {answer.headers}"
        attributes = cookie_attributes(session)
        assert "httponly" in attributes and attributes.get("samesite", "").lower() == "lax", session
        assert attributes.get("path") == "/", session
        assert "secure" not in attributes, session
    finally:
        browser.close()


def test_screenshots_are_kept_per_test(request, ui):
    """The artifact folder of a test holds its pages (the helper itself, without the server)."""
    ui.driver.get(ui.callback.callback_url + "?code=x&state=y")
    ui.shot("callback")
    assert path_of(ui.driver) == "/callback"
    assert ui.callback.wait_for("/callback").query == {"code": "x", "state": "y"}
    [taken] = ui.shots.taken
    assert taken.name == "01-callback.png" and taken.stat().st_size > 1000
    assert taken.parent.name == "test_screenshots_are_kept_per_test_sqlite"

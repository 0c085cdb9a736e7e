"""The tutorial (docs: /work/shared/reference/cognito-tutorial.txt), end to end, in headless Chromium.

The tutorial's way, step by step:
1. The pool, its app client, domain and UI customization come from Terraform: `terraform apply` of
   e2e/terraform/tutorial against Cognate (the offline provider mirror, as test_terraform.py), with
   `callback_url` set to the example app's `/callback`; then `terraform output -json > outputs.json`.
2. Cognate sends its mail to a real SMTP server (mail_sink.py); the example app (`cognate-example`)
   starts from `--terraform-outputs outputs.json`.
3. In Chromium: the example → Register → Cognate's /signup (the pool's username is the email, its one
   required attribute) → the 6-digit code from the email → /confirmUser → back in the example, which
   shows `Hello <email>` rendered by its server from the verified token cookies → a reload keeps the user
   signed in → Logout → Cognate's /login → back to the example → Sign In → `Hello <email>` again.
4. The protected endpoint: `GET /api/me` with the access token from the browser's cookie as a bearer
   token (200, the user's sub); without a token, with the ID token instead, or with the cookies alone: 401.

Every page visited is kept as a screenshot in e2e/artifacts/screenshots/<test>/NN-<page>.png, with
`timings.txt` (each step's seconds); a failing test adds its last page, its HTML, the browser console and
the example app's log. SQLite only, as the other browser tests: the browser's side does not depend on
the database.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import time
import urllib.parse
from pathlib import Path

import pytest
import requests
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from accounts import tamper, unique_email, verify
from browser import (  # backend, sink and server are this module's fixtures
    backend,  # noqa: F401
    server,  # noqa: F401
    sink,  # noqa: F401
    Screenshots,
    click_and_wait,
    expect_path,
    fill_and_submit,
    path_of,
    query_of,
    start_chromium,
    wait_until,
)
from cognate_e2e import HTTP_TIMEOUT, REPO, CognateServer, clean_env, cognate_binary, free_port, tail
from mail_sink import MailSink
from test_terraform import CONFIGURATION, Terraform

# Cheap Argon2id (the test does not care about the hash parameters) and a sender for the codes.

PASSWORD = "Tutorial-Pass-7"  # the pool asks for 6 characters, nothing else
CODE = re.compile(r"(?<!\d)\d{6}(?!\d)")
ACCESS_COOKIE, ID_COOKIE, REFRESH_KEY = "goldstack_access_token", "goldstack_id_token", "goldstack_refresh_token"
SCOPE = "openid email"  # what the example asks for (ExamplePage.script), the client's allowed scopes

STEP_BUDGET = 60.0  # seconds for the browser part of the tutorial (Terraform not counted)


def example_binary() -> Path:
    configured = os.environ.get("COGNATE_EXAMPLE_BIN")
    return Path(configured) if configured else cognate_binary().parent / "cognate-example"


# --- the example app -----------------------------------------------------------------------------------


class ExampleApp:
    """A real `cognate-example` process on 127.0.0.1:`port`, configured from `terraform output -json`."""

    def __init__(self, workdir: Path, port: int, cognate_url: str, outputs: Path):
        self.workdir = workdir
        self.port = port
        self.cognate_url = cognate_url
        self.outputs = outputs
        self.process: subprocess.Popen | None = None
        self.log_path = workdir / "cognate-example.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def callback_url(self) -> str:
        return f"{self.url}/callback"

    def start(self) -> "ExampleApp":
        binary = example_binary()
        if not (binary.is_file() and os.access(binary, os.X_OK)):
            pytest.fail(f"cognate-example not found at {binary}: build it (swift build) or set COGNATE_EXAMPLE_BIN",
                        pytrace=False)
        command = [
            str(binary), "--cognate-url", self.cognate_url, "--terraform-outputs", str(self.outputs),
            "--host", "127.0.0.1", "--port", str(self.port), "--public-url", self.url,
            "--assets", str(REPO / "clients" / "js"),
        ]
        self.workdir.mkdir(parents=True, exist_ok=True)
        with open(self.log_path, "ab") as log:
            log.write(f"=== start: {' '.join(command)}\n".encode())
            log.flush()
            self.process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                                            env=clean_env(), cwd=self.workdir, start_new_session=True)
        deadline = time.monotonic() + 30
        last = "no answer"
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"cognate-example exited with {self.process.returncode} before answering\n"
                            f"--- log:\n{self.log_tail()}", pytrace=False)
            try:
                response = requests.get(self.url + "/", timeout=2)
                if response.status_code == 200:
                    return self
                last = f"HTTP {response.status_code} {response.text[:200]!r}"
            except requests.RequestException as error:
                last = repr(error)
            time.sleep(0.1)
        self.kill()
        pytest.fail(f"cognate-example did not answer GET / within 30 s (last: {last})\n--- log:\n{self.log_tail()}",
                    pytrace=False)

    def stop(self) -> int | None:
        """SIGTERM; the exit status (None if it had to be killed)."""
        if self.process is None:
            return None
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()
                return None
        return self.process.returncode

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)

    def log_tail(self, lines: int = 60) -> str:
        return tail(self.log_path, lines)


# --- fixtures --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def timings() -> dict[str, float]:
    """Seconds per step, in order (written next to the screenshots)."""
    return {}


@pytest.fixture(scope="module")
def example_port() -> int:
    return free_port()


@pytest.fixture(scope="module")
def tutorial(server, example_port, tmp_path_factory, timings) -> dict:
    """Step 1: `terraform apply` of the tutorial's configuration with the example's callback URL, and
    `terraform output -json > outputs.json`. The outputs (values) and the file's path (`outputs_file`)."""
    if shutil.which("terraform") is None:
        pytest.fail("terraform is not on the PATH", pytrace=False)
    workdir = tmp_path_factory.mktemp("terraform") / "tutorial"
    shutil.copytree(CONFIGURATION, workdir)
    terraform = Terraform(workdir, server.url, server.access_key, server.secret_key)
    callback = f"http://127.0.0.1:{example_port}/callback"
    started = time.monotonic()
    terraform.run("init", "-input=false")
    timings["terraform init"] = time.monotonic() - started
    started = time.monotonic()
    terraform.run("apply", "-auto-approve", "-input=false", "-var", f"callback_url={callback}")
    timings["terraform apply"] = time.monotonic() - started
    raw = terraform.run("output", "-json").stdout
    outputs_file = workdir / "outputs.json"
    outputs_file.write_text(raw)
    outputs = {name: value["value"] for name, value in json.loads(raw).items()}
    outputs["outputs_file"] = outputs_file
    outputs["callback_url"] = callback
    return outputs


@pytest.fixture(scope="module")
def example(server, tutorial, example_port, tmp_path_factory):
    """Step 2: the example app, configured from outputs.json."""
    app = ExampleApp(tmp_path_factory.mktemp("example"), example_port, server.url, tutorial["outputs_file"]).start()
    yield app
    code = app.stop()
    assert code == 0, f"cognate-example exited with {code} after SIGTERM (expected 0)\n--- log:\n{app.log_tail()}"


class UI:
    """The browser on the example's pages and Cognate's, a screenshot of each step, and the step timings."""

    def __init__(self, driver: WebDriver, shots: Screenshots, server: CognateServer, example: ExampleApp,
                 tutorial: dict, timings: dict[str, float]):
        self.driver = driver
        self.shots = shots
        self.server = server
        self.example = example
        self.tutorial = tutorial
        self.timings = timings
        self.console: list[str] = []
        self.clock = time.monotonic()

    def shot(self, page: str) -> None:
        self.shots.take(self.driver, page)

    def step(self, name: str) -> None:
        """Ends the step running since the last call: its seconds go to `timings`."""
        now = time.monotonic()
        self.timings[name] = now - self.clock
        self.clock = now

    def console_log(self) -> str:
        try:
            self.console += [f"{entry['level']} {entry['message']}" for entry in self.driver.get_log("browser")]
        except Exception as error:  # noqa: BLE001 (diagnostics only)
            self.console.append(f"(no console log: {error!r})")
        return "\n".join(self.console)

    def click(self, element_id: str) -> None:
        click_and_wait(self.driver, self.driver.find_element(By.ID, element_id))

    # the example

    def open_example(self) -> None:
        self.driver.get(self.example.url + "/")

    def expect_example(self, signed_in: bool, page: str) -> None:
        """The browser is on the example's `/` (after any redirect back from the hosted UI), showing the
        greeting and Logout, or Sign In and Register."""
        want = "greeting" if signed_in else "register"

        def shown(driver: WebDriver) -> bool:
            try:
                return (driver.current_url.startswith(self.example.url + "/") and path_of(driver) == "/"
                        and driver.execute_script("return document.readyState") == "complete"
                        and bool(driver.find_elements(By.ID, want)))
            except WebDriverException:
                return False  # between two documents

        try:
            wait_until(self.driver, shown, f"the example's / {'signed in' if signed_in else 'signed out'}")
        except AssertionError as error:
            raise AssertionError(f"{error}\nbrowser console:\n{self.console_log()}") from None
        finally:
            self.shot(page)
        if signed_in:
            assert self.driver.find_elements(By.ID, "logout"), "signed in, but no #logout"
            assert not self.driver.find_elements(By.ID, "sign-in"), "signed in, but #sign-in is shown"
        else:
            assert self.driver.find_elements(By.ID, "sign-in"), "signed out, but no #sign-in"
            assert not self.driver.find_elements(By.ID, "greeting"), "signed out, but a #greeting"

    def greeting(self) -> str:
        return self.driver.find_element(By.ID, "greeting").text.strip()

    def example_cookies(self) -> dict[str, str]:
        """The cookies the browser holds for the example's page (it must be on it)."""
        assert self.driver.current_url.startswith(self.example.url), self.driver.current_url
        return {c["name"]: urllib.parse.unquote(c["value"]) for c in self.driver.get_cookies()}

    def all_cookie_names(self) -> set[str]:
        return {c["name"] for c in self.driver.execute_cdp_cmd("Network.getAllCookies", {})["cookies"]}

    # Cognate's pages

    def expect_cognate(self, path: str, page: str) -> dict[str, str]:
        """The browser is on Cognate's `path` with the parameters of the example's flow; its query."""
        try:
            expect_path(self.driver, path)
            assert self.driver.current_url.startswith(self.server.url + path), self.driver.current_url
        finally:
            self.shot(page)
        query = query_of(self.driver)
        assert query.get("client_id") == self.tutorial["user_pool_client_id"], query
        assert query.get("redirect_uri") == self.example.callback_url, query
        assert query.get("response_type") == "code", query
        assert query.get("scope") == SCOPE, query
        assert query.get("code_challenge_method") == "S256" and len(query.get("code_challenge", "")) == 43, query
        assert query.get("state"), query
        return query

    def visible_fields(self, field: str) -> set[str]:
        """The names of the visible inputs of the form holding `field`."""
        form = self.driver.find_element(By.XPATH, f"//form[.//*[@name='{field}']]")
        return {e.get_attribute("name") for e in form.find_elements(By.CSS_SELECTOR, "input:not([type=hidden])")}


@pytest.fixture
def ui(request, server, example, tutorial, timings):
    shots = Screenshots(request.node.name)
    driver = start_chromium()
    interface = UI(driver, shots, server, example, tutorial, timings)
    failed_before = request.session.testsfailed
    try:
        yield interface
    finally:
        try:
            if request.session.testsfailed > failed_before:
                shots.take(driver, "failure")
                shots.save_source(driver, "failure")
                (shots.directory / "console.txt").write_text(interface.console_log() + "\n", encoding="utf-8")
                (shots.directory / "cognate-example.log").write_text(example.log_tail(200) + "\n", encoding="utf-8")
                (shots.directory / "cognate.log").write_text(server.log_tail(200) + "\n", encoding="utf-8")
        finally:
            lines = [f"{seconds:7.2f}s  {name}" for name, seconds in timings.items()]
            (shots.directory / "timings.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
            print("\n" + "\n".join(lines))
            driver.quit()


def mail_to(sink: MailSink, address: str, timeout: float = 20):
    """The first message to `address` (waiting for it)."""
    deadline = time.monotonic() + timeout
    while True:
        with sink.recorder.lock:
            messages = [m for m in sink.recorder.messages if address in str(m["To"])]
        if messages:
            return messages[0]
        if time.monotonic() > deadline:
            raise AssertionError(f"no message to {address} within {timeout}s")
        time.sleep(0.05)


def page_of(example: ExampleApp, cookies: dict[str, str] | None) -> str:
    """The example's `/` as its server renders it for a request with `cookies` (no JavaScript)."""
    response = requests.get(example.url + "/", cookies=cookies or {}, timeout=HTTP_TIMEOUT, allow_redirects=False)
    assert response.status_code == 200, f"GET / : HTTP {response.status_code} {response.text[:300]!r}"
    return response.text


def api_me(example: ExampleApp, token: str | None = None, cookies: dict[str, str] | None = None) -> requests.Response:
    headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
    return requests.get(example.url + "/api/me", headers=headers, cookies=cookies or {}, timeout=HTTP_TIMEOUT,
                        allow_redirects=False)


# --- the tutorial ------------------------------------------------------------------------------------


def test_terraform_configured_the_tutorial_pool(server, tutorial, example):
    """Step 1 and 2: the pool Terraform made is the tutorial's, its client returns to the example, and the
    example serves its signed-out page from outputs.json."""
    cognito = server.client()
    pool = cognito.describe_user_pool(UserPoolId=tutorial["user_pool_id"])["UserPool"]
    assert pool["UsernameAttributes"] == ["email"] and pool["AutoVerifiedAttributes"] == ["email"]
    # `sub` is required in every pool (Cognito's schema); email is the only one the tutorial adds.
    required = sorted(a["Name"] for a in pool["SchemaAttributes"] if a.get("Required") and a["Name"] != "sub")
    assert required == ["email"], required
    client = cognito.describe_user_pool_client(UserPoolId=pool["Id"],
                                               ClientId=tutorial["user_pool_client_id"])["UserPoolClient"]
    assert client["CallbackURLs"] == [example.callback_url], client["CallbackURLs"]
    assert client["DefaultRedirectURI"] == example.callback_url
    assert sorted(client["AllowedOAuthScopes"]) == sorted(SCOPE.split())
    assert "ClientSecret" not in client, "the browser's client must be public"

    html = page_of(example, None)
    assert f'data-client-id="{tutorial["user_pool_client_id"]}"' in html, html
    assert f'data-redirect-uri="{example.callback_url}"' in html, html
    assert f'data-cognate-url="{server.url}"' in html, html
    assert 'id="register"' in html and 'id="greeting"' not in html, html


def test_the_tutorial_in_a_browser(ui, server, example, tutorial, sink):
    driver = ui.driver
    address = unique_email("tutorial")
    pool_id, client_id = tutorial["user_pool_id"], tutorial["user_pool_client_id"]

    # --- 3. Register --------------------------------------------------------------------------------
    ui.open_example()
    ui.expect_example(False, "example-signed-out")
    ui.step("open the example")

    ui.click("register")
    ui.expect_cognate("/signup", "signup")
    # The pool's username is the email and email its only required attribute: the form asks for both,
    # once (as `email`), and a password.
    assert ui.visible_fields("password") == {"email", "password"}, ui.visible_fields("password")
    # The tutorial's UI customization (aws_cognito_user_pool_ui_customization) is on the page.
    assert ".label-customizable {font-weight: 400;}" in driver.page_source, "the pool's CSS is not on /signup"
    logo = driver.execute_script(
        "const i = document.querySelector('img'); return i && [i.getAttribute('src'), i.complete, i.naturalWidth]")
    assert logo and logo[1] and logo[2] == 1, f"the pool's logo (1x1 logo.png) is not shown on /signup: {logo}"
    fill_and_submit(driver, {"email": address, "password": PASSWORD})
    ui.expect_cognate("/confirmUser", "confirm-user")
    ui.step("register on /signup")

    message = mail_to(sink, address)
    body = message.get_body(preferencelist=("plain",)).get_content()
    match = CODE.search(body)
    assert match, f"no 6-digit code in {body!r}"
    code = match.group()
    # The tutorial's email_verification_subject and _message.
    assert message["Subject"] == "Your verification code", message["Subject"]
    assert f"Your verification code is {code}." in body, body
    (ui.shots.directory / "email.txt").write_text(
        f"To: {message['To']}\nFrom: {message['From']}\nSubject: {message['Subject']}\n\n{body}\n", encoding="utf-8")
    ui.step("the code from the SMTP sink")

    fill_and_submit(driver, {"code": code})
    ui.expect_example(True, "example-signed-in-after-sign-up")
    assert ui.greeting() == f"Hello {address}", ui.greeting()
    ui.step("confirm the code, back in the example")

    # The greeting is the server's: the example's server renders it for the browser's cookies, and only
    # when the tokens verify.
    cookies = ui.example_cookies()
    assert ACCESS_COOKIE in cookies and ID_COOKIE in cookies, sorted(cookies)
    html = page_of(example, cookies)
    assert f'<p id="greeting">Hello {address}</p>' in html, html
    assert 'data-signed-in="true"' in html, html
    signed_out = page_of(example, None)
    assert 'id="greeting"' not in signed_out and 'id="register"' in signed_out, signed_out
    forged = page_of(example, {**cookies, ID_COOKIE: tamper(cookies[ID_COOKIE])})
    assert 'id="greeting"' not in forged, "the example greets for an ID token whose signature is wrong"
    forged = page_of(example, {**cookies, ACCESS_COOKIE: tamper(cookies[ACCESS_COOKIE])})
    assert 'id="greeting"' not in forged, "the example greets for an access token whose signature is wrong"
    id_claims = verify(server, pool_id, cookies[ID_COOKIE], token_use="id", audience=client_id)
    assert id_claims["email"] == address and id_claims["email_verified"] is True, id_claims
    ui.step("the greeting is the server's")

    driver.refresh()
    ui.expect_example(True, "example-reloaded")
    assert ui.greeting() == f"Hello {address}", ui.greeting()
    ui.step("reload")

    # --- Logout ---------------------------------------------------------------------------------------
    refresh_token = driver.execute_script("return localStorage.getItem(arguments[0])", REFRESH_KEY)
    assert refresh_token, "no refresh token in the example's localStorage"
    ui.click("logout")
    ui.expect_cognate("/login", "login-after-logout")
    assert driver.find_elements(By.CSS_SELECTOR, "form input[name=username]"), "no sign-in form after logout"
    left = ui.all_cookie_names() & {ACCESS_COOKIE, ID_COOKIE, "cognito"}
    assert not left, f"still in the browser after logout: {sorted(left)}"
    # performLogout revoked the refresh token (in the background).
    deadline = time.monotonic() + 5
    while True:
        answer = requests.post(server.url + "/oauth2/token", timeout=HTTP_TIMEOUT, data={
            "grant_type": "refresh_token", "client_id": client_id, "refresh_token": refresh_token})
        if answer.status_code == 400 and answer.json().get("error") == "invalid_grant":
            break
        assert time.monotonic() < deadline, (
            f"the refresh token still works 5 s after logout: HTTP {answer.status_code} {answer.text[:200]!r}")
        time.sleep(0.1)
    ui.step("logout")

    # --- Sign In ------------------------------------------------------------------------------------
    ui.open_example()
    ui.expect_example(False, "example-signed-out-again")
    ui.click("sign-in")
    ui.expect_cognate("/login", "login")
    fill_and_submit(driver, {"username": address, "password": PASSWORD})
    ui.expect_example(True, "example-signed-in")
    assert ui.greeting() == f"Hello {address}", ui.greeting()
    assert f'<p id="greeting">Hello {address}</p>' in page_of(example, ui.example_cookies())
    ui.step("sign in again")

    # --- 4. The protected endpoint -------------------------------------------------------------------
    cookies = ui.example_cookies()
    access_token, id_token = cookies[ACCESS_COOKIE], cookies[ID_COOKIE]
    user = server.client().admin_get_user(UserPoolId=pool_id, Username=address)
    sub = {a["Name"]: a["Value"] for a in user["UserAttributes"]}["sub"]
    access = verify(server, pool_id, access_token, token_use="access")
    assert access["sub"] == sub and access["client_id"] == client_id, access

    answer = api_me(example, access_token)
    assert answer.status_code == 200, f"GET /api/me with the access token: HTTP {answer.status_code} {answer.text!r}"
    me = answer.json()
    assert me["sub"] == sub, me
    assert me["username"] == access["username"], me
    assert set(me["scope"].split()) == set(SCOPE.split()), me

    for what, response in [
        ("no token", api_me(example)),
        ("the ID token", api_me(example, id_token)),
        ("a forged access token", api_me(example, tamper(access_token))),
        ("the cookies only", api_me(example, cookies=cookies)),
    ]:
        assert response.status_code == 401, f"GET /api/me with {what}: HTTP {response.status_code} {response.text!r}"
    ui.step("GET /api/me")

    total = sum(seconds for name, seconds in ui.timings.items() if not name.startswith("terraform"))
    assert total < STEP_BUDGET, f"the browser part took {total:.1f}s: {ui.timings}"

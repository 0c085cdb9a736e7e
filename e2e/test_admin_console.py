"""The operator's web console at /admin in a real browser (headless Chromium through selenium) and, for
its security rules, with `requests`: signing in with the server's access key (a wrong secret first), a
pool's users searched with a ListUsers filter and paged, a user disabled, enabled, reset (the code
arrives at a real SMTP sink), added to a group and removed, deleted after a confirmation, and the pool's
users downloaded as CSV and checked against ListUsers; then sessions, CSRF tokens, same-origin posts,
tampered cookies, headers and the sign-in lockout; and the same console in a Chromium with JavaScript
turned off.

Every page the browser visits is saved to e2e/artifacts/screenshots/<test>/NN-<page>.png (and, when a
test fails, the last page and its HTML). SQLite only, like the other browser modules: the console's
pages do not depend on the engine.
"""

from __future__ import annotations

import csv
import io
import re
import time
import uuid
from dataclasses import dataclass
from typing import Iterator

import pytest
import requests
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import Select

from accounts import App, new_app, password_sign_in, start_password_sign_in, unique_name
from browser import (  # backend, sink and server are this module's fixtures
    backend,  # noqa: F401
    server,  # noqa: F401
    sink,  # noqa: F401
    CHROME_ARGS,
    Screenshots,
    chromium_paths,
    click_and_wait,
    element_text,
    expect_path,
    fill_and_submit,
    path_of,
    query_of,
    start_chromium,
)
from cognate_e2e import ACCESS_KEY_ID, SECRET_ACCESS_KEY, CognateServer
from mail_sink import MailSink

PASSWORD = "Correct-Horse-7"
NEW_PASSWORD = "Battery-Staple-8"
GROUP = "support"
COOKIE = "cognate-admin"
PAGE_SIZE = 25  # users per page of the console
CODE = re.compile(r"(?<!\d)\d{6}(?!\d)")
CSRF_FIELD = re.compile(r'name="_csrf" value="([^"]*)"')
ACCOUNT_COLUMNS = ["cognito:username", "sub", "cognate:status", "cognate:enabled"]


# --- pools ------------------------------------------------------------------------------------------


@dataclass
class ConsolePool:
    """A pool made with boto3 for the console: users `member-NN` with emails, a few of which start with
    `findme`; `target` is CONFIRMED with PASSWORD."""

    pool_id: str
    name: str
    app: App
    emails: dict[str, str]  # username -> email
    findme: list[str]
    target: str

    @property
    def path(self) -> str:
        return f"/admin/pools/{self.pool_id}"

    def user_path(self, username: str) -> str:
        return f"{self.path}/user?username={username}"


def make_pool(idp, count: int, *, findme: tuple[int, ...] = (), target: int = 0, disabled: tuple[int, ...] = (),
              confirmed: tuple[int, ...] = ()) -> ConsolePool:
    """`count` users `member-00`...; those at `findme` get `findme-NN@example.com`, the others
    `member-NN@example.com` (one of them `notfindme-NN@...`, which a prefix search must not match).
    Every email is verified (a password reset needs one). `target` and `confirmed` get a permanent
    PASSWORD; `disabled` are disabled."""
    name = unique_name("console-pool")
    pool_id = idp.create_user_pool(PoolName=name, AutoVerifiedAttributes=["email"])["UserPool"]["Id"]
    app = new_app(idp, pool_id, flows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"])
    idp.create_group(UserPoolId=pool_id, GroupName=GROUP, Description="The support team")
    emails: dict[str, str] = {}
    for index in range(count):
        username = f"member-{index:02d}"
        if index in findme:
            email = f"findme-{index:02d}@example.com"
        elif index == 1:
            email = f"notfindme-{index:02d}@example.com"
        else:
            email = f"member-{index:02d}@example.com"
        idp.admin_create_user(
            UserPoolId=pool_id, Username=username, MessageAction="SUPPRESS",
            UserAttributes=[{"Name": "email", "Value": email}, {"Name": "email_verified", "Value": "true"}],
        )
        emails[username] = email
    for index in {target, *confirmed}:
        idp.admin_set_user_password(UserPoolId=pool_id, Username=f"member-{index:02d}", Password=PASSWORD,
                                    Permanent=True)
    for index in disabled:
        idp.admin_disable_user(UserPoolId=pool_id, Username=f"member-{index:02d}")
    return ConsolePool(pool_id, name, app, emails, [f"member-{i:02d}" for i in findme], f"member-{target:02d}")


def list_users(idp, pool_id: str) -> dict[str, dict]:
    """ListUsers, every page: username -> {sub, email, status, enabled}."""
    users: dict[str, dict] = {}
    for page in idp.get_paginator("list_users").paginate(UserPoolId=pool_id):
        for user in page["Users"]:
            values = {item["Name"]: item.get("Value") for item in user.get("Attributes", [])}
            assert user["Username"] not in users, f"ListUsers returned {user['Username']} twice"
            users[user["Username"]] = {
                "sub": values.get("sub"), "email": values.get("email"), "status": user["UserStatus"],
                "enabled": user["Enabled"],
            }
    return users


def mail_to(sink: MailSink, address: str, nth: int = 1, timeout: float = 20):
    """The `nth` message to `address` (waiting for it)."""
    deadline = time.monotonic() + timeout
    while True:
        with sink.recorder.lock:
            messages = [m for m in sink.recorder.messages if address in str(m["To"])]
        if len(messages) >= nth:
            return messages[nth - 1]
        if time.monotonic() > deadline:
            raise AssertionError(f"expected {nth} message(s) to {address} within {timeout}s, got {len(messages)}")
        time.sleep(0.1)


def messages_to(sink: MailSink, address: str) -> int:
    with sink.recorder.lock:
        return len([m for m in sink.recorder.messages if address in str(m["To"])])


# --- the browser ------------------------------------------------------------------------------------


def start_chromium_without_javascript() -> WebDriver:
    """start_chromium's browser with JavaScript blocked on every site."""
    chromium, chromedriver = chromium_paths()
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in CHROME_ARGS:
        options.add_argument(argument)
    options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    driver = webdriver.Chrome(options=options, service=Service(chromedriver))
    driver.set_page_load_timeout(30)
    return driver


class Console:
    """The browser on the console, the test's screenshots, and the console's steps."""

    def __init__(self, driver: WebDriver, shots: Screenshots, server: CognateServer):
        self.driver = driver
        self.shots = shots
        self.server = server

    def shot(self, page: str) -> None:
        self.shots.take(self.driver, page)

    def go(self, path: str) -> None:
        self.driver.get(self.server.url + path)

    def expect(self, path: str, page: str) -> None:
        """The browser is on `path` (a screenshot named `page`), on a console page without scripts."""
        try:
            expect_path(self.driver, path)
        finally:
            self.shot(page)
        assert not self.driver.find_elements(By.TAG_NAME, "script"), f"a <script> on {self.driver.current_url}"

    def click(self, element_id: str) -> None:
        found = self.driver.find_elements(By.ID, element_id)
        assert found, f"no #{element_id} at {self.driver.current_url}:\n{self.text()[:1500]}"
        click_and_wait(self.driver, found[0])

    def text(self) -> str:
        return self.driver.find_element(By.TAG_NAME, "body").text

    def sign_in(self, key_id: str, secret: str) -> None:
        assert self.driver.find_elements(By.CSS_SELECTOR, "form#login"), "no form#login"
        assert self.driver.find_elements(By.ID, "sign-in"), "no button#sign-in"
        fill_and_submit(self.driver, {"accessKeyId": key_id, "secretAccessKey": secret})

    def open_pool(self, pool: ConsolePool) -> None:
        """From /admin (already on it): the link named after the pool."""
        assert path_of(self.driver) == "/admin", self.driver.current_url
        links = self.driver.find_elements(By.XPATH, f"//table[@id='pools']//a[normalize-space()='{pool.name}']")
        assert len(links) == 1, f"expected one link named {pool.name} in table#pools:\n{self.text()[:1500]}"
        assert links[0].get_attribute("href") == self.server.url + pool.path, links[0].get_attribute("href")
        click_and_wait(self.driver, links[0])
        self.expect(pool.path, "pool")

    def search(self, pool: ConsolePool, filter: str, page: str) -> None:
        field = self.driver.find_element(By.ID, "filter")
        assert self.driver.find_elements(By.CSS_SELECTOR, "form#search #filter"), "#filter is not in form#search"
        field.clear()
        field.send_keys(filter)
        self.click("search-button")
        self.expect(pool.path, page)
        assert query_of(self.driver).get("filter") == filter, self.driver.current_url

    def rows(self) -> list[dict[str, str]]:
        """The rows of table#users: username (and its link), email, status, enabled."""
        found = []
        for row in self.driver.find_elements(By.CSS_SELECTOR, "table#users tbody tr"):
            link = row.find_element(By.CSS_SELECTOR, "td.username a")
            found.append({
                "username": link.text.strip(), "href": link.get_attribute("href"),
                "email": row.find_element(By.CSS_SELECTOR, "td.email").text.strip(),
                "status": row.find_element(By.CSS_SELECTOR, "td.status").text.strip(),
                "enabled": row.find_element(By.CSS_SELECTOR, "td.enabled").text.strip(),
            })
        return found

    def open_user(self, pool: ConsolePool, username: str) -> None:
        links = self.driver.find_elements(By.XPATH, f"//table[@id='users']//td[@class='username']/a[normalize-space()='{username}']")
        assert len(links) == 1, f"expected one link to {username} in table#users:\n{self.text()[:1500]}"
        click_and_wait(self.driver, links[0])
        self.expect_user(pool, username, "user")

    def expect_user(self, pool: ConsolePool, username: str, page: str) -> None:
        self.expect(f"{pool.path}/user", page)
        assert query_of(self.driver).get("username") == username, self.driver.current_url
        assert self.driver.find_element(By.TAG_NAME, "h1").text.strip() == username

    def status(self) -> str | None:
        return element_text(self.driver, "status")

    def enabled(self) -> str | None:
        return element_text(self.driver, "enabled")

    def notice(self) -> str | None:
        return element_text(self.driver, "notice")

    def groups(self) -> list[str]:
        """The group names in ul#groups (each item is the name and a Remove button)."""
        names = []
        for item in self.driver.find_elements(By.CSS_SELECTOR, "ul#groups > li"):
            button = item.find_element(By.TAG_NAME, "button")
            names.append(item.text.replace(button.text, "").strip())
        return names


def console_fixture(request, server: CognateServer, start) -> Iterator[Console]:
    shots = Screenshots(request.node.name)
    driver = start()
    failed_before = request.session.testsfailed
    try:
        yield Console(driver, shots, server)
    finally:
        try:
            if request.session.testsfailed > failed_before:
                shots.take(driver, "failure")
                shots.save_source(driver, "failure")
        finally:
            driver.quit()


@pytest.fixture
def console(request, server):
    yield from console_fixture(request, server, start_chromium)


@pytest.fixture
def console_without_js(request, server):
    yield from console_fixture(request, server, start_chromium_without_javascript)


# --- requests -----------------------------------------------------------------------------------------


def csrf_of(html: str) -> str:
    match = CSRF_FIELD.search(html)
    assert match and match.group(1), f"no _csrf field in:\n{html[:1500]}"
    return match.group(1)


def login_form(server: CognateServer, http: requests.Session) -> str:
    """GET /admin/login: the login form's _csrf (its cookie is now in `http`)."""
    page = http.get(server.url + "/admin/login", allow_redirects=False, timeout=10)
    assert page.status_code == 200, page.text[:500]
    return csrf_of(page.text)


def post_login(server: CognateServer, http: requests.Session, key_id: str, secret: str, csrf: str) -> requests.Response:
    return http.post(server.url + "/admin/login", allow_redirects=False, timeout=10,
                     data={"_csrf": csrf, "accessKeyId": key_id, "secretAccessKey": secret})


def signed_in(server: CognateServer) -> requests.Session:
    """A `requests` session signed in to the console with the server's key."""
    http = requests.Session()
    answer = post_login(server, http, ACCESS_KEY_ID, SECRET_ACCESS_KEY, login_form(server, http))
    assert answer.status_code == 302 and answer.headers.get("Location") == "/admin", (
        f"sign-in: HTTP {answer.status_code} {answer.headers} {answer.text[:500]}"
    )
    assert http.cookies.get(COOKIE), f"no {COOKIE} cookie after signing in: {answer.headers}"
    return http


def set_cookies(response: requests.Response) -> dict[str, str]:
    """The Set-Cookie headers of a response by cookie name (the whole header)."""
    return {value.split("=", 1)[0]: value for value in response.raw.headers.getlist("Set-Cookie")}


def assert_to_login(response: requests.Response, what: str) -> None:
    assert response.status_code == 302 and response.headers.get("Location") == "/admin/login", (
        f"{what}: expected a redirect to /admin/login, got HTTP {response.status_code} "
        f"{response.headers} {response.text[:500]}"
    )


def is_enabled(idp, pool: ConsolePool, username: str) -> bool:
    return idp.admin_get_user(UserPoolId=pool.pool_id, Username=username)["Enabled"]


# --- the scenario -------------------------------------------------------------------------------------


def test_operator_finds_and_manages_a_user(console, server, idp, sink):
    pool = make_pool(idp, 30, findme=(3, 11, 19, 27), target=11, confirmed=(3,), disabled=(29,))
    target, target_email = pool.target, pool.emails[pool.target]
    driver = console.driver

    # Signed out, the console is the sign-in page; a wrong secret is refused there.
    console.go("/admin")
    console.expect("/admin/login", "login")
    console.sign_in(ACCESS_KEY_ID, SECRET_ACCESS_KEY[:-1] + ("x" if SECRET_ACCESS_KEY[-1] != "x" else "y"))
    console.expect("/admin/login", "login-wrong-secret")
    error = element_text(driver, "error")
    assert error, "no p#error after a wrong secret"
    assert COOKIE not in {cookie["name"] for cookie in driver.get_cookies()}, "a session after a wrong secret"

    console.sign_in(ACCESS_KEY_ID, SECRET_ACCESS_KEY)
    console.expect("/admin", "pools")
    assert driver.find_elements(By.ID, "sign-out"), "no button#sign-out when signed in"
    console.open_pool(pool)
    clients = driver.find_element(By.ID, "clients").text
    assert pool.app.client_id in clients, f"the app client is not in table#clients: {clients!r}"
    pool_groups = driver.find_element(By.ID, "pool-groups").text
    assert GROUP in pool_groups and "The support team" in pool_groups, pool_groups

    # Search: exactly the users whose email starts with "findme" (not notfindme-01).
    console.search(pool, 'email ^= "findme"', "search-findme")
    rows = console.rows()
    assert sorted(row["username"] for row in rows) == sorted(pool.findme), rows
    for row in rows:
        assert row["email"] == pool.emails[row["username"]], row
        assert row["status"] == ("CONFIRMED" if row["username"] in ("member-03", target) else "FORCE_CHANGE_PASSWORD"), row
        assert row["enabled"] == "Enabled", row
    assert not driver.find_elements(By.ID, "next-page"), "a next page for 4 matches"
    assert driver.find_element(By.ID, "filter").get_attribute("value") == 'email ^= "findme"'

    # No match, then a malformed filter.
    console.search(pool, 'email ^= "nobody"', "search-no-match")
    assert element_text(driver, "no-users"), "no p#no-users for a filter nothing matches"
    assert not driver.find_elements(By.ID, "users")
    console.search(pool, 'email ~ "findme"', "search-malformed")
    assert element_text(driver, "filter-error"), "no p#filter-error for a malformed filter"
    assert not driver.find_elements(By.ID, "users")

    console.search(pool, 'email ^= "findme"', "search-findme-again")
    console.open_user(pool, target)
    assert console.status() == "Status: CONFIRMED", console.status()
    assert console.enabled() == "Enabled", console.enabled()
    attributes = driver.find_element(By.ID, "attributes").text
    assert target_email in attributes, attributes
    sub = idp.admin_get_user(UserPoolId=pool.pool_id, Username=target)["UserAttributes"]
    assert next(a["Value"] for a in sub if a["Name"] == "sub") in attributes, attributes
    password_sign_in(idp, pool.app, target, PASSWORD)  # the user can sign in before

    # Disable: the page says so, and the user can no longer sign in.
    console.click("disable")
    console.expect_user(pool, target, "disabled")
    assert console.enabled() == "Disabled", console.enabled()
    assert console.notice(), "no p#notice after disabling"
    assert driver.find_elements(By.ID, "enable") and not driver.find_elements(By.ID, "disable")
    assert is_enabled(idp, pool, target) is False
    with pytest.raises(idp.exceptions.NotAuthorizedException):
        start_password_sign_in(idp, pool.app, target, PASSWORD)

    # Enable: signing in works again.
    console.click("enable")
    console.expect_user(pool, target, "enabled")
    assert console.enabled() == "Enabled", console.enabled()
    assert console.notice(), "no p#notice after enabling"
    assert driver.find_elements(By.ID, "disable") and not driver.find_elements(By.ID, "enable")
    assert is_enabled(idp, pool, target) is True
    password_sign_in(idp, pool.app, target, PASSWORD)

    # Recent sign-ins: the refused one while disabled, then the one that worked, newest first.
    console.go(pool.user_path(target))
    console.expect_user(pool, target, "recent-sign-ins")
    results = [cell.text for cell in driver.find_elements(By.CSS_SELECTOR, "#events td.result")]
    assert results[:2] == ["Pass", "Fail"], results

    # Reset password: RESET_REQUIRED, and the code arrives by email (and sets a new password).
    assert messages_to(sink, target_email) == 0, "mail to the target before the reset (it was made with SUPPRESS)"
    console.click("reset-password")
    console.expect_user(pool, target, "reset-password")
    assert console.status() == "Status: RESET_REQUIRED", console.status()
    assert console.notice(), "no p#notice after the reset"
    assert idp.admin_get_user(UserPoolId=pool.pool_id, Username=target)["UserStatus"] == "RESET_REQUIRED"
    with pytest.raises(idp.exceptions.PasswordResetRequiredException):
        start_password_sign_in(idp, pool.app, target, PASSWORD)
    body = mail_to(sink, target_email).get_body(preferencelist=("plain",)).get_content()
    code = CODE.search(body)
    assert code, f"no 6-digit code in the reset email: {body!r}"
    idp.confirm_forgot_password(ClientId=pool.app.client_id, Username=target, ConfirmationCode=code.group(),
                                Password=NEW_PASSWORD)
    password_sign_in(idp, pool.app, target, NEW_PASSWORD)

    # Delete: first a confirmation (nothing deleted yet), then the pool page without the user.
    console.click("delete")
    console.expect_user(pool, target, "confirm-delete")
    assert query_of(driver).get("confirm") == "delete", driver.current_url
    assert driver.find_elements(By.CSS_SELECTOR, "form#confirm-delete"), "no form#confirm-delete"
    assert idp.admin_get_user(UserPoolId=pool.pool_id, Username=target)["Username"] == target
    console.click("confirm-delete-button")
    console.expect(pool.path, "deleted")
    with pytest.raises(idp.exceptions.UserNotFoundException):
        idp.admin_get_user(UserPoolId=pool.pool_id, Username=target)
    del pool.emails[target]

    # Paging: 25 users, a next page with the rest; together ListUsers, each once, as ListUsers has them.
    expected = list_users(idp, pool.pool_id)
    assert len(expected) == 29 and target not in expected, sorted(expected)
    console.go(pool.path)
    console.expect(pool.path, "all-users-page-1")
    first = console.rows()
    assert len(first) == PAGE_SIZE, f"{len(first)} rows on the first page"
    next_links = driver.find_elements(By.ID, "next-page")
    assert next_links, "no a#next-page on the first page of 29 users"
    click_and_wait(driver, next_links[0])
    console.expect(pool.path, "all-users-page-2")
    assert query_of(driver).get("page"), driver.current_url
    second = console.rows()
    assert len(second) == len(expected) - PAGE_SIZE, second
    assert not driver.find_elements(By.ID, "next-page"), "a#next-page on the last page"
    shown = first + second
    assert sorted(row["username"] for row in shown) == sorted(expected), "the pages are not ListUsers' users"
    for row in shown:
        user = expected[row["username"]]
        assert (row["email"], row["status"], row["enabled"]) == (
            user["email"], user["status"], "Enabled" if user["enabled"] else "Disabled"), (row, user)
        assert row["href"] == server.url + pool.user_path(row["username"]), row
    assert {row["enabled"] for row in shown} == {"Enabled", "Disabled"}, "member-29 is disabled"

    # The CSV of the pool's users, fetched with the browser's session cookie.
    link = driver.find_element(By.ID, "download-csv").get_attribute("href")
    assert link == server.url + f"{pool.path}/users.csv", link
    cookie = driver.get_cookie(COOKIE)
    assert cookie and cookie["value"], f"no {COOKIE} cookie in the browser"
    assert cookie["httpOnly"] is True and cookie["path"] == "/admin" and cookie["sameSite"] == "Strict", cookie
    answer = requests.get(link, cookies={COOKIE: cookie["value"]}, allow_redirects=False, timeout=10)
    assert answer.status_code == 200, f"HTTP {answer.status_code} {answer.headers} {answer.text[:500]}"
    assert answer.headers.get("Content-Type", "").startswith("text/csv"), answer.headers
    assert answer.headers.get("Content-Disposition", "").startswith("attachment"), answer.headers
    assert "no-store" in answer.headers.get("Cache-Control", ""), answer.headers
    table = list(csv.reader(io.StringIO(answer.text)))
    header, body_rows = table[0], table[1:]
    assert header[:4] == ACCOUNT_COLUMNS, header
    assert "email" in header and not any("password" in column or "srp" in column for column in header), header
    by_name = {row[0]: dict(zip(header, row)) for row in body_rows}
    assert len(by_name) == len(body_rows), "a user twice in the CSV"
    assert sorted(by_name) == sorted(expected), "the CSV's users are not ListUsers' users"
    for username, user in expected.items():
        row = by_name[username]
        assert (row["sub"], row["email"], row["cognate:status"], row["cognate:enabled"]) == (
            user["sub"], user["email"], user["status"], "true" if user["enabled"] else "false"), (row, user)

    # Sign out: back to the sign-in page, and the console is closed.
    console.click("sign-out")
    console.expect("/admin/login", "signed-out")
    assert COOKIE not in {c["name"] for c in driver.get_cookies()}, "the session cookie outlived signing out"
    console.go(pool.path)
    console.expect("/admin/login", "pool-after-sign-out")


# --- security ---------------------------------------------------------------------------------------


def csp_directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = words[1:]
    return directives


def assert_page_headers(response: requests.Response, what: str) -> None:
    csp = csp_directives(response.headers.get("Content-Security-Policy", ""))
    assert csp.get("frame-ancestors") == ["'none'"], f"{what}: {response.headers}"
    assert csp.get("default-src") == ["'none'"], f"{what}: {response.headers}"
    assert "script-src" not in csp, f"{what}: {response.headers}"
    assert "no-store" in response.headers.get("Cache-Control", ""), f"{what}: {response.headers}"
    assert response.headers.get("X-Frame-Options") == "DENY", f"{what}: {response.headers}"
    assert response.headers.get("Content-Type", "").startswith("text/html"), f"{what}: {response.headers}"


def test_sessions_csrf_and_headers(server, idp):
    pool = make_pool(idp, 2)
    victim = "member-01"
    user_url = server.url + pool.user_path(victim)
    disable_url = server.url + f"{pool.path}/user/disable"

    # Without a session every page (and the CSV, and an action) is the sign-in page.
    anonymous = requests.Session()
    for path in ("/admin", pool.path, pool.user_path(victim), f"{pool.path}/users.csv"):
        answer = anonymous.get(server.url + path, allow_redirects=False, timeout=10)
        assert_to_login(answer, f"GET {path} signed out")
        assert "example.com" not in answer.text, f"GET {path} signed out shows users"
    assert_to_login(anonymous.post(disable_url, data={"username": victim, "_csrf": "x"}, allow_redirects=False,
                                   timeout=10), "POST disable signed out")

    # A wrong secret: 401 and an error, no session.
    http = requests.Session()
    csrf = login_form(server, http)
    refused = post_login(server, http, ACCESS_KEY_ID, "wrong" * 8, csrf)
    assert refused.status_code == 401, f"HTTP {refused.status_code}: {refused.text[:500]}"
    assert 'id="error"' in refused.text, refused.text[:1500]
    assert COOKIE not in set_cookies(refused), refused.headers
    # The sign-in form without its CSRF token is refused whatever the secret.
    assert post_login(server, requests.Session(), ACCESS_KEY_ID, SECRET_ACCESS_KEY, csrf).status_code == 403

    answer = post_login(server, http, ACCESS_KEY_ID, SECRET_ACCESS_KEY, csrf)
    assert answer.status_code == 302 and answer.headers.get("Location") == "/admin", answer.headers
    session_cookie = set_cookies(answer)[COOKIE]
    attributes = [part.strip().lower() for part in session_cookie.split(";")[1:]]
    assert "httponly" in attributes and "samesite=strict" in attributes and "path=/admin" in attributes, session_cookie
    assert "secure" not in attributes, "Secure only when the public URL is https"

    # Pages: strict CSP without framing, no caching.
    assert_page_headers(requests.get(server.url + "/admin/login", timeout=10), "/admin/login")
    for path in ("/admin", pool.path, pool.user_path(victim)):
        page = http.get(server.url + path, allow_redirects=False, timeout=10)
        assert page.status_code == 200, f"GET {path}: HTTP {page.status_code} {page.text[:500]}"
        assert_page_headers(page, path)
    token = csrf_of(http.get(user_url, timeout=10).text)

    # Posts without the session's token, with a wrong one, or from another site: 403, nothing done.
    refusals = {
        "no _csrf": ({"username": victim}, {}),
        "a wrong _csrf": ({"username": victim, "_csrf": token[:-1] + ("A" if token[-1] != "A" else "B")}, {}),
        "Origin: http://evil.example": ({"username": victim, "_csrf": token}, {"Origin": "http://evil.example"}),
        "Sec-Fetch-Site: cross-site": ({"username": victim, "_csrf": token}, {"Sec-Fetch-Site": "cross-site"}),
    }
    for what, (form, headers) in refusals.items():
        answer = http.post(disable_url, data=form, headers=headers, allow_redirects=False, timeout=10)
        assert answer.status_code == 403, f"POST disable with {what}: HTTP {answer.status_code} {answer.text[:500]}"
        assert_page_headers(answer, f"the 403 to {what}")
        assert is_enabled(idp, pool, victim) is True, f"POST disable with {what} disabled the user"

    # A tampered session cookie is no session (and cannot post either).
    value = http.cookies.get(COOKIE)
    middle = len(value) // 2
    tampered = value[:middle] + ("A" if value[middle] != "A" else "B") + value[middle + 1:]
    for what, cookie in {"tampered": tampered, "garbage": "x", "empty": ""}.items():
        forged = requests.Session()
        forged.cookies.set(COOKIE, cookie)
        assert_to_login(forged.get(server.url + pool.path, allow_redirects=False, timeout=10),
                        f"GET the pool with a {what} cookie")
        assert_to_login(forged.post(disable_url, data={"username": victim, "_csrf": token}, allow_redirects=False,
                                    timeout=10), f"POST disable with a {what} cookie")
        assert is_enabled(idp, pool, victim) is True

    # The same post with the token and no foreign origin works (the refusals above were the checks').
    answer = http.post(disable_url, data={"username": victim, "_csrf": token}, allow_redirects=False, timeout=10)
    assert answer.status_code == 302, f"HTTP {answer.status_code} {answer.text[:500]}"
    assert answer.headers.get("Location", "").startswith(pool.user_path(victim)), answer.headers
    assert is_enabled(idp, pool, victim) is False
    # Same-origin posts that name their origin are fine too.
    answer = http.post(server.url + f"{pool.path}/user/enable", data={"username": victim, "_csrf": token},
                       headers={"Origin": server.url, "Sec-Fetch-Site": "same-origin"}, allow_redirects=False, timeout=10)
    assert answer.status_code == 302 and is_enabled(idp, pool, victim) is True, answer.text[:500]


def test_wrong_secrets_lock_a_key_id(server):
    made_up = "AKIDLOCK" + uuid.uuid4().hex[:12].upper()
    http = requests.Session()
    csrf = login_form(server, http)
    for attempt in range(1, 6):
        answer = post_login(server, http, made_up, f"not-the-secret-{attempt}", csrf)
        assert answer.status_code == 401, f"wrong secret {attempt}: HTTP {answer.status_code} {answer.text[:300]}"
    answer = post_login(server, http, made_up, "not-the-secret-6", csrf)
    assert answer.status_code == 429, f"6th wrong secret: HTTP {answer.status_code} {answer.text[:500]}"
    assert 'id="error"' in answer.text and COOKIE not in set_cookies(answer), answer.text[:1500]
    # The lock is the made-up key's: the real key still signs in.
    assert signed_in(server).get(server.url + "/admin", allow_redirects=False, timeout=10).status_code == 200


# --- without JavaScript -------------------------------------------------------------------------------


def test_the_console_works_without_javascript(console_without_js, server, idp):
    console = console_without_js
    driver = console.driver
    # JavaScript is really off in this browser: <noscript> shows and a script changes nothing.
    driver.get("data:text/html,<title>t</title><noscript><p id=off>off</p></noscript><p id=x>x</p>"
               "<script>document.getElementById('x').textContent='on'</script>")
    assert element_text(driver, "off") == "off" and element_text(driver, "x") == "x", driver.page_source

    pool = make_pool(idp, 3, findme=(2,))
    target = "member-02"
    console.go(pool.path)
    console.expect("/admin/login", "login")
    console.sign_in(ACCESS_KEY_ID, SECRET_ACCESS_KEY)
    console.expect("/admin", "pools")
    console.open_pool(pool)
    console.search(pool, 'email ^= "findme"', "search")
    assert [row["username"] for row in console.rows()] == [target], console.rows()
    console.open_user(pool, target)
    assert console.enabled() == "Enabled"
    console.click("disable")
    console.expect_user(pool, target, "disabled")
    assert console.enabled() == "Disabled", console.enabled()
    assert is_enabled(idp, pool, target) is False


# --- groups -------------------------------------------------------------------------------------------


def test_operator_removes_a_user_from_a_group_and_adds_them(console, idp):
    """The scenario's group step on a user of its own (so that a fault here does not hide the rest): a
    group the API gave the user removed with its button, then the pool's groups added with form#add-group
    until the user is in all of them and the form goes."""
    pool = make_pool(idp, 2, target=1)
    target, driver = pool.target, console.driver
    idp.create_group(UserPoolId=pool.pool_id, GroupName="auditors")
    idp.admin_add_user_to_group(UserPoolId=pool.pool_id, Username=target, GroupName=GROUP)
    console.go(pool.user_path(target))
    console.expect("/admin/login", "login")
    console.sign_in(ACCESS_KEY_ID, SECRET_ACCESS_KEY)
    console.expect("/admin", "pools")
    console.open_pool(pool)
    console.open_user(pool, target)
    assert console.groups() == [GROUP], console.groups()

    # Remove (the group the API put the user in).
    removes = driver.find_elements(By.CSS_SELECTOR, "ul#groups > li button")
    assert len(removes) == 1 and removes[0].text.strip() == "Remove", [b.text for b in removes]
    click_and_wait(driver, removes[0])
    console.expect_user(pool, target, "removed-from-group")
    assert console.groups() == [], console.groups()
    assert console.notice(), "no p#notice after removing from the group"
    assert idp.admin_list_groups_for_user(UserPoolId=pool.pool_id, Username=target)["Groups"] == []

    # Add: the form offers the groups the user is not in; once in all of them, it goes.
    remaining, joined = sorted([GROUP, "auditors"]), []
    while remaining:
        assert driver.find_elements(By.CSS_SELECTOR, "form#add-group"), (
            f"no form#add-group on the page of a user not in {remaining} (in {joined or 'no group'})"
        )
        options = sorted(option.text for option in driver.find_elements(By.CSS_SELECTOR, "form#add-group select#group option"))
        assert options == remaining, options
        name = remaining.pop(0)
        Select(driver.find_element(By.ID, "group")).select_by_visible_text(name)
        console.click("add-group-button")
        joined.append(name)
        console.expect_user(pool, target, f"added-to-{name}")
        assert sorted(console.groups()) == sorted(joined), console.groups()
        assert console.notice(), f"no p#notice after adding to {name}"
    assert not driver.find_elements(By.ID, "add-group"), "form#add-group while the user is in every group"
    listed = idp.admin_list_groups_for_user(UserPoolId=pool.pool_id, Username=target)["Groups"]
    assert sorted(group["GroupName"] for group in listed) == sorted([GROUP, "auditors"]), listed


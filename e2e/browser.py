"""A real browser for the hosted-UI tests: headless Chromium (Debian's `chromium` and `chromium-driver`,
which scripts/test installs) driven through selenium; screenshots of every page a test visits, kept as
artifacts; and a small HTTP server on 127.0.0.1 that plays the app's callback and sign-out URLs, so the
browser has somewhere real to land and the test can read what the app would have got."""

from __future__ import annotations

import html
import re
import shutil
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable

import pytest
from selenium import webdriver
from selenium.common.exceptions import TimeoutException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import WebDriverWait

from cognate_e2e import CognateServer
from mail_sink import MailSink

E2E = Path(__file__).resolve().parent
SCREENSHOTS = E2E / "artifacts" / "screenshots"

CHROME_ARGS = ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1000,700"]
WAIT = 10.0  # seconds for a page to arrive after a click or a navigation
POLL = 0.05  # seconds between checks while waiting: pages that redirect at once are seen at once


# --- Chromium --------------------------------------------------------------------------------------


def chromium_paths() -> tuple[str, str]:
    """The chromium and chromedriver programs on the PATH; an AssertionError naming the packages if not."""
    chromium, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if not chromium or not driver:
        raise AssertionError(
            "chromium and chromedriver must be on the PATH for the hosted-UI tests "
            "(apt-get install -y chromium chromium-driver; scripts/test installs them)"
        )
    return chromium, driver


def start_chromium() -> WebDriver:
    """Headless Chromium with a fresh profile (no cookies), through Debian's chromedriver; its console is
    kept (`get_log("browser")`: CORS and script errors show there)."""
    chromium, chromedriver = chromium_paths()
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in CHROME_ARGS:
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(chromedriver))
    driver.set_page_load_timeout(30)
    return driver


def clear_cookies(driver: WebDriver) -> None:
    """Every cookie of the browser, whatever page it is on (selenium's delete_all_cookies only clears
    those of the current page's site)."""
    driver.execute_cdp_cmd("Network.clearBrowserCookies", {})


# --- pages -----------------------------------------------------------------------------------------


def path_of(driver: WebDriver) -> str:
    return urllib.parse.urlsplit(driver.current_url).path


def query_of(driver: WebDriver) -> dict[str, str]:
    """The current URL's query (the last value of a repeated name)."""
    return dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(driver.current_url).query, keep_blank_values=True))


def wait_until(driver: WebDriver, condition: Callable[[WebDriver], object], what: str, timeout: float = WAIT):
    try:
        return WebDriverWait(driver, timeout, poll_frequency=POLL).until(condition)
    except TimeoutException:
        raise AssertionError(
            f"timed out after {timeout:.0f}s waiting for {what}; the browser is at {driver.current_url} "
            f"showing:\n{page_text(driver)[:1500]}"
        ) from None


def wait_loaded(driver: WebDriver, timeout: float = WAIT) -> None:
    wait_until(driver, lambda d: d.execute_script("return document.readyState") == "complete",
               "the page to load", timeout)


def expect_path(driver: WebDriver, path: str, timeout: float = WAIT) -> None:
    """Once the page has loaded, the browser is on a URL whose path is `path`. The hosted pages use no
    JavaScript and redirect on the server, so a loaded page is where the browser stays."""
    wait_loaded(driver, timeout)
    if path_of(driver) != path:
        shown = page_text(driver)
        raise AssertionError(
            f"expected the browser on {path}, it is at {driver.current_url} showing:\n{shown[:1500]}"
            + (_refetch(driver.current_url) if "ERR_" in shown or "HTTP ERROR" in shown else "")
        )


def _refetch(url: str) -> str:
    """What the server answers to a GET of `url` (for Chromium's own error pages, which hide it)."""
    request = urllib.request.Request(url, method="GET")
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        response = opener.open(request, timeout=5)
    except urllib.error.HTTPError as error:
        response = error
    except OSError as error:
        return f"\n(GET again: {error!r})"
    body = response.read(300).decode("utf-8", errors="replace")
    return f"\n(GET again: HTTP {response.status} {response.headers.get('Content-Type')} {body!r})"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def page_text(driver: WebDriver) -> str:
    try:
        return driver.find_element(By.TAG_NAME, "body").text
    except WebDriverException:
        return driver.page_source


def element_text(driver: WebDriver, element_id: str) -> str | None:
    """The visible text of the element with id `element_id`, or None when the page has none."""
    found = driver.find_elements(By.ID, element_id)
    return found[0].text.strip() if found else None


def form_with(driver: WebDriver, field: str) -> WebElement:
    """The form holding a field named `field` (pages such as /confirmUser have more than one form)."""
    found = driver.find_elements(By.XPATH, f"//form[.//*[@name='{field}']]")
    if not found:
        raise AssertionError(
            f"no form with a field {field!r} at {driver.current_url}; the page shows:\n{page_text(driver)[:1500]}"
        )
    return found[0]


def click_and_wait(driver: WebDriver, element: WebElement) -> None:
    """Clicks `element` (a link or a submit button) and waits for the next document to load."""
    old = driver.find_element(By.TAG_NAME, "html")
    element.click()
    # The old document goes stale when the answer arrives (even when it is on the same path).
    wait_until(driver, lambda d: _is_stale(old), "the next page")
    wait_loaded(driver)


def fill_and_submit(driver: WebDriver, fields: dict[str, str]) -> None:
    """Types `fields` (name -> value) into the form holding the first of them, clicks its
    `button[type=submit]` and waits for the answer to load."""
    form = form_with(driver, next(iter(fields)))
    for name, value in fields.items():
        element = form.find_element(By.NAME, name)
        element.clear()
        element.send_keys(value)
    click_and_wait(driver, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))


def _is_stale(element: WebElement) -> bool:
    try:
        element.is_enabled()
        return False
    except WebDriverException:
        return True


# --- screenshots -----------------------------------------------------------------------------------


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("_") or "page"


class Screenshots:
    """`e2e/artifacts/screenshots/<test-name>/<NN>-<page>.png`, numbered in the order taken. The folder
    of a test is emptied when the test starts, so it holds the pages of its last run only."""

    def __init__(self, test_name: str, base: Path = SCREENSHOTS):
        self.directory = base / _safe(test_name)
        if self.directory.exists():
            for old in self.directory.iterdir():
                if old.is_file():
                    old.unlink()
        self.directory.mkdir(parents=True, exist_ok=True)
        self.count = 0
        self.taken: list[Path] = []

    def take(self, driver: WebDriver, page: str) -> Path:
        self.count += 1
        path = self.directory / f"{self.count:02d}-{_safe(page)}.png"
        assert driver.save_screenshot(str(path)), f"could not save a screenshot to {path}"
        self.taken.append(path)
        return path

    def save_source(self, driver: WebDriver, page: str) -> Path:
        """The page's HTML beside the screenshots (for failures)."""
        self.count += 1
        path = self.directory / f"{self.count:02d}-{_safe(page)}.html"
        path.write_text(f"<!-- {driver.current_url} -->\n{driver.page_source}", encoding="utf-8")
        return path


# --- the app's callback --------------------------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    """One request the callback server got."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]


class CallbackServer:
    """A threaded HTTP server on 127.0.0.1 that records each request (but /favicon.ico) and answers
    200 with a small HTML page naming the path, e.g. `<h1 id="landed">/callback</h1>`."""

    def __init__(self):
        self.hits: list[Hit] = []
        self.lock = threading.Lock()
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server's naming)
                parts = urllib.parse.urlsplit(self.path)
                if parts.path == "/favicon.ico":
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                hit = Hit(
                    method=self.command,
                    path=parts.path,
                    query=dict(urllib.parse.parse_qsl(parts.query, keep_blank_values=True)),
                    headers={k.lower(): v for k, v in self.headers.items()},
                )
                with recorder.lock:
                    recorder.hits.append(hit)
                body = (
                    "<!doctype html><html><head><meta charset=utf-8><title>app</title></head>"
                    f"<body><h1 id=\"landed\">{html.escape(parts.path)}</h1>"
                    f"<pre id=\"query\">{html.escape(parts.query)}</pre></body></html>"
                ).encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                self.wfile.write(body)

            do_POST = do_GET  # noqa: N815 (a form_post response mode would land here)

            def log_message(self, format, *args):  # quiet
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread: threading.Thread | None = None

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def callback_url(self) -> str:
        return f"{self.origin}/callback"

    @property
    def signed_out_url(self) -> str:
        return f"{self.origin}/signed-out"

    def start(self) -> "CallbackServer":
        self.thread = threading.Thread(target=self.httpd.serve_forever, name="callback-server", daemon=True)
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        if self.thread is not None:
            self.thread.join(timeout=5)

    def requests_to(self, path: str) -> list[Hit]:
        with self.lock:
            return [hit for hit in self.hits if hit.path == path]

    def wait_for(self, path: str, count: int = 1, timeout: float = WAIT) -> Hit:
        """The `count`-th request to `path` (waiting for it); the newest one when there are more."""
        deadline = time.monotonic() + timeout
        while True:
            hits = self.requests_to(path)
            if len(hits) >= count:
                return hits[-1]
            if time.monotonic() > deadline:
                raise AssertionError(f"expected {count} request(s) to {path} within {timeout}s, got {len(hits)}")
            time.sleep(0.05)


# --- fixtures of the browser modules (import them by name; each replaces conftest's fixture of that name) --

# Cheap Argon2id (a browser test stores passwords often) and a sender for the SMTP sink's messages.
MAIL_SERVER_ARGS = ["--argon2", "1024,1,1", "--mail-from", "Cognate <no-reply@example.com>"]


@pytest.fixture(scope="module", params=["sqlite"])
def backend(request) -> str:
    """SQLite only: the browser modules test the pages, which do not depend on the engine (every engine
    is covered by the same flows through test_oauth.py)."""
    return request.param


@pytest.fixture(scope="module")
def sink(tmp_path_factory) -> MailSink:
    """A real SMTP server (aiosmtpd) for the module."""
    sink = MailSink(tmp_path_factory.mktemp("smtp")).start()
    yield sink
    sink.stop()


@pytest.fixture(scope="module")
def server(backend, databases, cognate_bin, tmp_path_factory, sink) -> CognateServer:
    """One Cognate for the module, sending its mail to `sink`."""
    base = tmp_path_factory.mktemp(f"server-{backend}")
    instance = CognateServer(
        name="server", workdir=base, database_url=databases.fresh(base / "db"), backend=backend,
        extra_args=[*MAIL_SERVER_ARGS, "--smtp-url", sink.url(starttls="never")],
    )
    instance.start()
    yield instance
    instance.stop_cleanly()


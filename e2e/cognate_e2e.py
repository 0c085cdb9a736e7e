"""Helpers for the end-to-end tests: a real `cognate serve` process and raw HTTP calls to it.

The fixtures in conftest.py build on these; test modules import the helpers they need directly.
"""

from __future__ import annotations

import atexit
import datetime
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping, Sequence
from unittest import mock

import boto3
import pytest
import botocore.auth
import botocore.session
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials

REPO = Path(__file__).resolve().parent.parent
REGION = "us-east-1"
ACCOUNT_ID = "123456789012"
SERVICE = "cognito-idp"
ACCESS_KEY_ID = "AKIDCOGNATETEST00001"
SECRET_ACCESS_KEY = "CognateTestSecretKey/0123456789abcdefghi"  # 40 characters
assert len(SECRET_ACCESS_KEY) == 40

TARGET_PREFIX = "AWSCognitoIdentityProviderService."
JSON_CONTENT_TYPE = "application/x-amz-json-1.1"

HEALTH_TIMEOUT = 30.0  # seconds for a started server to answer GET /health with 200
STOP_TIMEOUT = 10.0  # seconds for SIGTERM to end the process
HTTP_TIMEOUT = 10.0  # seconds for any one HTTP exchange

POOL_ID_RE = re.compile(r"^us-east-1_[0-9A-Za-z]{9}$")

# The errors of SigV4 verification on a signed operation.
SIGV4_ERRORS = frozenset(
    {
        "MissingAuthenticationTokenException",
        "UnrecognizedClientException",
        "InvalidSignatureException",
        "IncompleteSignatureException",
    }
)


# --- the API model ------------------------------------------------------------------------------

_SERVICE_MODEL = None


def service_model():
    global _SERVICE_MODEL
    if _SERVICE_MODEL is None:
        _SERVICE_MODEL = botocore.session.get_session().get_service_model(SERVICE)
    return _SERVICE_MODEL


def is_signed(operation: str) -> bool:
    """Whether botocore signs `operation` (the model marks the others `smithy.api#noAuth`)."""
    model = service_model().operation_model(operation)
    auth = getattr(model, "auth", None) or []
    return not (model.auth_type == "none" or "smithy.api#noAuth" in auth)


def signed_operations() -> list[str]:
    return [op for op in service_model().operation_names if is_signed(op)]


def unsigned_operations() -> list[str]:
    return [op for op in service_model().operation_names if not is_signed(op)]


# --- processes and ports ------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def clean_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The test process's environment without COGNATE_* and AWS_* variables, plus `extra`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COGNATE_", "AWS_"))}
    env.update(extra or {})
    return env


def tail(path: Path, lines: int = 80) -> str:
    try:
        data = path.read_bytes()
    except OSError as error:
        return f"<cannot read {path}: {error}>"
    text = data.decode("utf-8", errors="replace")
    return "\n".join(text.splitlines()[-lines:])


def cognate_binary() -> Path:
    configured = os.environ.get("COGNATE_BIN")
    path = Path(configured) if configured else REPO / ".build" / "debug" / "cognate"
    if not path.is_absolute():
        path = REPO / path
    return path


def run_cognate(
    args: Sequence[str],
    *,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    timeout: float = 120,
) -> subprocess.CompletedProcess[str]:
    """Run the cognate binary to completion (e.g. `migrate`), output captured."""
    return subprocess.run(
        [str(cognate_binary()), *args],
        env=clean_env(env),
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


# --- PostgreSQL databases on the cluster scripts/test started ---------------------------------


@dataclass(frozen=True)
class PostgresCluster:
    directory: str
    port: int

    def create_database(self) -> str:
        """A fresh, empty database; returns its URL."""
        name = "e2e_" + uuid.uuid4().hex[:16]
        result = subprocess.run(
            [str(REPO / "scripts" / "postgres"), "createdb", self.directory, str(self.port), name],
            capture_output=True,
            text=True,
            timeout=60,
        )
        if result.returncode != 0:
            raise RuntimeError(
                f"scripts/postgres createdb {name} failed ({result.returncode}): "
                f"{result.stdout}{result.stderr}"
            )
        return result.stdout.strip().splitlines()[-1]

    def psql(self, database: str, sql: str) -> str:
        result = subprocess.run(
            [postgres_tool("psql"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "cognate",
             "-d", database, "-v", "ON_ERROR_STOP=1", "-Atc", sql],
            capture_output=True,
            text=True,
            timeout=60,
        )
        if result.returncode != 0:
            raise RuntimeError(f"psql failed ({result.returncode}): {result.stderr}")
        return result.stdout


def postgres_tool(name: str) -> str:
    """A PostgreSQL client program from the same installation as initdb (as scripts/postgres)."""
    initdb = shutil.which("initdb")
    candidates = [Path(os.path.realpath(initdb)).parent / name] if initdb else []
    candidates += sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True)
    for candidate in candidates:
        if candidate.exists():
            return str(candidate)
    return shutil.which(name) or name


# --- raw HTTP -----------------------------------------------------------------------------------


@dataclass
class RawResponse:
    status: int
    headers: dict[str, str]  # lower-cased names
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)

    @property
    def error_type(self) -> str | None:
        try:
            document = self.json()
        except ValueError:
            return None
        if isinstance(document, dict) and isinstance(document.get("__type"), str):
            return document["__type"]
        return None

    @property
    def message(self) -> str | None:
        try:
            document = self.json()
        except ValueError:
            return None
        if not isinstance(document, dict):
            return None
        value = document.get("message", document.get("Message"))
        return value if isinstance(value, str) else None

    def describe(self) -> str:
        shown = self.body[:600].decode("utf-8", errors="replace")
        return f"HTTP {self.status} headers={self.headers} body={shown!r}"


def http_exchange(
    port: int,
    method: str,
    path: str,
    body: bytes | None,
    headers: Mapping[str, str],
    timeout: float = HTTP_TIMEOUT,
) -> RawResponse:
    """One HTTP/1.1 exchange with 127.0.0.1:port. If the server answers before reading all of a big
    body and closes the connection, the answer is still read."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        try:
            connection.request(method, path, body=body, headers=dict(headers))
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server may have answered early; try to read it below
        response = connection.getresponse()
        data = response.read()
        return RawResponse(
            status=response.status,
            headers={k.lower(): v for k, v in response.getheaders()},
            body=data,
        )
    finally:
        connection.close()


def signed_headers(
    url: str,
    body: bytes,
    headers: Mapping[str, str],
    *,
    access_key: str,
    secret_key: str,
    region: str = REGION,
    service: str = SERVICE,
    when: datetime.datetime | None = None,
    method: str = "POST",
) -> dict[str, str]:
    """`headers` plus X-Amz-Date and Authorization, computed by botocore's own SigV4 signer.
    `when` (naive UTC) overrides the signing time."""
    request = AWSRequest(method=method, url=url, data=body, headers=dict(headers))
    signer = botocore.auth.SigV4Auth(Credentials(access_key, secret_key), service, region)
    if when is None:
        signer.add_auth(request)
    else:
        with mock.patch.object(botocore.auth, "get_current_datetime", return_value=when):
            signer.add_auth(request)
    return dict(request.headers.items())


# --- the server process -------------------------------------------------------------------------

_STARTED: list["CognateServer"] = []


@atexit.register
def _kill_leftovers() -> None:
    """Servers a fixture could not stop (interrupted run) do not outlive the test process."""
    for server in _STARTED:
        server.kill()



@dataclass
class CognateServer:
    """A real `cognate serve` process."""

    name: str
    workdir: Path
    database_url: str
    backend: str
    access_key: str | None = ACCESS_KEY_ID
    secret_key: str | None = SECRET_ACCESS_KEY
    region: str = REGION
    account_id: str = ACCOUNT_ID
    extra_args: list[str] = field(default_factory=list)
    extra_env: dict[str, str] = field(default_factory=dict)
    cwd: Path | None = None
    use_flags: bool = True  # False: pass host/port/database/... through COGNATE_* variables only

    port: int = 0
    process: subprocess.Popen | None = None
    command: list[str] = field(default_factory=list)
    environment: dict[str, str] = field(default_factory=dict)
    returncodes: list[int] = field(default_factory=list)

    @property
    def log_path(self) -> Path:
        return self.workdir / f"{self.name}.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # lifecycle

    def start(self) -> "CognateServer":
        assert self.process is None or self.process.poll() is not None, "already running"
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        settings = {
            "host": "127.0.0.1",
            "port": str(self.port),
            "database": self.database_url,
            "public-url": self.url,
            "region": self.region,
            "account-id": self.account_id,
        }
        env: dict[str, str] = {}
        if self.access_key is not None:
            env["COGNATE_ACCESS_KEY_ID"] = self.access_key
        if self.secret_key is not None:
            env["COGNATE_SECRET_ACCESS_KEY"] = self.secret_key
        command = [str(cognate_binary()), "serve"]
        if self.use_flags:
            for flag, value in settings.items():
                command += [f"--{flag}", value]
        else:
            names = {
                "host": "COGNATE_HOST",
                "port": "COGNATE_PORT",
                "database": "COGNATE_DATABASE_URL",
                "public-url": "COGNATE_PUBLIC_URL",
                "region": "COGNATE_REGION",
                "account-id": "COGNATE_ACCOUNT_ID",
            }
            for key, value in settings.items():
                env[names[key]] = value
        command += self.extra_args
        env.update(self.extra_env)
        self.command = command
        self.environment = env
        with open(self.log_path, "ab") as log:
            log.write(f"\n=== start: {' '.join(command)}\n".encode())
            log.flush()
            _STARTED.append(self)
            self.process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=clean_env(env),
                cwd=self.cwd or self.workdir,
                start_new_session=True,
            )
        self.wait_healthy()
        return self

    def wait_healthy(self, timeout: float = HEALTH_TIMEOUT) -> None:
        deadline = time.monotonic() + timeout
        last = "no answer"
        while time.monotonic() < deadline:
            code = self.process.poll()
            if code is not None:
                pytest.fail(
                    f"cognate serve exited with {code} before becoming healthy\n"
                    f"command: {self.command}\n--- log tail ({self.log_path}):\n{self.log_tail()}",
                    pytrace=False,
                )
            try:
                response = self.get("/health", timeout=2)
                if response.status == 200:
                    return
                last = response.describe()
            except OSError as error:
                last = repr(error)
            time.sleep(0.1)
        self.kill()
        pytest.fail(
            f"GET /health did not answer 200 within {timeout:.0f}s (last: {last})\n"
            f"command: {self.command}\n--- log tail ({self.log_path}):\n{self.log_tail()}",
            pytrace=False,
        )

    def stop(self, timeout: float = STOP_TIMEOUT) -> int:
        """SIGTERM; returns the exit status. Fails if the process does not exit within `timeout`."""
        assert self.process is not None
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.kill()
                raise AssertionError(
                    f"cognate serve did not exit within {timeout:.0f}s of SIGTERM; killed\n"
                    f"--- log tail ({self.log_path}):\n{self.log_tail()}"
                )
        code = self.process.returncode
        self.returncodes.append(code)
        return code

    def stop_cleanly(self) -> None:
        code = self.stop()
        assert code == 0, (
            f"cognate serve exited with status {code} after SIGTERM (expected 0)\n"
            f"--- log tail ({self.log_path}):\n{self.log_tail()}"
        )

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)

    def restart(self) -> "CognateServer":
        self.stop_cleanly()
        return self.start()

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def log_tail(self, lines: int = 80) -> str:
        return tail(self.log_path, lines)

    def assert_alive(self) -> None:
        if not self.running:
            code = None if self.process is None else self.process.returncode
            raise AssertionError(
                f"cognate serve is not running (exit status {code})\n"
                f"--- log tail ({self.log_path}):\n{self.log_tail()}"
            )

    # clients

    def client(
        self,
        access_key: str | None = None,
        secret_key: str | None = None,
        *,
        region: str | None = None,
        config: Config | None = None,
    ):
        """A boto3 cognito-idp client for this server (the fixture's keys unless given)."""
        base = Config(retries={"max_attempts": 1}, connect_timeout=10, read_timeout=30)
        return boto3.client(
            SERVICE,
            endpoint_url=self.url,
            region_name=region or self.region,
            aws_access_key_id=access_key or self.access_key,
            aws_secret_access_key=secret_key or self.secret_key,
            config=base.merge(config) if config else base,
        )

    def get(self, path: str, timeout: float = HTTP_TIMEOUT) -> RawResponse:
        return http_exchange(self.port, "GET", path, None, {}, timeout=timeout)

    def raw(
        self,
        body: bytes | str | None,
        *,
        target: str | None = None,
        operation: str | None = None,
        sign: bool | None = None,
        headers: Mapping[str, str] | None = None,
        content_type: str | None = JSON_CONTENT_TYPE,
        method: str = "POST",
        path: str = "/",
        access_key: str | None = None,
        secret_key: str | None = None,
        region: str | None = None,
        service: str = SERVICE,
        when: datetime.datetime | None = None,
        timeout: float = HTTP_TIMEOUT,
    ) -> RawResponse:
        """Send `body` as is. `operation` sets X-Amz-Target to the service's prefix + operation
        (`target` sets it verbatim). `sign` defaults to whether the operation is signed."""
        if isinstance(body, str):
            body = body.encode("utf-8")
        if operation is not None:
            target = TARGET_PREFIX + operation
        all_headers: dict[str, str] = {}
        if content_type is not None:
            all_headers["Content-Type"] = content_type
        if target is not None:
            all_headers["X-Amz-Target"] = target
        all_headers.update(headers or {})
        if sign is None:
            sign = operation is None or operation not in service_model().operation_names or is_signed(operation)
        if sign:
            all_headers = signed_headers(
                self.url + path,
                body or b"",
                all_headers,
                access_key=access_key or self.access_key,
                secret_key=secret_key or self.secret_key,
                region=region or self.region,
                service=service,
                when=when,
                method=method,
            )
        try:
            return http_exchange(self.port, method, path, body, all_headers, timeout=timeout)
        except OSError:
            self.assert_alive()
            raise

    def call(self, operation: str, payload: Any, **kwargs) -> RawResponse:
        """`payload` as JSON to `operation`."""
        return self.raw(json.dumps(payload), operation=operation, **kwargs)


def assert_error(response: RawResponse, error_type: str, status: int = 400) -> dict:
    """The response is an AWS JSON error of `error_type`: status, body, headers."""
    assert response.status == status, f"expected HTTP {status} {error_type}, got {response.describe()}"
    try:
        document = response.json()
    except ValueError:
        raise AssertionError(f"error body is not JSON: {response.describe()}")
    assert isinstance(document, dict), response.describe()
    assert document.get("__type") == error_type, f"expected {error_type}, got {response.describe()}"
    assert isinstance(document.get("message", document.get("Message")), str), (
        f"error has no message: {response.describe()}"
    )
    assert response.headers.get("x-amzn-errortype") == error_type, response.describe()
    assert response.headers.get("x-amzn-requestid"), response.describe()
    assert response.headers.get("content-type", "").startswith(JSON_CONTENT_TYPE), response.describe()
    return document

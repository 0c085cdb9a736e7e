"""The server process: health, clean shutdown, restarts, storage, migrations, configuration."""

from __future__ import annotations

import socket
import sqlite3
import subprocess
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from cognate_e2e import POOL_ID_RE, clean_env, cognate_binary, run_cognate


def sqlite_path(database_url: str) -> Path:
    assert database_url.startswith("sqlite:"), database_url
    return Path(database_url[len("sqlite:"):])


def test_health(server):
    response = server.get("/health")
    assert response.status == 200, response.describe()
    document = response.json()
    assert isinstance(document, dict), response.describe()
    assert "json" in response.headers.get("content-type", ""), response.describe()


def test_sigterm_exits_cleanly(backend, server_factory):
    instance = server_factory.start()
    instance.client().create_user_pool(PoolName="before-sigterm")
    started = time.monotonic()
    code = instance.stop()
    assert code == 0, f"exit status {code} after SIGTERM\n{instance.log_tail()}"
    assert time.monotonic() - started < 10
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", instance.port), timeout=2).close()


def test_sigterm_while_idle_connection_is_open(backend, server_factory):
    """An idle keep-alive client must not keep the server from shutting down."""
    instance = server_factory.start()
    idle = socket.create_connection(("127.0.0.1", instance.port), timeout=5)
    try:
        idle.sendall(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        assert idle.recv(4096).startswith(b"HTTP/1.1 200")
        code = instance.stop()
        assert code == 0, f"exit status {code}\n{instance.log_tail()}"
    finally:
        idle.close()


def test_restart_keeps_pools(backend, server_factory):
    instance = server_factory.start()
    cognito = instance.client()
    before = {}
    for index in range(3):
        pool = cognito.create_user_pool(
            PoolName=f"durable-{index}", Policies={"PasswordPolicy": {"MinimumLength": 10 + index}}
        )["UserPool"]
        before[pool["Id"]] = pool
    deleted = cognito.create_user_pool(PoolName="deleted")["UserPool"]["Id"]
    cognito.delete_user_pool(UserPoolId=deleted)

    instance.restart()
    cognito = instance.client()
    for pool_id, pool in before.items():
        after = cognito.describe_user_pool(UserPoolId=pool_id)["UserPool"]
        assert after["Name"] == pool["Name"]
        assert after["Arn"] == pool["Arn"]
        assert after["CreationDate"] == pool["CreationDate"]
        assert after["Policies"]["PasswordPolicy"]["MinimumLength"] == pool["Policies"]["PasswordPolicy"]["MinimumLength"]
    listed = {p["Id"] for p in cognito.list_user_pools(MaxResults=60)["UserPools"]}
    assert listed == set(before)


def test_sqlite_file_is_in_wal_mode(sqlite_server_factory):
    instance = sqlite_server_factory.start()
    instance.client().create_user_pool(PoolName="wal")
    path = sqlite_path(instance.database_url)
    assert path.is_file(), f"no SQLite file at {path}"

    connection = sqlite3.connect(str(path), timeout=10)
    try:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0].lower() == "wal"
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert tables, "no tables: migrations did not run"
    finally:
        connection.close()

    instance.stop_cleanly()
    connection = sqlite3.connect(str(path), timeout=10)
    try:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0].lower() == "wal"
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        connection.close()


def test_sqlite_restart_on_same_file_keeps_pools(sqlite_server_factory, tmp_path):
    database_url = f"sqlite:{tmp_path / 'shared' / 'cognate.sqlite'}"
    (tmp_path / "shared").mkdir()
    first = sqlite_server_factory.start(database_url=database_url, name="first")
    pool_id = first.client().create_user_pool(PoolName="survivor")["UserPool"]["Id"]
    first.stop_cleanly()
    second = sqlite_server_factory.start(database_url=database_url, name="second")
    assert second.client().describe_user_pool(UserPoolId=pool_id)["UserPool"]["Name"] == "survivor"


def _migrate(database_url: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return run_cognate(["migrate", "--database", database_url], cwd=cwd)


def _describe(result) -> str:
    return f"exit {result.returncode}\nstdout: {result.stdout[-2000:]}\nstderr: {result.stderr[-2000:]}"


def test_migrate_twice_in_sequence(backend, server_factory, tmp_path):
    database_url = server_factory.database("migrate-seq")
    for attempt in (1, 2):
        result = _migrate(database_url, tmp_path)
        assert result.returncode == 0, f"migrate #{attempt}: {_describe(result)}"
    instance = server_factory.start(database_url=database_url)
    assert POOL_ID_RE.match(instance.client().create_user_pool(PoolName="migrated")["UserPool"]["Id"])


def test_migrate_concurrently(backend, server_factory, tmp_path):
    database_url = server_factory.database("migrate-concurrent")
    processes = [
        subprocess.Popen(
            [str(cognate_binary()), "migrate", "--database", database_url],
            cwd=tmp_path,
            env=clean_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outcomes = []
    for process in processes:
        try:
            stdout, stderr = process.communicate(timeout=120)
        except subprocess.TimeoutExpired:
            process.kill()
            stdout, stderr = process.communicate()
        outcomes.append((process.returncode, stdout, stderr))
    for index, (code, stdout, stderr) in enumerate(outcomes, 1):
        assert code == 0, f"concurrent migrate #{index}: exit {code}\nstdout: {stdout[-2000:]}\nstderr: {stderr[-2000:]}"

    again = _migrate(database_url, tmp_path)
    assert again.returncode == 0, f"migrate after the concurrent pair: {_describe(again)}"
    instance = server_factory.start(database_url=database_url)
    assert POOL_ID_RE.match(instance.client().create_user_pool(PoolName="migrated")["UserPool"]["Id"])


def test_configuration_from_environment(backend, server_factory):
    """COGNATE_HOST/PORT/DATABASE_URL/PUBLIC_URL/REGION/ACCOUNT_ID instead of flags."""
    instance = server_factory.start(use_flags=False, region="eu-west-1", account_id="210987654321")
    assert instance.command[1:] == ["serve"], instance.command
    pool = instance.client().create_user_pool(PoolName="from-env")["UserPool"]
    assert pool["Id"].startswith("eu-west-1_") and len(pool["Id"]) == len("eu-west-1_") + 9, pool["Id"]
    assert pool["Arn"] == f"arn:aws:cognito-idp:eu-west-1:210987654321:userpool/{pool['Id']}"


def _listening_addresses(port: int) -> set[str]:
    """Local addresses of the TCP sockets listening on `port` (from /proc/net/tcp and tcp6)."""
    found = set()
    for name in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(name).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            local, state = fields[1], fields[3]
            address, port_hex = local.split(":")
            if state == "0A" and int(port_hex, 16) == port:
                found.add(address)
    return found


def test_binds_loopback_only(server):
    assert server.command[server.command.index("--host") + 1] == "127.0.0.1"
    if not Path("/proc/net/tcp").exists():
        pytest.skip("no /proc/net/tcp to inspect")
    addresses = _listening_addresses(server.port)
    # 0100007F is 127.0.0.1 in /proc's little-endian hex.
    assert addresses == {"0100007F"}, f"listening on {addresses} (expected 127.0.0.1 only)"


def test_postgres_health_is_503_when_the_database_is_gone(postgres_server_factory):
    instance = postgres_server_factory.start()
    assert instance.get("/health").status == 200
    name = urlsplit(instance.database_url).path.lstrip("/")
    cluster = postgres_server_factory.databases.cluster
    cluster.psql("cognate", f'DROP DATABASE "{name}" WITH (FORCE)')

    deadline = time.monotonic() + 20
    last = None
    while time.monotonic() < deadline:
        last = instance.get("/health", timeout=10)
        if last.status == 503:
            break
        time.sleep(0.2)
    assert last is not None and last.status == 503, f"/health after DROP DATABASE: {last and last.describe()}"
    assert isinstance(last.json(), dict), last.describe()
    instance.assert_alive()


def test_sigterm_lets_an_in_flight_request_finish(backend, server_factory):
    """A request whose body is still arriving when SIGTERM lands gets its answer before the server exits."""
    import signal

    instance = server_factory.start()
    body = b'{"ClientId": "nosuchclient", "Username": "u", "Password": "Passw0rd!"}'
    head = (
        "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-amz-json-1.1\r\n"
        "X-Amz-Target: AWSCognitoIdentityProviderService.SignUp\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    ).encode()
    connection = socket.create_connection(("127.0.0.1", instance.port), timeout=10)
    try:
        connection.sendall(head + body[:10])
        time.sleep(0.3)
        instance.process.send_signal(signal.SIGTERM)
        time.sleep(0.5)
        assert instance.process.poll() is None, "the server exited with a request in flight"
        connection.sendall(body[10:])
        answer = b""
        while b"\r\n\r\n" not in answer or not answer.rstrip().endswith(b"}"):
            chunk = connection.recv(65536)
            if not chunk:
                break
            answer += chunk
    finally:
        connection.close()
    assert answer.startswith(b"HTTP/1.1 "), answer[:200]
    assert b"__type" in answer, answer[:500]
    assert instance.process.wait(timeout=10) == 0, instance.log_tail()

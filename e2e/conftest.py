"""Fixtures: real `cognate serve` processes on SQLite and on PostgreSQL.

- `backend` is "sqlite" or "postgres" (every test that uses a server runs on both).
- `server` is one server per test module and backend; `server_factory` starts fresh servers for one
  test (each on a fresh database unless told otherwise) and stops them at the end.
- Every server is stopped with SIGTERM and must exit 0 within 10 s.
- When a test fails, the tail of each of its servers' logs is attached to the report.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cognate_e2e import CognateServer, PostgresCluster, cognate_binary

BACKENDS = ["sqlite", "postgres"]


# --- environment ----------------------------------------------------------------------------------


@pytest.fixture(scope="session", autouse=True)
def isolated_aws_environment(tmp_path_factory):
    """No AWS_* setting of the host (profiles, keys, endpoints, regions) reaches the clients."""
    directory = tmp_path_factory.mktemp("aws-config")
    config = directory / "config"
    credentials = directory / "credentials"
    config.write_text("")
    credentials.write_text("")
    with pytest.MonkeyPatch.context() as patch:
        for name in list(os.environ):
            if name.startswith("AWS_"):
                patch.delenv(name)
        patch.setenv("AWS_CONFIG_FILE", str(config))
        patch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(credentials))
        patch.setenv("AWS_EC2_METADATA_DISABLED", "true")
        yield


@pytest.fixture(scope="session")
def cognate_bin() -> Path:
    path = cognate_binary()
    if not (path.is_file() and os.access(path, os.X_OK)):
        pytest.fail(
            f"cognate binary not found at {path}: build it (swift build) or set COGNATE_BIN",
            pytrace=False,
        )
    return path


@pytest.fixture(scope="session")
def postgres_cluster() -> PostgresCluster | None:
    """The cluster scripts/test started (COGNATE_TEST_PG_DIR, COGNATE_TEST_PG_PORT), or None."""
    directory = os.environ.get("COGNATE_TEST_PG_DIR")
    port = os.environ.get("COGNATE_TEST_PG_PORT")
    if not directory or not port:
        return None
    return PostgresCluster(directory, int(port))


def _require_postgres(cluster: PostgresCluster | None) -> PostgresCluster:
    if cluster is not None:
        return cluster
    reason = (
        "PostgreSQL backend not configured: COGNATE_TEST_PG_DIR and COGNATE_TEST_PG_PORT are not set "
        "(scripts/test starts a cluster and sets them; or run `scripts/postgres start DIR PORT` yourself)"
    )
    if os.environ.get("COGNATE_REQUIRE_POSTGRES") == "1":
        pytest.fail(reason + " and COGNATE_REQUIRE_POSTGRES=1", pytrace=False)
    pytest.skip(reason)


class Databases:
    """Fresh databases for one backend."""

    def __init__(self, backend: str, cluster: PostgresCluster | None):
        self.backend = backend
        self.cluster = cluster

    def fresh(self, directory: Path) -> str:
        if self.backend == "sqlite":
            directory.mkdir(parents=True, exist_ok=True)
            return f"sqlite:{directory / 'cognate.sqlite'}"
        assert self.cluster is not None
        return self.cluster.create_database()


@pytest.fixture(scope="module", params=BACKENDS)
def backend(request, postgres_cluster) -> str:
    if request.param == "postgres":
        _require_postgres(postgres_cluster)
    return request.param


@pytest.fixture(scope="module")
def databases(backend, postgres_cluster) -> Databases:
    return Databases(backend, postgres_cluster)


# --- servers --------------------------------------------------------------------------------------


class ServerFactory:
    """Starts servers for one test; `stop_all` stops the ones still running (each must exit 0)."""

    def __init__(self, backend: str, databases: Databases, base: Path):
        self.backend = backend
        self.databases = databases
        self.base = base
        self.servers: list[CognateServer] = []

    def database(self, name: str = "db") -> str:
        return self.databases.fresh(self.base / name)

    def create(self, *, database_url: str | None = None, name: str | None = None, **kwargs) -> CognateServer:
        """A server object, not started (for tests that control the start themselves)."""
        name = name or f"server{len(self.servers) + 1}"
        server = CognateServer(
            name=name,
            workdir=self.base / name,
            database_url=database_url or self.database(f"{name}-db"),
            backend=self.backend,
            **kwargs,
        )
        self.servers.append(server)
        return server

    def start(self, **kwargs) -> CognateServer:
        return self.create(**kwargs).start()

    def stop_all(self) -> None:
        problems = []
        for server in self.servers:
            if server.running:
                try:
                    server.stop_cleanly()
                except AssertionError as error:
                    problems.append(str(error))
        if problems:
            pytest.fail("\n\n".join(problems), pytrace=False)


@pytest.fixture
def server_factory(backend, databases, cognate_bin, tmp_path) -> ServerFactory:
    factory = ServerFactory(backend, databases, tmp_path)
    yield factory
    factory.stop_all()


@pytest.fixture
def sqlite_server_factory(cognate_bin, tmp_path) -> ServerFactory:
    """Servers on SQLite only, for tests about SQLite itself."""
    factory = ServerFactory("sqlite", Databases("sqlite", None), tmp_path)
    yield factory
    factory.stop_all()


@pytest.fixture
def postgres_server_factory(cognate_bin, postgres_cluster, tmp_path) -> ServerFactory:
    """Servers on PostgreSQL only, for tests about PostgreSQL itself."""
    cluster = _require_postgres(postgres_cluster)
    factory = ServerFactory("postgres", Databases("postgres", cluster), tmp_path)
    yield factory
    factory.stop_all()


@pytest.fixture(scope="module")
def server(request, backend, databases, cognate_bin, tmp_path_factory) -> CognateServer:
    """One server per test module and backend, on a fresh database. A module-level `SERVER_ARGS`
    (a list of strings) is added to the server's command line."""
    base = tmp_path_factory.mktemp(f"server-{backend}")
    instance = CognateServer(
        name="server", workdir=base, database_url=databases.fresh(base / "db"), backend=backend,
        extra_args=list(getattr(request.module, "SERVER_ARGS", [])),
    )
    instance.start()
    yield instance
    instance.stop_cleanly()


@pytest.fixture
def cognito(server):
    """A boto3 cognito-idp client for the module's server."""
    return server.client()


@pytest.fixture(scope="module")
def idp(server):
    """A boto3 cognito-idp client for the module's server, for module-scoped fixtures."""
    return server.client()


@pytest.fixture(scope="module")
def outbox(server):
    """The messages of the module's server (it must run with --dev-outbox: see accounts.SERVER_ARGS)."""
    from accounts import Outbox

    return Outbox(server)


# --- reporting -------------------------------------------------------------------------------------


def _servers_of(item) -> list[CognateServer]:
    found: list[CognateServer] = []
    for value in getattr(item, "funcargs", {}).values():
        if isinstance(value, CognateServer):
            found.append(value)
        elif isinstance(value, ServerFactory):
            found.extend(value.servers)
    return found


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.failed:
        for instance in _servers_of(item):
            report.sections.append(
                (f"cognate log: {instance.name} [{instance.backend}] {instance.log_path}", instance.log_tail(60))
            )
    return report

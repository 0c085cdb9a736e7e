"""Admin access keys: from the environment (the fixtures' normal way), from --credentials-file,
or generated into a credentials file on first start."""

from __future__ import annotations

import configparser
import os
import stat

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from cognate_e2e import ACCESS_KEY_ID, REGION, SECRET_ACCESS_KEY

FILE_KEY_ID = "AKIDFROMFILE00000001"
FILE_SECRET = "FileSecretKey/abcdefghijklmnopqrstuvwxyz"
assert len(FILE_SECRET) == 40


def read_credentials(path) -> tuple[str, str]:
    parser = configparser.ConfigParser()
    parser.read_string(path.read_text())
    assert parser.has_section("default"), f"no [default] section in {path}: {parser.sections()}"
    key_id = parser.get("default", "aws_access_key_id")
    secret = parser.get("default", "aws_secret_access_key")
    return key_id, secret


def test_generated_credentials_file(backend, server_factory, tmp_path, monkeypatch):
    """No keys given: the first start writes `cognate-credentials` (mode 0600) next to the SQLite
    file, or in the working directory for PostgreSQL; its keys work; a restart keeps them."""
    work = tmp_path / "work"
    work.mkdir()
    if backend == "sqlite":
        data = tmp_path / "data"
        data.mkdir()
        database_url = f"sqlite:{data / 'cognate.sqlite'}"
        expected = data / "cognate-credentials"
    else:
        database_url = server_factory.database("pg")
        expected = work / "cognate-credentials"
    assert not expected.exists()

    instance = server_factory.start(database_url=database_url, access_key=None, secret_key=None, cwd=work)

    assert expected.is_file(), f"no credentials file at {expected}; work dir has {os.listdir(work)}"
    mode = stat.S_IMODE(expected.stat().st_mode)
    assert mode == 0o600, f"mode {oct(mode)}"
    key_id, secret = read_credentials(expected)
    assert key_id and secret and key_id != secret
    assert len(secret) >= 40, "secret shorter than AWS's 40 characters"
    log = instance.log_path.read_text(errors="replace")
    assert "cognate-credentials" in log, "the log does not name the credentials file"
    assert secret not in log, "the secret access key is in the log"

    # boto3 reading the file itself.
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(expected))
    session = boto3.session.Session()
    client = session.client(
        "cognito-idp",
        endpoint_url=instance.url,
        region_name=REGION,
        config=Config(retries={"max_attempts": 1}),
    )
    pool_id = client.create_user_pool(PoolName="generated-keys")["UserPool"]["Id"]
    assert client.describe_user_pool(UserPoolId=pool_id)["UserPool"]["Name"] == "generated-keys"

    # The test suite's usual keys are not valid on this server.
    with pytest.raises(ClientError) as excinfo:
        instance.client(ACCESS_KEY_ID, SECRET_ACCESS_KEY).list_user_pools(MaxResults=1)
    assert excinfo.value.response["Error"]["Code"] == "UnrecognizedClientException"

    # A restart reuses the file, unchanged.
    content = expected.read_bytes()
    instance.restart()
    assert expected.read_bytes() == content
    assert stat.S_IMODE(expected.stat().st_mode) == 0o600
    assert "UserPools" in instance.client(key_id, secret).list_user_pools(MaxResults=1)


@pytest.mark.parametrize("how", ["flag", "env"])
def test_credentials_file_given(backend, server_factory, tmp_path, how):
    path = tmp_path / "keys.ini"
    path.write_text(f"[default]\naws_access_key_id = {FILE_KEY_ID}\naws_secret_access_key = {FILE_SECRET}\n")
    path.chmod(0o600)
    content = path.read_bytes()
    if how == "flag":
        instance = server_factory.start(access_key=None, secret_key=None, extra_args=["--credentials-file", str(path)])
    else:
        instance = server_factory.start(
            access_key=None, secret_key=None, extra_env={"COGNATE_CREDENTIALS_FILE": str(path)}
        )
    assert "UserPools" in instance.client(FILE_KEY_ID, FILE_SECRET).list_user_pools(MaxResults=1)
    with pytest.raises(ClientError) as excinfo:
        instance.client(FILE_KEY_ID, "x" * 40).list_user_pools(MaxResults=1)
    assert excinfo.value.response["Error"]["Code"] == "InvalidSignatureException"
    assert path.read_bytes() == content, "the given credentials file was rewritten"


def test_keys_from_environment(server):
    """The fixtures pass COGNATE_ACCESS_KEY_ID / COGNATE_SECRET_ACCESS_KEY."""
    assert server.environment["COGNATE_ACCESS_KEY_ID"] == ACCESS_KEY_ID
    assert server.environment["COGNATE_SECRET_ACCESS_KEY"] == SECRET_ACCESS_KEY
    assert "UserPools" in server.client().list_user_pools(MaxResults=1)

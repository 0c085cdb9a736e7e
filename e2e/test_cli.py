"""The `cognate` CLI against a running server over the signed API (SigV4 by Cognate's own signer):
`cognate pools list|show` and `cognate users list|show|create|delete|disable|enable|reset-password|
add-to-group`, with keys from the environment or a credentials file, and the server's errors shown as
the AWS CLI shows them."""

from __future__ import annotations

import json
import subprocess

import pytest

from accounts import SERVER_ARGS, unique_name, username_pool  # noqa: F401  (SERVER_ARGS: read by the server fixture)
from cognate_e2e import ACCESS_KEY_ID, SECRET_ACCESS_KEY, clean_env, cognate_binary


@pytest.fixture
def cli(server):
    def run(*args: str, check: bool = True, env: dict | None = None) -> subprocess.CompletedProcess:
        environment = clean_env(env if env is not None else {"AWS_ACCESS_KEY_ID": ACCESS_KEY_ID, "AWS_SECRET_ACCESS_KEY": SECRET_ACCESS_KEY})
        result = subprocess.run([str(cognate_binary()), *args, "--endpoint", server.url], capture_output=True, text=True,
                                env=environment, timeout=60)
        if check:
            assert result.returncode == 0, f"cognate {' '.join(args)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
        return result
    return run


def test_pools(cli, idp):
    pool = idp.create_user_pool(PoolName=unique_name("cli"))["UserPool"]["Id"]
    listed = [json.loads(line) for line in cli("pools", "list", "--json").stdout.splitlines()]
    assert any(row["id"] == pool for row in listed), listed
    assert pool in cli("pools", "list").stdout
    shown = json.loads(cli("pools", "show", "--pool", pool).stdout)
    assert shown["Id"] == pool and shown["Name"].startswith("cli")


def test_users_lifecycle(cli, idp):
    pool = username_pool(idp)
    idp.create_group(UserPoolId=pool, GroupName="editors")
    cli("users", "create", "--pool", pool, "--username", "ann", "--attribute", "email=ann@example.com",
        "--attribute", "given_name=Ann", "--attribute", "email_verified=true", "--temporary-password", "Temporary-Pass-1", "--suppress")
    cli("users", "create", "--pool", pool, "--username", "ben", "--attribute", "email=ben@example.com", "--suppress")
    rows = [json.loads(line) for line in cli("users", "list", "--pool", pool, "--json").stdout.splitlines()]
    assert sorted(row["username"] for row in rows) == ["ann", "ben"]
    filtered = [json.loads(line) for line in cli("users", "list", "--pool", pool, "--filter", 'email ^= "ann"', "--json").stdout.splitlines()]
    assert [row["username"] for row in filtered] == ["ann"] and filtered[0]["status"] == "FORCE_CHANGE_PASSWORD"

    cli("users", "add-to-group", "--pool", pool, "--username", "ann", "--group", "editors")
    shown = {row["name"]: row["value"] for row in map(json.loads, cli("users", "show", "--pool", pool, "--username", "ann", "--json").stdout.splitlines())}
    assert shown["groups"] == "editors" and shown["email"] == "ann@example.com" and shown["given_name"] == "Ann"

    cli("users", "disable", "--pool", pool, "--username", "ann")
    assert idp.admin_get_user(UserPoolId=pool, Username="ann")["Enabled"] is False
    cli("users", "enable", "--pool", pool, "--username", "ann")
    assert idp.admin_get_user(UserPoolId=pool, Username="ann")["Enabled"] is True
    idp.admin_set_user_password(UserPoolId=pool, Username="ann", Password="Correct-Horse-7", Permanent=True)
    cli("users", "reset-password", "--pool", pool, "--username", "ann")
    assert idp.admin_get_user(UserPoolId=pool, Username="ann")["UserStatus"] == "RESET_REQUIRED"
    cli("users", "delete", "--pool", pool, "--username", "ben")
    assert [u["Username"] for u in idp.list_users(UserPoolId=pool)["Users"]] == ["ann"]


def test_keys_from_a_credentials_file(cli, idp, tmp_path):
    path = tmp_path / "credentials"
    path.write_text(f"[default]\naws_access_key_id = {ACCESS_KEY_ID}\naws_secret_access_key = {SECRET_ACCESS_KEY}\n")
    pool = idp.create_user_pool(PoolName=unique_name("cli-file"))["UserPool"]["Id"]
    assert pool in cli("pools", "list", "--credentials-file", str(path), env={}).stdout


def test_errors(cli):
    missing = cli("users", "list", "--pool", "us-east-1_AAAAAAAAA", check=False)
    assert missing.returncode != 0 and "ResourceNotFoundException" in missing.stderr, missing.stderr
    wrong = cli("pools", "list", check=False, env={"AWS_ACCESS_KEY_ID": ACCESS_KEY_ID, "AWS_SECRET_ACCESS_KEY": "wrong" * 8})
    assert wrong.returncode != 0 and "InvalidSignatureException" in wrong.stderr, wrong.stderr
    none = cli("pools", "list", check=False, env={})
    assert none.returncode != 0 and "No access keys" in none.stderr, none.stderr

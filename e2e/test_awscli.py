"""The user pool operations through the AWS CLI (`aws cognito-idp ...`), run as a subprocess."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time

import pytest

from cognate_e2e import ACCOUNT_ID, POOL_ID_RE, REGION, clean_env


@pytest.fixture
def aws(server, tmp_path):
    """Runs `aws cognito-idp ARGS` against the module's server; returns (exit status, stdout, stderr)."""
    config = tmp_path / "aws-config"
    credentials = tmp_path / "aws-credentials"
    config.write_text("")
    credentials.write_text("")
    base_env = clean_env(
        {
            "AWS_ACCESS_KEY_ID": server.access_key,
            "AWS_SECRET_ACCESS_KEY": server.secret_key,
            "AWS_CONFIG_FILE": str(config),
            "AWS_SHARED_CREDENTIALS_FILE": str(credentials),
            "AWS_EC2_METADATA_DISABLED": "true",
            "AWS_MAX_ATTEMPTS": "1",
            "AWS_RETRY_MODE": "standard",
            "AWS_PAGER": "",
        }
    )
    executable = shutil.which("aws")
    prefix = [executable] if executable else [sys.executable, "-m", "awscli"]

    def run(*args: str, check: bool = True, env: dict | None = None):
        command = [
            *prefix, "cognito-idp", *args,
            "--endpoint-url", server.url, "--region", REGION, "--output", "json",
        ]
        result = subprocess.run(
            command, env={**base_env, **(env or {})}, capture_output=True, text=True, timeout=120
        )
        if check:
            assert result.returncode == 0, (
                f"{' '.join(args)} exited {result.returncode}\nstdout: {result.stdout}\nstderr: {result.stderr}"
            )
        return result

    def run_json(*args: str):
        result = run(*args)
        return json.loads(result.stdout) if result.stdout.strip() else None

    run.json = run_json
    return run


def test_create_describe_list_delete(aws):
    policy = {
        "PasswordPolicy": {
            "MinimumLength": 10,
            "RequireUppercase": False,
            "RequireLowercase": True,
            "RequireNumbers": True,
            "RequireSymbols": False,
            "TemporaryPasswordValidityDays": 5,
        }
    }
    created = aws.json(
        "create-user-pool",
        "--pool-name", "cli-pool",
        "--policies", json.dumps(policy),
        "--username-attributes", "email",
        "--auto-verified-attributes", "email",
        "--user-pool-tags", "env=cli,owner=e2e",
    )["UserPool"]
    pool_id = created["Id"]
    assert POOL_ID_RE.match(pool_id), pool_id
    assert created["Arn"] == f"arn:aws:cognito-idp:{REGION}:{ACCOUNT_ID}:userpool/{pool_id}"

    described = aws.json("describe-user-pool", "--user-pool-id", pool_id)["UserPool"]
    assert described["Name"] == "cli-pool"
    assert described["Policies"]["PasswordPolicy"] == policy["PasswordPolicy"]
    assert described["UsernameAttributes"] == ["email"]
    assert described["AutoVerifiedAttributes"] == ["email"]
    assert described["UserPoolTags"] == {"env": "cli", "owner": "e2e"}
    assert described["MfaConfiguration"] == "OFF"
    # AWS CLI v1 prints the wire value of timestamps: epoch seconds.
    assert isinstance(described["CreationDate"], (int, float)), described["CreationDate"]
    assert abs(described["CreationDate"] - time.time()) < 300, described["CreationDate"]

    listed = aws.json("list-user-pools", "--max-results", "60")
    assert pool_id in {p["Id"] for p in listed["UserPools"]}

    assert aws("delete-user-pool", "--user-pool-id", pool_id).stdout.strip() == ""

    gone = aws("describe-user-pool", "--user-pool-id", pool_id, check=False)
    assert gone.returncode != 0
    assert "ResourceNotFoundException" in gone.stderr, gone.stderr


def test_list_pagination(aws):
    """--max-results is required (and switches the CLI's own pagination off): follow NextToken."""
    ids = {aws.json("create-user-pool", "--pool-name", f"cli-page-{i}")["UserPool"]["Id"] for i in range(5)}
    seen = []
    token = None
    for _ in range(100):
        args = ["list-user-pools", "--max-results", "2"]
        if token:
            args += ["--next-token", token]
        page = aws.json(*args)
        assert len(page["UserPools"]) <= 2
        seen += [p["Id"] for p in page["UserPools"]]
        token = page.get("NextToken")
        if not token:
            break
    assert len(seen) == len(set(seen)), seen
    assert ids <= set(seen)
    everything = aws.json("list-user-pools", "--max-results", "60")
    assert {p["Id"] for p in everything["UserPools"]} == set(seen)


def test_errors_reach_the_cli(aws):
    missing = aws("describe-user-pool", "--user-pool-id", "us-east-1_NOSUCHPL0", check=False)
    assert missing.returncode != 0
    assert "ResourceNotFoundException" in missing.stderr, missing.stderr

    invalid = aws("list-user-pools", "--max-results", "61", check=False)
    assert invalid.returncode != 0
    assert "InvalidParameterException" in invalid.stderr, invalid.stderr
    assert "maxResults" in invalid.stderr, invalid.stderr


def test_wrong_secret_is_rejected(aws):
    result = aws(
        "list-user-pools", "--max-results", "1", env={"AWS_SECRET_ACCESS_KEY": "x" * 40}, check=False
    )
    assert result.returncode != 0
    assert "InvalidSignatureException" in result.stderr, result.stderr

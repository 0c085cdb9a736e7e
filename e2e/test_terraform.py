"""Terraform's AWS provider against Cognate: the tutorial's configuration applies, plans clean,
updates in place and destroys without leaving anything behind."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from cognate_e2e import clean_env

CONFIGURATION = Path(__file__).parent / "terraform" / "tutorial"
TERRAFORM_TIMEOUT = 300


def provider_mirror() -> Path:
    """The folder that holds `registry.terraform.io` with the AWS provider, installed offline."""
    for candidate in ("/opt/tf-plugins", "/usr/local/share/terraform/plugins", "/usr/share/terraform/plugins"):
        if (Path(candidate) / "registry.terraform.io").is_dir():
            return Path(candidate)
    found = subprocess.run(
        ["find", "/", "-maxdepth", "3", "-type", "d", "-name", "registry.terraform.io"],
        capture_output=True, text=True, check=False,
    ).stdout.split()
    assert found, "no Terraform provider mirror (a folder holding registry.terraform.io) on this machine"
    return Path(found[0]).parent


class Terraform:
    def __init__(self, workdir: Path, endpoint: str, access_key: str, secret_key: str):
        self.workdir = workdir
        cli_config = workdir / "cli.tfrc"
        cli_config.write_text(
            'provider_installation {\n  filesystem_mirror {\n    path = "%s"\n  }\n}\n' % provider_mirror()
        )
        self.env = clean_env({
            "TF_CLI_CONFIG_FILE": str(cli_config),
            "TF_IN_AUTOMATION": "1",
            "TF_INPUT": "0",
            "CHECKPOINT_DISABLE": "1",
            "TF_VAR_endpoint": endpoint,
            "TF_VAR_access_key": access_key,
            "TF_VAR_secret_key": secret_key,
        })

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        result = subprocess.run(
            ["terraform", *args, "-no-color"], cwd=self.workdir, env=self.env, capture_output=True, text=True,
            timeout=TERRAFORM_TIMEOUT,
        )
        if check:
            assert result.returncode == 0, f"terraform {' '.join(args)} failed:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
        return result

    def plan_exit_code(self, *variables: str) -> tuple[int, str]:
        result = self.run("plan", "-detailed-exitcode", *variables, check=False)
        return result.returncode, result.stdout[-6000:] + result.stderr[-2000:]

    def outputs(self) -> dict:
        raw = json.loads(self.run("output", "-json").stdout)
        return {name: value["value"] for name, value in raw.items()}


@pytest.fixture
def terraform(server, tmp_path) -> Terraform:
    if shutil.which("terraform") is None:
        pytest.fail("terraform is not on the PATH")
    workdir = tmp_path / "tutorial"
    shutil.copytree(CONFIGURATION, workdir)
    return Terraform(workdir, server.url, server.access_key, server.secret_key)


def test_tutorial_configuration_applies_plans_clean_updates_and_destroys(server, terraform):
    cognito = server.client()
    terraform.run("init", "-input=false")

    terraform.run("apply", "-auto-approve", "-input=false")
    code, output = terraform.plan_exit_code()
    assert code == 0, f"the plan after apply is not empty:\n{output}"

    outputs = terraform.outputs()
    pool = cognito.describe_user_pool(UserPoolId=outputs["user_pool_id"])["UserPool"]
    assert pool["UsernameAttributes"] == ["email"]
    assert pool["Policies"]["PasswordPolicy"]["MinimumLength"] == 6
    assert pool["Policies"]["PasswordPolicy"]["RequireSymbols"] is False
    assert pool["Domain"] == outputs["domain"]
    email = next(a for a in pool["SchemaAttributes"] if a["Name"] == "email")
    assert email["Required"] is True and email["StringAttributeConstraints"] == {"MinLength": "1", "MaxLength": "100"}
    client = cognito.describe_user_pool_client(UserPoolId=pool["Id"], ClientId=outputs["user_pool_client_id"])["UserPoolClient"]
    assert client["AllowedOAuthFlows"] == ["code", "implicit"]
    assert client["CallbackURLs"] == ["http://localhost:3000/callback"]
    assert len(outputs["backend_client_secret"]) == 51
    ui = cognito.get_ui_customization(UserPoolId=pool["Id"])["UICustomization"]
    assert ui["CSS"] == ".label-customizable {font-weight: 400;}"

    update = ("-var", "password_length=10", "-var", "client_refresh_days=7")
    terraform.run("apply", "-auto-approve", "-input=false", *update)
    code, output = terraform.plan_exit_code(*update)
    assert code == 0, f"the plan after the in-place update is not empty:\n{output}"
    assert terraform.outputs()["user_pool_id"] == pool["Id"], "the update replaced the pool instead of changing it"
    pool = cognito.describe_user_pool(UserPoolId=pool["Id"])["UserPool"]
    assert pool["Policies"]["PasswordPolicy"]["MinimumLength"] == 10
    client = cognito.describe_user_pool_client(UserPoolId=pool["Id"], ClientId=outputs["user_pool_client_id"])["UserPoolClient"]
    assert client["RefreshTokenValidity"] == 7

    terraform.run("destroy", "-auto-approve", "-input=false", *update)
    assert cognito.list_user_pools(MaxResults=60)["UserPools"] == []
    assert cognito.describe_user_pool_domain(Domain=outputs["domain"])["DomainDescription"] == {}

"""CreateUserPool, DescribeUserPool, ListUserPools and DeleteUserPool through boto3."""

from __future__ import annotations

import datetime
import uuid

import pytest
from botocore.config import Config
from botocore.exceptions import ClientError, ParamValidationError

from cognate_e2e import ACCOUNT_ID, POOL_ID_RE, REGION

STANDARD_ATTRIBUTES = {
    "sub", "name", "given_name", "family_name", "middle_name", "nickname", "preferred_username",
    "profile", "picture", "website", "email", "email_verified", "gender", "birthdate", "zoneinfo",
    "locale", "phone_number", "phone_number_verified", "address", "updated_at",
}

DEFAULT_PASSWORD_POLICY = {
    "MinimumLength": 8,
    "RequireUppercase": True,
    "RequireLowercase": True,
    "RequireNumbers": True,
    "RequireSymbols": True,
    "TemporaryPasswordValidityDays": 7,
}


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def error_code(excinfo) -> str:
    return excinfo.value.response["Error"]["Code"]


def assert_recent(value, what: str) -> None:
    assert isinstance(value, datetime.datetime), f"{what} is {value!r}, not a timestamp"
    now = datetime.datetime.now(datetime.timezone.utc)
    assert abs((now - value).total_seconds()) < 300, f"{what} {value} is not close to now {now}"


def test_create_minimal_pool_returns_ids_and_defaults(cognito):
    name = unique("minimal")
    created = cognito.create_user_pool(PoolName=name)["UserPool"]

    assert POOL_ID_RE.match(created["Id"]), created["Id"]
    assert created["Name"] == name
    assert created["Arn"] == f"arn:aws:cognito-idp:{REGION}:{ACCOUNT_ID}:userpool/{created['Id']}"
    assert_recent(created["CreationDate"], "CreationDate")
    assert_recent(created["LastModifiedDate"], "LastModifiedDate")
    assert created["Policies"]["PasswordPolicy"] == DEFAULT_PASSWORD_POLICY
    assert created["MfaConfiguration"] == "OFF"

    described = cognito.describe_user_pool(UserPoolId=created["Id"])["UserPool"]
    assert described["Id"] == created["Id"]
    assert described["Name"] == name
    assert described["Arn"] == created["Arn"]
    assert described["CreationDate"] == created["CreationDate"]
    assert described["LastModifiedDate"] == created["LastModifiedDate"]
    assert described["Policies"]["PasswordPolicy"] == DEFAULT_PASSWORD_POLICY
    assert described["MfaConfiguration"] == "OFF"


def test_describe_fills_in_standard_schema_attributes(cognito):
    pool_id = cognito.create_user_pool(PoolName=unique("schema"))["UserPool"]["Id"]
    pool = cognito.describe_user_pool(UserPoolId=pool_id)["UserPool"]
    attributes = {a["Name"]: a for a in pool["SchemaAttributes"]}
    assert len(attributes) == len(pool["SchemaAttributes"]), "duplicate schema attributes"
    assert STANDARD_ATTRIBUTES <= set(attributes), f"missing: {STANDARD_ATTRIBUTES - set(attributes)}"

    assert attributes["sub"] == {
        "Name": "sub",
        "AttributeDataType": "String",
        "DeveloperOnlyAttribute": False,
        "Mutable": False,
        "Required": True,
        "StringAttributeConstraints": {"MinLength": "1", "MaxLength": "2048"},
    }
    email = attributes["email"]
    assert (email["AttributeDataType"], email["Mutable"], email["Required"]) == ("String", True, False)
    assert email["StringAttributeConstraints"] == {"MinLength": "0", "MaxLength": "2048"}
    assert attributes["email_verified"]["AttributeDataType"] == "Boolean"
    assert attributes["phone_number_verified"]["AttributeDataType"] == "Boolean"
    assert attributes["updated_at"]["AttributeDataType"] == "Number"
    assert attributes["updated_at"]["NumberAttributeConstraints"]["MinValue"] == "0"
    assert attributes["birthdate"]["StringAttributeConstraints"] == {"MinLength": "10", "MaxLength": "10"}


def test_describe_has_cognito_default_settings(cognito):
    """Settings Cognito reports for a pool created with nothing but a name."""
    pool_id = cognito.create_user_pool(PoolName=unique("defaults"))["UserPool"]["Id"]
    pool = cognito.describe_user_pool(UserPoolId=pool_id)["UserPool"]
    assert pool["EstimatedNumberOfUsers"] == 0
    assert pool["DeletionProtection"] == "INACTIVE"
    assert pool["AdminCreateUserConfig"]["AllowAdminCreateUserOnly"] is False
    assert pool["VerificationMessageTemplate"]["DefaultEmailOption"] == "CONFIRM_WITH_CODE"
    assert pool["EmailConfiguration"]["EmailSendingAccount"] == "COGNITO_DEFAULT"


def test_create_with_settings_round_trips(cognito):
    name = unique("settings")
    policy = {
        "MinimumLength": 12,
        "RequireUppercase": True,
        "RequireLowercase": False,
        "RequireNumbers": True,
        "RequireSymbols": False,
        "TemporaryPasswordValidityDays": 3,
    }
    tags = {"env": "e2e", "team": "identity"}
    created = cognito.create_user_pool(
        PoolName=name,
        Policies={"PasswordPolicy": policy},
        UsernameAttributes=["email"],
        AutoVerifiedAttributes=["email"],
        UserPoolTags=tags,
        MfaConfiguration="OFF",
        DeletionProtection="INACTIVE",
    )["UserPool"]
    pool = cognito.describe_user_pool(UserPoolId=created["Id"])["UserPool"]

    for response in (created, pool):
        assert response["Name"] == name
        assert POOL_ID_RE.match(response["Id"])
        assert response["Policies"]["PasswordPolicy"] == policy
        assert response["UsernameAttributes"] == ["email"]
        assert response["AutoVerifiedAttributes"] == ["email"]
        assert response["UserPoolTags"] == tags
        assert response["MfaConfiguration"] == "OFF"
        assert "AliasAttributes" not in response or response["AliasAttributes"] == []


def test_pool_ids_are_unique(cognito):
    ids = {cognito.create_user_pool(PoolName="same-name")["UserPool"]["Id"] for _ in range(5)}
    assert len(ids) == 5, ids


def test_list_paginates_without_duplicates_or_gaps(backend, server_factory):
    """A fresh server: exactly the pools created come back, 3 at a time."""
    cognito = server_factory.start().client()
    created = {}
    for index in range(7):
        pool = cognito.create_user_pool(PoolName=f"page-{index}")["UserPool"]
        created[pool["Id"]] = pool["Name"]

    seen: list[str] = []
    pages = 0
    token = None
    while True:
        kwargs = {"MaxResults": 3}
        if token:
            kwargs["NextToken"] = token
        page = cognito.list_user_pools(**kwargs)
        pages += 1
        assert len(page["UserPools"]) <= 3
        for summary in page["UserPools"]:
            seen.append(summary["Id"])
            assert summary["Name"] == created[summary["Id"]]
            assert_recent(summary["CreationDate"], "CreationDate")
            assert_recent(summary["LastModifiedDate"], "LastModifiedDate")
        token = page.get("NextToken")
        if not token:
            break
        assert pages < 10, "pagination does not end"

    assert len(seen) == len(set(seen)), f"duplicates: {seen}"
    assert set(seen) == set(created)
    assert pages == 3, f"7 pools with MaxResults=3 took {pages} pages"

    # boto3's paginator (page size through MaxResults) sees the same pools.
    paginator = cognito.get_paginator("list_user_pools")
    via_paginator = [
        p["Id"]
        for page in paginator.paginate(PaginationConfig={"PageSize": 3})
        for p in page["UserPools"]
    ]
    assert sorted(via_paginator) == sorted(created)

    # One page holds them all; no token.
    everything = cognito.list_user_pools(MaxResults=60)
    assert {p["Id"] for p in everything["UserPools"]} == set(created)
    assert "NextToken" not in everything


def test_list_is_consistent_while_pools_are_deleted(backend, server_factory):
    cognito = server_factory.start().client()
    ids = [cognito.create_user_pool(PoolName=f"p{i}")["UserPool"]["Id"] for i in range(5)]
    first = cognito.list_user_pools(MaxResults=2)
    assert len(first["UserPools"]) == 2 and first.get("NextToken")
    # Delete one already listed; the rest of the listing still has no duplicates.
    cognito.delete_user_pool(UserPoolId=first["UserPools"][0]["Id"])
    seen = [p["Id"] for p in first["UserPools"]]
    token = first["NextToken"]
    while token:
        page = cognito.list_user_pools(MaxResults=2, NextToken=token)
        seen += [p["Id"] for p in page["UserPools"]]
        token = page.get("NextToken")
    assert len(seen) == len(set(seen))
    assert set(seen) == set(ids)


def unvalidated_client(server):
    """A boto3 client that sends what it is given: the server must validate."""
    return server.client(config=Config(retries={"max_attempts": 1}, parameter_validation=False))


def test_list_requires_max_results_in_range(server):
    client = unvalidated_client(server)
    for value, constraint in (
        (0, "Member must have value greater than or equal to 1"),
        (61, "Member must have value less than or equal to 60"),
    ):
        with pytest.raises(ClientError) as excinfo:
            client.list_user_pools(MaxResults=value)
        assert error_code(excinfo) == "InvalidParameterException"
        message = excinfo.value.response["Error"]["Message"]
        assert f"Value '{value}' at 'maxResults' failed to satisfy constraint: {constraint}" in message
    with pytest.raises(ClientError) as excinfo:
        client.list_user_pools()
    assert error_code(excinfo) == "InvalidParameterException"
    assert "Value null at 'maxResults' failed to satisfy constraint: Member must not be null" in (
        excinfo.value.response["Error"]["Message"]
    )


def test_list_with_a_foreign_next_token_is_no_server_error(cognito):
    """A token this server never issued: rejected as a parameter, or an ordinary page; never a 5xx."""
    try:
        page = cognito.list_user_pools(MaxResults=10, NextToken="bm90LWEtdG9rZW4tdGhpcy1zZXJ2ZXItaXNzdWVk")
    except ClientError as error:
        assert error.response["Error"]["Code"] == "InvalidParameterException", error.response
    else:
        assert isinstance(page["UserPools"], list)


def test_delete_then_describe_is_not_found(cognito):
    pool_id = cognito.create_user_pool(PoolName=unique("doomed"))["UserPool"]["Id"]
    cognito.delete_user_pool(UserPoolId=pool_id)
    with pytest.raises(ClientError) as excinfo:
        cognito.describe_user_pool(UserPoolId=pool_id)
    assert error_code(excinfo) == "ResourceNotFoundException"
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    listed = cognito.list_user_pools(MaxResults=60)["UserPools"]
    assert pool_id not in {p["Id"] for p in listed}
    with pytest.raises(ClientError) as excinfo:
        cognito.delete_user_pool(UserPoolId=pool_id)
    assert error_code(excinfo) == "ResourceNotFoundException"


def test_describe_unknown_pool_is_not_found(cognito):
    with pytest.raises(ClientError) as excinfo:
        cognito.describe_user_pool(UserPoolId="us-east-1_AAAAAAAAA")
    assert error_code(excinfo) == "ResourceNotFoundException"
    assert excinfo.value.response["Error"]["Message"]


def test_delete_unknown_pool_is_not_found(cognito):
    with pytest.raises(ClientError) as excinfo:
        cognito.delete_user_pool(UserPoolId="us-east-1_ZZZZZZZZZ")
    assert error_code(excinfo) == "ResourceNotFoundException"


def test_server_validation_of_create(server):
    """Errors the server must find itself (client-side validation switched off)."""
    client = unvalidated_client(server)
    cases = [
        ({}, "Value null at 'poolName' failed to satisfy constraint: Member must not be null"),
        ({"PoolName": "x" * 129},
         "at 'poolName' failed to satisfy constraint: Member must have length less than or equal to 128"),
        ({"PoolName": "bad#name"}, "at 'poolName' failed to satisfy constraint: Member must satisfy regular expression pattern"),
        ({"PoolName": "ok", "Policies": {"PasswordPolicy": {"MinimumLength": 5}}},
         "at 'policies.passwordPolicy.minimumLength' failed to satisfy constraint: "
         "Member must have value greater than or equal to 6"),
        ({"PoolName": "ok", "MfaConfiguration": "SOMETIMES"},
         "at 'mfaConfiguration' failed to satisfy constraint: Member must satisfy enum value set"),
    ]
    for params, expected in cases:
        with pytest.raises(ClientError) as excinfo:
            client.create_user_pool(**params)
        assert error_code(excinfo) == "InvalidParameterException", params
        message = excinfo.value.response["Error"]["Message"]
        assert expected in message, f"{params}: {message!r} does not contain {expected!r}"
        assert message.startswith("1 validation error detected: "), message


def test_client_side_validation_still_applies(cognito):
    """Sanity check of the test setup: boto3 itself rejects a missing PoolName."""
    with pytest.raises(ParamValidationError):
        cognito.create_user_pool()

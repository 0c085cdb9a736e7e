"""SigV4 on signed operations, checked with botocore's own signer and raw HTTP."""

from __future__ import annotations

import datetime
import json

import pytest
from botocore.exceptions import ClientError

from cognate_e2e import (
    SIGV4_ERRORS,
    JSON_CONTENT_TYPE,
    TARGET_PREFIX,
    assert_error,
    http_exchange,
    signed_headers,
    signed_operations,
    unsigned_operations,
)

LIST = json.dumps({"MaxResults": 10}).encode()


def utc_now() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)


def test_the_model_has_90_signed_and_32_unsigned_operations():
    """The numbers the server's generated code is built from (botocore's model)."""
    assert len(signed_operations()) == 90
    assert len(unsigned_operations()) == 32


def test_right_keys_pass(server):
    response = server.raw(LIST, operation="ListUserPools", sign=True)
    assert response.status == 200, response.describe()
    assert isinstance(response.json()["UserPools"], list)
    assert response.headers.get("x-amzn-requestid")
    assert response.headers.get("content-type", "").startswith(JSON_CONTENT_TYPE)


def test_boto3_with_right_keys_passes(server):
    assert "UserPools" in server.client().list_user_pools(MaxResults=1)


def test_missing_signature(server):
    response = server.raw(LIST, operation="ListUserPools", sign=False)
    assert_error(response, "MissingAuthenticationTokenException")


def test_unknown_access_key(server):
    response = server.raw(LIST, operation="ListUserPools", access_key="AKIDUNKNOWNUNKNOWN00")
    assert_error(response, "UnrecognizedClientException")


def test_unknown_access_key_with_boto3(server):
    with pytest.raises(ClientError) as excinfo:
        server.client(access_key="AKIDUNKNOWNUNKNOWN00").list_user_pools(MaxResults=1)
    assert excinfo.value.response["Error"]["Code"] == "UnrecognizedClientException"


def test_wrong_secret(server):
    response = server.raw(LIST, operation="ListUserPools", secret_key="W" * 40)
    assert_error(response, "InvalidSignatureException")


def test_wrong_secret_with_boto3(server):
    with pytest.raises(ClientError) as excinfo:
        server.client(secret_key="W" * 40).create_user_pool(PoolName="never")
    assert excinfo.value.response["Error"]["Code"] == "InvalidSignatureException"
    # Nothing was created.
    names = {p["Name"] for p in server.client().list_user_pools(MaxResults=60)["UserPools"]}
    assert "never" not in names


def test_wrong_region_in_scope(server):
    response = server.raw(LIST, operation="ListUserPools", region="eu-west-1")
    assert_error(response, "InvalidSignatureException")


def test_wrong_region_with_boto3(server):
    with pytest.raises(ClientError) as excinfo:
        server.client(region="us-west-2").list_user_pools(MaxResults=1)
    assert excinfo.value.response["Error"]["Code"] == "InvalidSignatureException"


def test_wrong_service_in_scope(server):
    response = server.raw(LIST, operation="ListUserPools", service="cognito-identity")
    assert_error(response, "InvalidSignatureException")


def test_tampered_body_after_signing(server):
    headers = signed_headers(
        server.url + "/",
        LIST,
        {"Content-Type": JSON_CONTENT_TYPE, "X-Amz-Target": TARGET_PREFIX + "ListUserPools"},
        access_key=server.access_key,
        secret_key=server.secret_key,
    )
    tampered = json.dumps({"MaxResults": 11}).encode()
    assert len(tampered) == len(LIST)
    response = http_exchange(server.port, "POST", "/", tampered, headers)
    assert_error(response, "InvalidSignatureException")


def test_tampered_target_after_signing(server):
    pool_id = server.client().create_user_pool(PoolName="tamper-target")["UserPool"]["Id"]
    body = json.dumps({"UserPoolId": pool_id}).encode()
    headers = signed_headers(
        server.url + "/",
        body,
        {"Content-Type": JSON_CONTENT_TYPE, "X-Amz-Target": TARGET_PREFIX + "DescribeUserPool"},
        access_key=server.access_key,
        secret_key=server.secret_key,
    )
    headers["X-Amz-Target"] = TARGET_PREFIX + "DeleteUserPool"
    response = http_exchange(server.port, "POST", "/", body, headers)
    assert_error(response, "InvalidSignatureException")
    # The pool is still there.
    assert server.client().describe_user_pool(UserPoolId=pool_id)["UserPool"]["Id"] == pool_id


@pytest.mark.parametrize("minutes", [-10, 10, -6, 6])
def test_date_more_than_5_minutes_off(server, minutes):
    when = utc_now() + datetime.timedelta(minutes=minutes)
    response = server.raw(LIST, operation="ListUserPools", when=when)
    assert_error(response, "InvalidSignatureException")


@pytest.mark.parametrize("minutes", [-4, 4])
def test_date_within_5_minutes_passes(server, minutes):
    when = utc_now() + datetime.timedelta(minutes=minutes)
    response = server.raw(LIST, operation="ListUserPools", when=when)
    assert response.status == 200, response.describe()


def test_signed_date_header_must_match_scope(server):
    """X-Amz-Date replaced after signing (a replay with a fresh-looking date)."""
    headers = signed_headers(
        server.url + "/",
        LIST,
        {"Content-Type": JSON_CONTENT_TYPE, "X-Amz-Target": TARGET_PREFIX + "ListUserPools"},
        access_key=server.access_key,
        secret_key=server.secret_key,
        when=utc_now() - datetime.timedelta(minutes=2),
    )
    headers["X-Amz-Date"] = utc_now().strftime("%Y%m%dT%H%M%SZ")
    response = http_exchange(server.port, "POST", "/", LIST, headers)
    assert_error(response, "InvalidSignatureException")


@pytest.mark.parametrize(
    "authorization",
    [
        "AWS4-HMAC-SHA256",
        "AWS4-HMAC-SHA256 Credential=AKIDCOGNATETEST00001/20200101/us-east-1/cognito-idp/aws4_request",
        "AWS4-HMAC-SHA256 Credential=, SignedHeaders=, Signature=",
        "AWS4-HMAC-SHA256 Credential=AKIDCOGNATETEST00001, SignedHeaders=host, Signature=00",
        "Basic dXNlcjpwYXNz",
        "Bearer abc.def.ghi",
        "AWS4-HMAC-SHA256 Credential=" + "A" * 10000 + ", SignedHeaders=host, Signature=" + "0" * 64,
    ],
    ids=["scheme-only", "no-signature", "empty-parts", "short-credential", "basic", "bearer", "huge"],
)
def test_malformed_authorization_header(server, authorization):
    date = utc_now().strftime("%Y%m%dT%H%M%SZ")
    response = http_exchange(
        server.port,
        "POST",
        "/",
        LIST,
        {
            "Content-Type": JSON_CONTENT_TYPE,
            "X-Amz-Target": TARGET_PREFIX + "ListUserPools",
            "X-Amz-Date": date,
            "Authorization": authorization,
        },
    )
    assert response.status == 400, response.describe()
    assert response.error_type in SIGV4_ERRORS, response.describe()
    assert response.headers.get("x-amzn-errortype") == response.error_type


def test_every_signed_operation_requires_a_signature(server):
    failures = []
    for operation in signed_operations():
        response = server.raw(b"{}", operation=operation, sign=False)
        if response.status != 400 or response.error_type != "MissingAuthenticationTokenException":
            failures.append(f"{operation}: {response.describe()}")
    assert not failures, "\n".join(failures)


def test_unsigned_operations_need_no_signature(server):
    """No SigV4 error without a signature; they fail later (validation, unknown client id,
    unsupported operation, ...)."""
    payloads = {
        "SignUp": {"ClientId": "unknownclientid0000000000", "Username": "someone", "Password": "Passw0rd!"},
        "InitiateAuth": {
            "AuthFlow": "USER_PASSWORD_AUTH",
            "ClientId": "unknownclientid0000000000",
            "AuthParameters": {"USERNAME": "someone", "PASSWORD": "Passw0rd!"},
        },
    }
    failures = []
    for operation in unsigned_operations():
        response = server.call(operation, payloads.get(operation, {}), sign=False)
        if (
            response.status != 400
            or response.error_type is None
            or response.error_type in SIGV4_ERRORS
        ):
            failures.append(f"{operation}: {response.describe()}")
    assert not failures, "\n".join(failures)


def test_unsigned_signup_with_unknown_client(server):
    response = server.call(
        "SignUp",
        {"ClientId": "unknownclientid0000000000", "Username": "someone", "Password": "Passw0rd!"},
        sign=False,
    )
    assert response.status == 400, response.describe()
    assert response.error_type in {"ResourceNotFoundException", "UnsupportedOperationException"}, (
        response.describe()
    )


def test_signature_by_other_valid_key_of_nobody(server):
    """An access key id that looks like the configured one but differs in one character."""
    access_key = server.access_key[:-1] + ("2" if server.access_key[-1] != "2" else "3")
    response = server.raw(LIST, operation="ListUserPools", access_key=access_key)
    assert_error(response, "UnrecognizedClientException")

"""The AWS JSON 1.1 protocol: headers, request ids, errors, unknown and unsupported operations."""

from __future__ import annotations

import json
import time

from cognate_e2e import (
    JSON_CONTENT_TYPE,
    TARGET_PREFIX,
    assert_error,
    service_model,
)

IMPLEMENTED = {"CreateUserPool", "DescribeUserPool", "ListUserPools", "DeleteUserPool"}


def test_success_has_request_id_and_content_type(server):
    response = server.call("ListUserPools", {"MaxResults": 5})
    assert response.status == 200, response.describe()
    assert response.headers.get("content-type", "").startswith(JSON_CONTENT_TYPE), response.describe()
    assert response.headers.get("x-amzn-requestid"), response.describe()
    assert "x-amzn-errortype" not in response.headers


def test_request_ids_are_unique(server):
    ids = set()
    for _ in range(10):
        response = server.call("ListUserPools", {"MaxResults": 1})
        assert response.status == 200
        ids.add(response.headers["x-amzn-requestid"])
    assert len(ids) == 10


def test_boto3_sees_the_request_id(cognito):
    metadata = cognito.list_user_pools(MaxResults=1)["ResponseMetadata"]
    assert metadata["HTTPStatusCode"] == 200
    assert metadata["RequestId"]


def test_error_shape(server):
    document = assert_error(server.call("DescribeUserPool", {"UserPoolId": "us-east-1_000000000"}),
                            "ResourceNotFoundException")
    assert set(document) <= {"__type", "message"}, document


def test_malformed_json_is_serialization_exception(server):
    assert_error(server.raw(b'{"PoolName": ', operation="CreateUserPool"), "SerializationException")


def test_unknown_operation(server):
    document = assert_error(server.raw(b"{}", operation="CreateUserPoolPlease"), "UnknownOperationException")
    assert document["message"]


def test_wrong_type_is_serialization_exception(server):
    assert_error(server.call("ListUserPools", {"MaxResults": "10"}), "SerializationException")


def test_missing_member_message_is_aws_style(server):
    document = assert_error(server.call("CreateUserPool", {}), "InvalidParameterException")
    assert document["message"] == (
        "1 validation error detected: Value null at 'poolName' failed to satisfy constraint: "
        "Member must not be null"
    )


def test_too_long_member_message_is_aws_style(server):
    name = "n" * 129
    document = assert_error(server.call("CreateUserPool", {"PoolName": name}), "InvalidParameterException")
    assert document["message"] == (
        f"1 validation error detected: Value '{name}' at 'poolName' failed to satisfy constraint: "
        "Member must have length less than or equal to 128"
    )


def test_two_validation_errors_are_counted(server):
    document = assert_error(
        server.call("CreateUserPool", {"PoolName": "n" * 129, "MfaConfiguration": "SOMETIMES"}),
        "InvalidParameterException",
    )
    assert document["message"].startswith("2 validation errors detected: "), document["message"]
    assert "'poolName'" in document["message"] and "'mfaConfiguration'" in document["message"]


def test_unimplemented_operation_is_unsupported_immediately(server):
    started = time.monotonic()
    response = server.call(
        "AdminCreateUser", {"UserPoolId": "us-east-1_000000000", "Username": "someone"}
    )
    elapsed = time.monotonic() - started
    if response.error_type != "UnsupportedOperationException":
        # Implemented since this test was written: then it must be a regular answer.
        assert response.status in (200, 400) and response.error_type != "InternalErrorException"
        return
    document = assert_error(response, "UnsupportedOperationException")
    assert "AdminCreateUser" in document["message"], document
    assert elapsed < 2.0, f"took {elapsed:.2f}s"


def test_every_operation_answers_without_server_error(server):
    """All 122 operations of the model, signed, with `{}`: a JSON answer, no 5xx, and the
    unimplemented ones name themselves."""
    failures = []
    unsupported = []
    for operation in service_model().operation_names:
        started = time.monotonic()
        response = server.raw(b"{}", operation=operation)
        elapsed = time.monotonic() - started
        kind = response.error_type
        if response.status >= 500 or (response.status != 200 and kind is None):
            failures.append(f"{operation}: {response.describe()}")
            continue
        if not response.headers.get("x-amzn-requestid"):
            failures.append(f"{operation}: no x-amzn-requestid")
        if kind == "UnsupportedOperationException":
            unsupported.append(operation)
            if operation in IMPLEMENTED:
                failures.append(f"{operation} is implemented but answered {response.describe()}")
            elif operation not in (response.message or ""):
                failures.append(f"{operation}: message does not name it: {response.describe()}")
            if elapsed > 2.0:
                failures.append(f"{operation}: UnsupportedOperationException took {elapsed:.2f}s")
        elif kind in ("UnknownOperationException", "MissingAuthenticationTokenException"):
            failures.append(f"{operation}: {response.describe()}")
    assert not failures, "\n".join(failures)


def test_target_prefix_must_be_cognitos(server):
    response = server.raw(
        json.dumps({"MaxResults": 1}), target="AWSCognitoIdentityService.ListUserPools"
    )
    assert_error(response, "UnknownOperationException")
    # The prefix is matched exactly, as the operation name is.
    response = server.raw(json.dumps({"MaxResults": 1}), target=TARGET_PREFIX + "listuserpools")
    assert_error(response, "UnknownOperationException")

"""Malformed and hostile requests, sent raw (signed where the operation is signed, so the body
reaches the parser). Every one gets a JSON answer with `__type` (or a legitimate success): never a
5xx, never HTML, never a hang. The server is healthy afterwards."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import pytest

from cognate_e2e import JSON_CONTENT_TYPE, TARGET_PREFIX

SER = "SerializationException"
INV = "InvalidParameterException"
NOT_FOUND = "ResourceNotFoundException"
UNKNOWN_OP = "UnknownOperationException"
OK = "2xx"  # a success is acceptable
ANY = "any error"  # any error type is acceptable

DEFAULT = object()


@dataclass
class Case:
    id: str
    operation: str | None  # None: the case sets the target itself (or none)
    body: bytes
    allowed: tuple[str, ...]
    message: str | None = None  # must be in the message when the answer is allowed[0]
    target: object = DEFAULT  # DEFAULT: the operation's target; None: no X-Amz-Target
    content_type: str | None = JSON_CONTENT_TYPE
    method: str = "POST"
    statuses: frozenset[int] = field(default_factory=lambda: frozenset({400}))


def j(value) -> bytes:
    return json.dumps(value).encode()


def pool(**members) -> bytes:
    return j({"PoolName": "hostile", **members})


def policy(**password_policy) -> bytes:
    return pool(Policies={"PasswordPolicy": password_policy})


def nested(depth: int, open_: str, close: str, inner: str = "1") -> str:
    return open_ * depth + inner + close * depth


LARGE = frozenset({400, 413})
ANY_4XX = frozenset(range(400, 500))

CREATE = "CreateUserPool"
DESCRIBE = "DescribeUserPool"
LIST = "ListUserPools"
SIGNUP = "SignUp"

CASES = [
    # --- not JSON, or not a JSON object -----------------------------------------------------------
    Case("not-json", CREATE, b"this is not json", (SER,)),
    Case("truncated-object", CREATE, b'{"PoolName": "abc"', (SER,)),
    Case("truncated-string", CREATE, b'{"PoolName": "ab', (SER,)),
    Case("truncated-after-colon", CREATE, b'{"PoolName": ', (SER,)),
    Case("trailing-garbage", CREATE, b'{"PoolName": "abc"} xyz', (SER,)),
    Case("two-objects", CREATE, b'{"PoolName": "a"}{"PoolName": "b"}', (SER,)),
    Case("single-quotes", CREATE, b"{'PoolName': 'abc'}", (SER,)),
    Case("trailing-comma", CREATE, b'{"PoolName": "abc",}', (SER,)),
    Case("top-level-array", CREATE, b"[]", (SER,)),
    Case("top-level-array-of-object", CREATE, b'[{"PoolName": "abc"}]', (SER,)),
    Case("top-level-number", CREATE, b"42", (SER,)),
    Case("top-level-string", CREATE, b'"CreateUserPool"', (SER,)),
    Case("top-level-true", CREATE, b"true", (SER,)),
    Case("top-level-null", CREATE, b"null", (SER, INV)),
    Case("empty-body", CREATE, b"", (SER, INV)),
    Case("whitespace-body", CREATE, b"  \n\t ", (SER, INV)),
    # --- wrong JSON types -------------------------------------------------------------------------
    Case("string-member-int", CREATE, j({"PoolName": 5}), (SER,)),
    Case("string-member-bool", CREATE, j({"PoolName": True}), (SER,)),
    Case("string-member-object", CREATE, j({"PoolName": {"a": 1}}), (SER,)),
    Case("string-member-list", CREATE, j({"PoolName": ["a"]}), (SER,)),
    Case("string-member-float", CREATE, j({"PoolName": 1.5}), (SER,)),
    Case("structure-as-list", CREATE, pool(Policies=[]), (SER,)),
    Case("structure-as-string", CREATE, pool(Policies="strong"), (SER,)),
    Case("nested-structure-as-int", CREATE, pool(Policies={"PasswordPolicy": 8}), (SER,)),
    Case("nested-int-as-string", CREATE, policy(MinimumLength="x"), (SER,)),
    Case("nested-int-as-numeric-string", CREATE, policy(MinimumLength="8"), (SER,)),
    Case("nested-int-as-float", CREATE, policy(MinimumLength=8.5), (SER,)),
    Case("nested-int-as-bool", CREATE, policy(MinimumLength=True), (SER,)),
    Case("nested-int-as-list", CREATE, policy(MinimumLength=[8]), (SER,)),
    Case("nested-int-overflow", CREATE, b'{"PoolName":"h","Policies":{"PasswordPolicy":{"MinimumLength":'
         b"99999999999999999999999999}}}", (SER, INV)),
    Case("nested-bool-as-string", CREATE, policy(RequireUppercase="true"), (SER,)),
    Case("nested-bool-as-int", CREATE, policy(RequireUppercase=1), (SER,)),
    Case("list-as-object", CREATE, pool(UsernameAttributes={"a": "email"}), (SER,)),
    Case("list-as-string", CREATE, pool(UsernameAttributes="email"), (SER,)),
    Case("list-element-int", CREATE, pool(AutoVerifiedAttributes=[1]), (SER,)),
    Case("list-element-object", CREATE, pool(AutoVerifiedAttributes=[{"email": True}]), (SER,)),
    Case("map-as-list", CREATE, pool(UserPoolTags=["a", "b"]), (SER,)),
    Case("map-value-int", CREATE, pool(UserPoolTags={"k": 1}), (SER,)),
    Case("map-value-null", CREATE, pool(UserPoolTags={"k": None}), (SER, INV, OK)),
    Case("list-of-structures-as-object", CREATE, pool(Schema={"Name": "x"}), (SER,)),
    Case("list-of-structures-element-string", CREATE, pool(Schema=["email"]), (SER,)),
    Case("enum-as-int", CREATE, pool(MfaConfiguration=0), (SER,)),
    # --- validation against the model -------------------------------------------------------------
    Case("missing-required", CREATE, b"{}", (INV,),
         "1 validation error detected: Value null at 'poolName' failed to satisfy constraint: "
         "Member must not be null"),
    Case("required-null", CREATE, j({"PoolName": None}), (INV,),
         "Value null at 'poolName' failed to satisfy constraint: Member must not be null"),
    Case("length-empty", CREATE, j({"PoolName": ""}), (INV,),
         "at 'poolName' failed to satisfy constraint: Member must have length greater than or equal to 1"),
    Case("length-129", CREATE, j({"PoolName": "p" * 129}), (INV,),
         "at 'poolName' failed to satisfy constraint: Member must have length less than or equal to 128"),
    Case("pattern-hash", CREATE, j({"PoolName": "bad#name"}), (INV,),
         "Value 'bad#name' at 'poolName' failed to satisfy constraint: "
         "Member must satisfy regular expression pattern: [\\w\\s+=,.@-]+"),
    Case("pattern-escaped-nul", CREATE, j({"PoolName": "bad\u0000name"}), (INV,), "'poolName'"),
    Case("range-1000", CREATE, policy(MinimumLength=1000), (INV,),
         "Value '1000' at 'policies.passwordPolicy.minimumLength' failed to satisfy constraint: "
         "Member must have value less than or equal to 99"),
    Case("range-negative", CREATE, policy(MinimumLength=-1), (INV,),
         "at 'policies.passwordPolicy.minimumLength' failed to satisfy constraint: "
         "Member must have value greater than or equal to 6"),
    Case("range-validity-366", CREATE, policy(TemporaryPasswordValidityDays=366), (INV,),
         "'policies.passwordPolicy.temporaryPasswordValidityDays'"),
    Case("range-exponent", CREATE, b'{"PoolName":"h","Policies":{"PasswordPolicy":{"MinimumLength":1e2}}}',
         (INV, SER)),
    Case("enum-unknown", CREATE, pool(MfaConfiguration="SOMETIMES"), (INV,),
         "Value 'SOMETIMES' at 'mfaConfiguration' failed to satisfy constraint: "
         "Member must satisfy enum value set"),
    Case("enum-lowercase", CREATE, pool(MfaConfiguration="off"), (INV,), "'mfaConfiguration'"),
    Case("enum-in-list", CREATE, pool(UsernameAttributes=["nickname"]), (INV,), "usernameAttributes"),
    Case("enum-deletion-protection", CREATE, pool(DeletionProtection="MAYBE"), (INV,), "'deletionProtection'"),
    Case("map-key-too-long", CREATE, pool(UserPoolTags={"k" * 129: "v"}), (INV,), "userPoolTags"),
    Case("arn-pattern", CREATE, pool(LambdaConfig={"PreSignUp": "not-an-arn-at-all-0000"}), (INV,),
         "lambdaConfig.preSignUp"),
    Case("nested-required-missing", CREATE, pool(UsernameConfiguration={}), (INV,),
         "Value null at 'usernameConfiguration.caseSensitive' failed to satisfy constraint: "
         "Member must not be null"),
    # --- unknown members are ignored --------------------------------------------------------------
    Case("unknown-members", CREATE, j({"PoolName": "unknown-members", "NoSuchMember": 1,
                                       "Another": {"x": [1, None, "y"]}}), (OK,)),
    Case("unknown-nested-member", CREATE, policy(MinimumLength=8, Frobnicate=True), (OK,)),
    Case("unknown-member-with-wrong-looking-value", CREATE,
         j({"PoolName": "ok", "poolname": 5, "POOLNAME": [1]}), (OK,)),
    Case("duplicate-keys", CREATE, b'{"PoolName": "first", "PoolName": "second"}', (OK, SER)),
    # --- huge and deep ----------------------------------------------------------------------------
    Case("huge-string-1mb", CREATE, j({"PoolName": "a" * 1_000_000}), (INV, ANY),
         "at 'poolName' failed to satisfy constraint: Member must have length less than or equal to 128",
         statuses=LARGE),
    Case("huge-unknown-member-1mb", CREATE, j({"PoolName": "big", "Junk": "j" * 1_000_000}), (OK, ANY),
         statuses=LARGE),
    Case("body-over-1mib", CREATE, j({"PoolName": "big", "Junk": "j" * 2_000_000}), (OK, ANY), statuses=LARGE),
    Case("huge-list-100k-over-max", CREATE, j({"PoolName": "big", "Schema": [{"Name": "a"}] * 100_000}),
         (INV, ANY), "'schema'", statuses=LARGE),
    Case("huge-list-100k-enum", CREATE, j({"PoolName": "big", "AutoVerifiedAttributes": ["email"] * 100_000}),
         (OK, INV, ANY), statuses=LARGE),
    Case("deep-list-10k", CREATE, ('{"PoolName": ' + nested(10_000, "[", "]") + "}").encode(), (SER,)),
    Case("deep-object-10k-unknown", CREATE,
         ('{"PoolName": "deep", "X": ' + nested(10_000, '{"a":', "}") + "}").encode(), (OK, SER)),
    Case("deep-top-level-10k", CREATE, nested(10_000, "[", "]").encode(), (SER,)),
    Case("deep-unclosed-100k", CREATE, b"[" * 100_000, (SER,)),
    # --- bytes that are not text ------------------------------------------------------------------
    Case("raw-nul-in-string", CREATE, b'{"PoolName": "bad\x00name"}', (SER,)),
    Case("raw-nul-after-object", CREATE, b'{"PoolName": "ok"}\x00', (SER,)),
    Case("raw-control-char", CREATE, b'{"PoolName": "a\x01b"}', (SER,)),
    Case("invalid-utf8", CREATE, b'{"PoolName": "\xff\xfe"}', (SER, INV)),
    Case("invalid-utf8-overlong", CREATE, b'{"PoolName": "\xc0\xaf"}', (SER, INV)),
    Case("invalid-utf8-in-key", CREATE, b'{"Pool\xffName": "x", "PoolName": "ok"}', (SER, OK)),
    Case("lone-surrogate-escape", CREATE, b'{"PoolName": "\\ud800"}', (SER, INV)),
    Case("utf16-body", CREATE, '{"PoolName": "utf16"}'.encode("utf-16"), (SER, OK)),
    Case("bom-prefixed", CREATE, b'\xef\xbb\xbf{"PoolName": "bom"}', (SER, OK)),
    # --- DescribeUserPool -------------------------------------------------------------------------
    Case("not-json", DESCRIBE, b"<xml/>", (SER,)),
    Case("id-int", DESCRIBE, j({"UserPoolId": 5}), (SER,)),
    Case("id-list", DESCRIBE, j({"UserPoolId": ["us-east-1_AAAAAAAAA"]}), (SER,)),
    Case("id-missing", DESCRIBE, b"{}", (INV,),
         "Value null at 'userPoolId' failed to satisfy constraint: Member must not be null"),
    Case("id-pattern", DESCRIBE, j({"UserPoolId": "not a pool"}), (INV,), "'userPoolId'"),
    Case("id-too-long", DESCRIBE, j({"UserPoolId": "us-east-1_" + "A" * 46}), (INV,),
         "Member must have length less than or equal to 55"),
    Case("id-injection", DESCRIBE, j({"UserPoolId": "us-east-1_a' OR '1'='1"}), (INV,), "'userPoolId'"),
    Case("id-unknown-with-unknown-member", DESCRIBE, j({"UserPoolId": "us-east-1_AAAAAAAAA", "Extra": 1}),
         (NOT_FOUND,)),
    Case("id-other-region", DESCRIBE, j({"UserPoolId": "eu-west-1_AAAAAAAAA"}), (NOT_FOUND, INV)),
    # --- ListUserPools ----------------------------------------------------------------------------
    Case("max-0", LIST, j({"MaxResults": 0}), (INV,),
         "Value '0' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1"),
    Case("max-61", LIST, j({"MaxResults": 61}), (INV,),
         "Value '61' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 60"),
    Case("max-negative", LIST, j({"MaxResults": -5}), (INV,), "'maxResults'"),
    Case("max-missing", LIST, b"{}", (INV,), "Value null at 'maxResults'"),
    Case("max-null", LIST, j({"MaxResults": None}), (INV,), "Value null at 'maxResults'"),
    Case("max-string", LIST, j({"MaxResults": "10"}), (SER,)),
    Case("max-float", LIST, j({"MaxResults": 1.5}), (SER,)),
    Case("max-bool", LIST, j({"MaxResults": True}), (SER,)),
    Case("max-int64", LIST, j({"MaxResults": 2**40}), (SER, INV)),
    Case("token-int", LIST, j({"MaxResults": 10, "NextToken": 7}), (SER,)),
    Case("token-empty", LIST, j({"MaxResults": 10, "NextToken": ""}), (INV,), "'nextToken'"),
    Case("token-whitespace", LIST, j({"MaxResults": 10, "NextToken": "   "}), (INV,), "'nextToken'"),
    Case("token-garbage", LIST, j({"MaxResults": 10, "NextToken": "zzz"}), (OK, INV)),
    # --- SignUp (unsigned) ------------------------------------------------------------------------
    Case("not-json", SIGNUP, b"{nope", (SER,)),
    Case("missing-required", SIGNUP, b"{}", (INV,), "'clientId'"),
    Case("client-id-int", SIGNUP, j({"ClientId": 1, "Username": "u"}), (SER,)),
    Case("attributes-as-object", SIGNUP,
         j({"ClientId": "abc", "Username": "u", "UserAttributes": {"Name": "email"}}), (SER,)),
    Case("attribute-without-name", SIGNUP,
         j({"ClientId": "abc", "Username": "u", "UserAttributes": [{"Value": "x"}]}), (INV,)),
    Case("client-id-pattern", SIGNUP, j({"ClientId": "bad client!", "Username": "u"}), (INV,), "'clientId'"),
    Case("client-metadata-as-list", SIGNUP,
         j({"ClientId": "abc", "Username": "u", "ClientMetadata": ["x"]}), (SER,)),
    Case("unknown-client", SIGNUP,
         j({"ClientId": "unknownclient0000000000000", "Username": "u", "Password": "Passw0rd!"}),
         (NOT_FOUND,)),
    # --- the envelope -----------------------------------------------------------------------------
    Case("unknown-target", None, b"{}", (UNKNOWN_OP,), target=TARGET_PREFIX + "MakeCoffee"),
    Case("empty-operation", None, b"{}", (UNKNOWN_OP,), target=TARGET_PREFIX),
    Case("foreign-service-target", None, j({"MaxResults": 1}), (UNKNOWN_OP,),
         target="DynamoDB_20120810.ListTables"),
    Case("missing-target", None, j({"MaxResults": 1}), (UNKNOWN_OP,), target=None),
    Case("garbage-target", None, b"{}", (UNKNOWN_OP,), target="not a target at all"),
    Case("content-type-text-plain", LIST, j({"MaxResults": 1}), (OK, ANY), content_type="text/plain"),
    Case("content-type-json", LIST, j({"MaxResults": 1}), (OK, ANY), content_type="application/json"),
    Case("content-type-missing", LIST, j({"MaxResults": 1}), (OK, ANY), content_type=None),
    Case("content-type-form", CREATE, b"PoolName=form", (SER, ANY),
         content_type="application/x-www-form-urlencoded"),
    Case("get-root", None, b"", (ANY,), target=None, content_type=None, method="GET", statuses=ANY_4XX),
    Case("put-root", LIST, j({"MaxResults": 1}), (ANY,), method="PUT", statuses=ANY_4XX),
    Case("delete-root", LIST, b"", (ANY,), method="DELETE", statuses=ANY_4XX),
]


def case_id(case: Case) -> str:
    return f"{case.operation or 'envelope'}-{case.id}"


_unsupported_cache: dict[tuple[str, str], bool] = {}

PROBES = {
    CREATE: {"PoolName": "probe"},
    DESCRIBE: {"UserPoolId": "us-east-1_AAAAAAAAA"},
    LIST: {"MaxResults": 1},
    SIGNUP: {"ClientId": "probeclient", "Username": "probe", "Password": "Passw0rd!"},
}


def unsupported(server, operation: str | None) -> bool:
    """Whether the server answers a valid call of `operation` with UnsupportedOperationException
    (not implemented yet: then that answer is acceptable for every body)."""
    if operation is None:
        return False
    key = (server.url, operation)
    if key not in _unsupported_cache:
        response = server.call(operation, PROBES[operation])
        _unsupported_cache[key] = response.error_type == "UnsupportedOperationException"
    return _unsupported_cache[key]


def test_there_are_more_than_50_cases():
    assert len(CASES) > 50
    ids = [case_id(case) for case in CASES]
    assert len(ids) == len(set(ids)), "duplicate case ids"


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_hostile_body(server, case: Case):
    if case.operation is not None and case.target is DEFAULT:
        response = server.raw(
            case.body, operation=case.operation, content_type=case.content_type, method=case.method
        )
    else:
        response = server.raw(
            case.body if case.body else None,
            target=None if case.target is DEFAULT else case.target,
            sign=case.method != "GET",
            content_type=case.content_type,
            method=case.method,
        )
    described = response.describe()

    assert response.status < 500, f"server error: {described}"
    assert b"<html" not in response.body[:2000].lower(), f"HTML answer: {described}"
    assert response.headers.get("content-type", "").startswith(JSON_CONTENT_TYPE), (
        f"Content-Type is not {JSON_CONTENT_TYPE}: {described}"
    )
    assert response.headers.get("x-amzn-requestid"), f"no x-amzn-requestid: {described}"
    try:
        document = response.json()
    except ValueError:
        raise AssertionError(f"body is not JSON: {described}")
    assert isinstance(document, dict), described

    if 200 <= response.status < 300:
        assert OK in case.allowed, f"success, expected one of {case.allowed}: {described}"
        return

    assert response.status in case.statuses, f"HTTP {response.status}, expected {sorted(case.statuses)[:3]}..: {described}"
    error_type = document.get("__type")
    assert isinstance(error_type, str) and error_type, f"no __type: {described}"
    assert response.headers.get("x-amzn-errortype") == error_type, described
    assert isinstance(document.get("message"), str), f"no message: {described}"

    acceptable = set(case.allowed)
    if unsupported(server, case.operation):
        acceptable.add("UnsupportedOperationException")
    if ANY not in acceptable:
        assert error_type in acceptable, f"expected one of {sorted(acceptable)}: {described}"
    if case.message and error_type == case.allowed[0]:
        assert case.message in document["message"], (
            f"message {document['message'][:300]!r} does not contain {case.message!r}"
        )


def test_server_is_healthy_after_hostile_bodies(server):
    """Runs after the cases above (same module server): still healthy and working."""
    health = server.get("/health")
    assert health.status == 200, health.describe()
    cognito = server.client()
    created = cognito.create_user_pool(PoolName="after-hostile")["UserPool"]
    assert cognito.describe_user_pool(UserPoolId=created["Id"])["UserPool"]["Name"] == "after-hostile"
    server.assert_alive()

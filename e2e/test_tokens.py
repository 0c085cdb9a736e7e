"""Tokens: the pool's JWKS, ID and access tokens verified with PyJWT and their claims one by one,
token validity from the app client, groups, REFRESH_TOKEN_AUTH, GetTokensFromRefreshToken with
refresh-token rotation (reuse revokes the family; 20 concurrent uses of one token), RevokeToken,
GlobalSignOut and AdminUserGlobalSignOut."""

from __future__ import annotations

import base64
import time
from collections import Counter

import jwt
import pytest
from botocore.exceptions import ClientError

from accounts import (
    ADMIN_SCOPE,
    SERVER_ARGS,  # noqa: F401  (read by the server fixture)
    UUID_RE,
    Account,
    App,
    confirmed_account,
    email_pool,
    jwks,
    new_app,
    password_sign_in,
    sign_in,
    tamper,
    unique_email,
    verify,
    verify_result,
)
from control_plane import raises, run_concurrently

REUSE_ERRORS = {"RefreshTokenReuseException", "NotAuthorizedException"}


class Setup:
    """An email pool with a client of default token validity, one with a 5-minute access token and a
    2-hour ID token, one that rotates refresh tokens, and a second client of default settings."""

    def __init__(self, idp):
        self.pool = email_pool(idp)
        self.app = new_app(idp, self.pool)
        self.other = new_app(idp, self.pool)
        self.short = new_app(
            idp, self.pool, AccessTokenValidity=5, IdTokenValidity=2,
            TokenValidityUnits={"AccessToken": "minutes", "IdToken": "hours"},
        )
        self.rotating = new_app(
            idp, self.pool, RefreshTokenRotation={"Feature": "ENABLED", "RetryGracePeriodSeconds": 0},
        )


@pytest.fixture(scope="module")
def setup(idp) -> Setup:
    return Setup(idp)


@pytest.fixture(scope="module")
def alice(idp, outbox, setup) -> Account:
    return confirmed_account(idp, outbox, setup.app, email=unique_email("alice"), attrs={"name": "Alice"})


def as_app(account: Account, app: App) -> Account:
    return Account(app, account.login, account.password, account.sub, account.username, account.email)


def refresh(cognito, app: App, token: str) -> dict:
    return cognito.initiate_auth(
        ClientId=app.client_id, AuthFlow="REFRESH_TOKEN_AUTH", AuthParameters={"REFRESH_TOKEN": token},
    )["AuthenticationResult"]


def rotate(cognito, app: App, token: str) -> dict:
    params = {"ClientId": app.client_id, "RefreshToken": token}
    if app.secret:
        params["ClientSecret"] = app.secret
    return cognito.get_tokens_from_refresh_token(**params)["AuthenticationResult"]


def get_user(cognito, access_token: str) -> dict:
    return cognito.get_user(AccessToken=access_token)


def assert_signed_out(cognito, app: App, result: dict) -> None:
    """Neither the access token nor (when there is one) the refresh token of `result` works."""
    with raises("NotAuthorizedException"):
        get_user(cognito, result["AccessToken"])
    if "RefreshToken" in result:
        with raises("NotAuthorizedException"):
            refresh(cognito, app, result["RefreshToken"])


def b64url_int(value: str) -> int:
    return int.from_bytes(base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)), "big")


# --- JWKS ------------------------------------------------------------------------------------------


def test_jwks(server, setup):
    keys = jwks(server, setup.pool)["keys"]
    assert len(keys) == 2, keys
    for key in keys:
        assert key["kty"] == "RSA", key
        assert key["alg"] == "RS256", key
        assert key["use"] == "sig", key
        assert isinstance(key["kid"], str) and key["kid"], key
        assert b64url_int(key["n"]).bit_length() >= 2048, key
        assert b64url_int(key["e"]) in (3, 65537), key
        assert "d" not in key and "p" not in key, "private key material published"
        jwt.PyJWK(key)  # a key PyJWT can use
    assert keys[0]["kid"] != keys[1]["kid"]
    assert keys[0]["n"] != keys[1]["n"]
    assert jwks(server, setup.pool) == {"keys": keys}, "the JWKS changed between two reads"


def test_jwks_of_an_unknown_pool(server):
    assert server.get("/us-east-1_AAAAAAAAA/.well-known/jwks.json").status == 404


def test_each_pool_has_its_own_keys(server, idp, setup):
    other = email_pool(idp)
    mine = {key["kid"] for key in jwks(server, setup.pool)["keys"]}
    theirs = {key["kid"] for key in jwks(server, other)["keys"]}
    assert not mine & theirs


# --- claims ----------------------------------------------------------------------------------------


def test_id_token_claims(server, cognito, setup, alice):
    before = int(time.time())
    result = sign_in(cognito, alice)
    after = int(time.time()) + 1
    claims = verify(server, setup.pool, result["IdToken"], token_use="id", audience=setup.app.client_id)
    access = verify(server, setup.pool, result["AccessToken"], token_use="access")

    assert claims["iss"] == f"{server.url}/{setup.pool}"
    assert claims["aud"] == setup.app.client_id
    assert claims["token_use"] == "id"
    assert claims["sub"] == alice.sub
    assert claims["cognito:username"] == alice.sub  # an email pool: the username is the sub
    assert claims["email"] == alice.email
    assert claims["email_verified"] is True
    assert claims["name"] == "Alice"
    assert isinstance(claims["auth_time"], int) and before <= claims["auth_time"] <= after
    assert isinstance(claims["iat"], int) and before <= claims["iat"] <= after
    assert claims["exp"] == claims["iat"] + 3600
    assert UUID_RE.match(claims["jti"]), claims["jti"]
    assert UUID_RE.match(claims["origin_jti"]), claims["origin_jti"]
    assert UUID_RE.match(claims["event_id"]), claims["event_id"]
    assert claims["origin_jti"] == access["origin_jti"]
    assert claims["event_id"] == access["event_id"]
    assert claims["jti"] != access["jti"]
    assert "cognito:groups" not in claims
    assert "password" not in str(claims).lower()


def test_access_token_claims(server, cognito, setup, alice):
    result = sign_in(cognito, alice)
    claims = verify(server, setup.pool, result["AccessToken"], token_use="access")
    assert claims["iss"] == f"{server.url}/{setup.pool}"
    assert claims["token_use"] == "access"
    assert claims["client_id"] == setup.app.client_id
    assert claims["sub"] == alice.sub
    assert claims["username"] == alice.sub
    assert claims["scope"] == ADMIN_SCOPE
    assert claims["exp"] == claims["iat"] + 3600
    assert isinstance(claims["auth_time"], int)
    assert UUID_RE.match(claims["jti"]), claims["jti"]
    assert "aud" not in claims
    assert "email" not in claims

    # ID and access tokens are signed with different keys, both in the JWKS.
    id_kid = jwt.get_unverified_header(result["IdToken"])["kid"]
    access_kid = jwt.get_unverified_header(result["AccessToken"])["kid"]
    assert id_kid != access_kid
    assert {id_kid, access_kid} == {key["kid"] for key in jwks(server, setup.pool)["keys"]}

    # Two sign-ins: different tokens, different origin_jti.
    again = verify(server, setup.pool, sign_in(cognito, alice)["AccessToken"], token_use="access")
    assert again["origin_jti"] != claims["origin_jti"]
    assert again["jti"] != claims["jti"]


def test_client_token_validity(server, cognito, setup, alice):
    result = sign_in(cognito, as_app(alice, setup.short))
    assert result["ExpiresIn"] == 300
    id_claims, access = verify_result(server, setup.short, result)
    assert access["exp"] - access["iat"] == 300
    assert id_claims["exp"] - id_claims["iat"] == 7200
    assert id_claims["aud"] == setup.short.client_id


def test_tokens_fail_verification_when_tampered(server, cognito, setup, alice):
    result = sign_in(cognito, alice)
    with pytest.raises(jwt.InvalidSignatureError):
        verify(server, setup.pool, tamper(result["IdToken"]), token_use="id", audience=setup.app.client_id)
    with pytest.raises(jwt.InvalidAudienceError):
        verify(server, setup.pool, result["IdToken"], token_use="id", audience=setup.other.client_id)
    with raises("NotAuthorizedException"):
        get_user(cognito, tamper(result["AccessToken"]))
    with raises("NotAuthorizedException"):
        get_user(cognito, result["IdToken"])  # an ID token is not an access token
    assert get_user(cognito, result["AccessToken"])["Username"] == alice.sub


def test_groups_claim(server, cognito, outbox, setup):
    bob = confirmed_account(cognito, outbox, setup.app, email=unique_email("bob"))
    first = verify(server, setup.pool, sign_in(cognito, bob)["AccessToken"], token_use="access")
    assert "cognito:groups" not in first
    for group in ("readers", "writers"):
        cognito.create_group(UserPoolId=setup.pool, GroupName=group)
        cognito.admin_add_user_to_group(UserPoolId=setup.pool, Username=bob.login, GroupName=group)
    id_claims, access = verify_result(server, setup.app, sign_in(cognito, bob))
    assert sorted(id_claims["cognito:groups"]) == ["readers", "writers"]
    assert sorted(access["cognito:groups"]) == ["readers", "writers"]
    cognito.admin_remove_user_from_group(UserPoolId=setup.pool, Username=bob.login, GroupName="writers")
    id_claims, access = verify_result(server, setup.app, sign_in(cognito, bob))
    assert id_claims["cognito:groups"] == ["readers"]
    assert access["cognito:groups"] == ["readers"]


# --- refresh ---------------------------------------------------------------------------------------


def test_refresh_token_auth(server, cognito, setup, alice):
    signed_in = sign_in(cognito, alice)
    first_id, first_access = verify_result(server, setup.app, signed_in)
    time.sleep(1.1)  # so that iat differs
    refreshed = refresh(cognito, setup.app, signed_in["RefreshToken"])
    assert "RefreshToken" not in refreshed
    assert refreshed["ExpiresIn"] == 3600
    assert refreshed["TokenType"] == "Bearer"
    id_claims, access = verify_result(server, setup.app, refreshed)
    assert id_claims["sub"] == access["sub"] == alice.sub
    assert id_claims["iat"] > first_id["iat"]
    assert access["jti"] != first_access["jti"]
    assert access["origin_jti"] == first_access["origin_jti"]
    assert id_claims["auth_time"] == first_id["auth_time"]
    assert access["auth_time"] == first_access["auth_time"]
    assert get_user(cognito, refreshed["AccessToken"])["Username"] == alice.sub
    # The refresh token keeps working (no rotation on this client).
    assert "AccessToken" in refresh(cognito, setup.app, signed_in["RefreshToken"])


def test_refresh_with_a_bad_token(cognito, setup, alice):
    signed_in = sign_in(cognito, alice)
    with raises("NotAuthorizedException"):
        refresh(cognito, setup.app, "not-a-refresh-token")
    with raises("NotAuthorizedException"):
        refresh(cognito, setup.app, signed_in["RefreshToken"][:-4] + "AAAA")
    with raises("NotAuthorizedException"):
        refresh(cognito, setup.other, signed_in["RefreshToken"])  # issued to another client


def test_get_tokens_without_rotation(server, cognito, setup, alice):
    signed_in = sign_in(cognito, alice)
    result = rotate(cognito, setup.app, signed_in["RefreshToken"])
    assert "RefreshToken" not in result
    verify_result(server, setup.app, result)


def test_rotation_issues_a_new_refresh_token_each_time(server, cognito, setup, alice):
    app = setup.rotating
    signed_in = sign_in(cognito, as_app(alice, app))
    tokens = [signed_in["RefreshToken"]]
    for _ in range(3):
        result = rotate(cognito, app, tokens[-1])
        assert result.get("RefreshToken"), f"no new refresh token: {result}"
        verify_result(server, app, result)
        tokens.append(result["RefreshToken"])
    assert len(set(tokens)) == 4, "a rotated refresh token came back"


def test_reusing_a_rotated_token_revokes_the_family(cognito, setup, alice):
    app = setup.rotating
    r0 = sign_in(cognito, as_app(alice, app))["RefreshToken"]
    r1 = rotate(cognito, app, r0)["RefreshToken"]
    r2 = rotate(cognito, app, r1)["RefreshToken"]

    with pytest.raises(ClientError) as reused:
        rotate(cognito, app, r1)
    assert reused.value.response["Error"]["Code"] in REUSE_ERRORS, reused.value

    # The newest token of the family is revoked too.
    with pytest.raises(ClientError) as newest:
        rotate(cognito, app, r2)
    assert newest.value.response["Error"]["Code"] in REUSE_ERRORS, newest.value

    # Another sign-in is another family.
    other = sign_in(cognito, as_app(alice, app))["RefreshToken"]
    assert rotate(cognito, app, other)["RefreshToken"]


def test_concurrent_rotation_of_one_token(server, cognito, setup, alice):
    app = setup.rotating
    token = sign_in(cognito, as_app(alice, app))["RefreshToken"]
    clients = [server.client() for _ in range(20)]
    outcomes = run_concurrently([lambda c=c: rotate(c, app, token) for c in clients])
    assert len(outcomes) == 20
    succeeded = [value for kind, value in outcomes if kind == "ok"]
    errors = Counter(value for kind, value in outcomes if kind == "error")
    assert len(succeeded) <= 1, f"{len(succeeded)} of 20 concurrent uses of one refresh token succeeded"
    assert set(errors) <= REUSE_ERRORS, dict(errors)


# --- revocation and sign-out -----------------------------------------------------------------------


def test_revoke_token(cognito, setup, alice):
    revoked = sign_in(cognito, alice)
    kept = sign_in(cognito, alice)
    refreshed = refresh(cognito, setup.app, revoked["RefreshToken"])  # same family as `revoked`

    cognito.revoke_token(Token=revoked["RefreshToken"], ClientId=setup.app.client_id)

    assert_signed_out(cognito, setup.app, revoked)
    assert_signed_out(cognito, setup.app, refreshed)
    # The other sign-in is untouched.
    assert get_user(cognito, kept["AccessToken"])["Username"] == alice.sub
    assert "AccessToken" in refresh(cognito, setup.app, kept["RefreshToken"])


def test_global_sign_out(cognito, setup, alice):
    first = sign_in(cognito, alice)
    second = password_sign_in(cognito, setup.other, alice.login, alice.password)
    refreshed = refresh(cognito, setup.app, first["RefreshToken"])

    cognito.global_sign_out(AccessToken=second["AccessToken"])

    assert_signed_out(cognito, setup.app, first)
    assert_signed_out(cognito, setup.other, second)
    assert_signed_out(cognito, setup.app, refreshed)
    # Signing in again works at once.
    fresh = sign_in(cognito, alice)
    assert get_user(cognito, fresh["AccessToken"])["Username"] == alice.sub
    assert "AccessToken" in refresh(cognito, setup.app, fresh["RefreshToken"])


def test_admin_user_global_sign_out(cognito, setup, alice):
    first = sign_in(cognito, alice)
    second = password_sign_in(cognito, setup.other, alice.login, alice.password)

    cognito.admin_user_global_sign_out(UserPoolId=setup.pool, Username=alice.login)

    assert_signed_out(cognito, setup.app, first)
    assert_signed_out(cognito, setup.other, second)
    fresh = sign_in(cognito, alice)
    assert get_user(cognito, fresh["AccessToken"])["Username"] == alice.sub
    with raises("UserNotFoundException"):
        cognito.admin_user_global_sign_out(UserPoolId=setup.pool, Username=unique_email())

"""USER_SRP_AUTH with a client nobody here wrote: pycognito (its own SRP arithmetic, SECRET_HASH and
token verification against the pool's JWKS) pointed at Cognate, in a pool with plain usernames and in
a pool that signs in with email, with and without a client secret."""

from __future__ import annotations

import pytest
from botocore.config import Config
from pycognito import Cognito
from pycognito.aws_srp import AWSSRP
from pycognito.exceptions import ForceChangePasswordException

from accounts import (
    OTHER_PASSWORD,
    PASSWORD,
    SERVER_ARGS,  # noqa: F401  (read by the server fixture)
    Account,
    App,
    confirmed_account,
    email_pool,
    new_app,
    password_sign_in,
    unique_email,
    unique_name,
    username_pool,
    verify_result,
)
from control_plane import raises

INCORRECT = "Incorrect username or password."


class Setup:
    """A username pool and an email pool, each with a client without and one with a secret."""

    def __init__(self, idp):
        self.user_pool = username_pool(idp)
        self.plain = new_app(idp, self.user_pool)
        self.plain_secret = new_app(idp, self.user_pool, secret=True)
        self.email_pool = email_pool(idp)
        self.email = new_app(idp, self.email_pool)
        self.email_secret = new_app(idp, self.email_pool, secret=True)


@pytest.fixture(scope="module")
def setup(idp) -> Setup:
    return Setup(idp)


@pytest.fixture(scope="module")
def bob(idp, outbox, setup) -> Account:
    """A confirmed user of the username pool."""
    return confirmed_account(idp, outbox, setup.plain, login=unique_name("bob"), email=unique_email("bob"), email_pool=False)


@pytest.fixture(scope="module")
def alice(idp, outbox, setup) -> Account:
    """A confirmed user of the email pool."""
    return confirmed_account(idp, outbox, setup.email, email=unique_email("alice"))


def pycognito(server, app: App, login: str) -> Cognito:
    """pycognito's client for `login`, talking to `server` (its JWKS and issuer follow endpoint_url)."""
    return Cognito(
        app.pool_id, app.client_id, username=login, user_pool_region="us-east-1", client_secret=app.secret,
        botocore_config=Config(retries={"max_attempts": 1}, connect_timeout=10, read_timeout=60),
        boto3_client_kwargs={
            "endpoint_url": server.url, "aws_access_key_id": server.access_key,
            "aws_secret_access_key": server.secret_key,
        },
    )


def assert_signed_in(server, app: App, user: Cognito, *, sub: str, username: str) -> None:
    """pycognito verified the tokens itself (signature, issuer, audience); so do we."""
    assert user.id_token and user.access_token and user.refresh_token
    assert user.token_type == "Bearer"
    result = {"IdToken": user.id_token, "AccessToken": user.access_token}
    id_claims, access = verify_result(server, app, result)
    assert id_claims["sub"] == access["sub"] == sub
    assert id_claims["cognito:username"] == access["username"] == username
    assert user.id_claims["sub"] == sub
    assert user.access_claims["client_id"] == app.client_id


# --- a pool with plain usernames -------------------------------------------------------------------


def test_srp_in_a_username_pool(server, cognito, setup, bob):
    user = pycognito(server, setup.plain, bob.login)
    user.authenticate(password=bob.password)
    assert_signed_in(server, setup.plain, user, sub=bob.sub, username=bob.login)
    assert cognito.get_user(AccessToken=user.access_token)["Username"] == bob.login


def test_srp_wrong_password_in_a_username_pool(server, setup, bob):
    user = pycognito(server, setup.plain, bob.login)
    with raises("NotAuthorizedException", INCORRECT):
        user.authenticate(password="Wrong-Password-1")
    assert user.access_token is None


def test_srp_with_a_client_secret_in_a_username_pool(server, setup, bob):
    user = pycognito(server, setup.plain_secret, bob.login)
    user.authenticate(password=bob.password)
    assert_signed_in(server, setup.plain_secret, user, sub=bob.sub, username=bob.login)

    wrong_secret = App(setup.plain_secret.pool_id, setup.plain_secret.client_id, "x" * 51)
    with raises("NotAuthorizedException"):
        pycognito(server, wrong_secret, bob.login).authenticate(password=bob.password)


def test_srp_unknown_user(server, setup):
    with raises("UserNotFoundException"):
        pycognito(server, setup.plain, unique_name()).authenticate(password=PASSWORD)


# --- a pool that signs in with email ---------------------------------------------------------------


def test_srp_challenge_names_the_internal_username(cognito, setup, alice):
    srp = AWSSRP(username=alice.login, password=alice.password, pool_id=setup.email_pool,
                 client_id=setup.email.client_id, client=cognito)
    response = cognito.initiate_auth(ClientId=setup.email.client_id, AuthFlow="USER_SRP_AUTH", AuthParameters=srp.get_auth_params())
    assert response["ChallengeName"] == "PASSWORD_VERIFIER"
    parameters = response["ChallengeParameters"]
    assert parameters["USERNAME"] == alice.sub
    assert parameters["USER_ID_FOR_SRP"] == alice.sub
    for name in ("SALT", "SRP_B", "SECRET_BLOCK"):
        assert parameters.get(name), f"no {name} in {parameters}"
    assert "AuthenticationResult" not in response


def test_srp_in_an_email_pool(server, setup, alice):
    user = pycognito(server, setup.email, alice.login)
    user.authenticate(password=alice.password)
    assert_signed_in(server, setup.email, user, sub=alice.sub, username=alice.sub)
    assert user.id_claims["email"] == alice.email
    assert user.id_claims["email_verified"] is True


def test_srp_wrong_password_in_an_email_pool(server, setup, alice):
    with raises("NotAuthorizedException", INCORRECT):
        pycognito(server, setup.email, alice.login).authenticate(password="Wrong-Password-1")


def test_srp_with_a_client_secret_in_an_email_pool(server, setup, alice):
    # SECRET_HASH over the email in InitiateAuth, over the internal username (the sub) in the answer.
    user = pycognito(server, setup.email_secret, alice.login)
    user.authenticate(password=alice.password)
    assert_signed_in(server, setup.email_secret, user, sub=alice.sub, username=alice.sub)


def test_srp_new_password_required(server, cognito, setup):
    email = unique_email("carol")
    temporary = "Temporary-Pass-1"
    created = cognito.admin_create_user(
        UserPoolId=setup.email_pool, Username=email, TemporaryPassword=temporary, MessageAction="SUPPRESS",
    )["User"]
    with pytest.raises(ForceChangePasswordException):
        pycognito(server, setup.email, email).authenticate(password=temporary)

    user = pycognito(server, setup.email, email)
    user.new_password_challenge(password=temporary, new_password=OTHER_PASSWORD)
    assert user.access_token
    assert cognito.admin_get_user(UserPoolId=setup.email_pool, Username=email)["UserStatus"] == "CONFIRMED"
    assert "AccessToken" in password_sign_in(cognito, setup.email, email, OTHER_PASSWORD)

    again = pycognito(server, setup.email, email)
    again.authenticate(password=OTHER_PASSWORD)
    assert_signed_in(server, setup.email, again, sub=created["Username"], username=created["Username"])

"""Password sign-in through boto3: InitiateAuth USER_PASSWORD_AUTH and AdminInitiateAuth
ADMIN_USER_PASSWORD_AUTH: the client's allowed flows, SECRET_HASH, wrong passwords, unknown, unconfirmed
and disabled users, user-existence errors, the lockout after 5 wrong passwords, and the
NEW_PASSWORD_REQUIRED challenge of users an administrator created."""

from __future__ import annotations

import json
import time

import pytest

from accounts import (
    OTHER_PASSWORD,
    PASSWORD,
    SERVER_ARGS,  # noqa: F401  (read by the server fixture)
    App,
    Account,
    admin_sign_in,
    attributes,
    confirmed_account,
    email_pool,
    new_app,
    password_sign_in,
    sign_in,
    sign_up,
    start_password_sign_in,
    unique_email,
    unique_name,
    username_pool,
    verify_result,
)
from cognate_e2e import assert_error
from control_plane import raises

INCORRECT = "Incorrect username or password."


class Setup:
    """An email pool with clients: every flow (LEGACY), every flow with PreventUserExistenceErrors
    ENABLED, every flow with a secret, SRP and refresh only, user password but not admin password;
    and a username pool with one client."""

    def __init__(self, idp):
        self.pool = email_pool(idp)
        self.app = new_app(idp, self.pool)
        self.hiding = new_app(idp, self.pool, PreventUserExistenceErrors="ENABLED")
        self.secret = new_app(idp, self.pool, secret=True)
        self.srp_only = new_app(idp, self.pool, flows=["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"])
        self.no_admin = new_app(idp, self.pool, flows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"])
        self.user_pool = username_pool(idp)
        self.plain = new_app(idp, self.user_pool)


@pytest.fixture(scope="module")
def setup(idp) -> Setup:
    return Setup(idp)


@pytest.fixture(scope="module")
def alice(idp, outbox, setup) -> Account:
    """A confirmed user of the email pool, shared by tests that leave her as they found her."""
    return confirmed_account(idp, outbox, setup.app, email=unique_email("alice"))


def assert_tokens(result: dict) -> None:
    for name in ("IdToken", "AccessToken", "RefreshToken"):
        assert isinstance(result.get(name), str) and result[name], f"no {name} in {result}"
    assert result["TokenType"] == "Bearer"
    assert result["ExpiresIn"] == 3600


# --- USER_PASSWORD_AUTH ----------------------------------------------------------------------------


def test_sign_in_with_email(server, cognito, setup, alice):
    result = sign_in(cognito, alice)
    assert_tokens(result)
    id_claims, access = verify_result(server, setup.app, result)
    assert id_claims["sub"] == access["sub"] == alice.sub
    assert id_claims["cognito:username"] == access["username"] == alice.sub
    assert id_claims["email"] == alice.email


def test_sign_in_with_username(server, cognito, outbox, setup):
    bob = confirmed_account(cognito, outbox, setup.plain, login=unique_name("bob"), email_pool=False)
    result = sign_in(cognito, bob)
    assert_tokens(result)
    id_claims, access = verify_result(server, setup.plain, result)
    assert id_claims["cognito:username"] == access["username"] == bob.login
    assert id_claims["sub"] == bob.sub


def test_client_must_allow_user_password_auth(cognito, setup, alice):
    with raises("InvalidParameterException"):
        password_sign_in(cognito, setup.srp_only, alice.login, alice.password)


def test_wrong_password(cognito, setup, alice):
    for app in (setup.app, setup.hiding):
        with raises("NotAuthorizedException", INCORRECT):
            password_sign_in(cognito, app, alice.login, "Wrong-Password-1")
    assert_tokens(sign_in(cognito, alice))  # and the counter is back at 0


def test_unknown_user(cognito, setup):
    with raises("UserNotFoundException"):
        password_sign_in(cognito, setup.app, unique_email(), PASSWORD)
    with raises("UserNotFoundException"):
        password_sign_in(cognito, setup.plain, unique_name(), PASSWORD)
    with raises("NotAuthorizedException", INCORRECT):
        password_sign_in(cognito, setup.hiding, unique_email(), PASSWORD)


def test_unconfirmed_user(cognito, setup):
    email = unique_email("carol")
    sign_up(cognito, setup.app, email)
    with raises("UserNotConfirmedException"):
        password_sign_in(cognito, setup.app, email, PASSWORD)
    with raises("NotAuthorizedException", INCORRECT):
        password_sign_in(cognito, setup.app, email, "Wrong-Password-1")


def test_disabled_user(cognito, setup, alice):
    cognito.admin_disable_user(UserPoolId=setup.pool, Username=alice.login)
    try:
        with raises("NotAuthorizedException", "User is disabled."):
            sign_in(cognito, alice)
        with raises("NotAuthorizedException", "User is disabled."):
            admin_sign_in(cognito, setup.app, alice.login, alice.password)
    finally:
        cognito.admin_enable_user(UserPoolId=setup.pool, Username=alice.login)
    assert_tokens(sign_in(cognito, alice))


def test_secret_hash(server, cognito, setup, alice):
    app = setup.secret
    bare = App(app.pool_id, app.client_id)
    with raises("NotAuthorizedException"):
        password_sign_in(cognito, bare, alice.login, alice.password)
    with raises("NotAuthorizedException"):
        cognito.initiate_auth(
            ClientId=app.client_id, AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": alice.login, "PASSWORD": alice.password, "SECRET_HASH": app.secret_hash("mallory")},
        )
    with raises("NotAuthorizedException"):
        admin_sign_in(cognito, bare, alice.login, alice.password)
    result = password_sign_in(cognito, app, alice.login, alice.password)
    verify_result(server, app, result)
    verify_result(server, app, admin_sign_in(cognito, app, alice.login, alice.password))


# --- lockout ---------------------------------------------------------------------------------------


def test_lockout_after_five_wrong_passwords(cognito, outbox, setup):
    dave = confirmed_account(cognito, outbox, setup.app, email=unique_email("dave"))
    wrong = "Wrong-Password-1"

    for _ in range(5):
        with raises("NotAuthorizedException", INCORRECT):
            password_sign_in(cognito, setup.app, dave.login, wrong)
    # The 6th attempt is refused even with the right password.
    with raises("NotAuthorizedException", "Password attempts exceeded"):
        sign_in(cognito, dave)
    with raises("NotAuthorizedException", "Password attempts exceeded"):
        admin_sign_in(cognito, setup.app, dave.login, dave.password)

    # The first lockout lasts 1 s; the right password then works and resets the counter.
    time.sleep(1.2)
    assert "AccessToken" in sign_in(cognito, dave)
    for _ in range(4):
        with raises("NotAuthorizedException", INCORRECT):
            password_sign_in(cognito, setup.app, dave.login, wrong)
    assert "AccessToken" in sign_in(cognito, dave)


def test_lockout_doubles_with_each_further_failure(cognito, outbox, setup):
    erin = confirmed_account(cognito, outbox, setup.app, email=unique_email("erin"))
    wrong = "Wrong-Password-1"
    for _ in range(5):
        with raises("NotAuthorizedException", INCORRECT):
            password_sign_in(cognito, setup.app, erin.login, wrong)
    time.sleep(1.2)
    # The 6th wrong password, after the first lockout: locked for 2 s now.
    with raises("NotAuthorizedException", INCORRECT):
        password_sign_in(cognito, setup.app, erin.login, wrong)
    locked = time.monotonic()  # the lockout began before this
    with raises("NotAuthorizedException", "Password attempts exceeded"):
        sign_in(cognito, erin)
    # Still locked after 1.3 s (a 1 s lockout would be over)...
    time.sleep(max(0.0, 1.3 - (time.monotonic() - locked)))
    with raises("NotAuthorizedException", "Password attempts exceeded"):
        sign_in(cognito, erin)
    # ... and over after 2 s.
    time.sleep(max(0.0, 2.2 - (time.monotonic() - locked)))
    assert "AccessToken" in sign_in(cognito, erin)


# --- ADMIN_USER_PASSWORD_AUTH ----------------------------------------------------------------------


def test_admin_user_password_auth(server, cognito, setup, alice):
    result = admin_sign_in(cognito, setup.app, alice.login, alice.password)
    assert_tokens(result)
    id_claims, _ = verify_result(server, setup.app, result)
    assert id_claims["sub"] == alice.sub

    with raises("NotAuthorizedException", INCORRECT):
        admin_sign_in(cognito, setup.app, alice.login, "Wrong-Password-1")
    with raises("UserNotFoundException"):
        admin_sign_in(cognito, setup.app, unique_email(), PASSWORD)
    with raises("InvalidParameterException"):
        admin_sign_in(cognito, setup.no_admin, alice.login, alice.password)
    assert_tokens(sign_in(cognito, alice))


def test_admin_initiate_auth_is_signed(server, setup, alice):
    unsigned = server.call(
        "AdminInitiateAuth",
        {"UserPoolId": setup.pool, "ClientId": setup.app.client_id, "AuthFlow": "ADMIN_USER_PASSWORD_AUTH",
         "AuthParameters": {"USERNAME": alice.login, "PASSWORD": alice.password}},
        sign=False,
    )
    assert_error(unsigned, "MissingAuthenticationTokenException")


# --- NEW_PASSWORD_REQUIRED -------------------------------------------------------------------------


def test_new_password_required(server, cognito, outbox, setup):
    email = unique_email("frank")
    temporary = "Temporary-Pass-1"
    created = cognito.admin_create_user(
        UserPoolId=setup.pool, Username=email, TemporaryPassword=temporary, MessageAction="SUPPRESS",
    )["User"]
    assert created["UserStatus"] == "FORCE_CHANGE_PASSWORD"

    challenge = start_password_sign_in(cognito, setup.app, email, temporary)
    assert challenge["ChallengeName"] == "NEW_PASSWORD_REQUIRED"
    assert challenge["Session"]
    assert "AuthenticationResult" not in challenge
    parameters = challenge["ChallengeParameters"]
    assert parameters["USER_ID_FOR_SRP"] == created["Username"]
    assert json.loads(parameters["requiredAttributes"]) == []
    assert json.loads(parameters["userAttributes"])["email"] == email

    answer = cognito.respond_to_auth_challenge(
        ClientId=setup.app.client_id, ChallengeName="NEW_PASSWORD_REQUIRED", Session=challenge["Session"],
        ChallengeResponses={"USERNAME": email, "NEW_PASSWORD": OTHER_PASSWORD, "userAttributes.name": "Frank"},
    )
    assert "ChallengeName" not in answer
    assert_tokens(answer["AuthenticationResult"])
    id_claims, _ = verify_result(server, setup.app, answer["AuthenticationResult"])
    assert id_claims["name"] == "Frank"

    user = cognito.admin_get_user(UserPoolId=setup.pool, Username=email)
    assert user["UserStatus"] == "CONFIRMED"
    assert attributes(user["UserAttributes"])["name"] == "Frank"
    assert_tokens(password_sign_in(cognito, setup.app, email, OTHER_PASSWORD))
    with raises("NotAuthorizedException", INCORRECT):
        password_sign_in(cognito, setup.app, email, temporary)

    # The challenge is over: its session does not work a second time.
    with raises("NotAuthorizedException"):
        cognito.respond_to_auth_challenge(
            ClientId=setup.app.client_id, ChallengeName="NEW_PASSWORD_REQUIRED", Session=challenge["Session"],
            ChallengeResponses={"USERNAME": email, "NEW_PASSWORD": "Third-Password-3"},
        )
    assert_tokens(password_sign_in(cognito, setup.app, email, OTHER_PASSWORD))


def test_new_password_required_with_a_bad_session(cognito, setup):
    email = unique_email("grace")
    temporary = "Temporary-Pass-1"
    cognito.admin_create_user(UserPoolId=setup.pool, Username=email, TemporaryPassword=temporary, MessageAction="SUPPRESS")
    challenge = start_password_sign_in(cognito, setup.app, email, temporary)
    assert challenge["ChallengeName"] == "NEW_PASSWORD_REQUIRED"
    session = challenge["Session"]
    flipped = session[:20] + ("A" if session[20] != "A" else "B") + session[21:]
    for bad in ("garbage-" * 5, "x" * 40, flipped):
        with raises("NotAuthorizedException"):
            cognito.respond_to_auth_challenge(
                ClientId=setup.app.client_id, ChallengeName="NEW_PASSWORD_REQUIRED", Session=bad,
                ChallengeResponses={"USERNAME": email, "NEW_PASSWORD": OTHER_PASSWORD},
            )
    assert cognito.admin_get_user(UserPoolId=setup.pool, Username=email)["UserStatus"] == "FORCE_CHANGE_PASSWORD"
    # The real session still works.
    answer = cognito.respond_to_auth_challenge(
        ClientId=setup.app.client_id, ChallengeName="NEW_PASSWORD_REQUIRED", Session=session,
        ChallengeResponses={"USERNAME": email, "NEW_PASSWORD": OTHER_PASSWORD},
    )
    assert_tokens(answer["AuthenticationResult"])
    assert cognito.admin_get_user(UserPoolId=setup.pool, Username=email)["UserStatus"] == "CONFIRMED"


def test_new_password_must_meet_the_policy(cognito, setup):
    email = unique_email("heidi")
    temporary = "Temporary-Pass-1"
    cognito.admin_create_user(UserPoolId=setup.pool, Username=email, TemporaryPassword=temporary, MessageAction="SUPPRESS")
    challenge = start_password_sign_in(cognito, setup.app, email, temporary)
    with raises("InvalidPasswordException"):
        cognito.respond_to_auth_challenge(
            ClientId=setup.app.client_id, ChallengeName="NEW_PASSWORD_REQUIRED", Session=challenge["Session"],
            ChallengeResponses={"USERNAME": email, "NEW_PASSWORD": "short"},
        )
    assert cognito.admin_get_user(UserPoolId=setup.pool, Username=email)["UserStatus"] == "FORCE_CHANGE_PASSWORD"

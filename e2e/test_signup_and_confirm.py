"""Sign-up through boto3: SignUp, ConfirmSignUp, ResendConfirmationCode in pools that sign in with an
email and in pools with plain usernames; the code in the outbox, SECRET_HASH, password policy, schema
checks, user-existence errors, the attempt limit on codes, and 20 concurrent sign-ups of one name."""

from __future__ import annotations

from collections import Counter

import pytest
from botocore.config import Config

from accounts import (
    PASSWORD,
    SERVER_ARGS,  # noqa: F401  (read by the server fixture)
    UUID_RE,
    App,
    attributes,
    email_pool,
    new_app,
    sign_up,
    unique_email,
    unique_name,
    username_pool,
)
from control_plane import raises, run_concurrently

UNKNOWN_CLIENT = "0" * 26


class Setup:
    """One email pool and one username pool, each with a client without a secret (LEGACY user
    existence errors), one with PreventUserExistenceErrors ENABLED and one with a secret."""

    def __init__(self, idp):
        self.email_pool = email_pool(idp)
        self.email = new_app(idp, self.email_pool)
        self.email_hiding = new_app(idp, self.email_pool, PreventUserExistenceErrors="ENABLED")
        self.email_secret = new_app(idp, self.email_pool, secret=True)
        self.user_pool = username_pool(idp)
        self.plain = new_app(idp, self.user_pool)
        self.plain_hiding = new_app(idp, self.user_pool, PreventUserExistenceErrors="ENABLED")
        self.plain_secret = new_app(idp, self.user_pool, secret=True)


@pytest.fixture(scope="module")
def setup(idp) -> Setup:
    return Setup(idp)


def get_user(cognito, pool_id: str, username: str) -> dict:
    return cognito.admin_get_user(UserPoolId=pool_id, Username=username)


def confirm(cognito, app: App, username: str, code: str) -> None:
    cognito.confirm_sign_up(ClientId=app.client_id, Username=username, ConfirmationCode=code, **app.hash_param(username))


def wrong_code(code: str) -> str:
    return f"{(int(code) + 1) % 1000000:06d}"


# --- email pools -----------------------------------------------------------------------------------


def test_sign_up_in_an_email_pool(cognito, outbox, setup):
    email = unique_email("alice")
    response = sign_up(cognito, setup.email, email)
    assert response["UserConfirmed"] is False
    assert response["CodeDeliveryDetails"] == {
        "Destination": "a***@e***", "DeliveryMedium": "EMAIL", "AttributeName": "email",
    }
    sub = response["UserSub"]
    assert UUID_RE.match(sub), sub

    message = outbox.latest(email)
    assert message["poolId"] == setup.email_pool
    assert outbox.code(email, setup.email_pool).isdigit()

    # The username Cognito keeps is the sub; the email is an attribute, and finds the user.
    user = get_user(cognito, setup.email_pool, email)
    assert user["Username"] == sub
    assert user["UserStatus"] == "UNCONFIRMED"
    assert user["Enabled"] is True
    values = attributes(user["UserAttributes"])
    assert values["sub"] == sub
    assert values["email"] == email
    assert values.get("email_verified", "false") == "false"
    assert get_user(cognito, setup.email_pool, sub)["Username"] == sub


@pytest.mark.parametrize("username", ["alice", "alice@", "alice@example", "+15555550100"])
def test_email_pool_username_must_be_an_email(cognito, setup, username):
    with raises("InvalidParameterException"):
        sign_up(cognito, setup.email, username)
    with raises("UserNotFoundException"):
        get_user(cognito, setup.email_pool, username)


def test_email_pool_email_is_unique(cognito, setup):
    email = unique_email("bob")
    first = sign_up(cognito, setup.email, email)["UserSub"]
    with raises("UsernameExistsException"):
        sign_up(cognito, setup.email, email, "Another-Password-9")
    assert get_user(cognito, setup.email_pool, email)["Username"] == first


# --- username pools --------------------------------------------------------------------------------


def test_sign_up_in_a_username_pool(cognito, outbox, setup):
    username = unique_name("carol")
    email = unique_email("carol")
    response = sign_up(cognito, setup.plain, username, attrs={"email": email, "name": "Carol", "locale": "en"})
    assert response["UserConfirmed"] is False
    assert response["CodeDeliveryDetails"] == {
        "Destination": "c***@e***", "DeliveryMedium": "EMAIL", "AttributeName": "email",
    }
    assert outbox.latest(email)["poolId"] == setup.user_pool

    user = get_user(cognito, setup.user_pool, username)
    assert user["Username"] == username
    assert user["UserStatus"] == "UNCONFIRMED"
    values = attributes(user["UserAttributes"])
    assert values["sub"] == response["UserSub"]
    assert (values["email"], values["name"], values["locale"]) == (email, "Carol", "en")

    with raises("UsernameExistsException"):
        sign_up(cognito, setup.plain, username, attrs={"email": unique_email()})
    assert attributes(get_user(cognito, setup.user_pool, username)["UserAttributes"])["email"] == email


# --- validation ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def strict_app(idp) -> App:
    pool = username_pool(idp, Policies={"PasswordPolicy": {
        "MinimumLength": 10, "RequireUppercase": True, "RequireLowercase": True,
        "RequireNumbers": True, "RequireSymbols": True,
    }})
    return new_app(idp, pool)


@pytest.mark.parametrize("password", [
    "Short-1a",        # 8 characters, fewer than 10
    "no-upper-case-1",
    "NO-LOWER-CASE-1",
    "No-Digits-Here",
    "NoSymbols12345",
])
def test_password_policy(cognito, strict_app, password):
    username = unique_name()
    with raises("InvalidPasswordException"):
        sign_up(cognito, strict_app, username, password, {"email": unique_email()})
    with raises("UserNotFoundException"):
        get_user(cognito, strict_app.pool_id, username)


def test_required_attribute(cognito, idp):
    pool = username_pool(idp, Schema=[{"Name": "name", "AttributeDataType": "String", "Required": True, "Mutable": True}])
    app = new_app(idp, pool)
    missing = unique_name()
    with raises("InvalidParameterException"):
        sign_up(cognito, app, missing, attrs={"email": unique_email()})
    with raises("UserNotFoundException"):
        get_user(cognito, pool, missing)
    given = unique_name()
    sign_up(cognito, app, given, attrs={"email": unique_email(), "name": "Dave"})
    assert attributes(get_user(cognito, pool, given)["UserAttributes"])["name"] == "Dave"


@pytest.mark.parametrize("name", ["favourite_colour", "custom:missing"])
def test_unknown_attribute(cognito, setup, name):
    username = unique_name()
    with raises("InvalidParameterException"):
        sign_up(cognito, setup.plain, username, attrs={"email": unique_email(), name: "blue"})
    with raises("UserNotFoundException"):
        get_user(cognito, setup.user_pool, username)


def test_admin_create_user_only(cognito, idp):
    pool = username_pool(idp, AdminCreateUserConfig={"AllowAdminCreateUserOnly": True})
    app = new_app(idp, pool)
    username = unique_name()
    with raises("NotAuthorizedException"):
        sign_up(cognito, app, username, attrs={"email": unique_email()})
    with raises("UserNotFoundException"):
        get_user(cognito, pool, username)


def test_secret_hash(cognito, outbox, setup):
    app = setup.plain_secret
    username = unique_name("erin")
    email = unique_email("erin")
    plain = App(app.pool_id, app.client_id)  # sends no SECRET_HASH
    with raises("NotAuthorizedException"):
        sign_up(cognito, plain, username, attrs={"email": email})
    with raises("NotAuthorizedException"):
        cognito.sign_up(
            ClientId=app.client_id, Username=username, Password=PASSWORD, SecretHash=app.secret_hash(username + "x"),
            UserAttributes=[{"Name": "email", "Value": email}],
        )
    with raises("UserNotFoundException"):
        get_user(cognito, app.pool_id, username)

    sign_up(cognito, app, username, attrs={"email": email})
    code = outbox.code(email, app.pool_id)
    with raises("NotAuthorizedException"):
        confirm(cognito, plain, username, code)
    with raises("NotAuthorizedException"):
        cognito.confirm_sign_up(
            ClientId=app.client_id, Username=username, ConfirmationCode=code, SecretHash=app.secret_hash("someone-else"),
        )
    with raises("NotAuthorizedException"):
        cognito.resend_confirmation_code(ClientId=app.client_id, Username=username)
    confirm(cognito, app, username, code)
    assert get_user(cognito, app.pool_id, username)["UserStatus"] == "CONFIRMED"


def test_unknown_client(cognito):
    unknown = App("us-east-1_AAAAAAAAA", UNKNOWN_CLIENT)
    with raises("ResourceNotFoundException"):
        sign_up(cognito, unknown, unique_name(), attrs={"email": unique_email()})
    with raises("ResourceNotFoundException"):
        confirm(cognito, unknown, unique_name(), "123456")
    with raises("ResourceNotFoundException"):
        cognito.resend_confirmation_code(ClientId=UNKNOWN_CLIENT, Username=unique_name())


# --- ConfirmSignUp ---------------------------------------------------------------------------------


def test_confirm_sign_up(cognito, outbox, setup):
    email = unique_email("frank")
    sub = sign_up(cognito, setup.email, email)["UserSub"]
    code = outbox.code(email, setup.email_pool)

    with raises("CodeMismatchException"):
        confirm(cognito, setup.email, email, wrong_code(code))
    assert get_user(cognito, setup.email_pool, email)["UserStatus"] == "UNCONFIRMED"

    confirm(cognito, setup.email, email, code)
    user = get_user(cognito, setup.email_pool, email)
    assert user["UserStatus"] == "CONFIRMED"
    values = attributes(user["UserAttributes"])
    assert values["email_verified"] == "true"
    assert values["sub"] == sub

    # Already confirmed: the same (used) code, and any other, are refused.
    with raises("NotAuthorizedException"):
        confirm(cognito, setup.email, email, code)
    with raises("NotAuthorizedException"):
        confirm(cognito, setup.email, email, wrong_code(code))
    assert get_user(cognito, setup.email_pool, email)["UserStatus"] == "CONFIRMED"


def test_five_wrong_codes_exhaust_the_code(cognito, outbox, setup):
    email = unique_email("grace")
    sign_up(cognito, setup.email, email)
    code = outbox.code(email, setup.email_pool)
    for attempt in range(5):
        with raises("CodeMismatchException"):
            confirm(cognito, setup.email, email, wrong_code(f"{int(code) + attempt:06d}"))
    with raises("LimitExceededException"):
        confirm(cognito, setup.email, email, code)
    assert get_user(cognito, setup.email_pool, email)["UserStatus"] == "UNCONFIRMED"


def test_confirm_unknown_user(cognito, setup):
    for app in (setup.email, setup.plain):
        with raises("UserNotFoundException"):
            confirm(cognito, app, unique_email(), "123456")
    for app in (setup.email_hiding, setup.plain_hiding):
        with raises("CodeMismatchException"):
            confirm(cognito, app, unique_email(), "123456")


# --- ResendConfirmationCode ------------------------------------------------------------------------


def test_resend_confirmation_code(cognito, outbox, setup):
    username = unique_name("heidi")
    email = unique_email("heidi")
    sign_up(cognito, setup.plain, username, attrs={"email": email})
    first = outbox.latest(email, setup.user_pool)
    old = outbox.code(email, setup.user_pool)

    resent = cognito.resend_confirmation_code(ClientId=setup.plain.client_id, Username=username)
    assert resent["CodeDeliveryDetails"] == {
        "Destination": "h***@e***", "DeliveryMedium": "EMAIL", "AttributeName": "email",
    }
    messages = outbox.to(email, setup.user_pool)
    assert len(messages) == 2, messages
    assert messages[1]["id"] == first["id"]
    new = outbox.code(email, setup.user_pool)

    if new != old:  # one chance in a million that the new code equals the old one
        with raises("CodeMismatchException"):
            confirm(cognito, setup.plain, username, old)
    confirm(cognito, setup.plain, username, new)
    assert get_user(cognito, setup.user_pool, username)["UserStatus"] == "CONFIRMED"

    with raises("InvalidParameterException"):
        cognito.resend_confirmation_code(ClientId=setup.plain.client_id, Username=username)
    assert len(outbox.to(email, setup.user_pool)) == 2


def test_resend_to_unknown_user(cognito, outbox, setup):
    with raises("UserNotFoundException"):
        cognito.resend_confirmation_code(ClientId=setup.plain.client_id, Username=unique_name())
    # Hiding user existence: a believable answer, and nothing is sent.
    before = len(outbox.messages())
    email = unique_email("ivan")
    answer = cognito.resend_confirmation_code(ClientId=setup.email_hiding.client_id, Username=email)
    assert answer["CodeDeliveryDetails"]["DeliveryMedium"] == "EMAIL"
    assert answer["CodeDeliveryDetails"]["AttributeName"] == "email"
    assert len(outbox.messages()) == before


# --- concurrency -----------------------------------------------------------------------------------


def test_concurrent_sign_ups_of_one_username(server, cognito, setup):
    username = unique_name("race")
    # Each sign-up stores a password (CPU-bound): on a slow build and two cores the last of 20 may
    # rightly take a while, so the clients wait longer than usual.
    clients = [server.client(config=Config(read_timeout=120)) for _ in range(20)]
    outcomes = run_concurrently([
        lambda c=c, i=i: sign_up(c, setup.plain, username, attrs={"email": unique_email(f"r{i}")})
        for i, c in enumerate(clients)
    ])
    assert len(outcomes) == 20
    won = [value for kind, value in outcomes if kind == "ok"]
    lost = Counter(value for kind, value in outcomes if kind == "error")
    assert (len(won), lost) == (1, {"UsernameExistsException": 19}), f"{len(won)} succeeded; errors: {dict(lost)}"
    user = get_user(cognito, setup.user_pool, username)
    assert user["Username"] == username
    assert attributes(user["UserAttributes"])["sub"] == won[0]["UserSub"]

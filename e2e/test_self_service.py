"""What a signed-in user does with an access token (GetUser, UpdateUserAttributes, VerifyUserAttribute,
GetUserAttributeVerificationCode, DeleteUserAttributes, ChangePassword, DeleteUser) and password
recovery (ForgotPassword, ConfirmForgotPassword) with the codes from the outbox."""

from __future__ import annotations

import pytest

from accounts import (
    OTHER_PASSWORD,
    PASSWORD,
    SERVER_ARGS,  # noqa: F401  (read by the server fixture)
    Account,
    App,
    attributes,
    confirmed_account,
    new_app,
    password_sign_in,
    sign_in,
    sign_up,
    unique_email,
    unique_name,
    username_pool,
)
from control_plane import raises

INCORRECT = "Incorrect username or password."


@pytest.fixture(scope="module")
def app(idp) -> App:
    """A client of a pool with plain usernames that verifies emails."""
    return new_app(idp, username_pool(idp))


@pytest.fixture(scope="module")
def alice(idp, outbox, app) -> Account:
    return confirmed_account(
        idp, outbox, app, login=unique_name("alice"), email=unique_email("alice"), attrs={"name": "Alice"},
        email_pool=False,
    )


def account(cognito, outbox, app: App, prefix: str) -> Account:
    return confirmed_account(cognito, outbox, app, login=unique_name(prefix), email=unique_email(prefix), email_pool=False)


def token(cognito, user: Account) -> str:
    return sign_in(cognito, user)["AccessToken"]


def user_attributes(cognito, access_token: str) -> dict[str, str]:
    return attributes(cognito.get_user(AccessToken=access_token)["UserAttributes"])


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1000000:06d}"


# --- the user's attributes -------------------------------------------------------------------------


def test_get_user(cognito, alice):
    response = cognito.get_user(AccessToken=token(cognito, alice))
    assert response["Username"] == alice.login
    values = attributes(response["UserAttributes"])
    assert values["sub"] == alice.sub
    assert values["email"] == alice.email
    assert values["email_verified"] == "true"
    assert values["name"] == "Alice"
    assert not any("password" in name.lower() for name in values)


def test_access_token_is_required(cognito):
    for bad in ("garbage", "a.b.c"):
        with raises("NotAuthorizedException"):
            cognito.get_user(AccessToken=bad)
        with raises("NotAuthorizedException"):
            cognito.update_user_attributes(AccessToken=bad, UserAttributes=[{"Name": "name", "Value": "x"}])


def test_update_user_attributes(cognito, outbox, app, alice):
    access = token(cognito, alice)
    before = len(outbox.to(alice.email))
    response = cognito.update_user_attributes(
        AccessToken=access, UserAttributes=[{"Name": "name", "Value": "Alice Liddell"}, {"Name": "locale", "Value": "en-GB"}],
    )
    assert response.get("CodeDeliveryDetailsList", []) == []
    values = user_attributes(cognito, access)
    assert (values["name"], values["locale"]) == ("Alice Liddell", "en-GB")
    assert values["email_verified"] == "true"
    admin_view = attributes(cognito.admin_get_user(UserPoolId=app.pool_id, Username=alice.login)["UserAttributes"])
    assert admin_view["name"] == "Alice Liddell"
    assert len(outbox.to(alice.email)) == before, "a message was sent for a change that needs no verification"

    with raises("InvalidParameterException"):
        cognito.update_user_attributes(AccessToken=access, UserAttributes=[{"Name": "favourite_colour", "Value": "blue"}])
    with raises("InvalidParameterException"):
        cognito.update_user_attributes(AccessToken=access, UserAttributes=[{"Name": "email", "Value": "not-an-email"}])


def test_delete_user_attributes(cognito, alice):
    access = token(cognito, alice)
    cognito.update_user_attributes(AccessToken=access, UserAttributes=[{"Name": "nickname", "Value": "Al"}])
    assert user_attributes(cognito, access)["nickname"] == "Al"
    cognito.delete_user_attributes(AccessToken=access, UserAttributeNames=["nickname"])
    values = user_attributes(cognito, access)
    assert "nickname" not in values
    assert values["name"]  # the others stay


def test_changing_the_email_needs_verification(cognito, outbox, app):
    bob = account(cognito, outbox, app, "bob")
    access = token(cognito, bob)
    new_email = unique_email("nemo")
    response = cognito.update_user_attributes(AccessToken=access, UserAttributes=[{"Name": "email", "Value": new_email}])
    assert response["CodeDeliveryDetailsList"] == [
        {"Destination": "n***@e***", "DeliveryMedium": "EMAIL", "AttributeName": "email"},
    ]
    message = outbox.latest(new_email, app.pool_id)
    code = outbox.code(new_email, app.pool_id)
    values = user_attributes(cognito, access)
    assert values["email"] == new_email
    assert values["email_verified"] == "false"

    with raises("CodeMismatchException"):
        cognito.verify_user_attribute(AccessToken=access, AttributeName="email", Code=wrong(code))
    assert user_attributes(cognito, access)["email_verified"] == "false"
    cognito.verify_user_attribute(AccessToken=access, AttributeName="email", Code=code)
    assert user_attributes(cognito, access)["email_verified"] == "true"
    assert message["poolId"] == app.pool_id


def test_get_user_attribute_verification_code(cognito, outbox, alice):
    access = token(cognito, alice)
    before = len(outbox.to(alice.email))
    response = cognito.get_user_attribute_verification_code(AccessToken=access, AttributeName="email")
    assert response["CodeDeliveryDetails"] == {
        "Destination": "a***@e***", "DeliveryMedium": "EMAIL", "AttributeName": "email",
    }
    assert len(outbox.to(alice.email)) == before + 1
    code = outbox.code(alice.email)
    with raises("CodeMismatchException"):
        cognito.verify_user_attribute(AccessToken=access, AttributeName="email", Code=wrong(code))
    cognito.verify_user_attribute(AccessToken=access, AttributeName="email", Code=code)
    assert user_attributes(cognito, access)["email_verified"] == "true"

    # No phone number: nothing to verify.
    with raises("InvalidParameterException"):
        cognito.get_user_attribute_verification_code(AccessToken=access, AttributeName="phone_number")


# --- passwords -------------------------------------------------------------------------------------


def test_change_password(cognito, outbox, app):
    carol = account(cognito, outbox, app, "carol")
    access = token(cognito, carol)
    with raises("NotAuthorizedException"):
        cognito.change_password(AccessToken=access, PreviousPassword="Wrong-Password-1", ProposedPassword=OTHER_PASSWORD)
    with raises("InvalidPasswordException"):
        cognito.change_password(AccessToken=access, PreviousPassword=PASSWORD, ProposedPassword="weak")
    assert "AccessToken" in password_sign_in(cognito, app, carol.login, PASSWORD)

    cognito.change_password(AccessToken=access, PreviousPassword=PASSWORD, ProposedPassword=OTHER_PASSWORD)
    assert "AccessToken" in password_sign_in(cognito, app, carol.login, OTHER_PASSWORD)
    with raises("NotAuthorizedException", INCORRECT):
        password_sign_in(cognito, app, carol.login, PASSWORD)


def test_forgot_password(cognito, outbox, app):
    dave = account(cognito, outbox, app, "dave")
    response = cognito.forgot_password(ClientId=app.client_id, Username=dave.login)
    assert response["CodeDeliveryDetails"] == {
        "Destination": "d***@e***", "DeliveryMedium": "EMAIL", "AttributeName": "email",
    }
    code = outbox.code(dave.email, app.pool_id)

    with raises("CodeMismatchException"):
        cognito.confirm_forgot_password(
            ClientId=app.client_id, Username=dave.login, ConfirmationCode=wrong(code), Password=OTHER_PASSWORD,
        )
    assert "AccessToken" in password_sign_in(cognito, app, dave.login, PASSWORD)
    with raises("InvalidPasswordException"):
        cognito.confirm_forgot_password(ClientId=app.client_id, Username=dave.login, ConfirmationCode=code, Password="weak")

    cognito.confirm_forgot_password(ClientId=app.client_id, Username=dave.login, ConfirmationCode=code, Password=OTHER_PASSWORD)
    assert "AccessToken" in password_sign_in(cognito, app, dave.login, OTHER_PASSWORD)
    with raises("NotAuthorizedException", INCORRECT):
        password_sign_in(cognito, app, dave.login, PASSWORD)

    # The code is single-use.
    with raises("ExpiredCodeException"):
        cognito.confirm_forgot_password(
            ClientId=app.client_id, Username=dave.login, ConfirmationCode=code, Password="Third-Password-3",
        )
    assert "AccessToken" in password_sign_in(cognito, app, dave.login, OTHER_PASSWORD)


def test_forgot_password_needs_a_verified_email(cognito, outbox, app):
    username = unique_name("erin")
    email = unique_email("erin")
    sign_up(cognito, app, username, attrs={"email": email})
    cognito.admin_confirm_sign_up(UserPoolId=app.pool_id, Username=username)  # confirmed, email not verified
    assert attributes(cognito.admin_get_user(UserPoolId=app.pool_id, Username=username)["UserAttributes"]).get(
        "email_verified", "false"
    ) == "false"
    before = len(outbox.to(email))
    with raises("InvalidParameterException"):
        cognito.forgot_password(ClientId=app.client_id, Username=username)
    assert len(outbox.to(email)) == before


def test_forgot_password_for_an_unknown_user(cognito, app):
    with raises("UserNotFoundException"):
        cognito.forgot_password(ClientId=app.client_id, Username=unique_name())
    with raises("UserNotFoundException"):
        cognito.confirm_forgot_password(
            ClientId=app.client_id, Username=unique_name(), ConfirmationCode="123456", Password=OTHER_PASSWORD,
        )


# --- deletion --------------------------------------------------------------------------------------


def test_delete_user(cognito, outbox, app):
    frank = account(cognito, outbox, app, "frank")
    cognito.delete_user(AccessToken=token(cognito, frank))
    with raises("UserNotFoundException"):
        cognito.admin_get_user(UserPoolId=app.pool_id, Username=frank.login)
    with raises("UserNotFoundException"):
        password_sign_in(cognito, app, frank.login, frank.password)

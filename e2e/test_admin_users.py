"""The administrator's user operations through boto3 (signed): AdminCreateUser (invitation, SUPPRESS,
RESEND, duplicates), AdminGetUser, AdminDeleteUser, AdminConfirmSignUp, AdminSetUserPassword,
AdminResetUserPassword, AdminUpdateUserAttributes, AdminDeleteUserAttributes, AdminDisableUser,
AdminEnableUser, and group membership (AdminAddUserToGroup, AdminRemoveUserFromGroup,
AdminListGroupsForUser, ListUsersInGroup with pagination)."""

from __future__ import annotations

import re

import pytest

from accounts import (
    OTHER_PASSWORD,
    PASSWORD,
    SERVER_ARGS,  # noqa: F401  (read by the server fixture)
    UUID_RE,
    App,
    attributes,
    email_pool,
    new_app,
    password_sign_in,
    sign_up,
    start_password_sign_in,
    unique_email,
    unique_name,
    username_pool,
)
from control_plane import UNKNOWN_POOL, assert_paginates, assert_recent, raises

INVITATION = "Hello {username}, your temporary password is {####} (end)"
INVITATION_RE = re.compile(r"^Hello (.+), your temporary password is (.+) \(end\)$")
TEMPORARY = "Temporary-Pass-1"


class Setup:
    """A username pool and an email pool, both verifying emails and inviting with INVITATION, with a
    client each."""

    def __init__(self, idp):
        config = {"InviteMessageTemplate": {"EmailSubject": "Welcome", "EmailMessage": INVITATION}}
        self.pool = username_pool(idp, AdminCreateUserConfig=config)
        self.app = new_app(idp, self.pool)
        self.email_pool = email_pool(idp, AdminCreateUserConfig=config)
        self.email_app = new_app(idp, self.email_pool)


@pytest.fixture(scope="module")
def setup(idp) -> Setup:
    return Setup(idp)


def create(cognito, pool_id: str, username: str, *, email: str | None = None, temporary: str | None = TEMPORARY,
           action: str | None = "SUPPRESS", attrs: dict[str, str] | None = None) -> dict:
    params: dict = {"UserPoolId": pool_id, "Username": username}
    values = {**({"email": email} if email else {}), **(attrs or {})}
    if values:
        params["UserAttributes"] = [{"Name": k, "Value": v} for k, v in values.items()]
    if temporary is not None:
        params["TemporaryPassword"] = temporary
    if action is not None:
        params["MessageAction"] = action
    return cognito.admin_create_user(**params)["User"]


def get(cognito, pool_id: str, username: str) -> dict:
    return cognito.admin_get_user(UserPoolId=pool_id, Username=username)


def status(cognito, pool_id: str, username: str) -> str:
    return get(cognito, pool_id, username)["UserStatus"]


def invitation(outbox, email: str, pool_id: str) -> tuple[str, str]:
    """The username and temporary password of the newest invitation to `email`."""
    message = outbox.latest(email, pool_id)
    assert message["subject"] == "Welcome", message
    match = INVITATION_RE.match(message["body"])
    assert match, f"not an invitation: {message!r}"
    return match.group(1), match.group(2)


def assert_new_password_required(cognito, app: App, login: str, password: str) -> None:
    response = start_password_sign_in(cognito, app, login, password)
    assert response.get("ChallengeName") == "NEW_PASSWORD_REQUIRED", response


# --- AdminCreateUser -------------------------------------------------------------------------------


def test_create_user_sends_an_invitation(cognito, outbox, setup):
    username = unique_name("alice")
    email = unique_email("alice")
    user = create(cognito, setup.pool, username, email=email, temporary=None, action=None)
    assert user["Username"] == username
    assert user["UserStatus"] == "FORCE_CHANGE_PASSWORD"
    assert user["Enabled"] is True
    values = attributes(user["Attributes"])
    assert UUID_RE.match(values["sub"]), values
    assert values["email"] == email
    assert_recent(user["UserCreateDate"], "UserCreateDate")
    assert_recent(user["UserLastModifiedDate"], "UserLastModifiedDate")

    named, temporary = invitation(outbox, email, setup.pool)
    assert named == username
    # A generated temporary password meets the default policy.
    assert len(temporary) >= 8, temporary
    assert re.search(r"[a-z]", temporary) and re.search(r"[A-Z]", temporary) and re.search(r"[0-9]", temporary), temporary
    assert_new_password_required(cognito, setup.app, username, temporary)
    assert status(cognito, setup.pool, username) == "FORCE_CHANGE_PASSWORD"


def test_create_user_with_suppress_sends_nothing(cognito, outbox, setup):
    username = unique_name("bob")
    email = unique_email("bob")
    create(cognito, setup.pool, username, email=email, action="SUPPRESS")
    assert outbox.to(email) == []
    assert_new_password_required(cognito, setup.app, username, TEMPORARY)


def test_resend_invitation(cognito, outbox, setup):
    username = unique_name("carol")
    email = unique_email("carol")
    create(cognito, setup.pool, username, email=email, temporary=None, action=None)
    _, first = invitation(outbox, email, setup.pool)

    resent = cognito.admin_create_user(UserPoolId=setup.pool, Username=username, MessageAction="RESEND")["User"]
    assert resent["Username"] == username
    assert resent["UserStatus"] == "FORCE_CHANGE_PASSWORD"
    assert len(outbox.to(email, setup.pool)) == 2
    named, second = invitation(outbox, email, setup.pool)
    assert named == username
    assert second != first

    with raises("NotAuthorizedException"):
        start_password_sign_in(cognito, setup.app, username, first)
    assert_new_password_required(cognito, setup.app, username, second)


def test_create_duplicate_user(cognito, setup):
    username = unique_name("dave")
    create(cognito, setup.pool, username, email=unique_email())
    with raises("UsernameExistsException"):
        create(cognito, setup.pool, username, email=unique_email())


def test_create_user_in_an_email_pool(cognito, outbox, setup):
    email = unique_email("erin")
    user = create(cognito, setup.email_pool, email, temporary=None, action=None)
    assert UUID_RE.match(user["Username"]), user["Username"]
    assert user["Username"] == attributes(user["Attributes"])["sub"]
    assert attributes(user["Attributes"])["email"] == email
    assert get(cognito, setup.email_pool, email)["Username"] == user["Username"]
    named, temporary = invitation(outbox, email, setup.email_pool)
    assert_new_password_required(cognito, setup.email_app, email, temporary)

    with raises("UsernameExistsException"):
        create(cognito, setup.email_pool, email)
    with raises("InvalidParameterException"):
        create(cognito, setup.email_pool, unique_name("not-an-email"))


def test_create_user_validation(cognito, setup):
    with raises("InvalidPasswordException"):
        create(cognito, setup.pool, unique_name(), temporary="weak")
    with raises("InvalidParameterException"):
        create(cognito, setup.pool, unique_name(), attrs={"favourite_colour": "blue"})
    with raises("ResourceNotFoundException"):
        create(cognito, UNKNOWN_POOL, unique_name())


# --- AdminGetUser, AdminDeleteUser -----------------------------------------------------------------


def test_get_user(cognito, setup):
    username = unique_name("frank")
    email = unique_email("frank")
    created = create(cognito, setup.pool, username, email=email, attrs={"name": "Frank"})
    user = get(cognito, setup.pool, username)
    assert user["Username"] == username
    assert user["UserStatus"] == "FORCE_CHANGE_PASSWORD"
    assert user["Enabled"] is True
    values = attributes(user["UserAttributes"])
    assert values == {**attributes(created["Attributes"]), **values}
    assert (values["email"], values["name"]) == (email, "Frank")
    assert user["UserCreateDate"] == created["UserCreateDate"]
    assert_recent(user["UserLastModifiedDate"], "UserLastModifiedDate")

    with raises("UserNotFoundException"):
        get(cognito, setup.pool, unique_name())
    with raises("ResourceNotFoundException"):
        get(cognito, UNKNOWN_POOL, username)


def test_delete_user(cognito, setup):
    username = unique_name("grace")
    create(cognito, setup.pool, username, email=unique_email())
    cognito.admin_delete_user(UserPoolId=setup.pool, Username=username)
    with raises("UserNotFoundException"):
        get(cognito, setup.pool, username)
    with raises("UserNotFoundException"):
        cognito.admin_delete_user(UserPoolId=setup.pool, Username=username)
    with raises("UserNotFoundException"):
        start_password_sign_in(cognito, setup.app, username, TEMPORARY)


# --- confirmation and passwords --------------------------------------------------------------------


def test_admin_confirm_sign_up(cognito, setup):
    username = unique_name("heidi")
    sign_up(cognito, setup.app, username, attrs={"email": unique_email()})
    assert status(cognito, setup.pool, username) == "UNCONFIRMED"
    cognito.admin_confirm_sign_up(UserPoolId=setup.pool, Username=username)
    assert status(cognito, setup.pool, username) == "CONFIRMED"
    assert "AccessToken" in password_sign_in(cognito, setup.app, username, PASSWORD)
    with raises("NotAuthorizedException"):
        cognito.admin_confirm_sign_up(UserPoolId=setup.pool, Username=username)
    with raises("UserNotFoundException"):
        cognito.admin_confirm_sign_up(UserPoolId=setup.pool, Username=unique_name())


def test_admin_set_user_password(cognito, setup):
    username = unique_name("ivan")
    create(cognito, setup.pool, username, email=unique_email())

    cognito.admin_set_user_password(UserPoolId=setup.pool, Username=username, Password=PASSWORD, Permanent=True)
    assert status(cognito, setup.pool, username) == "CONFIRMED"
    assert "AccessToken" in password_sign_in(cognito, setup.app, username, PASSWORD)
    with raises("NotAuthorizedException"):
        start_password_sign_in(cognito, setup.app, username, TEMPORARY)

    cognito.admin_set_user_password(UserPoolId=setup.pool, Username=username, Password=OTHER_PASSWORD, Permanent=False)
    assert status(cognito, setup.pool, username) == "FORCE_CHANGE_PASSWORD"
    assert_new_password_required(cognito, setup.app, username, OTHER_PASSWORD)

    with raises("InvalidPasswordException"):
        cognito.admin_set_user_password(UserPoolId=setup.pool, Username=username, Password="weak", Permanent=True)
    assert status(cognito, setup.pool, username) == "FORCE_CHANGE_PASSWORD"
    with raises("UserNotFoundException"):
        cognito.admin_set_user_password(UserPoolId=setup.pool, Username=unique_name(), Password=PASSWORD, Permanent=True)


def test_admin_reset_user_password(cognito, outbox, setup):
    username = unique_name("judy")
    email = unique_email("judy")
    create(cognito, setup.pool, username, email=email, attrs={"email_verified": "true"})
    cognito.admin_set_user_password(UserPoolId=setup.pool, Username=username, Password=PASSWORD, Permanent=True)
    before = len(outbox.to(email))

    cognito.admin_reset_user_password(UserPoolId=setup.pool, Username=username)
    assert status(cognito, setup.pool, username) == "RESET_REQUIRED"
    with raises("PasswordResetRequiredException"):
        password_sign_in(cognito, setup.app, username, PASSWORD)
    assert len(outbox.to(email)) == before + 1
    code = outbox.code(email, setup.pool)

    cognito.confirm_forgot_password(ClientId=setup.app.client_id, Username=username, ConfirmationCode=code, Password=OTHER_PASSWORD)
    assert status(cognito, setup.pool, username) == "CONFIRMED"
    assert "AccessToken" in password_sign_in(cognito, setup.app, username, OTHER_PASSWORD)
    with raises("NotAuthorizedException"):
        password_sign_in(cognito, setup.app, username, PASSWORD)
    with raises("UserNotFoundException"):
        cognito.admin_reset_user_password(UserPoolId=setup.pool, Username=unique_name())


# --- attributes, enabling --------------------------------------------------------------------------


def test_admin_update_and_delete_attributes(cognito, setup):
    username = unique_name("ken")
    create(cognito, setup.pool, username, email=unique_email(), attrs={"email_verified": "true"})
    new_email = unique_email("ken")
    cognito.admin_update_user_attributes(
        UserPoolId=setup.pool, Username=username,
        UserAttributes=[{"Name": "name", "Value": "Ken"}, {"Name": "email", "Value": new_email}],
    )
    values = attributes(get(cognito, setup.pool, username)["UserAttributes"])
    assert (values["name"], values["email"]) == ("Ken", new_email)
    assert values["email_verified"] == "false"

    cognito.admin_update_user_attributes(
        UserPoolId=setup.pool, Username=username, UserAttributes=[{"Name": "email_verified", "Value": "true"}],
    )
    assert attributes(get(cognito, setup.pool, username)["UserAttributes"])["email_verified"] == "true"

    cognito.admin_delete_user_attributes(UserPoolId=setup.pool, Username=username, UserAttributeNames=["name"])
    values = attributes(get(cognito, setup.pool, username)["UserAttributes"])
    assert "name" not in values
    assert values["email"] == new_email

    with raises("InvalidParameterException"):
        cognito.admin_update_user_attributes(
            UserPoolId=setup.pool, Username=username, UserAttributes=[{"Name": "favourite_colour", "Value": "blue"}],
        )
    with raises("UserNotFoundException"):
        cognito.admin_update_user_attributes(
            UserPoolId=setup.pool, Username=unique_name(), UserAttributes=[{"Name": "name", "Value": "x"}],
        )
    with raises("UserNotFoundException"):
        cognito.admin_delete_user_attributes(UserPoolId=setup.pool, Username=unique_name(), UserAttributeNames=["name"])


def test_admin_disable_and_enable_user(cognito, setup):
    username = unique_name("liam")
    create(cognito, setup.pool, username, email=unique_email())
    cognito.admin_disable_user(UserPoolId=setup.pool, Username=username)
    assert get(cognito, setup.pool, username)["Enabled"] is False
    with raises("NotAuthorizedException", "User is disabled."):
        start_password_sign_in(cognito, setup.app, username, TEMPORARY)
    cognito.admin_enable_user(UserPoolId=setup.pool, Username=username)
    assert get(cognito, setup.pool, username)["Enabled"] is True
    assert_new_password_required(cognito, setup.app, username, TEMPORARY)
    with raises("UserNotFoundException"):
        cognito.admin_disable_user(UserPoolId=setup.pool, Username=unique_name())
    with raises("UserNotFoundException"):
        cognito.admin_enable_user(UserPoolId=setup.pool, Username=unique_name())


# --- groups ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def members(idp, setup) -> list[str]:
    """Five users of the username pool, and the groups team, g1 ... g5."""
    names = [unique_name(f"member{i}") for i in range(5)]
    for name in names:
        create(idp, setup.pool, name, email=unique_email())
    for group in ["team", "g1", "g2", "g3", "g4", "g5"]:
        idp.create_group(UserPoolId=setup.pool, GroupName=group)
    return names


def test_list_users_in_group_paginates(cognito, setup, members):
    for name in members:
        cognito.admin_add_user_to_group(UserPoolId=setup.pool, Username=name, GroupName="team")
    cognito.admin_add_user_to_group(UserPoolId=setup.pool, Username=members[0], GroupName="team")  # again: no change
    listed = assert_paginates(
        cognito.list_users_in_group, "Users", "Username", set(members), size=2, size_param="Limit",
        UserPoolId=setup.pool, GroupName="team",
    )
    for user in listed:
        assert user["UserStatus"] == "FORCE_CHANGE_PASSWORD"
        assert user["Enabled"] is True
        assert "sub" in attributes(user["Attributes"])
    whole = cognito.list_users_in_group(UserPoolId=setup.pool, GroupName="team")
    assert {u["Username"] for u in whole["Users"]} == set(members)
    assert "NextToken" not in whole


def test_list_groups_for_user_paginates(cognito, setup, members):
    user = members[1]
    groups = ["team", "g1", "g2", "g3", "g4", "g5"]
    for group in groups:
        cognito.admin_add_user_to_group(UserPoolId=setup.pool, Username=user, GroupName=group)
    assert_paginates(
        cognito.admin_list_groups_for_user, "Groups", "GroupName", set(groups), size=2,
        size_param="Limit", UserPoolId=setup.pool, Username=user,
    )
    listed = cognito.admin_list_groups_for_user(UserPoolId=setup.pool, Username=user)["Groups"]
    assert all(group["UserPoolId"] == setup.pool for group in listed)


def test_remove_user_from_group(cognito, setup, members):
    user = members[2]
    cognito.admin_add_user_to_group(UserPoolId=setup.pool, Username=user, GroupName="g3")
    cognito.admin_remove_user_from_group(UserPoolId=setup.pool, Username=user, GroupName="g3")
    groups = {g["GroupName"] for g in cognito.admin_list_groups_for_user(UserPoolId=setup.pool, Username=user)["Groups"]}
    assert "g3" not in groups
    in_g3 = {u["Username"] for u in cognito.list_users_in_group(UserPoolId=setup.pool, GroupName="g3")["Users"]}
    assert user not in in_g3


def test_group_operations_with_unknown_names(cognito, setup, members):
    user = members[3]
    with raises("ResourceNotFoundException"):
        cognito.admin_add_user_to_group(UserPoolId=setup.pool, Username=user, GroupName="nope")
    with raises("ResourceNotFoundException"):
        cognito.admin_remove_user_from_group(UserPoolId=setup.pool, Username=user, GroupName="nope")
    with raises("ResourceNotFoundException"):
        cognito.list_users_in_group(UserPoolId=setup.pool, GroupName="nope")
    ghost = unique_name("ghost")
    with raises("UserNotFoundException"):
        cognito.admin_add_user_to_group(UserPoolId=setup.pool, Username=ghost, GroupName="g1")
    with raises("UserNotFoundException"):
        cognito.admin_remove_user_from_group(UserPoolId=setup.pool, Username=ghost, GroupName="g1")
    with raises("UserNotFoundException"):
        cognito.admin_list_groups_for_user(UserPoolId=setup.pool, Username=ghost)


def test_deleted_user_leaves_its_groups(cognito, setup):
    username = unique_name("nina")
    create(cognito, setup.pool, username, email=unique_email())
    cognito.create_group(UserPoolId=setup.pool, GroupName="leavers")
    cognito.admin_add_user_to_group(UserPoolId=setup.pool, Username=username, GroupName="leavers")
    cognito.admin_delete_user(UserPoolId=setup.pool, Username=username)
    assert cognito.list_users_in_group(UserPoolId=setup.pool, GroupName="leavers")["Users"] == []

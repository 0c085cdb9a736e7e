"""ListUsers through boto3: Cognito's filter syntax (`=` and `^=` on the searchable attributes, escaped
quotes, case rules of username, status and cognito:user_status), AttributesToGet, Limit and
PaginationToken (including a page boundary while users are being created), and its errors."""

from __future__ import annotations

import concurrent.futures

import pytest

from accounts import SERVER_ARGS, unique_name, username_pool  # noqa: F401  (SERVER_ARGS: read by the server fixture)
from control_plane import UNKNOWN_POOL, raises


def create(cognito, pool_id: str, username: str, **attrs: str) -> dict:
    return cognito.admin_create_user(
        UserPoolId=pool_id, Username=username, MessageAction="SUPPRESS", TemporaryPassword="Temporary-Pass-1",
        UserAttributes=[{"Name": k, "Value": v} for k, v in attrs.items()],
    )["User"]


@pytest.fixture(scope="module")
def people(idp):
    pool = username_pool(idp)
    users = {
        "alice": create(idp, pool, "alice", email="alice@example.com", given_name="Alice", family_name="O\"Brien"),
        "albert": create(idp, pool, "albert", email="albert@example.org", given_name="Albert"),
        "Alfred": create(idp, pool, "Alfred", email="ALFRED@example.com", phone_number="+15555550100"),
        "bob": create(idp, pool, "bob", email="bob@example.com", name="Bob B"),
        "carol": create(idp, pool, "carol", email="carol@example.com", preferred_username="caz"),
    }
    idp.admin_disable_user(UserPoolId=pool, Username="bob")
    idp.admin_set_user_password(UserPoolId=pool, Username="carol", Password="Correct-Horse-7", Permanent=True)
    return pool, users


def names(response) -> list[str]:
    return [user["Username"] for user in response["Users"]]


@pytest.mark.parametrize("expression, expected", [
    ('username = "alice"', ["alice"]),
    ('username ^= "al"', ["albert", "alice"]),
    ('username ^= "Al"', ["Alfred"]),  # usernames are case-sensitive
    ('email = "bob@example.com"', ["bob"]),
    ('email ^= "al"', ["albert", "alice"]),
    ('given_name = "Alice"', ["alice"]),
    ('family_name = "O\\"Brien"', ["alice"]),  # an escaped quote
    ('phone_number ^= "+1555"', ["Alfred"]),
    ('name = "Bob B"', ["bob"]),
    ('preferred_username = "caz"', ["carol"]),
    ('status = "Disabled"', ["bob"]),
    ('status = "disabled"', []),  # status is case-sensitive
    ('cognito:user_status = "confirmed"', ["carol"]),  # cognito:user_status is not
    ('cognito:user_status = "FORCE_CHANGE_PASSWORD"', ["Alfred", "albert", "alice", "bob"]),
    ('  username   =   "alice"  ', ["alice"]),
    ('email = "nobody@example.com"', []),
])
def test_filters(idp, people, expression, expected):
    pool, _ = people
    assert sorted(names(idp.list_users(UserPoolId=pool, Filter=expression))) == sorted(expected)


def test_no_filter_and_sub(idp, people):
    pool, users = people
    assert sorted(names(idp.list_users(UserPoolId=pool))) == sorted(users)
    assert sorted(names(idp.list_users(UserPoolId=pool, Filter=""))) == sorted(users)
    sub = next(a["Value"] for a in users["carol"]["Attributes"] if a["Name"] == "sub")
    assert names(idp.list_users(UserPoolId=pool, Filter=f'sub = "{sub}"')) == ["carol"]


def test_users_look_like_admin_get_user(idp, people):
    pool, _ = people
    [listed] = idp.list_users(UserPoolId=pool, Filter='username = "carol"')["Users"]
    got = idp.admin_get_user(UserPoolId=pool, Username="carol")
    assert listed["UserStatus"] == got["UserStatus"] == "CONFIRMED" and listed["Enabled"] is True
    assert sorted(listed["Attributes"], key=lambda a: a["Name"]) == sorted(got["UserAttributes"], key=lambda a: a["Name"])
    assert listed["UserCreateDate"] == got["UserCreateDate"]


def test_attributes_to_get(idp, people):
    pool, _ = people
    [alice] = idp.list_users(UserPoolId=pool, Filter='username = "alice"', AttributesToGet=["email", "given_name"])["Users"]
    assert {a["Name"]: a["Value"] for a in alice["Attributes"]} == {"email": "alice@example.com", "given_name": "Alice"}


@pytest.mark.parametrize("expression", [
    'username == "alice"', 'username = alice', 'username = "alice', 'username "alice"', '= "alice"',
    'username = "alice" extra', 'custom:tier = "gold"', 'address = "x"', 'username ^ "a"',
])
def test_malformed_filters(idp, people, expression):
    pool, _ = people
    with raises("InvalidParameterException"):
        idp.list_users(UserPoolId=pool, Filter=expression)


def test_unknown_pool(idp):
    with raises("ResourceNotFoundException"):
        idp.list_users(UserPoolId=UNKNOWN_POOL)


def test_pagination_through_concurrent_inserts(idp):
    """Pages of 3 while other users are being created: every user that existed before the first page is
    listed exactly once, and nothing is listed twice."""
    pool = username_pool(idp)
    before = {f"user-{index:02d}" for index in range(14)}
    for name in before:
        create(idp, pool, name)
    seen: list[str] = []
    with concurrent.futures.ThreadPoolExecutor(4) as executor:
        inserts = [executor.submit(create, idp, pool, f"late-{unique_name('x')}") for _ in range(8)]
        token = None
        pages = 0
        while True:
            params = {"UserPoolId": pool, "Limit": 3, **({"PaginationToken": token} if token else {})}
            page = idp.list_users(**params)
            assert len(page["Users"]) <= 3
            seen.extend(names(page))
            pages += 1
            token = page.get("PaginationToken")
            if not token:
                break
            assert pages < 50
        for insert in inserts:
            insert.result()
    assert len(seen) == len(set(seen)), f"listed twice: {sorted(n for n in seen if seen.count(n) > 1)}"
    assert before <= set(seen), f"missing {before - set(seen)}"
    all_users = [u["Username"] for page in idp.get_paginator("list_users").paginate(UserPoolId=pool, PaginationConfig={"PageSize": 5})
                 for u in page["Users"]]
    assert len(all_users) == len(before) + 8 and len(set(all_users)) == len(all_users)

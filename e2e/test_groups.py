"""User pool groups through boto3: CreateGroup, GetGroup, UpdateGroup, DeleteGroup, ListGroups."""

from __future__ import annotations

import pytest

from control_plane import (
    assert_paginates,
    assert_recent,
    assert_unknown_pool,
    new_pool,
    raises,
    run_concurrently,
    unvalidated_client,
)

ROLE = "arn:aws:iam::123456789012:role/admins"
OTHER_ROLE = "arn:aws:iam::123456789012:role/readers"


@pytest.fixture
def pool_id(cognito) -> str:
    return new_pool(cognito)


def get(cognito, pool_id: str, name: str) -> dict:
    return cognito.get_group(UserPoolId=pool_id, GroupName=name)["Group"]


def test_create_and_get_with_every_field(cognito, pool_id):
    created = cognito.create_group(
        UserPoolId=pool_id, GroupName="admins", Description="Administrators", RoleArn=ROLE, Precedence=1
    )["Group"]
    assert created["GroupName"] == "admins"
    assert created["UserPoolId"] == pool_id
    assert created["Description"] == "Administrators"
    assert created["RoleArn"] == ROLE
    assert created["Precedence"] == 1
    assert_recent(created["CreationDate"], "CreationDate")
    assert_recent(created["LastModifiedDate"], "LastModifiedDate")
    assert get(cognito, pool_id, "admins") == created


def test_create_with_only_a_name(cognito, pool_id):
    created = cognito.create_group(UserPoolId=pool_id, GroupName="plain")["Group"]
    assert (created["GroupName"], created["UserPoolId"]) == ("plain", pool_id)
    for absent in ("Description", "RoleArn", "Precedence"):
        assert absent not in created, f"{absent} = {created[absent]!r} was never set"
    assert get(cognito, pool_id, "plain") == created


def test_duplicate_name_is_group_exists(cognito, pool_id):
    cognito.create_group(UserPoolId=pool_id, GroupName="admins", Description="first")
    with raises("GroupExistsException"):
        cognito.create_group(UserPoolId=pool_id, GroupName="admins", Description="second")
    assert get(cognito, pool_id, "admins")["Description"] == "first"


def test_same_name_in_another_pool_is_fine(cognito, pool_id):
    other = new_pool(cognito)
    cognito.create_group(UserPoolId=pool_id, GroupName="admins", Precedence=1)
    cognito.create_group(UserPoolId=other, GroupName="admins", Precedence=2)
    assert get(cognito, pool_id, "admins")["Precedence"] == 1
    assert get(cognito, other, "admins")["Precedence"] == 2


def test_update_changes_only_the_given_fields(cognito, pool_id):
    created = cognito.create_group(
        UserPoolId=pool_id, GroupName="admins", Description="Administrators", RoleArn=ROLE, Precedence=1
    )["Group"]

    updated = cognito.update_group(UserPoolId=pool_id, GroupName="admins", Description="Admins")["Group"]
    assert (updated["Description"], updated["RoleArn"], updated["Precedence"]) == ("Admins", ROLE, 1)

    cognito.update_group(UserPoolId=pool_id, GroupName="admins", Precedence=5)
    cognito.update_group(UserPoolId=pool_id, GroupName="admins", RoleArn=OTHER_ROLE)
    group = get(cognito, pool_id, "admins")
    assert (group["Description"], group["RoleArn"], group["Precedence"]) == ("Admins", OTHER_ROLE, 5)
    assert group["CreationDate"] == created["CreationDate"]
    assert group["LastModifiedDate"] >= created["LastModifiedDate"]


def test_delete(cognito, pool_id):
    cognito.create_group(UserPoolId=pool_id, GroupName="doomed")
    cognito.create_group(UserPoolId=pool_id, GroupName="kept")
    cognito.delete_group(UserPoolId=pool_id, GroupName="doomed")
    with raises("ResourceNotFoundException"):
        get(cognito, pool_id, "doomed")
    listed = cognito.list_groups(UserPoolId=pool_id)["Groups"]
    assert [g["GroupName"] for g in listed] == ["kept"]
    with raises("ResourceNotFoundException"):
        cognito.delete_group(UserPoolId=pool_id, GroupName="doomed")
    # The name is free again.
    cognito.create_group(UserPoolId=pool_id, GroupName="doomed", Description="again")
    assert get(cognito, pool_id, "doomed")["Description"] == "again"


def test_unknown_group_is_not_found(cognito, pool_id):
    with raises("ResourceNotFoundException"):
        get(cognito, pool_id, "nobody")
    with raises("ResourceNotFoundException"):
        cognito.update_group(UserPoolId=pool_id, GroupName="nobody", Description="x")
    with raises("ResourceNotFoundException"):
        cognito.delete_group(UserPoolId=pool_id, GroupName="nobody")


def test_unknown_pool(cognito):
    assert_unknown_pool(cognito.create_group, GroupName="admins")
    assert_unknown_pool(cognito.get_group, GroupName="admins")
    assert_unknown_pool(cognito.update_group, GroupName="admins", Description="x")
    assert_unknown_pool(cognito.delete_group, GroupName="admins")
    assert_unknown_pool(cognito.list_groups)


def test_list_groups_paginates(cognito, pool_id):
    names = {f"group-{i:02d}" for i in range(7)}
    for name in names:
        cognito.create_group(UserPoolId=pool_id, GroupName=name, Description=f"about {name}")

    listed = assert_paginates(
        cognito.list_groups, "Groups", "GroupName", names, size=3, size_param="Limit", UserPoolId=pool_id
    )
    for group in listed:
        assert group["UserPoolId"] == pool_id
        assert group["Description"] == f"about {group['GroupName']}"

    whole = cognito.list_groups(UserPoolId=pool_id, Limit=60)
    assert {g["GroupName"] for g in whole["Groups"]} == names
    assert "NextToken" not in whole

    via_paginator = [
        g["GroupName"]
        for page in cognito.get_paginator("list_groups").paginate(
            UserPoolId=pool_id, PaginationConfig={"PageSize": 2}
        )
        for g in page["Groups"]
    ]
    assert sorted(via_paginator) == sorted(names)


def test_list_groups_of_an_empty_pool(cognito, pool_id):
    page = cognito.list_groups(UserPoolId=pool_id, Limit=10)
    assert page["Groups"] == []
    assert "NextToken" not in page


def test_list_groups_limit_above_60_is_invalid(server, pool_id):
    with raises("InvalidParameterException", "Member must have value less than or equal to 60"):
        unvalidated_client(server).list_groups(UserPoolId=pool_id, Limit=61)


def test_concurrent_creates_of_one_name_make_one_group(server, cognito, pool_id):
    clients = [server.client() for _ in range(10)]
    outcomes = run_concurrently(
        [
            lambda c=c, i=i: c.create_group(UserPoolId=pool_id, GroupName="race", Precedence=i)
            for i, c in enumerate(clients)
        ]
    )
    winners = [result for kind, result in outcomes if kind == "ok"]
    losers = [result for kind, result in outcomes if kind == "error"]
    assert len(winners) == 1, outcomes
    assert losers == ["GroupExistsException"] * 9, outcomes
    listed = cognito.list_groups(UserPoolId=pool_id)["Groups"]
    assert [g["GroupName"] for g in listed] == ["race"]
    assert listed[0]["Precedence"] == winners[0]["Group"]["Precedence"]

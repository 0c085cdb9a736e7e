"""Resource servers through boto3: CreateResourceServer, DescribeResourceServer, UpdateResourceServer,
DeleteResourceServer, ListResourceServers."""

from __future__ import annotations

import pytest

from control_plane import (
    assert_paginates,
    assert_unknown_pool,
    new_pool,
    raises,
    unvalidated_client,
)

API = "https://api.example.com"
SCOPES = [
    {"ScopeName": "read", "ScopeDescription": "Read things"},
    {"ScopeName": "write", "ScopeDescription": "Write things"},
]


@pytest.fixture
def pool_id(cognito) -> str:
    return new_pool(cognito)


def describe(cognito, pool_id: str, identifier: str = API) -> dict:
    return cognito.describe_resource_server(UserPoolId=pool_id, Identifier=identifier)["ResourceServer"]


def create(cognito, pool_id: str, identifier: str = API, name: str = "api", scopes=None) -> dict:
    kwargs = {"UserPoolId": pool_id, "Identifier": identifier, "Name": name}
    if scopes is not None:
        kwargs["Scopes"] = scopes
    return cognito.create_resource_server(**kwargs)["ResourceServer"]


def test_create_and_describe(cognito, pool_id):
    created = create(cognito, pool_id, scopes=SCOPES)
    assert created == {"UserPoolId": pool_id, "Identifier": API, "Name": "api", "Scopes": SCOPES}
    assert describe(cognito, pool_id) == created


def test_create_without_scopes(cognito, pool_id):
    created = create(cognito, pool_id, identifier="orders", name="Orders")
    assert created.get("Scopes", []) == []
    assert describe(cognito, pool_id, "orders")["Name"] == "Orders"


def test_its_scopes_become_usable_by_app_clients(cognito, pool_id):
    create(cognito, pool_id, scopes=SCOPES)
    client = cognito.create_user_pool_client(
        UserPoolId=pool_id, ClientName="m2m", GenerateSecret=True, AllowedOAuthFlowsUserPoolClient=True,
        AllowedOAuthFlows=["client_credentials"], AllowedOAuthScopes=[f"{API}/read", f"{API}/write"],
    )["UserPoolClient"]
    assert sorted(client["AllowedOAuthScopes"]) == [f"{API}/read", f"{API}/write"]


def test_duplicate_identifier_is_invalid(cognito, pool_id):
    create(cognito, pool_id, name="first")
    with raises("InvalidParameterException"):
        create(cognito, pool_id, name="second")
    assert describe(cognito, pool_id)["Name"] == "first"


def test_same_identifier_in_another_pool_is_fine(cognito, pool_id):
    other = new_pool(cognito)
    create(cognito, pool_id, name="first")
    create(cognito, other, name="second")
    assert describe(cognito, other)["Name"] == "second"


def test_duplicate_scope_names_are_invalid(cognito, pool_id):
    twice = [{"ScopeName": "read", "ScopeDescription": "one"}, {"ScopeName": "read", "ScopeDescription": "two"}]
    with raises("InvalidParameterException"):
        create(cognito, pool_id, scopes=twice)
    with raises("ResourceNotFoundException"):
        describe(cognito, pool_id)

    create(cognito, pool_id, scopes=SCOPES)
    with raises("InvalidParameterException"):
        cognito.update_resource_server(UserPoolId=pool_id, Identifier=API, Name="api", Scopes=twice)
    assert describe(cognito, pool_id)["Scopes"] == SCOPES


def test_at_most_25_per_pool(cognito, pool_id):
    for i in range(25):
        create(cognito, pool_id, identifier=f"server-{i:02d}", name=f"server {i}")
    with raises("LimitExceededException"):
        create(cognito, pool_id, identifier="server-25", name="one too many")
    with raises("ResourceNotFoundException"):
        describe(cognito, pool_id, "server-25")
    # Room again after a delete.
    cognito.delete_resource_server(UserPoolId=pool_id, Identifier="server-00")
    create(cognito, pool_id, identifier="server-25", name="now it fits")


def test_update_replaces_name_and_scopes(cognito, pool_id):
    create(cognito, pool_id, scopes=SCOPES)
    new_scopes = [{"ScopeName": "admin", "ScopeDescription": "Everything"}]
    updated = cognito.update_resource_server(
        UserPoolId=pool_id, Identifier=API, Name="renamed", Scopes=new_scopes
    )["ResourceServer"]
    assert updated == {"UserPoolId": pool_id, "Identifier": API, "Name": "renamed", "Scopes": new_scopes}
    assert describe(cognito, pool_id) == updated

    # Scopes omitted: none left.
    cognito.update_resource_server(UserPoolId=pool_id, Identifier=API, Name="renamed")
    assert describe(cognito, pool_id).get("Scopes", []) == []


def test_delete(cognito, pool_id):
    create(cognito, pool_id, scopes=SCOPES)
    cognito.delete_resource_server(UserPoolId=pool_id, Identifier=API)
    with raises("ResourceNotFoundException"):
        describe(cognito, pool_id)
    assert cognito.list_resource_servers(UserPoolId=pool_id, MaxResults=10)["ResourceServers"] == []
    with raises("ResourceNotFoundException"):
        cognito.delete_resource_server(UserPoolId=pool_id, Identifier=API)
    # Its scopes are gone with it.
    with raises("ScopeDoesNotExistException"):
        cognito.create_user_pool_client(
            UserPoolId=pool_id, ClientName="m2m", GenerateSecret=True, AllowedOAuthFlowsUserPoolClient=True,
            AllowedOAuthFlows=["client_credentials"], AllowedOAuthScopes=[f"{API}/read"],
        )


def test_unknown_identifier_is_not_found(cognito, pool_id):
    with raises("ResourceNotFoundException"):
        describe(cognito, pool_id, "https://nowhere.example.com")
    with raises("ResourceNotFoundException"):
        cognito.update_resource_server(UserPoolId=pool_id, Identifier="https://nowhere.example.com", Name="x")
    with raises("ResourceNotFoundException"):
        cognito.delete_resource_server(UserPoolId=pool_id, Identifier="https://nowhere.example.com")


def test_unknown_pool(cognito):
    assert_unknown_pool(cognito.create_resource_server, Identifier=API, Name="api")
    assert_unknown_pool(cognito.describe_resource_server, Identifier=API)
    assert_unknown_pool(cognito.update_resource_server, Identifier=API, Name="api")
    assert_unknown_pool(cognito.delete_resource_server, Identifier=API)
    assert_unknown_pool(cognito.list_resource_servers, MaxResults=10)


def test_list_paginates(cognito, pool_id):
    identifiers = {f"https://api{i}.example.com" for i in range(7)}
    for identifier in identifiers:
        create(cognito, pool_id, identifier=identifier, name="api", scopes=SCOPES)

    listed = assert_paginates(
        cognito.list_resource_servers, "ResourceServers", "Identifier", identifiers, size=3, UserPoolId=pool_id
    )
    for server in listed:
        assert (server["UserPoolId"], server["Name"], server["Scopes"]) == (pool_id, "api", SCOPES)

    whole = cognito.list_resource_servers(UserPoolId=pool_id, MaxResults=50)
    assert {s["Identifier"] for s in whole["ResourceServers"]} == identifiers
    assert "NextToken" not in whole

    via_paginator = [
        s["Identifier"]
        for page in cognito.get_paginator("list_resource_servers").paginate(
            UserPoolId=pool_id, PaginationConfig={"PageSize": 2}
        )
        for s in page["ResourceServers"]
    ]
    assert sorted(via_paginator) == sorted(identifiers)


@pytest.mark.parametrize("value, constraint", [
    (0, "Member must have value greater than or equal to 1"),
    (51, "Member must have value less than or equal to 50"),
])
def test_list_max_results_out_of_range_is_invalid(server, pool_id, value, constraint):
    with raises("InvalidParameterException", constraint):
        unvalidated_client(server).list_resource_servers(UserPoolId=pool_id, MaxResults=value)

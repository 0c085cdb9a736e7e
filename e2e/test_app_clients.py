"""App clients through boto3: CreateUserPoolClient, DescribeUserPoolClient, UpdateUserPoolClient,
DeleteUserPoolClient, ListUserPoolClients: ids and secrets, defaults, settings round trips, the
validation Cognito applies on create and on update, and pagination."""

from __future__ import annotations

import re

import pytest

from control_plane import (
    assert_paginates,
    assert_recent,
    assert_unknown_pool,
    new_pool,
    raises,
    unvalidated_client,
)

CLIENT_ID_RE = re.compile(r"^[a-z0-9]{26}$")
CLIENT_SECRET_RE = re.compile(r"^[a-z0-9]{51}$")

API = "https://api.example.com"
READ = f"{API}/read"
WRITE = f"{API}/write"
CALLBACK = "https://app.example.com/callback"

DEFAULTS = {
    "RefreshTokenValidity": 30,
    "TokenValidityUnits": {},
    "ExplicitAuthFlows": ["ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_CUSTOM_AUTH"],
    "AllowedOAuthFlowsUserPoolClient": False,
    "PreventUserExistenceErrors": "LEGACY",
    "EnableTokenRevocation": True,
    "EnablePropagateAdditionalUserContextData": False,
    "AuthSessionValidity": 3,
}
# Settings a client created with nothing but a name does not have.
UNSET = [
    "ClientSecret", "CallbackURLs", "LogoutURLs", "DefaultRedirectURI", "AllowedOAuthFlows",
    "AllowedOAuthScopes", "AccessTokenValidity", "IdTokenValidity",
]

# Every setting away from its default.
FULL = {
    "RefreshTokenValidity": 10,
    "AccessTokenValidity": 30,
    "IdTokenValidity": 2,
    "TokenValidityUnits": {"AccessToken": "minutes", "IdToken": "hours", "RefreshToken": "days"},
    "ReadAttributes": ["custom:tenant", "email", "name"],
    "WriteAttributes": ["custom:tenant", "email"],
    "ExplicitAuthFlows": ["ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_PASSWORD_AUTH"],
    "SupportedIdentityProviders": ["COGNITO"],
    "CallbackURLs": [CALLBACK, "http://localhost:3000/callback", "myapp://callback"],
    "LogoutURLs": ["https://app.example.com/logout"],
    "DefaultRedirectURI": CALLBACK,
    "AllowedOAuthFlows": ["code", "implicit"],
    "AllowedOAuthScopes": ["email", "openid", "profile", READ],
    "AllowedOAuthFlowsUserPoolClient": True,
    "PreventUserExistenceErrors": "ENABLED",
    "EnableTokenRevocation": False,
    "AuthSessionValidity": 10,
}


def oauth(flows: list[str], scopes: list[str], **extra) -> dict:
    return {"AllowedOAuthFlowsUserPoolClient": True, "AllowedOAuthFlows": flows, "AllowedOAuthScopes": scopes, **extra}


@pytest.fixture
def pool_id(cognito) -> str:
    """A pool with a custom attribute and a resource server with the scopes read and write."""
    pool_id = new_pool(cognito, Schema=[{"Name": "tenant", "AttributeDataType": "String"}])
    cognito.create_resource_server(
        UserPoolId=pool_id, Identifier=API, Name="api",
        Scopes=[{"ScopeName": "read", "ScopeDescription": "r"}, {"ScopeName": "write", "ScopeDescription": "w"}],
    )
    return pool_id


def create(cognito, pool_id: str, **kwargs) -> dict:
    kwargs.setdefault("ClientName", "app")
    return cognito.create_user_pool_client(UserPoolId=pool_id, **kwargs)["UserPoolClient"]


def describe(cognito, pool_id: str, client_id: str) -> dict:
    return cognito.describe_user_pool_client(UserPoolId=pool_id, ClientId=client_id)["UserPoolClient"]


def update(cognito, pool_id: str, client_id: str, **kwargs) -> dict:
    return cognito.update_user_pool_client(UserPoolId=pool_id, ClientId=client_id, **kwargs)["UserPoolClient"]


def assert_settings(client: dict, expected: dict) -> None:
    """`client` has each of `expected` (lists in any order)."""
    for key, value in expected.items():
        actual = client.get(key)
        if isinstance(value, list) and isinstance(actual, list):
            actual, value = sorted(actual), sorted(value)
        assert actual == value, f"{key}: {actual!r}, expected {value!r}"


def assert_defaults(client: dict) -> None:
    assert_settings(client, DEFAULTS)
    present = [key for key in UNSET if key in client and key != "ClientSecret"]
    assert not present, f"never set, yet present: { {k: client[k] for k in present} }"


# --- create, describe ------------------------------------------------------------------------------


def test_create_without_secret_has_cognito_defaults(cognito, pool_id):
    created = create(cognito, pool_id, ClientName="web")
    assert CLIENT_ID_RE.match(created["ClientId"]), created["ClientId"]
    assert created["UserPoolId"] == pool_id
    assert created["ClientName"] == "web"
    assert "ClientSecret" not in created
    assert_defaults(created)
    assert_recent(created["CreationDate"], "CreationDate")
    assert_recent(created["LastModifiedDate"], "LastModifiedDate")
    assert describe(cognito, pool_id, created["ClientId"]) == created


def test_create_with_secret(cognito, pool_id):
    created = create(cognito, pool_id, GenerateSecret=True)
    assert CLIENT_SECRET_RE.match(created["ClientSecret"]), created["ClientSecret"]
    assert describe(cognito, pool_id, created["ClientId"])["ClientSecret"] == created["ClientSecret"]


def test_ids_and_secrets_are_unique(cognito, pool_id):
    clients = [create(cognito, pool_id, GenerateSecret=True) for _ in range(5)]
    assert len({c["ClientId"] for c in clients}) == 5
    assert len({c["ClientSecret"] for c in clients}) == 5


def test_create_with_every_setting_round_trips(cognito, pool_id):
    created = create(cognito, pool_id, ClientName="web", GenerateSecret=True, **FULL)
    assert_settings(created, FULL)
    described = describe(cognito, pool_id, created["ClientId"])
    assert_settings(described, FULL)
    assert described["ClientSecret"] == created["ClientSecret"]


def test_client_belongs_to_its_pool(cognito, pool_id):
    client_id = create(cognito, pool_id)["ClientId"]
    other = new_pool(cognito)
    with raises("ResourceNotFoundException"):
        describe(cognito, other, client_id)
    with raises("ResourceNotFoundException"):
        update(cognito, other, client_id, ClientName="stolen")
    with raises("ResourceNotFoundException"):
        cognito.delete_user_pool_client(UserPoolId=other, ClientId=client_id)
    assert describe(cognito, pool_id, client_id)["ClientName"] == "app"


# --- update ----------------------------------------------------------------------------------------


def test_update_replaces_every_setting_and_keeps_identity(cognito, pool_id):
    created = create(cognito, pool_id, ClientName="web", GenerateSecret=True, **FULL)

    # Nothing but the id: every setting back to its default, the name kept.
    reset = update(cognito, pool_id, created["ClientId"])
    assert reset["ClientName"] == "web"
    assert_defaults(reset)
    for field in ("ClientId", "ClientSecret", "CreationDate", "UserPoolId"):
        assert reset[field] == created[field], field
    assert reset["LastModifiedDate"] >= created["LastModifiedDate"]
    assert describe(cognito, pool_id, created["ClientId"]) == reset

    # Everything again, under a new name.
    full = update(cognito, pool_id, created["ClientId"], ClientName="renamed", **FULL)
    assert full["ClientName"] == "renamed"
    assert_settings(full, FULL)
    assert full["ClientSecret"] == created["ClientSecret"]
    assert_settings(describe(cognito, pool_id, created["ClientId"]), {"ClientName": "renamed", **FULL})


def test_update_one_setting_drops_the_others(cognito, pool_id):
    created = create(cognito, pool_id, **FULL)
    updated = update(cognito, pool_id, created["ClientId"], AuthSessionValidity=7)
    assert updated["AuthSessionValidity"] == 7
    assert_settings(updated, {k: v for k, v in DEFAULTS.items() if k != "AuthSessionValidity"})
    assert "CallbackURLs" not in updated and "AllowedOAuthScopes" not in updated


# --- delete, unknown ids ---------------------------------------------------------------------------


def test_delete(cognito, pool_id):
    doomed = create(cognito, pool_id, ClientName="doomed")["ClientId"]
    kept = create(cognito, pool_id, ClientName="kept")["ClientId"]
    cognito.delete_user_pool_client(UserPoolId=pool_id, ClientId=doomed)
    with raises("ResourceNotFoundException"):
        describe(cognito, pool_id, doomed)
    listed = cognito.list_user_pool_clients(UserPoolId=pool_id, MaxResults=60)["UserPoolClients"]
    assert [c["ClientId"] for c in listed] == [kept]
    with raises("ResourceNotFoundException"):
        cognito.delete_user_pool_client(UserPoolId=pool_id, ClientId=doomed)


def test_unknown_client_is_not_found(cognito, pool_id):
    unknown = "0" * 26
    with raises("ResourceNotFoundException"):
        describe(cognito, pool_id, unknown)
    with raises("ResourceNotFoundException"):
        update(cognito, pool_id, unknown, ClientName="x")
    with raises("ResourceNotFoundException"):
        cognito.delete_user_pool_client(UserPoolId=pool_id, ClientId=unknown)


def test_unknown_pool(cognito):
    client_id = "0" * 26
    assert_unknown_pool(cognito.create_user_pool_client, ClientName="app")
    assert_unknown_pool(cognito.describe_user_pool_client, ClientId=client_id)
    assert_unknown_pool(cognito.update_user_pool_client, ClientId=client_id)
    assert_unknown_pool(cognito.delete_user_pool_client, ClientId=client_id)
    assert_unknown_pool(cognito.list_user_pool_clients, MaxResults=10)


# --- validation ------------------------------------------------------------------------------------

IPE = "InvalidParameterException"
INVALID = {
    "relative-callback": (IPE, {"CallbackURLs": ["callback"]}),
    "callback-with-fragment": (IPE, {"CallbackURLs": [CALLBACK + "#top"]}),
    "http-callback-not-localhost": (IPE, {"CallbackURLs": ["http://app.example.com/callback"]}),
    "relative-logout": (IPE, {"LogoutURLs": ["/logout"]}),
    "logout-with-fragment": (IPE, {"LogoutURLs": ["https://app.example.com/logout#x"]}),
    "http-logout-not-localhost": (IPE, {"LogoutURLs": ["http://app.example.com/logout"]}),
    "default-redirect-not-a-callback": (IPE, {"CallbackURLs": [CALLBACK], "DefaultRedirectURI": "https://other.example.com/cb"}),
    "access-4-minutes": (IPE, {"AccessTokenValidity": 4, "TokenValidityUnits": {"AccessToken": "minutes"}}),
    "access-25-hours": (IPE, {"AccessTokenValidity": 25}),
    "access-2-days": (IPE, {"AccessTokenValidity": 2, "TokenValidityUnits": {"AccessToken": "days"}}),
    "id-299-seconds": (IPE, {"IdTokenValidity": 299, "TokenValidityUnits": {"IdToken": "seconds"}}),
    "id-1441-minutes": (IPE, {"IdTokenValidity": 1441, "TokenValidityUnits": {"IdToken": "minutes"}}),
    "refresh-59-minutes": (IPE, {"RefreshTokenValidity": 59, "TokenValidityUnits": {"RefreshToken": "minutes"}}),
    "refresh-3651-days": (IPE, {"RefreshTokenValidity": 3651}),
    "refresh-87601-hours": (IPE, {"RefreshTokenValidity": 87601, "TokenValidityUnits": {"RefreshToken": "hours"}}),
    "unknown-standard-scope": ("ScopeDoesNotExistException", oauth(["code"], ["openid", "calendar"], CallbackURLs=[CALLBACK])),
    "unknown-scope-of-a-resource-server": ("ScopeDoesNotExistException", oauth(["code"], [f"{API}/delete"], CallbackURLs=[CALLBACK])),
    "scope-of-an-unknown-resource-server": ("ScopeDoesNotExistException", oauth(["code"], ["https://nowhere.example.com/read"], CallbackURLs=[CALLBACK])),
    "client-credentials-with-code": ("InvalidOAuthFlowException", oauth(["client_credentials", "code"], [READ], CallbackURLs=[CALLBACK], GenerateSecret=True)),
    "client-credentials-with-implicit": ("InvalidOAuthFlowException", oauth(["client_credentials", "implicit"], [READ], CallbackURLs=[CALLBACK], GenerateSecret=True)),
    "client-credentials-without-secret": ("InvalidOAuthFlowException", oauth(["client_credentials"], [READ])),
    "client-credentials-with-openid": ("InvalidOAuthFlowException", oauth(["client_credentials"], [READ, "openid"], GenerateSecret=True)),
    "client-credentials-with-admin-scope": ("InvalidOAuthFlowException", oauth(["client_credentials"], ["aws.cognito.signin.user.admin"], GenerateSecret=True)),
    "oauth-without-flows": (IPE, {"AllowedOAuthFlowsUserPoolClient": True, "AllowedOAuthScopes": ["openid"], "CallbackURLs": [CALLBACK]}),
    "oauth-without-scopes": (IPE, {"AllowedOAuthFlowsUserPoolClient": True, "AllowedOAuthFlows": ["code"], "CallbackURLs": [CALLBACK]}),
    "code-without-callbacks": (IPE, oauth(["code"], ["openid"])),
    "implicit-without-callbacks": (IPE, oauth(["implicit"], ["openid"])),
    "unknown-identity-provider": (IPE, {"SupportedIdentityProviders": ["COGNITO", "Okta"]}),
    "unknown-read-attribute": (IPE, {"ReadAttributes": ["email", "custom:missing"]}),
    "unknown-write-attribute": (IPE, {"WriteAttributes": ["favourite_colour"]}),
    "legacy-and-allow-flows": (IPE, {"ExplicitAuthFlows": ["USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]}),
    "admin-no-srp-and-allow-flows": (IPE, {"ExplicitAuthFlows": ["ADMIN_NO_SRP_AUTH", "ALLOW_USER_SRP_AUTH"]}),
    "custom-only-and-allow-flows": (IPE, {"ExplicitAuthFlows": ["CUSTOM_AUTH_FLOW_ONLY", "ALLOW_CUSTOM_AUTH"]}),
}

VALID = {
    "https-callback-with-query": {"CallbackURLs": [CALLBACK + "?tab=1"], "LogoutURLs": ["https://app.example.com/bye?x=1"]},
    "http-localhost": {"CallbackURLs": ["http://localhost:3000/cb"], "LogoutURLs": ["http://localhost/logout"]},
    "custom-scheme": {"CallbackURLs": ["myapp://callback"], "LogoutURLs": ["myapp://logout"]},
    "default-redirect-among-callbacks": {"CallbackURLs": [CALLBACK, "myapp://cb"], "DefaultRedirectURI": "myapp://cb"},
    "access-5-minutes": {"AccessTokenValidity": 5, "TokenValidityUnits": {"AccessToken": "minutes"}},
    "access-1-day": {"AccessTokenValidity": 1, "TokenValidityUnits": {"AccessToken": "days"}},
    "access-24-hours": {"AccessTokenValidity": 24},
    "id-300-seconds": {"IdTokenValidity": 300, "TokenValidityUnits": {"IdToken": "seconds"}},
    "id-1440-minutes": {"IdTokenValidity": 1440, "TokenValidityUnits": {"IdToken": "minutes"}},
    "refresh-60-minutes": {"RefreshTokenValidity": 60, "TokenValidityUnits": {"RefreshToken": "minutes"}},
    "refresh-3650-days": {"RefreshTokenValidity": 3650},
    "refresh-87600-hours": {"RefreshTokenValidity": 87600, "TokenValidityUnits": {"RefreshToken": "hours"}},
    "all-standard-scopes": oauth(["code"], ["phone", "email", "openid", "profile", "aws.cognito.signin.user.admin"], CallbackURLs=[CALLBACK]),
    "resource-server-scopes": oauth(["implicit"], [READ, WRITE], CallbackURLs=[CALLBACK]),
    "client-credentials": oauth(["client_credentials"], [READ, WRITE], GenerateSecret=True),
    "custom-attributes": {"ReadAttributes": ["custom:tenant", "email_verified"], "WriteAttributes": ["custom:tenant"]},
    "legacy-flows": {"ExplicitAuthFlows": ["USER_PASSWORD_AUTH", "ADMIN_NO_SRP_AUTH", "CUSTOM_AUTH_FLOW_ONLY"]},
    "all-allow-flows": {"ExplicitAuthFlows": [
        "ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_CUSTOM_AUTH", "ALLOW_USER_PASSWORD_AUTH",
        "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH",
    ]},
}


def split_secret(settings: dict) -> tuple[bool, dict]:
    """GenerateSecret is for CreateUserPoolClient only."""
    rest = dict(settings)
    return bool(rest.pop("GenerateSecret", False)), rest


@pytest.mark.parametrize("case", sorted(INVALID))
def test_invalid_settings_on_create(cognito, pool_id, case):
    code, settings = INVALID[case]
    with raises(code):
        create(cognito, pool_id, ClientName=case, **settings)
    listed = cognito.list_user_pool_clients(UserPoolId=pool_id, MaxResults=60)["UserPoolClients"]
    assert listed == [], "a refused client was created"


@pytest.mark.parametrize("case", sorted(INVALID))
def test_invalid_settings_on_update(cognito, pool_id, case):
    code, settings = INVALID[case]
    secret, settings = split_secret(settings)
    client = create(cognito, pool_id, ClientName="before", GenerateSecret=secret)
    with raises(code):
        update(cognito, pool_id, client["ClientId"], ClientName="after", **settings)
    assert describe(cognito, pool_id, client["ClientId"]) == client, "a refused update changed the client"


@pytest.mark.parametrize("case", sorted(VALID))
def test_valid_settings_on_create_and_update(cognito, pool_id, case):
    secret, settings = split_secret(VALID[case])
    created = create(cognito, pool_id, GenerateSecret=secret, **settings)
    assert_settings(created, settings)
    assert_settings(describe(cognito, pool_id, created["ClientId"]), settings)

    plain = create(cognito, pool_id, GenerateSecret=secret)
    updated = update(cognito, pool_id, plain["ClientId"], **settings)
    assert_settings(updated, settings)


# --- listing ---------------------------------------------------------------------------------------


def test_list_paginates(cognito, pool_id):
    names = {create(cognito, pool_id, ClientName=f"client-{i}")["ClientId"]: f"client-{i}" for i in range(7)}
    listed = assert_paginates(
        cognito.list_user_pool_clients, "UserPoolClients", "ClientId", set(names), size=3, UserPoolId=pool_id
    )
    for summary in listed:
        assert summary["UserPoolId"] == pool_id
        assert summary["ClientName"] == names[summary["ClientId"]]
        assert "ClientSecret" not in summary

    whole = cognito.list_user_pool_clients(UserPoolId=pool_id, MaxResults=60)
    assert {c["ClientId"] for c in whole["UserPoolClients"]} == set(names)
    assert "NextToken" not in whole

    via_paginator = [
        c["ClientId"]
        for page in cognito.get_paginator("list_user_pool_clients").paginate(
            UserPoolId=pool_id, PaginationConfig={"PageSize": 2}
        )
        for c in page["UserPoolClients"]
    ]
    assert sorted(via_paginator) == sorted(names)


def test_list_shows_only_the_pools_clients(cognito, pool_id):
    other = new_pool(cognito)
    mine = create(cognito, pool_id)["ClientId"]
    create(cognito, other)
    listed = cognito.list_user_pool_clients(UserPoolId=pool_id, MaxResults=60)["UserPoolClients"]
    assert [c["ClientId"] for c in listed] == [mine]


@pytest.mark.parametrize("value, constraint", [
    (0, "Member must have value greater than or equal to 1"),
    (61, "Member must have value less than or equal to 60"),
])
def test_list_max_results_out_of_range_is_invalid(server, pool_id, value, constraint):
    with raises("InvalidParameterException", constraint):
        unvalidated_client(server).list_user_pool_clients(UserPoolId=pool_id, MaxResults=value)

"""Identity providers through boto3: CreateIdentityProvider, DescribeIdentityProvider,
UpdateIdentityProvider, DeleteIdentityProvider, ListIdentityProviders, GetIdentityProviderByIdentifier.

Cognito adds details of its own to ProviderDetails (e.g. authorize_url, token_url for Google) and may
add mappings (username -> sub), so the tests require what was given to be there, not nothing else."""

from __future__ import annotations

import pytest

from control_plane import (
    assert_paginates,
    assert_recent,
    assert_unknown_pool,
    new_pool,
    raises,
)

SOCIAL = {"client_id": "client-123", "client_secret": "secret-456", "authorize_scopes": "openid email"}
APPLE = {
    "client_id": "com.example.app",
    "team_id": "TEAM123456",
    "key_id": "KEY1234567",
    "private_key": "-----BEGIN PRIVATE KEY-----\nMIGTAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBHkwdwIBAQQg\n-----END PRIVATE KEY-----",
    "authorize_scopes": "email name",
}
OIDC = {
    "client_id": "oidc-client",
    "client_secret": "oidc-secret",
    "attributes_request_method": "GET",
    "oidc_issuer": "https://issuer.example.com",
    "authorize_scopes": "openid profile",
}
SAML_METADATA = """<?xml version="1.0" encoding="UTF-8"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://idp.example.com/saml">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="signing">
      <ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#">
        <ds:X509Data><ds:X509Certificate>MIIBkTCB+wIJAKHHIG11kO4QMA0GCSqGSIb3DQEBCwUAMA0xCzAJBgNVBAYTAlVTMB4XDTI0MDEwMTAwMDAwMFoXDTM0MDEwMTAwMDAwMFowDTELMAkGA1UEBhMCVVMwXDANBgkqhkiG9w0BAQEFAANLADBIAkEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+wIDAQABMA0GCSqGSIb3DQEBCwUAA0EAXvbaKzmNjgSJtUqZzZvJgsLMkbpGuKArUu1dhR3DlTyOkE2k7TtfQ1AbeVMaXlG79OqZxUWKbQh5HDyqIWRa3g==</ds:X509Certificate></ds:X509Data>
      </ds:KeyInfo>
    </md:KeyDescriptor>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.example.com/sso"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>
"""
SAML = {"MetadataFile": SAML_METADATA}

VALID = {
    "Google": SOCIAL,
    "Facebook": SOCIAL,
    "LoginWithAmazon": SOCIAL,
    "SignInWithApple": APPLE,
    "OIDC": OIDC,
    "SAML": SAML,
}
REQUIRED = {
    "Google": ["client_id", "client_secret", "authorize_scopes"],
    "Facebook": ["client_id", "client_secret", "authorize_scopes"],
    "LoginWithAmazon": ["client_id", "client_secret", "authorize_scopes"],
    "SignInWithApple": ["client_id", "team_id", "key_id", "private_key", "authorize_scopes"],
    "OIDC": ["client_id", "attributes_request_method", "oidc_issuer", "authorize_scopes"],
}


@pytest.fixture
def pool_id(cognito) -> str:
    return new_pool(cognito)


def create(cognito, pool_id: str, name: str = "Google", kind: str = "Google", details=None, **kwargs) -> dict:
    return cognito.create_identity_provider(
        UserPoolId=pool_id, ProviderName=name, ProviderType=kind,
        ProviderDetails=VALID[kind] if details is None else details, **kwargs,
    )["IdentityProvider"]


def describe(cognito, pool_id: str, name: str) -> dict:
    return cognito.describe_identity_provider(UserPoolId=pool_id, ProviderName=name)["IdentityProvider"]


def by_identifier(cognito, pool_id: str, identifier: str) -> dict:
    return cognito.get_identity_provider_by_identifier(UserPoolId=pool_id, IdpIdentifier=identifier)[
        "IdentityProvider"
    ]


def assert_includes(actual: dict, expected: dict, what: str) -> None:
    missing = {k: v for k, v in expected.items() if actual.get(k) != v}
    assert not missing, f"{what} lacks {missing}: {actual}"


@pytest.mark.parametrize("kind", sorted(VALID))
def test_create_and_describe_each_type(cognito, pool_id, kind):
    name = f"{kind}Idp"
    created = create(
        cognito, pool_id, name=name, kind=kind,
        AttributeMapping={"email": "email"}, IdpIdentifiers=[f"{kind.lower()}-id"],
    )
    assert created["UserPoolId"] == pool_id
    assert created["ProviderName"] == name
    assert created["ProviderType"] == kind
    assert_includes(created["ProviderDetails"], VALID[kind], "ProviderDetails")
    assert_includes(created["AttributeMapping"], {"email": "email"}, "AttributeMapping")
    assert created["IdpIdentifiers"] == [f"{kind.lower()}-id"]
    assert_recent(created["CreationDate"], "CreationDate")
    assert_recent(created["LastModifiedDate"], "LastModifiedDate")

    assert describe(cognito, pool_id, name) == created
    assert by_identifier(cognito, pool_id, f"{kind.lower()}-id") == created


def test_saml_from_a_metadata_url(cognito, pool_id):
    created = create(cognito, pool_id, name="Corporate", kind="SAML",
                     details={"MetadataURL": "https://idp.example.com/metadata"})
    assert created["ProviderDetails"]["MetadataURL"] == "https://idp.example.com/metadata"


@pytest.mark.parametrize("kind, missing", [(k, key) for k, keys in REQUIRED.items() for key in keys])
def test_missing_provider_detail_is_invalid(cognito, pool_id, kind, missing):
    details = {k: v for k, v in VALID[kind].items() if k != missing}
    with raises("InvalidParameterException"):
        create(cognito, pool_id, name="Incomplete", kind=kind, details=details)
    with raises("ResourceNotFoundException"):
        describe(cognito, pool_id, "Incomplete")


@pytest.mark.parametrize("details", [
    {},
    {"IDPSignout": "true"},
], ids=["empty", "no-metadata"])
def test_saml_without_metadata_is_invalid(cognito, pool_id, details):
    with raises("InvalidParameterException"):
        create(cognito, pool_id, name="Corporate", kind="SAML", details=details)


@pytest.mark.parametrize("change", [
    {"oidc_issuer": "http://issuer.example.com"},
    {"attributes_request_method": "PUT"},
], ids=["http-issuer", "bad-method"])
def test_bad_oidc_details_are_invalid(cognito, pool_id, change):
    with raises("InvalidParameterException"):
        create(cognito, pool_id, name="Oidc", kind="OIDC", details={**OIDC, **change})


def test_oidc_with_post_attributes_request(cognito, pool_id):
    created = create(cognito, pool_id, name="Oidc", kind="OIDC", details={**OIDC, "attributes_request_method": "POST"})
    assert created["ProviderDetails"]["attributes_request_method"] == "POST"


def test_cognito_is_a_reserved_name(cognito, pool_id):
    with raises("InvalidParameterException"):
        create(cognito, pool_id, name="COGNITO", kind="OIDC")


def test_duplicate_name_is_duplicate_provider(cognito, pool_id):
    create(cognito, pool_id, name="Social", kind="Google")
    with raises("DuplicateProviderException"):
        create(cognito, pool_id, name="Social", kind="Facebook")
    assert describe(cognito, pool_id, "Social")["ProviderType"] == "Google"


def test_identifier_used_by_another_provider_is_duplicate_provider(cognito, pool_id):
    create(cognito, pool_id, name="Google", kind="Google", IdpIdentifiers=["shared"])
    with raises("DuplicateProviderException"):
        create(cognito, pool_id, name="Facebook", kind="Facebook", IdpIdentifiers=["shared"])
    with raises("ResourceNotFoundException"):
        describe(cognito, pool_id, "Facebook")
    assert by_identifier(cognito, pool_id, "shared")["ProviderName"] == "Google"


def test_update_to_an_identifier_of_another_provider_is_refused(cognito, pool_id):
    """UpdateIdentityProvider declares no DuplicateProviderException (botocore model): the conflict
    is an InvalidParameterException there."""
    create(cognito, pool_id, name="Google", kind="Google", IdpIdentifiers=["shared"])
    create(cognito, pool_id, name="Facebook", kind="Facebook", IdpIdentifiers=["mine"])
    with raises("InvalidParameterException"):
        cognito.update_identity_provider(UserPoolId=pool_id, ProviderName="Facebook", IdpIdentifiers=["shared"])
    assert by_identifier(cognito, pool_id, "shared")["ProviderName"] == "Google"
    assert by_identifier(cognito, pool_id, "mine")["ProviderName"] == "Facebook"


def test_update_replaces_what_is_given(cognito, pool_id):
    created = create(cognito, pool_id, AttributeMapping={"email": "email"}, IdpIdentifiers=["old-id"])
    details = {**SOCIAL, "client_id": "client-789", "authorize_scopes": "openid profile"}
    updated = cognito.update_identity_provider(
        UserPoolId=pool_id, ProviderName="Google", ProviderDetails=details,
        AttributeMapping={"name": "name"}, IdpIdentifiers=["new-id", "another-id"],
    )["IdentityProvider"]

    assert_includes(updated["ProviderDetails"], details, "ProviderDetails")
    assert updated["AttributeMapping"].get("name") == "name"
    assert "email" not in updated["AttributeMapping"], "AttributeMapping was replaced, not merged"
    assert sorted(updated["IdpIdentifiers"]) == ["another-id", "new-id"]
    assert updated["CreationDate"] == created["CreationDate"]
    assert updated["LastModifiedDate"] >= created["LastModifiedDate"]
    assert describe(cognito, pool_id, "Google") == updated

    assert by_identifier(cognito, pool_id, "new-id")["ProviderName"] == "Google"
    with raises("ResourceNotFoundException"):
        by_identifier(cognito, pool_id, "old-id")
    # The old identifier is free for another provider.
    create(cognito, pool_id, name="Facebook", kind="Facebook", IdpIdentifiers=["old-id"])
    assert by_identifier(cognito, pool_id, "old-id")["ProviderName"] == "Facebook"


def test_update_keeps_what_is_not_given(cognito, pool_id):
    create(cognito, pool_id, AttributeMapping={"email": "email"}, IdpIdentifiers=["kept-id"])
    updated = cognito.update_identity_provider(
        UserPoolId=pool_id, ProviderName="Google", AttributeMapping={"name": "name"}
    )["IdentityProvider"]
    assert_includes(updated["ProviderDetails"], SOCIAL, "ProviderDetails")
    assert updated["IdpIdentifiers"] == ["kept-id"]


def test_update_with_incomplete_details_is_invalid(cognito, pool_id):
    create(cognito, pool_id)
    with raises("InvalidParameterException"):
        cognito.update_identity_provider(UserPoolId=pool_id, ProviderName="Google", ProviderDetails={"client_id": "x"})
    assert_includes(describe(cognito, pool_id, "Google")["ProviderDetails"], SOCIAL, "ProviderDetails")


def test_delete(cognito, pool_id):
    create(cognito, pool_id, IdpIdentifiers=["goog"])
    cognito.delete_identity_provider(UserPoolId=pool_id, ProviderName="Google")
    with raises("ResourceNotFoundException"):
        describe(cognito, pool_id, "Google")
    with raises("ResourceNotFoundException"):
        by_identifier(cognito, pool_id, "goog")
    assert cognito.list_identity_providers(UserPoolId=pool_id, MaxResults=10)["Providers"] == []
    with raises("ResourceNotFoundException"):
        cognito.delete_identity_provider(UserPoolId=pool_id, ProviderName="Google")
    # Name and identifier are free again.
    create(cognito, pool_id, IdpIdentifiers=["goog"])


def test_unknown_provider_is_not_found(cognito, pool_id):
    with raises("ResourceNotFoundException"):
        describe(cognito, pool_id, "Nobody")
    with raises("ResourceNotFoundException"):
        cognito.update_identity_provider(UserPoolId=pool_id, ProviderName="Nobody", AttributeMapping={"email": "email"})
    with raises("ResourceNotFoundException"):
        cognito.delete_identity_provider(UserPoolId=pool_id, ProviderName="Nobody")
    with raises("ResourceNotFoundException"):
        by_identifier(cognito, pool_id, "nobody")


def test_unknown_pool(cognito):
    assert_unknown_pool(cognito.create_identity_provider, ProviderName="Google", ProviderType="Google",
                        ProviderDetails=SOCIAL)
    assert_unknown_pool(cognito.describe_identity_provider, ProviderName="Google")
    assert_unknown_pool(cognito.update_identity_provider, ProviderName="Google", AttributeMapping={"email": "email"})
    assert_unknown_pool(cognito.delete_identity_provider, ProviderName="Google")
    assert_unknown_pool(cognito.list_identity_providers, MaxResults=10)
    assert_unknown_pool(cognito.get_identity_provider_by_identifier, IdpIdentifier="goog")


def test_list_paginates(cognito, pool_id):
    kinds = {}
    for i in range(8):
        kind = sorted(VALID)[i % len(VALID)]
        kinds[f"Provider{i}"] = kind
        create(cognito, pool_id, name=f"Provider{i}", kind=kind)

    listed = assert_paginates(
        cognito.list_identity_providers, "Providers", "ProviderName", set(kinds), size=3, UserPoolId=pool_id
    )
    for provider in listed:
        assert provider["ProviderType"] == kinds[provider["ProviderName"]]
        assert_recent(provider["CreationDate"], "CreationDate")
        assert_recent(provider["LastModifiedDate"], "LastModifiedDate")

    whole = cognito.list_identity_providers(UserPoolId=pool_id, MaxResults=60)
    assert {p["ProviderName"] for p in whole["Providers"]} == set(kinds)
    assert "NextToken" not in whole

    via_paginator = [
        p["ProviderName"]
        for page in cognito.get_paginator("list_identity_providers").paginate(
            UserPoolId=pool_id, PaginationConfig={"PageSize": 2}
        )
        for p in page["Providers"]
    ]
    assert sorted(via_paginator) == sorted(kinds)


def test_app_client_may_name_the_provider_once_it_exists(cognito, pool_id):
    with raises("InvalidParameterException"):
        cognito.create_user_pool_client(
            UserPoolId=pool_id, ClientName="web", SupportedIdentityProviders=["COGNITO", "Google"]
        )
    create(cognito, pool_id)
    client = cognito.create_user_pool_client(
        UserPoolId=pool_id, ClientName="web", SupportedIdentityProviders=["COGNITO", "Google"]
    )["UserPoolClient"]
    assert sorted(client["SupportedIdentityProviders"]) == ["COGNITO", "Google"]

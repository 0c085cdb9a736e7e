"""Pool settings through boto3: UpdateUserPool, AddCustomAttributes, Get/SetUserPoolMfaConfig,
GetCSVHeader, Tag/Untag/ListTagsForResource, deletion protection, and what DeleteUserPool removes."""

from __future__ import annotations

import pytest

from cognate_e2e import ACCOUNT_ID, REGION
from control_plane import (
    UNKNOWN_POOL,
    assert_recent,
    assert_unknown_pool,
    new_pool,
    raises,
    unique,
)

DEFAULT_PASSWORD_POLICY = {
    "MinimumLength": 8,
    "RequireUppercase": True,
    "RequireLowercase": True,
    "RequireNumbers": True,
    "RequireSymbols": True,
    "TemporaryPasswordValidityDays": 7,
}

CUSTOMIZED_POLICY = {
    "MinimumLength": 12,
    "RequireUppercase": False,
    "RequireLowercase": True,
    "RequireNumbers": False,
    "RequireSymbols": False,
    "TemporaryPasswordValidityDays": 3,
}

# GetCSVHeader of a pool without custom attributes (Cognito's documented import header).
STANDARD_CSV_HEADER = [
    "name", "given_name", "family_name", "middle_name", "nickname", "preferred_username", "profile",
    "picture", "website", "email", "email_verified", "gender", "birthdate", "zoneinfo", "locale",
    "phone_number", "phone_number_verified", "address", "updated_at", "cognito:mfa_enabled",
    "cognito:username",
]

TOTP_ON = {"SoftwareTokenMfaConfiguration": {"Enabled": True}}


def pool_arn(pool_id: str) -> str:
    return f"arn:aws:cognito-idp:{REGION}:{ACCOUNT_ID}:userpool/{pool_id}"


def describe(cognito, pool_id: str) -> dict:
    return cognito.describe_user_pool(UserPoolId=pool_id)["UserPool"]


def schema_of(cognito, pool_id: str) -> dict[str, dict]:
    return {a["Name"]: a for a in describe(cognito, pool_id)["SchemaAttributes"]}


def custom(name: str, data_type: str = "String", **extra) -> dict:
    return {"Name": name, "AttributeDataType": data_type, **extra}


# --- UpdateUserPool --------------------------------------------------------------------------------


def test_update_with_nothing_returns_mutable_settings_to_defaults(cognito):
    pool_id = new_pool(
        cognito,
        Policies={"PasswordPolicy": CUSTOMIZED_POLICY},
        UsernameAttributes=["email"],
        AutoVerifiedAttributes=["email"],
        Schema=[custom("tenant", StringAttributeConstraints={"MinLength": "1", "MaxLength": "64"})],
        UserPoolTags={"env": "e2e"},
        AdminCreateUserConfig={"AllowAdminCreateUserOnly": True},
        DeletionProtection="ACTIVE",
    )
    before = describe(cognito, pool_id)

    cognito.update_user_pool(UserPoolId=pool_id)
    after = describe(cognito, pool_id)

    # Mutable settings back to their defaults.
    assert after["Policies"]["PasswordPolicy"] == DEFAULT_PASSWORD_POLICY
    assert after.get("AutoVerifiedAttributes", []) == []
    assert after["AdminCreateUserConfig"]["AllowAdminCreateUserOnly"] is False
    assert after["DeletionProtection"] == "INACTIVE"
    assert after["MfaConfiguration"] == "OFF"
    # What UpdateUserPool cannot change, and tags it was not given, stay.
    assert after["UsernameAttributes"] == ["email"]
    assert after["SchemaAttributes"] == before["SchemaAttributes"]
    assert after["UserPoolTags"] == {"env": "e2e"}
    for field in ("Id", "Name", "Arn", "CreationDate"):
        assert after[field] == before[field], field
    assert after["LastModifiedDate"] >= before["LastModifiedDate"]
    assert_recent(after["LastModifiedDate"], "LastModifiedDate")


def test_update_keeps_alias_attributes(cognito):
    pool_id = new_pool(cognito, AliasAttributes=["email", "preferred_username"])
    cognito.update_user_pool(UserPoolId=pool_id, AutoVerifiedAttributes=["email"])
    pool = describe(cognito, pool_id)
    assert sorted(pool["AliasAttributes"]) == ["email", "preferred_username"]
    assert pool.get("UsernameAttributes", []) == []


def test_update_sets_the_given_settings(cognito):
    pool_id = new_pool(cognito)
    cognito.update_user_pool(
        UserPoolId=pool_id,
        Policies={"PasswordPolicy": CUSTOMIZED_POLICY},
        AutoVerifiedAttributes=["email"],
        AdminCreateUserConfig={"AllowAdminCreateUserOnly": True},
        DeletionProtection="ACTIVE",
    )
    pool = describe(cognito, pool_id)
    assert pool["Policies"]["PasswordPolicy"] == CUSTOMIZED_POLICY
    assert pool["AutoVerifiedAttributes"] == ["email"]
    assert pool["AdminCreateUserConfig"]["AllowAdminCreateUserOnly"] is True
    assert pool["DeletionProtection"] == "ACTIVE"


def test_update_with_a_partial_password_policy_means_false_for_omitted_classes(cognito):
    pool_id = new_pool(cognito)
    cognito.update_user_pool(UserPoolId=pool_id, Policies={"PasswordPolicy": {"MinimumLength": 10}})
    policy = describe(cognito, pool_id)["Policies"]["PasswordPolicy"]
    assert policy["MinimumLength"] == 10
    for requirement in ("RequireUppercase", "RequireLowercase", "RequireNumbers", "RequireSymbols"):
        assert policy[requirement] is False, (requirement, policy)


def test_update_mfa_on_without_a_factor_is_invalid(cognito):
    pool_id = new_pool(cognito)
    with raises("InvalidParameterException"):
        cognito.update_user_pool(UserPoolId=pool_id, MfaConfiguration="ON")
    assert describe(cognito, pool_id)["MfaConfiguration"] == "OFF"


def test_update_unknown_pool(cognito):
    assert_unknown_pool(cognito.update_user_pool)


def test_deletion_protection_blocks_delete_until_lifted(cognito):
    pool_id = new_pool(cognito, DeletionProtection="ACTIVE")
    with raises("InvalidParameterException"):
        cognito.delete_user_pool(UserPoolId=pool_id)
    assert describe(cognito, pool_id)["Id"] == pool_id

    cognito.update_user_pool(UserPoolId=pool_id, DeletionProtection="INACTIVE")
    cognito.delete_user_pool(UserPoolId=pool_id)
    with raises("ResourceNotFoundException"):
        describe(cognito, pool_id)


# --- AddCustomAttributes ---------------------------------------------------------------------------


def test_add_custom_attributes(cognito):
    pool_id = new_pool(cognito)
    cognito.add_custom_attributes(
        UserPoolId=pool_id,
        CustomAttributes=[
            custom("tenant", StringAttributeConstraints={"MinLength": "1", "MaxLength": "64"}),
            custom("level", "Number", Mutable=False, NumberAttributeConstraints={"MinValue": "0", "MaxValue": "9"}),
            custom("secret", DeveloperOnlyAttribute=True),
        ],
    )
    schema = schema_of(cognito, pool_id)

    tenant = schema["custom:tenant"]
    assert (tenant["AttributeDataType"], tenant["Mutable"], tenant["DeveloperOnlyAttribute"]) == ("String", True, False)
    assert tenant["StringAttributeConstraints"] == {"MinLength": "1", "MaxLength": "64"}
    level = schema["custom:level"]
    assert (level["AttributeDataType"], level["Mutable"]) == ("Number", False)
    assert level["NumberAttributeConstraints"] == {"MinValue": "0", "MaxValue": "9"}
    assert schema["dev:custom:secret"]["DeveloperOnlyAttribute"] is True
    assert "custom:secret" not in schema
    assert "sub" in schema and "email" in schema, "standard attributes are still there"


def test_add_custom_attribute_that_exists_is_invalid(cognito):
    pool_id = new_pool(cognito, Schema=[custom("tenant")])
    with raises("InvalidParameterException"):
        cognito.add_custom_attributes(UserPoolId=pool_id, CustomAttributes=[custom("tenant", "Number")])
    assert schema_of(cognito, pool_id)["custom:tenant"]["AttributeDataType"] == "String"


def test_more_than_50_custom_attributes_are_refused(cognito):
    """Cognito's quota is 50 custom attributes; AddCustomAttributes declares no LimitExceededException
    (botocore model), so going past it is an InvalidParameterException."""
    pool_id = new_pool(cognito)
    for batch in range(2):  # at most 25 per request
        cognito.add_custom_attributes(
            UserPoolId=pool_id, CustomAttributes=[custom(f"a{batch}x{i}") for i in range(25)]
        )
    with raises("InvalidParameterException"):
        cognito.add_custom_attributes(UserPoolId=pool_id, CustomAttributes=[custom("onetoomany")])
    names = [n for n in schema_of(cognito, pool_id) if n.startswith("custom:")]
    assert len(names) == 50


def test_create_pool_with_a_required_custom_attribute_is_invalid(cognito):
    with raises("InvalidParameterException"):
        cognito.create_user_pool(PoolName=unique("required"), Schema=[custom("tenant", Required=True)])


def test_add_custom_attributes_unknown_pool(cognito):
    assert_unknown_pool(cognito.add_custom_attributes, CustomAttributes=[custom("tenant")])


# --- Get/SetUserPoolMfaConfig ----------------------------------------------------------------------


def test_mfa_config_of_a_new_pool_is_off(cognito):
    config = cognito.get_user_pool_mfa_config(UserPoolId=new_pool(cognito))
    assert config["MfaConfiguration"] == "OFF"
    assert config.get("SoftwareTokenMfaConfiguration", {"Enabled": False}) == {"Enabled": False}


@pytest.mark.parametrize("mode", ["OPTIONAL", "ON"])
def test_set_mfa_with_software_token(cognito, mode):
    pool_id = new_pool(cognito)
    response = cognito.set_user_pool_mfa_config(UserPoolId=pool_id, MfaConfiguration=mode, **TOTP_ON)
    assert response["MfaConfiguration"] == mode
    assert response["SoftwareTokenMfaConfiguration"] == {"Enabled": True}

    config = cognito.get_user_pool_mfa_config(UserPoolId=pool_id)
    assert config["MfaConfiguration"] == mode
    assert config["SoftwareTokenMfaConfiguration"] == {"Enabled": True}
    assert describe(cognito, pool_id)["MfaConfiguration"] == mode


def test_set_mfa_keeps_factors_not_given(cognito):
    pool_id = new_pool(cognito)
    cognito.set_user_pool_mfa_config(UserPoolId=pool_id, MfaConfiguration="OPTIONAL", **TOTP_ON)
    cognito.set_user_pool_mfa_config(UserPoolId=pool_id, MfaConfiguration="ON")
    config = cognito.get_user_pool_mfa_config(UserPoolId=pool_id)
    assert config["MfaConfiguration"] == "ON"
    assert config["SoftwareTokenMfaConfiguration"] == {"Enabled": True}

    cognito.set_user_pool_mfa_config(UserPoolId=pool_id, MfaConfiguration="OFF")
    assert cognito.get_user_pool_mfa_config(UserPoolId=pool_id)["MfaConfiguration"] == "OFF"
    assert describe(cognito, pool_id)["MfaConfiguration"] == "OFF"


@pytest.mark.parametrize("mode", ["OPTIONAL", "ON"])
def test_set_mfa_without_any_factor_is_invalid(cognito, mode):
    pool_id = new_pool(cognito)
    with raises("InvalidParameterException"):
        cognito.set_user_pool_mfa_config(UserPoolId=pool_id, MfaConfiguration=mode)
    with raises("InvalidParameterException"):
        cognito.set_user_pool_mfa_config(
            UserPoolId=pool_id, MfaConfiguration=mode, SoftwareTokenMfaConfiguration={"Enabled": False}
        )
    assert cognito.get_user_pool_mfa_config(UserPoolId=pool_id)["MfaConfiguration"] == "OFF"


def test_mfa_config_unknown_pool(cognito):
    assert_unknown_pool(cognito.get_user_pool_mfa_config)
    assert_unknown_pool(cognito.set_user_pool_mfa_config, MfaConfiguration="OPTIONAL", **TOTP_ON)


# --- GetCSVHeader ----------------------------------------------------------------------------------


def test_csv_header_of_a_standard_pool(cognito):
    pool_id = new_pool(cognito)
    response = cognito.get_csv_header(UserPoolId=pool_id)
    assert response["UserPoolId"] == pool_id
    assert response["CSVHeader"] == STANDARD_CSV_HEADER


def test_csv_header_includes_custom_attributes(cognito):
    pool_id = new_pool(cognito, Schema=[custom("tenant")])
    cognito.add_custom_attributes(UserPoolId=pool_id, CustomAttributes=[custom("plan")])
    header = cognito.get_csv_header(UserPoolId=pool_id)["CSVHeader"]
    assert "sub" not in header
    assert header[-2:] == ["cognito:mfa_enabled", "cognito:username"]
    assert {"custom:tenant", "custom:plan"} <= set(header)
    assert set(STANDARD_CSV_HEADER) <= set(header)
    assert len(header) == len(set(header)) == len(STANDARD_CSV_HEADER) + 2


def test_csv_header_unknown_pool(cognito):
    assert_unknown_pool(cognito.get_csv_header)


# --- tags ------------------------------------------------------------------------------------------


def tags_of(cognito, pool_id: str) -> dict:
    return cognito.list_tags_for_resource(ResourceArn=pool_arn(pool_id))["Tags"]


def test_tag_untag_and_list(cognito):
    pool_id = new_pool(cognito, UserPoolTags={"env": "e2e"})
    arn = pool_arn(pool_id)
    assert describe(cognito, pool_id)["Arn"] == arn
    assert tags_of(cognito, pool_id) == {"env": "e2e"}

    cognito.tag_resource(ResourceArn=arn, Tags={"team": "identity", "env": "prod"})
    assert tags_of(cognito, pool_id) == {"env": "prod", "team": "identity"}
    assert describe(cognito, pool_id)["UserPoolTags"] == {"env": "prod", "team": "identity"}

    cognito.untag_resource(ResourceArn=arn, TagKeys=["env", "never-set"])
    assert tags_of(cognito, pool_id) == {"team": "identity"}
    assert describe(cognito, pool_id)["UserPoolTags"] == {"team": "identity"}

    cognito.untag_resource(ResourceArn=arn, TagKeys=["team"])
    assert tags_of(cognito, pool_id) == {}
    assert describe(cognito, pool_id).get("UserPoolTags", {}) == {}


def test_tags_of_one_pool_do_not_touch_another(cognito):
    first, second = new_pool(cognito), new_pool(cognito)
    cognito.tag_resource(ResourceArn=pool_arn(first), Tags={"owner": "first"})
    assert tags_of(cognito, first) == {"owner": "first"}
    assert tags_of(cognito, second) == {}


def test_tag_operations_on_an_unknown_arn(cognito):
    arn = pool_arn(UNKNOWN_POOL)
    with raises("ResourceNotFoundException"):
        cognito.tag_resource(ResourceArn=arn, Tags={"a": "b"})
    with raises("ResourceNotFoundException"):
        cognito.untag_resource(ResourceArn=arn, TagKeys=["a"])
    with raises("ResourceNotFoundException"):
        cognito.list_tags_for_resource(ResourceArn=arn)


def test_more_than_50_tags_are_refused(cognito):
    """A pool has at most 50 tags. TagResource declares no LimitExceededException (botocore model):
    Cognito answers InvalidParameterException."""
    pool_id = new_pool(cognito, UserPoolTags={f"k{i}": "v" for i in range(40)})
    with raises("InvalidParameterException"):
        cognito.tag_resource(ResourceArn=pool_arn(pool_id), Tags={f"n{i}": "v" for i in range(11)})
    assert len(tags_of(cognito, pool_id)) == 40

    cognito.tag_resource(ResourceArn=pool_arn(pool_id), Tags={f"n{i}": "v" for i in range(10)})
    assert len(tags_of(cognito, pool_id)) == 50
    cognito.tag_resource(ResourceArn=pool_arn(pool_id), Tags={"k0": "replaced"})  # no new key: fine
    assert tags_of(cognito, pool_id)["k0"] == "replaced"


# --- DeleteUserPool --------------------------------------------------------------------------------


def test_delete_user_pool_removes_everything_in_it_and_nothing_else(cognito):
    doomed, kept = new_pool(cognito), new_pool(cognito)
    resources = {}
    for pool_id in (doomed, kept):
        client_id = cognito.create_user_pool_client(UserPoolId=pool_id, ClientName="app")["UserPoolClient"]["ClientId"]
        cognito.create_group(UserPoolId=pool_id, GroupName="admins")
        cognito.create_resource_server(UserPoolId=pool_id, Identifier="https://api.example.com", Name="api")
        cognito.create_identity_provider(
            UserPoolId=pool_id, ProviderName="Google", ProviderType="Google",
            ProviderDetails={"client_id": "id", "client_secret": "secret", "authorize_scopes": "openid"},
            IdpIdentifiers=["google"],
        )
        resources[pool_id] = client_id

    cognito.delete_user_pool(UserPoolId=doomed)

    gone = f"User pool {doomed} does not exist."
    checks = [
        (cognito.describe_user_pool_client, {"ClientId": resources[doomed]}),
        (cognito.list_user_pool_clients, {"MaxResults": 10}),
        (cognito.get_group, {"GroupName": "admins"}),
        (cognito.list_groups, {}),
        (cognito.describe_resource_server, {"Identifier": "https://api.example.com"}),
        (cognito.describe_identity_provider, {"ProviderName": "Google"}),
        (cognito.get_identity_provider_by_identifier, {"IdpIdentifier": "google"}),
        (cognito.get_user_pool_mfa_config, {}),
        (cognito.get_csv_header, {}),
    ]
    for call, kwargs in checks:
        with raises("ResourceNotFoundException", gone):
            call(UserPoolId=doomed, **kwargs)
    with raises("ResourceNotFoundException"):
        cognito.list_tags_for_resource(ResourceArn=pool_arn(doomed))

    # The other pool keeps all of its own.
    assert cognito.describe_user_pool_client(UserPoolId=kept, ClientId=resources[kept])["UserPoolClient"]
    assert cognito.get_group(UserPoolId=kept, GroupName="admins")["Group"]["GroupName"] == "admins"
    assert cognito.describe_resource_server(UserPoolId=kept, Identifier="https://api.example.com")
    assert cognito.get_identity_provider_by_identifier(UserPoolId=kept, IdpIdentifier="google")


def test_signing_certificate_is_a_stable_x509_certificate(cognito):
    import base64
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives.asymmetric import rsa

    pool_id = cognito.create_user_pool(PoolName="saml-signing")["UserPool"]["Id"]
    first = cognito.get_signing_certificate(UserPoolId=pool_id)["Certificate"]
    assert cognito.get_signing_certificate(UserPoolId=pool_id)["Certificate"] == first, "the certificate must not change"
    certificate = x509.load_der_x509_certificate(base64.b64decode(first))
    assert isinstance(certificate.public_key(), rsa.RSAPublicKey)
    assert certificate.public_key().key_size == 2048
    assert pool_id in certificate.subject.rfc4514_string()
    now = datetime.datetime.now(datetime.timezone.utc)
    assert certificate.not_valid_before_utc <= now < certificate.not_valid_after_utc
    other = cognito.create_user_pool(PoolName="saml-other")["UserPool"]["Id"]
    assert cognito.get_signing_certificate(UserPoolId=other)["Certificate"] != first
    with pytest.raises(cognito.exceptions.ResourceNotFoundException):
        cognito.get_signing_certificate(UserPoolId="us-east-1_nothere12")

"""User pool domains (Create/Describe/Update/DeleteUserPoolDomain) and UI customization
(Set/GetUICustomization) through boto3."""

from __future__ import annotations

import uuid
from urllib.parse import urlsplit

import pytest

from cognate_e2e import ACCOUNT_ID
from control_plane import (
    GIF,
    assert_recent,
    assert_unknown_pool,
    jpeg,
    new_pool,
    png,
    raises,
    run_concurrently,
)

CERTIFICATE = f"arn:aws:acm:us-east-1:{ACCOUNT_ID}:certificate/11111111-2222-3333-4444-555555555555"
OTHER_CERTIFICATE = f"arn:aws:acm:us-east-1:{ACCOUNT_ID}:certificate/66666666-7777-8888-9999-000000000000"


def prefix() -> str:
    return f"e2e-{uuid.uuid4().hex[:12]}"


def custom_domain() -> str:
    return f"auth-{uuid.uuid4().hex[:8]}.example.com"


def describe_domain(cognito, domain: str) -> dict:
    return cognito.describe_user_pool_domain(Domain=domain)["DomainDescription"]


def add_custom_domain(cognito, pool_id: str, domain: str, certificate: str = CERTIFICATE) -> dict:
    return cognito.create_user_pool_domain(
        UserPoolId=pool_id, Domain=domain, CustomDomainConfig={"CertificateArn": certificate}
    )


def pool_of(cognito, pool_id: str) -> dict:
    return cognito.describe_user_pool(UserPoolId=pool_id)["UserPool"]


# --- domains ---------------------------------------------------------------------------------------


def test_prefix_domain(cognito):
    pool_id, domain = new_pool(cognito), prefix()
    cognito.create_user_pool_domain(UserPoolId=pool_id, Domain=domain)

    description = describe_domain(cognito, domain)
    assert description["UserPoolId"] == pool_id
    assert description["AWSAccountId"] == ACCOUNT_ID
    assert description["Domain"] == domain
    assert description["Status"] == "ACTIVE"
    assert description["Version"]
    assert description["ManagedLoginVersion"] == 1
    assert "CustomDomainConfig" not in description
    assert pool_of(cognito, pool_id)["Domain"] == domain
    assert "CustomDomain" not in pool_of(cognito, pool_id)


def test_custom_domain(server, cognito):
    pool_id, domain = new_pool(cognito), custom_domain()
    created = add_custom_domain(cognito, pool_id, domain)
    public_host = urlsplit(server.url).hostname
    assert created["CloudFrontDomain"] == public_host

    description = describe_domain(cognito, domain)
    assert description["UserPoolId"] == pool_id
    assert description["Domain"] == domain
    assert description["CustomDomainConfig"] == {"CertificateArn": CERTIFICATE}
    assert description["CloudFrontDistribution"] == public_host
    assert pool_of(cognito, pool_id)["CustomDomain"] == domain
    assert "Domain" not in pool_of(cognito, pool_id)


def test_one_prefix_and_one_custom_domain_per_pool(cognito):
    pool_id, first_prefix, first_custom = new_pool(cognito), prefix(), custom_domain()
    cognito.create_user_pool_domain(UserPoolId=pool_id, Domain=first_prefix)
    add_custom_domain(cognito, pool_id, first_custom)
    pool = pool_of(cognito, pool_id)
    assert (pool["Domain"], pool["CustomDomain"]) == (first_prefix, first_custom)

    with raises("InvalidParameterException"):
        cognito.create_user_pool_domain(UserPoolId=pool_id, Domain=prefix())
    with raises("InvalidParameterException"):
        add_custom_domain(cognito, pool_id, custom_domain())
    pool = pool_of(cognito, pool_id)
    assert (pool["Domain"], pool["CustomDomain"]) == (first_prefix, first_custom)


def test_domain_of_another_pool_is_taken(cognito):
    owner, other = new_pool(cognito), new_pool(cognito)
    taken_prefix, taken_custom = prefix(), custom_domain()
    cognito.create_user_pool_domain(UserPoolId=owner, Domain=taken_prefix)
    add_custom_domain(cognito, owner, taken_custom)
    with raises("InvalidParameterException"):
        cognito.create_user_pool_domain(UserPoolId=other, Domain=taken_prefix)
    with raises("InvalidParameterException"):
        add_custom_domain(cognito, other, taken_custom)
    assert describe_domain(cognito, taken_prefix)["UserPoolId"] == owner
    assert describe_domain(cognito, taken_custom)["UserPoolId"] == owner
    assert "Domain" not in pool_of(cognito, other)


@pytest.mark.parametrize("domain", [
    "my-aws-login", "amazon-auth", "login-cognito", "awsome", "UpperCase", "under_score", "-leading-hyphen",
    "with.dot",
])
def test_invalid_prefix(cognito, domain):
    pool_id = new_pool(cognito)
    with raises("InvalidParameterException"):
        cognito.create_user_pool_domain(UserPoolId=pool_id, Domain=domain)
    assert "Domain" not in pool_of(cognito, pool_id)


def test_describe_unknown_domain_is_empty(cognito):
    response = cognito.describe_user_pool_domain(Domain=prefix())
    assert response["DomainDescription"] == {}


def test_update_custom_domain_certificate(server, cognito):
    pool_id, domain = new_pool(cognito), custom_domain()
    add_custom_domain(cognito, pool_id, domain)
    updated = cognito.update_user_pool_domain(
        UserPoolId=pool_id, Domain=domain, CustomDomainConfig={"CertificateArn": OTHER_CERTIFICATE}
    )
    assert updated["CloudFrontDomain"] == urlsplit(server.url).hostname
    assert describe_domain(cognito, domain)["CustomDomainConfig"] == {"CertificateArn": OTHER_CERTIFICATE}


def test_update_prefix_domain_managed_login_version(cognito):
    pool_id, domain = new_pool(cognito), prefix()
    cognito.create_user_pool_domain(UserPoolId=pool_id, Domain=domain)
    updated = cognito.update_user_pool_domain(UserPoolId=pool_id, Domain=domain, ManagedLoginVersion=2)
    assert updated["ManagedLoginVersion"] == 2
    assert describe_domain(cognito, domain)["ManagedLoginVersion"] == 2


def test_update_unknown_domain_is_not_found(cognito):
    pool_id = new_pool(cognito)
    with raises("ResourceNotFoundException"):
        cognito.update_user_pool_domain(
            UserPoolId=pool_id, Domain=custom_domain(), CustomDomainConfig={"CertificateArn": CERTIFICATE}
        )


def test_delete_domain(cognito):
    pool_id, domain = new_pool(cognito), prefix()
    cognito.create_user_pool_domain(UserPoolId=pool_id, Domain=domain)
    cognito.delete_user_pool_domain(UserPoolId=pool_id, Domain=domain)
    assert describe_domain(cognito, domain) == {}
    assert "Domain" not in pool_of(cognito, pool_id)
    # Free for the same pool and for any other.
    other = new_pool(cognito)
    cognito.create_user_pool_domain(UserPoolId=other, Domain=domain)
    assert describe_domain(cognito, domain)["UserPoolId"] == other


def test_delete_custom_domain(cognito):
    pool_id, domain = new_pool(cognito), custom_domain()
    add_custom_domain(cognito, pool_id, domain)
    cognito.delete_user_pool_domain(UserPoolId=pool_id, Domain=domain)
    assert describe_domain(cognito, domain) == {}
    assert "CustomDomain" not in pool_of(cognito, pool_id)


def test_delete_domain_with_the_wrong_pool_is_invalid(cognito):
    owner, other = new_pool(cognito), new_pool(cognito)
    domain = prefix()
    cognito.create_user_pool_domain(UserPoolId=owner, Domain=domain)
    with raises("InvalidParameterException"):
        cognito.delete_user_pool_domain(UserPoolId=other, Domain=domain)
    assert describe_domain(cognito, domain)["UserPoolId"] == owner


def test_pool_with_a_domain_cannot_be_deleted_until_the_domain_is(cognito):
    """Cognito: "User pool cannot be deleted. It has a domain configured that should be deleted first."
    Once the domain is gone the pool can go, and the name is free for another pool."""
    pool_id, domain = new_pool(cognito), prefix()
    cognito.create_user_pool_domain(UserPoolId=pool_id, Domain=domain)
    with raises("InvalidParameterException"):
        cognito.delete_user_pool(UserPoolId=pool_id)
    assert describe_domain(cognito, domain)["UserPoolId"] == pool_id
    assert pool_of(cognito, pool_id)["Domain"] == domain

    cognito.delete_user_pool_domain(UserPoolId=pool_id, Domain=domain)
    cognito.delete_user_pool(UserPoolId=pool_id)
    assert describe_domain(cognito, domain) == {}
    other = new_pool(cognito)
    cognito.create_user_pool_domain(UserPoolId=other, Domain=domain)
    assert describe_domain(cognito, domain)["UserPoolId"] == other


def test_domain_operations_on_an_unknown_pool(cognito):
    assert_unknown_pool(cognito.create_user_pool_domain, Domain=prefix())
    assert_unknown_pool(cognito.update_user_pool_domain, Domain=prefix(), ManagedLoginVersion=2)
    assert_unknown_pool(cognito.delete_user_pool_domain, Domain=prefix())


def test_concurrent_creates_of_one_domain_give_it_to_one_pool(server, cognito):
    domain = prefix()
    pools = [new_pool(cognito) for _ in range(10)]
    clients = [server.client() for _ in pools]
    outcomes = run_concurrently(
        [lambda c=c, p=p: c.create_user_pool_domain(UserPoolId=p, Domain=domain) for c, p in zip(clients, pools)]
    )
    winners = [pool for pool, (kind, _) in zip(pools, outcomes) if kind == "ok"]
    assert len(winners) == 1, outcomes
    assert sorted(result for kind, result in outcomes if kind == "error") == ["InvalidParameterException"] * 9
    assert describe_domain(cognito, domain)["UserPoolId"] == winners[0]
    assert [p for p in pools if pool_of(cognito, p).get("Domain") == domain] == winners


# --- UI customization ------------------------------------------------------------------------------

LABEL_CSS = ".label-customizable {font-weight: 400;}"
RICH_CSS = """
.background-customizable { background-color: #fafafa; }
.submitButton-customizable { background-color: #0055aa; color: #ffffff; }
.submitButton-customizable:hover { background-color: #003366; }
.inputField-customizable:focus { border-color: #0055aa; }
.logo-customizable { max-width: 60%; max-height: 30%; }
"""


@pytest.fixture
def ui_pool(cognito) -> str:
    """A pool with a prefix domain (SetUICustomization needs one)."""
    pool_id = new_pool(cognito)
    cognito.create_user_pool_domain(UserPoolId=pool_id, Domain=prefix())
    return pool_id


def new_client(cognito, pool_id: str) -> str:
    return cognito.create_user_pool_client(UserPoolId=pool_id, ClientName="web")["UserPoolClient"]["ClientId"]


def set_ui(cognito, pool_id: str, **kwargs) -> dict:
    return cognito.set_ui_customization(UserPoolId=pool_id, **kwargs)["UICustomization"]


def get_ui(cognito, pool_id: str, **kwargs) -> dict:
    return cognito.get_ui_customization(UserPoolId=pool_id, **kwargs)["UICustomization"]


def test_pool_css(cognito, ui_pool):
    response = set_ui(cognito, ui_pool, CSS=LABEL_CSS)
    assert response["UserPoolId"] == ui_pool
    assert response["ClientId"] == "ALL"
    assert response["CSS"] == LABEL_CSS
    assert response["CSSVersion"]
    assert "ImageUrl" not in response
    assert_recent(response["CreationDate"], "CreationDate")
    assert_recent(response["LastModifiedDate"], "LastModifiedDate")

    assert get_ui(cognito, ui_pool) == response
    assert get_ui(cognito, ui_pool, ClientId="ALL") == response


def test_pool_css_with_client_id_all(cognito, ui_pool):
    response = set_ui(cognito, ui_pool, ClientId="ALL", CSS=RICH_CSS)
    assert (response["ClientId"], response["CSS"]) == ("ALL", RICH_CSS)
    assert get_ui(cognito, ui_pool)["CSS"] == RICH_CSS


@pytest.mark.parametrize("image", [png(), png(150, 150, noise=True), jpeg()], ids=["png", "png-67k", "jpeg"])
def test_image(cognito, ui_pool, image):
    response = set_ui(cognito, ui_pool, ImageFile=image)
    assert isinstance(response["ImageUrl"], str) and response["ImageUrl"]
    assert get_ui(cognito, ui_pool)["ImageUrl"] == response["ImageUrl"]

    both = set_ui(cognito, ui_pool, CSS=LABEL_CSS, ImageFile=image)
    assert both["CSS"] == LABEL_CSS and both["ImageUrl"]


@pytest.mark.parametrize("image", [png(200, 200, noise=True), GIF, b"not an image at all"],
                         ids=["png-over-100k", "gif", "garbage"])
def test_bad_image_is_invalid(cognito, ui_pool, image):
    if image.startswith(b"\x89PNG"):
        assert len(image) > 100 * 1024
    with raises("InvalidParameterException"):
        set_ui(cognito, ui_pool, ImageFile=image)
    assert "ImageUrl" not in get_ui(cognito, ui_pool)


@pytest.mark.parametrize("css", [
    ".foo { color: red; }",
    "body { margin: 0; }",
    "@import url('https://evil.example.com/x.css');",
    ".label-customizable { background: url('https://evil.example.com/x.png'); }",
    LABEL_CSS + "\n.not-cognito-customizable { color: red; }",
], ids=["other-class", "element", "import", "url", "one-bad-rule"])
def test_css_outside_cognito_classes_is_invalid(cognito, ui_pool, css):
    set_ui(cognito, ui_pool, CSS=LABEL_CSS)
    with raises("InvalidParameterException"):
        set_ui(cognito, ui_pool, CSS=css)
    assert get_ui(cognito, ui_pool)["CSS"] == LABEL_CSS


def test_client_customization_and_fallback_to_the_pool(cognito, ui_pool):
    styled, plain = new_client(cognito, ui_pool), new_client(cognito, ui_pool)
    pool_css = set_ui(cognito, ui_pool, CSS=LABEL_CSS)
    client_css = ".submitButton-customizable:hover { background-color: #000000; }"

    response = set_ui(cognito, ui_pool, ClientId=styled, CSS=client_css)
    assert (response["ClientId"], response["CSS"]) == (styled, client_css)
    assert get_ui(cognito, ui_pool, ClientId=styled)["CSS"] == client_css
    # A client without its own gets the pool's; the pool's is unchanged.
    assert get_ui(cognito, ui_pool, ClientId=plain)["CSS"] == LABEL_CSS
    assert get_ui(cognito, ui_pool) == pool_css


def test_set_with_neither_css_nor_image_removes_it(cognito, ui_pool):
    client_id = new_client(cognito, ui_pool)
    set_ui(cognito, ui_pool, CSS=LABEL_CSS, ImageFile=png())
    set_ui(cognito, ui_pool, ClientId=client_id, CSS=RICH_CSS)

    set_ui(cognito, ui_pool, ClientId=client_id)
    assert get_ui(cognito, ui_pool, ClientId=client_id)["CSS"] == LABEL_CSS, "back to the pool's"

    set_ui(cognito, ui_pool)
    for ui in (get_ui(cognito, ui_pool), get_ui(cognito, ui_pool, ClientId=client_id)):
        assert "CSS" not in ui and "ImageUrl" not in ui, ui


def test_unknown_client(cognito, ui_pool):
    with raises("ResourceNotFoundException"):
        set_ui(cognito, ui_pool, ClientId="0" * 26, CSS=LABEL_CSS)
    with raises("ResourceNotFoundException"):
        get_ui(cognito, ui_pool, ClientId="0" * 26)


def test_ui_customization_on_an_unknown_pool(cognito):
    assert_unknown_pool(cognito.set_ui_customization, CSS=LABEL_CSS)
    assert_unknown_pool(cognito.get_ui_customization)


def test_ui_customization_needs_a_domain(cognito):
    """Cognito: "To use this API, your user pool must have a domain associated with it. Otherwise,
    there is no place to host the app's pages, and the service will throw an error." """
    pool_id = new_pool(cognito)
    with raises("InvalidParameterException"):
        set_ui(cognito, pool_id, CSS=LABEL_CSS)

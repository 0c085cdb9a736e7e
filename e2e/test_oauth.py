"""OAuth 2.0 and OpenID Connect (docs/hosted-ui.md) without a browser: the hosted pages are read and
their forms posted with `requests` (redirects are not followed; each Location is read), and a real
relying-party library, authlib, runs the code flow with PKCE from the discovery document and checks the
ID token. Then the token endpoint's grants (authorization_code, refresh_token, client_credentials),
userInfo, revocation, logout, and the errors of every step as the contract names them: redirect URIs
matched byte for byte and never used as an open redirect, single-use codes, PKCE (S256 only, no
downgrade), scopes, flows, client authentication, CSRF and cross-site POSTs.

The callback URL is on a port nothing listens on: these tests never follow a redirect to the app.
"""

from __future__ import annotations

import urllib.parse
import pytest
import requests
from authlib.common.security import generate_token
from authlib.integrations.requests_client import OAuth2Session
from authlib.oidc.core import CodeIDToken
from authlib.oidc.discovery import OpenIDProviderMetadata
from joserfc import jwt as jose_jwt
from joserfc.errors import InvalidClaimError
from joserfc.jwk import KeySet

from accounts import SERVER_ARGS as ACCOUNT_SERVER_ARGS
from accounts import Outbox, unique_email, unique_name, verify
from cognate_e2e import HTTP_TIMEOUT
from oauth import (
    READ_SCOPE,
    USER_SCOPES,
    WRITE_SCOPE,
    HostedPool,
    HostedUI,
    Page,
    User,
    assert_error_page,
    assert_oauth_error,
    assert_redirect_error,
    at_hash,
    authorize_params,
    cookie_attributes,
    cookies_set,
    create_hosted_pool,
    create_user,
    exchange,
    location,
    pkce_pair,
    public_client_settings,
    random_state,
    refresh,
    s256,
    split_url,
    token_request,
    tokens,
    userinfo,
)

# The development outbox (the sign-up code) and cheap Argon2id; read by the server fixture.
SERVER_ARGS = list(ACCOUNT_SERVER_ARGS)

CALLBACK = "http://127.0.0.1:43117/callback"
SIGNED_OUT = "http://127.0.0.1:43117/signed-out"
PASSWORD = "Correct-Horse-7"


@pytest.fixture(scope="module")
def hosted(idp) -> HostedPool:
    return create_hosted_pool(idp, CALLBACK, SIGNED_OUT)


@pytest.fixture(scope="module")
def alice(idp, hosted) -> User:
    return create_user(idp, hosted, PASSWORD, attributes={"name": "Alice Example"})


@pytest.fixture(scope="module")
def username_pool(idp) -> HostedPool:
    return create_hosted_pool(idp, CALLBACK, SIGNED_OUT, email_username=False)


@pytest.fixture
def ui(server):
    browser = HostedUI(server)
    yield browser
    browser.close()


@pytest.fixture(scope="module")
def discovery(server, hosted) -> dict:
    response = requests.get(f"{server.url}/{hosted.pool_id}/.well-known/openid-configuration", timeout=HTTP_TIMEOUT)
    assert response.status_code == 200, f"discovery: HTTP {response.status_code} {response.text[:500]!r}"
    assert response.headers.get("Content-Type", "").startswith("application/json"), response.headers
    return response.json()


def public_params(hosted: HostedPool, **overrides) -> dict[str, str]:
    """An authorize request of the public client to its callback, with a fresh state and a PKCE challenge."""
    overrides.setdefault("state", random_state())
    overrides.setdefault("challenge", pkce_pair()[1])
    return authorize_params(hosted.public.client_id, hosted.callback, **overrides)


def validate_id_token(jwks: dict, issuer: str, client_id: str, token: dict, nonce: str) -> CodeIDToken:
    """What authlib's OpenID client does with an ID token from the code flow (its parse_id_token): the
    signature by a key of the JWKS (joserfc, authlib's JOSE), then authlib's CodeIDToken claims: iss, aud,
    exp, iat, nonce, azp and at_hash."""
    decoded = jose_jwt.decode(token["id_token"], KeySet.import_key_set(jwks), algorithms=["RS256"])
    claims = CodeIDToken(
        decoded.claims, decoded.header,
        {"iss": {"essential": True, "value": issuer}, "aud": {"essential": True, "value": client_id},
         "nonce": {"essential": True}, "exp": {"essential": True}, "iat": {"essential": True}},
        {"nonce": nonce, "client_id": client_id, "access_token": token["access_token"]},
    )
    claims.validate(leeway=5)
    return claims


# --- discovery -------------------------------------------------------------------------------------


def test_discovery_document(server, hosted, discovery):
    base, issuer = server.url, f"{server.url}/{hosted.pool_id}"
    assert discovery["issuer"] == issuer
    assert discovery["authorization_endpoint"] == f"{base}/oauth2/authorize"
    assert discovery["token_endpoint"] == f"{base}/oauth2/token"
    assert discovery["userinfo_endpoint"] == f"{base}/oauth2/userInfo"
    assert discovery["jwks_uri"] == f"{issuer}/.well-known/jwks.json"
    assert discovery["end_session_endpoint"] == f"{base}/logout"
    assert discovery["code_challenge_methods_supported"] == ["S256"]
    assert "code" in discovery["response_types_supported"], discovery
    assert set(USER_SCOPES) <= set(discovery["scopes_supported"]), discovery
    assert "RS256" in discovery["id_token_signing_alg_values_supported"], discovery
    OpenIDProviderMetadata(discovery).validate()  # every field OIDC Discovery 1.0 §3 requires

    jwks = requests.get(discovery["jwks_uri"], timeout=HTTP_TIMEOUT)
    assert jwks.status_code == 200 and jwks.json()["keys"], jwks.text[:300]


def test_discovery_of_an_unknown_pool(server):
    assert server.get("/us-east-1_AAAAAAAAA/.well-known/openid-configuration").status == 404


# --- the code flow through authlib ---------------------------------------------------------------


def test_authlib_code_flow_with_pkce(server, hosted, alice, ui, discovery):
    client = OAuth2Session(
        client_id=hosted.public.client_id, scope=" ".join(USER_SCOPES), redirect_uri=hosted.callback,
        code_challenge_method="S256", token_endpoint_auth_method="none",
    )
    verifier, nonce = generate_token(64), generate_token(24)
    url, state = client.create_authorization_url(discovery["authorization_endpoint"], code_verifier=verifier,
                                                 nonce=nonce)
    sent = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(url).query))
    assert sent["code_challenge_method"] == "S256" and sent["code_challenge"] == s256(verifier)

    answer = ui.sign_in(url, alice.login, alice.password)
    callback_url = location(answer)
    assert split_url(callback_url)[0] == hosted.callback
    token = client.fetch_token(discovery["token_endpoint"], authorization_response=callback_url,
                               code_verifier=verifier, state=state)
    assert token["token_type"] == "Bearer" and token.get("refresh_token"), token

    jwks = requests.get(discovery["jwks_uri"], timeout=HTTP_TIMEOUT).json()
    claims = validate_id_token(jwks, discovery["issuer"], hosted.public.client_id, token, nonce)
    assert claims["sub"] == alice.sub and claims["email"] == alice.email
    assert claims["at_hash"] == at_hash(token["access_token"])
    with pytest.raises(InvalidClaimError):  # the same token is refused for another nonce
        validate_id_token(jwks, discovery["issuer"], hosted.public.client_id, token, "another-nonce")

    info = client.get(discovery["userinfo_endpoint"], timeout=HTTP_TIMEOUT)
    assert info.status_code == 200, info.text[:500]
    document = info.json()
    assert document["sub"] == alice.sub
    assert document["username"] == alice.username
    assert document["email"] == alice.email
    assert document["email_verified"] in (True, "true"), document  # Cognito answers the string "true"
    assert document["name"] == "Alice Example"  # the profile scope


def test_tokens_of_the_code_flow(server, hosted, alice, ui):
    grant = ui.code_flow(hosted, alice)
    result = tokens(exchange(server, grant))
    id_claims = verify(server, hosted.pool_id, result["id_token"], token_use="id", audience=hosted.public.client_id)
    access = verify(server, hosted.pool_id, result["access_token"], token_use="access")
    assert id_claims["nonce"] == grant.nonce
    assert id_claims["at_hash"] == at_hash(result["access_token"])
    assert id_claims["sub"] == access["sub"] == alice.sub
    assert access["client_id"] == hosted.public.client_id
    assert set(access["scope"].split()) == set(USER_SCOPES)


def test_no_scope_means_every_scope_of_the_client(server, hosted, alice, ui):
    grant = ui.code_flow(hosted, alice, scope=None)
    result = tokens(exchange(server, grant))
    access = verify(server, hosted.pool_id, result["access_token"], token_use="access")
    assert set(access["scope"].split()) == set(USER_SCOPES)
    assert "id_token" in result


@pytest.mark.parametrize("scope, expected", [
    ("openid", {"sub", "username"}),
    ("openid email", {"sub", "username", "email", "email_verified"}),
])
def test_userinfo_answers_what_the_scopes_cover(server, hosted, alice, ui, scope, expected):
    result = tokens(exchange(server, ui.code_flow(hosted, alice, scope=scope)))
    response = userinfo(server, result["access_token"])
    assert response.status_code == 200, response.text[:500]
    document = response.json()
    assert expected <= set(document), document
    assert "name" not in document, "profile attributes without the profile scope"
    if "email" not in expected:
        assert "email" not in document


def test_userinfo_refuses_bad_tokens(server, hosted):
    # RFC 6750 §3.1: an unusable bearer token is 401.
    assert userinfo(server, "not-a-token").status_code == 401
    response = requests.get(server.url + "/oauth2/userInfo", timeout=HTTP_TIMEOUT)
    assert response.status_code == 401
    # An access token without openid (client_credentials) is not for userInfo.
    service = tokens(token_request(server, {"grant_type": "client_credentials"}, auth=hosted.confidential.basic))
    assert userinfo(server, service["access_token"]).status_code in (401, 403)


def test_state_is_echoed_exactly(server, hosted, alice, ui):
    state = "a b&c=d/é?#%20+"
    grant = ui.code_flow(hosted, alice, state=state)
    assert grant.state == state and grant.query["state"] == state
    tokens(exchange(server, grant))


def test_without_pkce_the_code_works_without_a_verifier(server, hosted, alice, ui):
    tokens(exchange(server, ui.code_flow(hosted, alice, pkce=False), verifier=None))


def test_missing_redirect_uri_with_one_callback_url(server, hosted, alice, ui):
    state = random_state()
    params = authorize_params(hosted.public.client_id, None, state=state)
    answer = ui.sign_in(params, alice.login, alice.password)
    base, query, _ = split_url(location(answer))
    assert base == hosted.callback and query.get("state") == state and query.get("code")


# --- client_credentials ----------------------------------------------------------------------------


def assert_service_token(server, hosted: HostedPool, document: dict) -> dict:
    assert "id_token" not in document and "refresh_token" not in document, document
    claims = verify(server, hosted.pool_id, document["access_token"], token_use="access")
    assert claims["sub"] == claims["client_id"] == hosted.confidential.client_id, claims
    assert set(claims["scope"].split()) == {READ_SCOPE}, claims
    return claims


def test_client_credentials_with_basic_auth(server, hosted):
    response = token_request(server, {"grant_type": "client_credentials", "scope": READ_SCOPE},
                             auth=hosted.confidential.basic)
    assert_service_token(server, hosted, tokens(response))


def test_client_credentials_with_the_secret_in_the_body(server, hosted):
    # No scope: every custom scope the client has.
    response = token_request(server, {"grant_type": "client_credentials", "client_id": hosted.confidential.client_id,
                                      "client_secret": hosted.confidential.secret})
    assert_service_token(server, hosted, tokens(response))


@pytest.mark.parametrize("scope", [WRITE_SCOPE, "openid", f"{READ_SCOPE} {WRITE_SCOPE}", "https://other.example/read"])
def test_client_credentials_with_a_scope_the_client_does_not_have(server, hosted, scope):
    response = token_request(server, {"grant_type": "client_credentials", "scope": scope},
                             auth=hosted.confidential.basic)
    assert_oauth_error(response, "invalid_scope")


def test_a_wrong_client_secret(server, hosted):
    client_id = hosted.confidential.client_id
    basic = token_request(server, {"grant_type": "client_credentials"}, auth=(client_id, "wrong-secret"))
    assert_oauth_error(basic, "invalid_client", 401)
    assert basic.headers.get("WWW-Authenticate", "").startswith("Basic"), basic.headers
    body = token_request(server, {"grant_type": "client_credentials", "client_id": client_id,
                                  "client_secret": "wrong-secret"})
    assert_oauth_error(body, "invalid_client", 401)
    unknown = token_request(server, {"grant_type": "client_credentials"}, auth=("unknownclient0000000000000", "x"))
    assert_oauth_error(unknown, "invalid_client", 401)


def test_a_flow_the_client_does_not_allow(server, hosted):
    response = token_request(server, {"grant_type": "client_credentials", "client_id": hosted.public.client_id})
    assert_oauth_error(response, "unauthorized_client")


@pytest.mark.parametrize("grant_type", ["password", "urn:ietf:params:oauth:grant-type:device_code", "implicit"])
def test_unsupported_grant_types(server, hosted, alice, grant_type):
    response = token_request(server, {"grant_type": grant_type, "client_id": hosted.public.client_id,
                                      "username": alice.login, "password": alice.password})
    assert_oauth_error(response, "unsupported_grant_type")


# --- refresh and revocation ------------------------------------------------------------------------


def test_refresh_token_grant(server, hosted, alice, ui):
    first = tokens(exchange(server, ui.code_flow(hosted, alice)))
    second = tokens(refresh(server, hosted.public, first["refresh_token"]))
    assert second["access_token"] != first["access_token"]
    id_claims = verify(server, hosted.pool_id, second["id_token"], token_use="id", audience=hosted.public.client_id)
    access = verify(server, hosted.pool_id, second["access_token"], token_use="access")
    assert id_claims["sub"] == access["sub"] == alice.sub
    assert set(access["scope"].split()) == set(USER_SCOPES)


def test_revoke_then_refresh(server, hosted, alice, ui):
    first = tokens(exchange(server, ui.code_flow(hosted, alice)))
    assert userinfo(server, first["access_token"]).status_code == 200
    revoked = requests.post(server.url + "/oauth2/revoke", timeout=HTTP_TIMEOUT,
                            data={"token": first["refresh_token"], "client_id": hosted.public.client_id})
    assert revoked.status_code == 200, revoked.text[:500]
    assert_oauth_error(refresh(server, hosted.public, first["refresh_token"]), "invalid_grant")
    assert userinfo(server, first["access_token"]).status_code == 401, "the access tokens it produced are revoked too"


# --- authorize errors shown, never redirected ------------------------------------------------------

MISMATCHED_REDIRECTS = {
    "prefix": CALLBACK[: -len("back")],
    "longer-path": CALLBACK + "/more",
    "query": CALLBACK + "?next=1",
    "trailing-slash": CALLBACK + "/",
    "other-port": CALLBACK.replace(":43117", ":43118"),
    "localhost": CALLBACK.replace("127.0.0.1", "localhost"),
    "case": CALLBACK.replace("/callback", "/Callback"),
    "https": CALLBACK.replace("http://", "https://"),
    "other-host": "https://evil.example/callback",
    "encoded": CALLBACK.replace("/callback", "/%63allback"),
}


@pytest.mark.parametrize("redirect_uri", list(MISMATCHED_REDIRECTS.values()), ids=list(MISMATCHED_REDIRECTS))
def test_a_redirect_uri_that_is_not_registered(server, hosted, ui, redirect_uri):
    params = authorize_params(hosted.public.client_id, redirect_uri, state=random_state())
    assert_error_page(ui.authorize(params), "redirect_mismatch")


def test_an_unknown_client(server, hosted, ui):
    params = authorize_params("unknownclient0000000000000", hosted.callback, state=random_state())
    assert_error_page(ui.authorize(params), "invalid_client")


def test_no_client_id(server, hosted, ui):
    params = authorize_params(hosted.public.client_id, hosted.callback, state=random_state())
    del params["client_id"]
    assert_error_page(ui.authorize(params), ("invalid_request", "invalid_client"))


def test_a_pool_without_a_domain_has_no_hosted_ui(server, idp, ui):
    pool_id = idp.create_user_pool(PoolName=unique_name("no-domain"))["UserPool"]["Id"]
    client_id = idp.create_user_pool_client(
        UserPoolId=pool_id, ClientName="web", AllowedOAuthFlowsUserPoolClient=True, AllowedOAuthFlows=["code"],
        AllowedOAuthScopes=["openid"], CallbackURLs=[CALLBACK], SupportedIdentityProviders=["COGNITO"],
    )["UserPoolClient"]["ClientId"]
    params = authorize_params(client_id, CALLBACK, scope="openid", state=random_state())
    assert_error_page(ui.authorize(params), None)


def test_the_host_of_a_pool_domain_must_be_the_pool_of_the_client(server, hosted, username_pool, ui):
    params = public_params(hosted)
    own = ui.get("/oauth2/authorize", params, headers={"Host": f"{hosted.domain}.auth.us-east-1.amazoncognito.com"})
    assert urllib.parse.urlsplit(location(own)).path == "/login"
    other = ui.get("/oauth2/authorize", params,
                   headers={"Host": f"{username_pool.domain}.auth.us-east-1.amazoncognito.com"})
    assert_error_page(other, None)


# --- authorize errors sent back to the app ---------------------------------------------------------


@pytest.mark.parametrize("extra", [
    {"code_challenge": "x" * 43, "code_challenge_method": "plain"},
    {"code_challenge": s256("verifier-" + "v" * 40)},  # no method
    {"code_challenge": "x" * 20, "code_challenge_method": "S256"},  # an S256 challenge is 43 characters
    {"code_challenge": s256("v" * 50), "code_challenge_method": "S512"},
], ids=["plain", "no-method", "wrong-length", "unknown-method"])
def test_bad_pkce_requests(server, hosted, ui, extra):
    state = random_state()
    params = authorize_params(hosted.public.client_id, hosted.callback, state=state, **extra)
    assert_redirect_error(ui.authorize(params), hosted.callback, "invalid_request", state)


@pytest.mark.parametrize("scope", ["openid phone", "aws.cognito.signin.user.admin", READ_SCOPE, "openid unknown"])
def test_a_scope_the_client_does_not_allow(server, hosted, ui, scope):
    state = random_state()
    response = ui.authorize(public_params(hosted, scope=scope, state=state))
    assert_redirect_error(response, hosted.callback, "invalid_scope", state)


def test_implicit_flow_on_a_code_only_client(server, hosted, ui):
    state = random_state()
    response = ui.authorize(public_params(hosted, response_type="token", state=state, challenge=None))
    assert_redirect_error(response, hosted.callback, "unauthorized_client", state, in_fragment=True)


def test_an_unsupported_response_type(server, hosted, ui):
    state = random_state()
    response = ui.authorize(public_params(hosted, response_type="code id_token", state=state))
    assert_redirect_error(response, hosted.callback, "unsupported_response_type", state)


def test_an_identity_provider_the_client_does_not_support(server, hosted, ui):
    state = random_state()
    response = ui.authorize(public_params(hosted, state=state, identity_provider="Google"))
    assert_redirect_error(response, hosted.callback, "invalid_request", state)


# --- codes at the token endpoint -------------------------------------------------------------------


def test_a_code_works_once_and_its_reuse_revokes_the_tokens(server, hosted, alice, ui):
    grant = ui.code_flow(hosted, alice)
    first = tokens(exchange(server, grant))
    assert_oauth_error(exchange(server, grant), "invalid_grant")
    assert_oauth_error(refresh(server, hosted.public, first["refresh_token"]), "invalid_grant")
    assert userinfo(server, first["access_token"]).status_code == 401


def test_pkce_verifier_missing(server, hosted, alice, ui):
    assert_oauth_error(exchange(server, ui.code_flow(hosted, alice), verifier=None), "invalid_grant")


def test_pkce_verifier_wrong(server, hosted, alice, ui):
    assert_oauth_error(exchange(server, ui.code_flow(hosted, alice), verifier=pkce_pair()[0]), "invalid_grant")


def test_pkce_downgrade(server, hosted, alice, ui):
    # No challenge in the authorize request, a verifier at the token endpoint.
    grant = ui.code_flow(hosted, alice, pkce=False)
    assert_oauth_error(exchange(server, grant, verifier=pkce_pair()[0]), "invalid_grant")


def test_a_code_taken_to_another_client(server, hosted, alice, ui):
    grant = ui.code_flow(hosted, alice)
    assert_oauth_error(exchange(server, grant, client_id=hosted.other.client_id), "invalid_grant")


def test_another_redirect_uri_at_the_token_endpoint(server, hosted, alice, ui):
    grant = ui.code_flow(hosted, alice)
    assert_oauth_error(exchange(server, grant, redirect_uri=CALLBACK + "/other"), "invalid_grant")


def test_an_unknown_code(server, hosted, ui):
    response = token_request(server, {"grant_type": "authorization_code", "code": generate_token(43),
                                      "client_id": hosted.public.client_id, "redirect_uri": hosted.callback,
                                      "code_verifier": pkce_pair()[0]})
    assert_oauth_error(response, "invalid_grant")


# --- CSRF and cross-site POSTs ---------------------------------------------------------------------


@pytest.mark.parametrize("variant", ["no-field", "no-cookie", "different-value"])
def test_login_without_a_matching_csrf_token(server, hosted, alice, ui, variant):
    page = ui.login_page(public_params(hosted))
    assert page.form("username").values.get("_csrf"), f"no _csrf field: {page.describe()}"
    values = {"username": alice.login, "password": alice.password}
    if variant == "no-field":
        response = ui.submit(page, values, without=("_csrf",))
    elif variant == "no-cookie":
        ui.session.cookies.clear()
        response = ui.submit(page, values)
    else:
        response = ui.submit(page, {**values, "_csrf": generate_token(32)})
    assert_error_page(response, "invalid_csrf", 403)
    assert "cognito" not in cookies_set(response)


@pytest.mark.parametrize("headers", [
    {"Origin": "http://evil.example"},
    {"Sec-Fetch-Site": "cross-site"},
], ids=["origin", "sec-fetch-site"])
def test_a_cross_site_login_post(server, hosted, alice, ui, headers):
    page = ui.login_page(public_params(hosted))
    response = ui.submit(page, {"username": alice.login, "password": alice.password}, headers=headers)
    assert_error_page(response, "invalid_csrf", 403)
    assert "cognito" not in cookies_set(response)
    # The same POST from the server's own origin, on a fresh page, works.
    page = ui.login_page(public_params(hosted))
    answer = ui.submit(page, {"username": alice.login, "password": alice.password},
                       headers={"Sec-Fetch-Site": "same-origin"})
    assert split_url(location(answer))[0] == hosted.callback


# --- session and logout without a browser ----------------------------------------------------------


def test_session_and_logout(server, hosted, alice, ui):
    ui.code_flow(hosted, alice)
    # Single sign-on: the cookie answers the next request at once, for another client of the pool too.
    state = random_state()
    base, query, _ = split_url(location(ui.authorize(authorize_params(hosted.other.client_id, hosted.callback,
                                                                      state=state))))
    assert base == hosted.callback and query.get("code") and query.get("state") == state

    answer = ui.get("/logout", {"client_id": hosted.public.client_id, "logout_uri": hosted.signed_out})
    assert location(answer) == hosted.signed_out
    cleared = cookies_set(answer).get("cognito")
    assert cleared, "logout does not clear the cognito cookie"
    attributes = cookie_attributes(cleared)
    assert attributes.get("max-age") == "0" or "expires" in attributes, cleared
    ui.login_page(public_params(hosted))  # no session: the login form again


def test_logout_to_the_login_page(server, hosted, alice, ui):
    ui.code_flow(hosted, alice)
    state = random_state()
    answer = ui.get("/logout", {"client_id": hosted.public.client_id, "redirect_uri": hosted.callback,
                                "response_type": "code", "state": state})
    target = location(answer)
    base, query, _ = split_url(target)
    assert base == f"{server.url}/login" and query.get("state") == state and query.get("client_id")
    ui.login_page(public_params(hosted))


@pytest.mark.parametrize("params", [
    {"logout_uri": SIGNED_OUT + "/other"},
    {"logout_uri": "https://evil.example/"},
    {"logout_uri": CALLBACK},  # a callback URL is no sign-out URL
    {},
], ids=["unregistered", "other-host", "callback-url", "nothing"])
def test_logout_errors_are_shown(server, hosted, ui, params):
    response = ui.get("/logout", {"client_id": hosted.public.client_id, **params})
    assert_error_page(response, None)


# --- sign-up in a username pool, without a browser ------------------------------------------------


def test_sign_up_in_a_username_pool(server, username_pool, ui):
    hosted = username_pool
    name, address = unique_name("signup"), unique_email("signup")
    verifier, challenge = pkce_pair()
    params = public_params(hosted, challenge=challenge)
    login = ui.login_page(params)
    link = login.elements.get("signup-link")
    assert link is not None and link.attrs.get("href"), f"no #signup-link: {login.describe()}"
    page = ui.page(urllib.parse.urljoin(login.url, link.attrs["href"]))
    assert page.status == 200, page.describe()
    form = page.form("username")
    assert form.has("email") and form.has("password") and form.has("_csrf"), form
    confirm = ui.page_after(ui.submit(page, {"username": name, "email": address, "password": PASSWORD}))
    assert urllib.parse.urlsplit(confirm.url).path == "/confirmUser" or confirm.fields.get("code"), confirm.describe()
    code = Outbox(server).code(address, hosted.pool_id)
    answer = ui.submit(confirm, {"code": code})
    base, query, _ = split_url(location(answer))
    assert base == hosted.callback and query.get("state") == params["state"] and query.get("code")
    result = tokens(token_request(server, {"grant_type": "authorization_code", "code": query["code"],
                                           "client_id": hosted.public.client_id, "redirect_uri": hosted.callback,
                                           "code_verifier": verifier}))
    claims = verify(server, hosted.pool_id, result["id_token"], token_use="id", audience=hosted.public.client_id)
    assert claims["cognito:username"] == name and claims["email"] == address, claims


# --- implicit flow and UI customization -------------------------------------------------------------


def test_implicit_flow_answers_in_the_fragment(server, idp, hosted, alice, ui, discovery):
    """response_type=token: tokens in the fragment (never the query), the nonce in the ID token, no
    refresh token; only for a client that allows the implicit flow."""
    settings = public_client_settings(CALLBACK, SIGNED_OUT)
    settings["AllowedOAuthFlows"] = ["implicit"]
    client = idp.create_user_pool_client(UserPoolId=hosted.pool_id, ClientName="spa", **settings)["UserPoolClient"]["ClientId"]
    state, nonce = random_state(), random_state()
    params = authorize_params(client, CALLBACK, response_type="token", state=state, nonce=nonce)
    response = ui.submit(ui.login_page(params), {"username": alice.login, "password": alice.password})
    base, query, fragment = split_url(location(response))
    assert base == CALLBACK and not query, location(response)
    assert fragment["state"] == state and fragment["token_type"] == "Bearer", fragment
    assert "refresh_token" not in fragment and "code" not in fragment, fragment
    jwks = requests.get(discovery["jwks_uri"], timeout=HTTP_TIMEOUT).json()
    claims = validate_id_token(jwks, hosted.issuer(server), client, fragment, nonce)
    assert claims["sub"] == alice.sub
    assert userinfo(server, fragment["access_token"]).json()["sub"] == alice.sub


def test_ui_customization_styles_the_pages(server, idp, hosted, ui):
    """The pool's CSS goes into every page of its clients (under the page's CSP nonce), a client's own
    customization wins over the pool's, and the logo is served where ImageUrl points."""
    png = bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201a5e0e3a40000000049454e44ae426082"
    )
    idp.set_ui_customization(UserPoolId=hosted.pool_id, ClientId="ALL", CSS=".banner-customizable { background-color: #123456; }")
    page = ui.login_page(public_params(hosted))
    assert "#123456" in page.html, page.describe()
    csp = page.response.headers["Content-Security-Policy"]
    nonce = csp.split("'nonce-")[1].split("'")[0]
    assert f'<style nonce="{nonce}">.banner-customizable' in page.html

    own = idp.set_ui_customization(
        UserPoolId=hosted.pool_id, ClientId=hosted.public.client_id, CSS=".submitButton-customizable { color: #654321; }", ImageFile=png
    )["UICustomization"]
    page = ui.login_page(public_params(hosted))
    assert "#654321" in page.html and "#123456" not in page.html, page.describe()
    assert own["ImageUrl"] in page.html
    logo = requests.get(own["ImageUrl"], timeout=HTTP_TIMEOUT)
    assert logo.status_code == 200 and logo.headers["Content-Type"] == "image/png" and logo.content == png
    idp.set_ui_customization(UserPoolId=hosted.pool_id, ClientId=hosted.public.client_id)
    idp.set_ui_customization(UserPoolId=hosted.pool_id, ClientId="ALL")


def test_resend_code_and_confirmation_in_another_browser(server, username_pool, ui):
    """The confirm page's resend form sends a new code (the old one stops working); a browser that did
    not choose the password is only confirmed and sent to sign in, never signed in by the code alone."""
    hosted = username_pool
    name, address = unique_name("resend"), unique_email("resend")
    params = public_params(hosted)
    page = ui.page("/signup", params)
    confirm = ui.page_after(ui.submit(page, {"username": name, "email": address, "password": PASSWORD}))
    first = Outbox(server).code(address, hosted.pool_id)
    resend = ui.session.post(
        f"{server.url}/resendCode?{urllib.parse.urlencode(params)}",
        data={"_csrf": confirm.form("code").values["_csrf"], "username": name},
        headers={"Origin": server.url}, allow_redirects=False, timeout=HTTP_TIMEOUT,
    )
    resent = Page(resend)
    assert resent.status == 200 and resent.notice, resent.describe()
    second = Outbox(server).code(address, hosted.pool_id)
    assert second != first

    other = HostedUI(server)
    try:
        page = other.page(f"/confirmUser?{urllib.parse.urlencode({**params, 'username': name})}")
        stale = other.submit(page, {"code": first})
        assert stale.status_code == 400 and Page(stale).error, Page(stale).describe()
        answer = other.submit(Page(stale), {"code": second})
        target = location(answer)
        assert urllib.parse.urlsplit(target).path == "/login", target
        login = other.page(target)
        assert login.notice and "confirmed" in login.notice, login.describe()
        assert "cognito" not in cookies_set(answer) or "Max-Age=0" in cookies_set(answer)["cognito"]
    finally:
        other.close()


def test_the_username_field_is_named_as_the_pool_signs_in(server, hosted, username_pool, ui):
    """Email pools ask for the email on /login and /forgotPassword; username pools for the username."""
    for pool, label in ((hosted, "Email"), (username_pool, "Username")):
        params = authorize_params(pool.public.client_id, CALLBACK, state=random_state())
        for page in (ui.login_page(params), ui.page("/forgotPassword", params)):
            assert f'<label class="label-customizable" for="username">{label}</label>' in page.html, page.describe()

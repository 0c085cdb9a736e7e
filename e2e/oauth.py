"""Helpers of the OAuth 2.0 / OIDC and hosted-UI tests (docs/hosted-ui.md): a pool with a domain, a
resource server and the app clients those tests use (set up with boto3); PKCE; the hosted pages read
and their forms posted with a `requests` session that follows no redirect, as a browser without
JavaScript would; the token endpoint; and the checks of OAuth errors (JSON, redirects, error pages)."""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
import urllib.parse
import uuid
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any, Mapping

import requests

from cognate_e2e import HTTP_TIMEOUT, CognateServer

RESOURCE_SERVER = "https://api.example.test"
READ_SCOPE = f"{RESOURCE_SERVER}/read"
WRITE_SCOPE = f"{RESOURCE_SERVER}/write"  # on the resource server, not allowed to the confidential client
USER_SCOPES = ["openid", "email", "profile"]

PUBLIC_FLOWS = ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]


# --- pools and clients -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Client:
    client_id: str
    secret: str | None = None

    @property
    def basic(self) -> tuple[str, str]:
        """HTTP Basic credentials (client_secret_basic)."""
        assert self.secret is not None, "a public client has no secret"
        return (self.client_id, self.secret)


@dataclass(frozen=True)
class HostedPool:
    """A pool with a prefix domain and a resource server (RESOURCE_SERVER: read, write), and
    - `public`: no secret, the code flow, scopes openid/email/profile, one callback and one sign-out URL;
    - `other`: a second client like `public` (same callback), for codes taken to the wrong client;
    - `confidential`: a secret, the client_credentials flow, the scope READ_SCOPE only."""

    pool_id: str
    domain: str
    public: Client
    other: Client
    confidential: Client
    callback: str
    signed_out: str
    email_username: bool

    def issuer(self, server: CognateServer) -> str:
        return f"{server.url}/{self.pool_id}"


def public_client_settings(callback: str, signed_out: str) -> dict[str, Any]:
    return {
        "GenerateSecret": False,
        "AllowedOAuthFlowsUserPoolClient": True,
        "AllowedOAuthFlows": ["code"],
        "AllowedOAuthScopes": list(USER_SCOPES),
        "CallbackURLs": [callback],
        "LogoutURLs": [signed_out],
        "SupportedIdentityProviders": ["COGNITO"],
        "ExplicitAuthFlows": list(PUBLIC_FLOWS),
        "EnableTokenRevocation": True,
    }


def create_hosted_pool(idp, callback: str, signed_out: str, *, email_username: bool = True,
                       **pool_settings) -> HostedPool:
    """The pool and clients of HostedPool. `email_username`: users sign in with their email
    (UsernameAttributes email); otherwise with a username, and email is a required attribute. Both
    verify emails (AutoVerifiedAttributes email)."""
    name = f"hosted-{uuid.uuid4().hex[:10]}"
    pool_settings.setdefault("PoolName", name)
    pool_settings.setdefault("AutoVerifiedAttributes", ["email"])
    if email_username:
        pool_settings.setdefault("UsernameAttributes", ["email"])
    else:
        pool_settings.setdefault(
            "Schema", [{"Name": "email", "AttributeDataType": "String", "Required": True, "Mutable": True}]
        )
    pool_id = idp.create_user_pool(**pool_settings)["UserPool"]["Id"]
    domain = f"e2e-{uuid.uuid4().hex[:12]}"
    idp.create_user_pool_domain(UserPoolId=pool_id, Domain=domain)
    idp.create_resource_server(
        UserPoolId=pool_id, Identifier=RESOURCE_SERVER, Name="api",
        Scopes=[{"ScopeName": "read", "ScopeDescription": "read"}, {"ScopeName": "write", "ScopeDescription": "write"}],
    )

    def public(client_name: str) -> Client:
        created = idp.create_user_pool_client(
            UserPoolId=pool_id, ClientName=client_name, **public_client_settings(callback, signed_out)
        )["UserPoolClient"]
        assert "ClientSecret" not in created, created
        return Client(created["ClientId"])

    confidential = idp.create_user_pool_client(
        UserPoolId=pool_id, ClientName="service", GenerateSecret=True,
        AllowedOAuthFlowsUserPoolClient=True, AllowedOAuthFlows=["client_credentials"],
        AllowedOAuthScopes=[READ_SCOPE], ExplicitAuthFlows=["ALLOW_REFRESH_TOKEN_AUTH"],
    )["UserPoolClient"]
    return HostedPool(
        pool_id=pool_id, domain=domain, public=public("web"), other=public("other-web"),
        confidential=Client(confidential["ClientId"], confidential["ClientSecret"]),
        callback=callback, signed_out=signed_out, email_username=email_username,
    )


@dataclass(frozen=True)
class User:
    login: str  # what the user types as the username (the email in email pools)
    password: str
    sub: str
    email: str
    username: str  # Cognito's username (the sub in email pools)


def create_user(idp, hosted: HostedPool, password: str, *, email: str | None = None,
                login: str | None = None, attributes: Mapping[str, str] | None = None,
                temporary: bool = False) -> User:
    """A user made by the admin API (no message sent), with a verified email. With `temporary` the
    password is a temporary one (FORCE_CHANGE_PASSWORD); otherwise it is permanent (CONFIRMED)."""
    email = email or f"user-{uuid.uuid4().hex[:10]}@example.com"
    login = email if hosted.email_username else (login or f"user-{uuid.uuid4().hex[:10]}")
    values = {"email": email, "email_verified": "true", **(attributes or {})}
    created = idp.admin_create_user(
        UserPoolId=hosted.pool_id, Username=login, MessageAction="SUPPRESS",
        UserAttributes=[{"Name": k, "Value": v} for k, v in values.items()],
        **({"TemporaryPassword": password} if temporary else {}),
    )["User"]
    if not temporary:
        idp.admin_set_user_password(UserPoolId=hosted.pool_id, Username=login, Password=password, Permanent=True)
    sub = next(a["Value"] for a in created["Attributes"] if a["Name"] == "sub")
    return User(login=login, password=password, sub=sub, email=email, username=created["Username"])


# --- PKCE and hashes -------------------------------------------------------------------------------


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def s256(verifier: str) -> str:
    """The S256 code challenge of `verifier` (RFC 7636 §4.2)."""
    return b64url(hashlib.sha256(verifier.encode("ascii")).digest())


def pkce_pair() -> tuple[str, str]:
    """A code verifier (64 unreserved characters; RFC 7636 §4.1 allows 43-128) and its S256 challenge."""
    verifier = secrets.token_urlsafe(48)
    return verifier, s256(verifier)


def at_hash(access_token: str) -> str:
    """OIDC Core §3.1.3.6 for RS256: base64url of the left half of SHA-256 of the token's ASCII octets."""
    return b64url(hashlib.sha256(access_token.encode("ascii")).digest()[:16])


def random_state() -> str:
    return secrets.token_urlsafe(16)


# --- hosted pages, read without a browser --------------------------------------------------------

VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class Form:
    action: str  # absolute (resolved against the page's URL)
    method: str
    values: dict[str, str] = field(default_factory=dict)  # the named fields and their initial values
    types: dict[str, str] = field(default_factory=dict)  # field name -> input type
    submit_buttons: int = 0  # `button[type=submit]`

    def has(self, name: str) -> bool:
        return name in self.values


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    text_parts: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join("".join(self.text_parts).split())


class _PageParser(HTMLParser):
    def __init__(self, base_url: str):
        super().__init__(convert_charrefs=True)
        self.base_url = base_url
        self.forms: list[Form] = []
        self.form: Form | None = None
        self.elements: dict[str, Element] = {}
        self.named: dict[str, dict[str, str]] = {}  # field name -> attributes (first occurrence)
        self.open: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        self._start(tag, attrs)
        if tag not in VOID_ELEMENTS:
            self.open.append((tag, dict((k, v or "") for k, v in attrs).get("id")))

    def handle_startendtag(self, tag, attrs):
        self._start(tag, attrs)

    def _start(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            action = urllib.parse.urljoin(self.base_url, a.get("action") or self.base_url)
            self.form = Form(action=action, method=(a.get("method") or "get").lower())
            self.forms.append(self.form)
        elif tag in ("input", "textarea", "select") and a.get("name"):
            self.named.setdefault(a["name"], a)
            if self.form is not None:
                kind = a.get("type", "text").lower() if tag == "input" else tag
                if kind not in ("checkbox", "radio") or "checked" in a:
                    self.form.values.setdefault(a["name"], a.get("value", ""))
                self.form.types.setdefault(a["name"], kind)
        elif tag == "button" and self.form is not None and a.get("type", "").lower() == "submit":
            self.form.submit_buttons += 1
        if a.get("id") and a["id"] not in self.elements:
            self.elements[a["id"]] = Element(tag, a)

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        for index in range(len(self.open) - 1, -1, -1):
            if self.open[index][0] == tag:
                del self.open[index:]
                break

    def handle_data(self, data):
        for _, element_id in self.open:
            if element_id and element_id in self.elements:
                self.elements[element_id].text_parts.append(data)


class Page:
    """A hosted page as fetched by `requests`: status, headers, its forms and its elements by id."""

    def __init__(self, response: requests.Response):
        self.response = response
        self.status = response.status_code
        self.url = response.url
        self.headers = response.headers
        self.html = response.text
        parser = _PageParser(response.url)
        parser.feed(self.html)
        parser.close()
        self.forms = parser.forms
        self.elements = parser.elements
        self.fields = parser.named

    def form(self, field_name: str) -> Form:
        """The form holding a field named `field_name`."""
        for form in self.forms:
            if form.has(field_name):
                return form
        raise AssertionError(f"no form with a field {field_name!r} on {self.describe()}")

    def text(self, element_id: str) -> str | None:
        element = self.elements.get(element_id)
        return element.text if element else None

    @property
    def error(self) -> str | None:
        return self.text("error")

    @property
    def notice(self) -> str | None:
        return self.text("notice")

    def describe(self) -> str:
        return f"{self.url} -> HTTP {self.status} {dict(self.headers)}\n{self.html[:1500]}"


def location(response: requests.Response) -> str:
    """The absolute Location of a redirect (it fails on anything else)."""
    assert response.is_redirect, (
        f"expected a redirect, got HTTP {response.status_code} from {response.url}: {response.text[:800]!r}"
    )
    return urllib.parse.urljoin(response.url, response.headers["Location"])


def split_url(url: str) -> tuple[str, dict[str, str], dict[str, str]]:
    """(URL without query and fragment, query, fragment parameters)."""
    parts = urllib.parse.urlsplit(url)
    base = urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
    query = dict(urllib.parse.parse_qsl(parts.query, keep_blank_values=True))
    fragment = dict(urllib.parse.parse_qsl(parts.fragment, keep_blank_values=True))
    return base, query, fragment


@dataclass
class CodeGrant:
    """What an app got at its callback in the code flow, and what it needs to redeem the code."""

    code: str
    state: str | None
    nonce: str | None
    verifier: str | None
    client_id: str
    redirect_uri: str
    query: dict[str, str]


def authorize_params(client_id: str, redirect_uri: str | None, *, scope: str | None = " ".join(USER_SCOPES),
                     state: str | None = None, nonce: str | None = None, challenge: str | None = None,
                     response_type: str = "code", **extra: str | None) -> dict[str, str]:
    """The query of an authorize request; a value of None leaves the parameter out."""
    params = {
        "client_id": client_id,
        "redirect_uri": redirect_uri,
        "response_type": response_type,
        "scope": scope,
        "state": state,
        "nonce": nonce,
    }
    if challenge is not None:
        params.update(code_challenge=challenge, code_challenge_method="S256")
    params.update(extra)
    return {k: v for k, v in params.items() if v is not None}


class HostedUI:
    """A `requests` session that uses the hosted UI as a browser without JavaScript would: it keeps the
    cookies, follows no redirect (the tests read each Location), and posts forms with their hidden
    fields (`_csrf`) and the same-origin `Origin` header a browser sends."""

    def __init__(self, server: CognateServer):
        self.server = server
        self.session = requests.Session()

    def close(self) -> None:
        self.session.close()

    def url(self, path: str) -> str:
        return path if path.startswith(("http://", "https://")) else self.server.url + path

    def get(self, path: str, params: Mapping[str, str] | None = None, **kwargs) -> requests.Response:
        return self.session.get(self.url(path), params=params, allow_redirects=False, timeout=HTTP_TIMEOUT, **kwargs)

    def page(self, path: str, params: Mapping[str, str] | None = None) -> Page:
        return Page(self.get(path, params))

    def authorize(self, params: Mapping[str, str]) -> requests.Response:
        return self.get("/oauth2/authorize", params)

    def submit(self, page: Page, values: Mapping[str, str], *, form_field: str | None = None,
               without: tuple[str, ...] = (), headers: Mapping[str, str] | None = None) -> requests.Response:
        """POSTs the form holding `form_field` (default: the first key of `values`) with its fields,
        `values` over them, and the fields in `without` left out."""
        form = page.form(form_field or next(iter(values)))
        assert form.method == "post", f"the form posts with {form.method!r}: {page.describe()}"
        assert form.submit_buttons >= 1, f"the form has no button[type=submit]: {page.describe()}"
        data = {**form.values, **values}
        for name in without:
            data.pop(name, None)
        sent = {"Origin": self.server.url, **(headers or {})}
        return self.session.post(form.action, data=data, headers=sent, allow_redirects=False,
                                 timeout=HTTP_TIMEOUT)

    def login_page(self, params: Mapping[str, str] | str) -> Page:
        """/oauth2/authorize (with `params`, or the whole URL) without a session: the redirect to /login,
        and the page there."""
        response = self.get(params) if isinstance(params, str) else self.authorize(params)
        target = location(response)
        assert urllib.parse.urlsplit(target).path == "/login", f"authorize sent the browser to {target}"
        page = self.page(target)
        assert page.status == 200, page.describe()
        return page

    def page_after(self, response: requests.Response) -> Page:
        """The page a form's answer shows: the answer itself, or where it redirects (on this server)."""
        if response.is_redirect:
            target = location(response)
            assert target.startswith(self.server.url + "/"), f"redirected away, to {target}"
            return self.page(target)
        return Page(response)

    def sign_in(self, params: Mapping[str, str] | str, login: str, password: str) -> requests.Response:
        """/oauth2/authorize, then the /login form: the answer to the POST (a redirect when it worked)."""
        page = self.login_page(params)
        return self.submit(page, {"username": login, "password": password})

    def code_flow(self, hosted: HostedPool, user: User, *, client: Client | None = None, pkce: bool = True,
                  scope: str | None = " ".join(USER_SCOPES), redirect_uri: str | None = None,
                  state: str | None = None, **extra: str) -> CodeGrant:
        """A whole sign-in with a fresh state (unless given) and nonce (and PKCE): the code at the
        callback. `scope` None sends no scope."""
        client = client or hosted.public
        redirect_uri = redirect_uri or hosted.callback
        state, nonce = state or random_state(), random_state()
        verifier, challenge = pkce_pair() if pkce else (None, None)
        params = authorize_params(client.client_id, redirect_uri, scope=scope, state=state, nonce=nonce,
                                  challenge=challenge, **extra)
        response = self.authorize(params)
        target = location(response)
        if urllib.parse.urlsplit(target).path == "/login":
            page = self.page(target)
            assert page.status == 200, page.describe()
            response = self.submit(page, {"username": user.login, "password": user.password})
            target = location(response)
        base, query, _ = split_url(target)
        assert base == redirect_uri, f"the sign-in went to {target}, not to {redirect_uri}"
        assert "error" not in query, f"the sign-in failed: {target}"
        assert query.get("state") == state, f"state not echoed: {target}"
        assert query.get("code"), f"no code: {target}"
        return CodeGrant(query["code"], state, nonce, verifier, client.client_id, redirect_uri, query)


def cookies_set(response: requests.Response) -> dict[str, str]:
    """Each `Set-Cookie` header of `response` by cookie name (the raw header, attributes included)."""
    found = {}
    for header in response.raw.headers.getlist("Set-Cookie"):
        name = header.split("=", 1)[0].strip()
        found[name] = header
    return found


def cookie_attributes(header: str) -> dict[str, str]:
    """The attributes of one Set-Cookie header, names lower-cased (`httponly` -> "")."""
    attributes = {}
    for part in header.split(";")[1:]:
        name, _, value = part.strip().partition("=")
        attributes[name.strip().lower()] = value.strip()
    return attributes


# --- the token endpoint ----------------------------------------------------------------------------


def token_request(server: CognateServer, data: Mapping[str, str], *, auth: tuple[str, str] | None = None,
                  headers: Mapping[str, str] | None = None) -> requests.Response:
    return requests.post(server.url + "/oauth2/token", data=dict(data), auth=auth, headers=headers,
                         allow_redirects=False, timeout=HTTP_TIMEOUT)


def exchange(server: CognateServer, grant: CodeGrant, *, verifier: str | None = "same", client_id: str | None = None,
             redirect_uri: str | None = None, auth: tuple[str, str] | None = None) -> requests.Response:
    """The authorization_code grant for `grant` (its own verifier unless `verifier` is given; None
    sends no verifier)."""
    data = {
        "grant_type": "authorization_code",
        "code": grant.code,
        "client_id": client_id or grant.client_id,
        "redirect_uri": redirect_uri or grant.redirect_uri,
    }
    verifier = grant.verifier if verifier == "same" else verifier
    if verifier is not None:
        data["code_verifier"] = verifier
    return token_request(server, data, auth=auth)


def tokens(response: requests.Response) -> dict:
    """A successful token response: 200, JSON, no-store, Bearer; returns the document."""
    assert response.status_code == 200, f"token endpoint: HTTP {response.status_code} {response.text[:800]!r}"
    assert response.headers.get("Content-Type", "").startswith("application/json"), response.headers
    assert "no-store" in response.headers.get("Cache-Control", ""), response.headers
    document = response.json()
    assert document.get("token_type") == "Bearer", document
    assert isinstance(document.get("expires_in"), int) and document["expires_in"] > 0, document
    assert isinstance(document.get("access_token"), str), document
    return document


def refresh(server: CognateServer, client: Client, refresh_token: str) -> requests.Response:
    return token_request(server, {"grant_type": "refresh_token", "refresh_token": refresh_token,
                                  "client_id": client.client_id})


def userinfo(server: CognateServer, access_token: str) -> requests.Response:
    return requests.get(server.url + "/oauth2/userInfo", headers={"Authorization": f"Bearer {access_token}"},
                        allow_redirects=False, timeout=HTTP_TIMEOUT)


# --- errors ----------------------------------------------------------------------------------------


def assert_oauth_error(response: requests.Response, error: str, status: int = 400) -> dict:
    """A JSON error of the token (or revocation) endpoint: `{"error": …, "error_description": …}`."""
    assert response.status_code == status, (
        f"expected HTTP {status} {error}, got {response.status_code}: {response.text[:800]!r}"
    )
    assert response.headers.get("Content-Type", "").startswith("application/json"), response.headers
    document = response.json()
    assert document.get("error") == error, f"expected {error}, got {document}"
    assert isinstance(document.get("error_description"), str), document
    assert "access_token" not in document and "id_token" not in document, document
    return document


def assert_redirect_error(response: requests.Response, redirect_uri: str, error: str, state: str | None,
                          *, in_fragment: bool = False) -> dict[str, str]:
    """An authorize error sent back to the app: a redirect to `redirect_uri` with `error`,
    `error_description` and `state` in the query (the fragment for response_type=token)."""
    target = location(response)
    base, query, fragment = split_url(target)
    assert base == redirect_uri, f"the error went to {target}, not to {redirect_uri}"
    found = fragment if in_fragment else query
    assert found.get("error") == error, f"expected error={error} in the {'fragment' if in_fragment else 'query'}: {target}"
    assert "code" not in query and "access_token" not in fragment, target
    assert found.get("error_description"), f"no error_description: {target}"
    if state is not None:
        assert found.get("state") == state, f"state not echoed: {target}"
    return found


def assert_error_page(response: requests.Response, error: str | tuple[str, ...] | None,
                      status: int = 400) -> Page:
    """An error shown on an HTML page and not redirected: `status`, no Location, `#error` (role=alert)
    holding `error` (one of them, for a tuple; any text, for None)."""
    page = Page(response)
    assert page.status == status, f"expected HTTP {status}: {page.describe()}"
    assert "Location" not in response.headers, f"an error page must not redirect: {page.describe()}"
    assert response.headers.get("Content-Type", "").startswith("text/html"), page.describe()
    element = page.elements.get("error")
    assert element is not None, f"no #error on the page: {page.describe()}"
    expected = (error,) if isinstance(error, str) else error
    if expected is None:
        assert element.text, "#error is empty"
    else:
        assert any(re.search(rf"(?<![\w-]){re.escape(e)}(?![\w-])", element.text) for e in expected), (
            f"#error is {element.text!r}, expected {' or '.join(expected)}"
        )
    assert element.attrs.get("role") == "alert", f"#error has no role=alert: {element.attrs}"
    return page

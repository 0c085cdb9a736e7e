"""Helpers shared by the account test modules (sign-up and confirmation, sign-in, tokens, self-service,
admin user operations, SRP): pools and app clients set up for users, SECRET_HASH, the development
outbox (`--dev-outbox`) and the codes in it, signed-up and confirmed accounts, sign-in, and JWT
verification against the pool's JWKS with PyJWT.

Storing a password (Argon2id and the SRP verifier) is the costly step of these tests, so the modules
share pools and users where the tests do not interfere, and make new ones only where a test changes
a user's state.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import uuid
from dataclasses import dataclass, field
from typing import Any

import jwt

from cognate_e2e import CognateServer

# The flags of every server these modules start: the outbox, and cheap Argon2id (the tests do not care
# about the hash parameters).
SERVER_ARGS = ["--dev-outbox", "--argon2", "1024,1,1"]

# Meets Cognito's default password policy (8 characters, upper, lower, digit, symbol).
PASSWORD = "Correct-Horse-7"
OTHER_PASSWORD = "Battery-Staple-8"

ADMIN_SCOPE = "aws.cognito.signin.user.admin"

# The flows of a client that may sign in every way these tests use.
ALL_FLOWS = [
    "ALLOW_USER_PASSWORD_AUTH",
    "ALLOW_ADMIN_USER_PASSWORD_AUTH",
    "ALLOW_USER_SRP_AUTH",
    "ALLOW_REFRESH_TOKEN_AUTH",
]

UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
CODE_RE = re.compile(r"(?<!\d)(\d{6})(?!\d)")


def unique_name(prefix: str = "user") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def unique_email(prefix: str = "alice") -> str:
    """An address nobody else in the run uses: `alice-1a2b3c4d5e@example.com` (masked `a***@e***`)."""
    return f"{prefix}-{uuid.uuid4().hex[:10]}@example.com"


def secret_hash(username: str, client_id: str, client_secret: str) -> str:
    """Base64(HMAC-SHA256(key = client secret, message = username + client id))."""
    mac = hmac.new(client_secret.encode(), (username + client_id).encode(), hashlib.sha256).digest()
    return base64.b64encode(mac).decode()


def attributes(items: list[dict]) -> dict[str, str]:
    """[{"Name": n, "Value": v}, ...] as {n: v}."""
    return {item["Name"]: item.get("Value") for item in items}


def attribute_list(values: dict[str, str]) -> list[dict]:
    return [{"Name": name, "Value": value} for name, value in values.items()]


# --- pools and app clients -------------------------------------------------------------------------


def email_pool(cognito, **kwargs) -> str:
    """A pool whose users sign in with their email (UsernameAttributes email), which it verifies."""
    kwargs.setdefault("PoolName", unique_name("email-pool"))
    kwargs.setdefault("UsernameAttributes", ["email"])
    kwargs.setdefault("AutoVerifiedAttributes", ["email"])
    return cognito.create_user_pool(**kwargs)["UserPool"]["Id"]


def username_pool(cognito, **kwargs) -> str:
    """A pool whose users sign in with a plain username; it verifies emails."""
    kwargs.setdefault("PoolName", unique_name("username-pool"))
    kwargs.setdefault("AutoVerifiedAttributes", ["email"])
    return cognito.create_user_pool(**kwargs)["UserPool"]["Id"]


@dataclass(frozen=True)
class App:
    """An app client of a pool."""

    pool_id: str
    client_id: str
    secret: str | None = None

    def secret_hash(self, username: str) -> str:
        assert self.secret is not None, "the client has no secret"
        return secret_hash(username, self.client_id, self.secret)

    def hash_param(self, username: str) -> dict[str, str]:
        """`{"SecretHash": ...}` for clients with a secret, else nothing (SignUp, ConfirmSignUp, ...)."""
        return {"SecretHash": self.secret_hash(username)} if self.secret else {}

    def hash_auth(self, username: str) -> dict[str, str]:
        """`{"SECRET_HASH": ...}` for AuthParameters / ChallengeResponses of clients with a secret."""
        return {"SECRET_HASH": self.secret_hash(username)} if self.secret else {}


def new_app(cognito, pool_id: str, *, secret: bool = False, flows: list[str] | None = None, **kwargs) -> App:
    """An app client; by default without a secret, allowing every flow in ALL_FLOWS."""
    kwargs.setdefault("ClientName", unique_name("app"))
    created = cognito.create_user_pool_client(
        UserPoolId=pool_id, GenerateSecret=secret, ExplicitAuthFlows=flows or ALL_FLOWS, **kwargs
    )["UserPoolClient"]
    return App(pool_id, created["ClientId"], created.get("ClientSecret"))


# --- the development outbox ------------------------------------------------------------------------


class Outbox:
    """GET /_dev/outbox of a server started with --dev-outbox (newest message first)."""

    def __init__(self, server: CognateServer):
        self.server = server

    def messages(self, limit: int = 500) -> list[dict]:
        response = self.server.get(f"/_dev/outbox?limit={limit}")
        assert response.status == 200, f"GET /_dev/outbox: {response.describe()}"
        document = response.json()
        assert isinstance(document.get("messages"), list), document
        return document["messages"]

    def to(self, recipient: str, pool_id: str | None = None) -> list[dict]:
        """The messages to `recipient` (in `pool_id`, when given), newest first."""
        return [
            m for m in self.messages()
            if m["recipient"] == recipient and (pool_id is None or m["poolId"] == pool_id)
        ]

    def latest(self, recipient: str, pool_id: str | None = None) -> dict:
        found = self.to(recipient, pool_id)
        assert found, f"no message to {recipient} in the outbox"
        return found[0]

    def code(self, recipient: str, pool_id: str | None = None) -> str:
        """The 6-digit code in the newest message to `recipient`."""
        message = self.latest(recipient, pool_id)
        match = CODE_RE.search(message["body"])
        assert match, f"no 6-digit code in {message!r}"
        return match.group(1)


# --- accounts --------------------------------------------------------------------------------------


@dataclass
class Account:
    """A user of `app`'s pool. `login` is what the user signs in with (the email in email pools),
    `username` what Cognito calls the user (the sub in email pools)."""

    app: App
    login: str
    password: str
    sub: str
    username: str
    email: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def pool_id(self) -> str:
        return self.app.pool_id


def sign_up(cognito, app: App, login: str, password: str = PASSWORD, attrs: dict[str, str] | None = None,
            **kwargs) -> dict:
    """SignUp with `login` as Username (and SECRET_HASH when the client has a secret)."""
    return cognito.sign_up(
        ClientId=app.client_id, Username=login, Password=password,
        UserAttributes=attribute_list(attrs or {}), **app.hash_param(login), **kwargs,
    )


def confirmed_account(cognito, outbox: Outbox, app: App, *, login: str | None = None,
                      email: str | None = None, password: str = PASSWORD,
                      attrs: dict[str, str] | None = None, email_pool: bool = True) -> Account:
    """Signs up and confirms with the code the outbox got: a CONFIRMED user with a verified email.
    In an email pool `login` is the email; in a username pool a fresh username with `email`."""
    email = email or (login if email_pool and login else unique_email())
    if email_pool:
        login = email
        values = dict(attrs or {})
    else:
        login = login or unique_name()
        values = {"email": email, **(attrs or {})}
    created = sign_up(cognito, app, login, password, values)
    cognito.confirm_sign_up(
        ClientId=app.client_id, Username=login, ConfirmationCode=outbox.code(email, app.pool_id),
        **app.hash_param(login),
    )
    sub = created["UserSub"]
    return Account(app, login, password, sub, sub if email_pool else login, email)


def password_sign_in(cognito, app: App, login: str, password: str) -> dict:
    """USER_PASSWORD_AUTH that must end in tokens; returns the AuthenticationResult."""
    response = cognito.initiate_auth(
        ClientId=app.client_id, AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": login, "PASSWORD": password, **app.hash_auth(login)},
    )
    assert "ChallengeName" not in response, f"unexpected challenge: {response}"
    return response["AuthenticationResult"]


def sign_in(cognito, account: Account) -> dict:
    return password_sign_in(cognito, account.app, account.login, account.password)


def admin_sign_in(cognito, app: App, login: str, password: str) -> dict:
    """ADMIN_USER_PASSWORD_AUTH (signed) that must end in tokens; returns the AuthenticationResult."""
    response = cognito.admin_initiate_auth(
        UserPoolId=app.pool_id, ClientId=app.client_id, AuthFlow="ADMIN_USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": login, "PASSWORD": password, **app.hash_auth(login)},
    )
    assert "ChallengeName" not in response, f"unexpected challenge: {response}"
    return response["AuthenticationResult"]


def start_password_sign_in(cognito, app: App, login: str, password: str) -> dict:
    """USER_PASSWORD_AUTH, whatever it answers (tokens or a challenge)."""
    return cognito.initiate_auth(
        ClientId=app.client_id, AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": login, "PASSWORD": password, **app.hash_auth(login)},
    )


# --- tokens ----------------------------------------------------------------------------------------


def jwks(server: CognateServer, pool_id: str) -> dict:
    response = server.get(f"/{pool_id}/.well-known/jwks.json")
    assert response.status == 200, f"GET /{pool_id}/.well-known/jwks.json: {response.describe()}"
    assert response.headers.get("content-type", "").startswith("application/json"), response.describe()
    return response.json()


def unverified_claims(token: str) -> dict:
    return jwt.decode(token, options={"verify_signature": False})


def verify(server: CognateServer, pool_id: str, token: str, *, token_use: str,
           audience: str | None = None, leeway: float = 5) -> dict:
    """Verifies `token` as a relying party would: RS256 signature by the JWKS key its `kid` names,
    issuer `{server url}/{pool id}`, expiry, audience (ID tokens) and `token_use`. Returns the claims."""
    header = jwt.get_unverified_header(token)
    assert header.get("alg") == "RS256", header
    keys = {key["kid"]: key for key in jwks(server, pool_id)["keys"]}
    assert header.get("kid") in keys, f"kid {header.get('kid')!r} is not in the JWKS ({sorted(keys)})"
    key = jwt.PyJWK(keys[header["kid"]], algorithm="RS256").key
    options = {"require": ["exp", "iat", "iss", "sub", "token_use"]}
    if audience is None:
        options["verify_aud"] = False
    claims = jwt.decode(
        token, key, algorithms=["RS256"], issuer=f"{server.url}/{pool_id}", audience=audience,
        leeway=leeway, options=options,
    )
    assert claims["token_use"] == token_use, f"token_use {claims['token_use']!r}, expected {token_use!r}"
    return claims


def verify_result(server: CognateServer, app: App, result: dict) -> tuple[dict, dict]:
    """Verifies the ID and access tokens of an AuthenticationResult; returns their claims."""
    id_claims = verify(server, app.pool_id, result["IdToken"], token_use="id", audience=app.client_id)
    access_claims = verify(server, app.pool_id, result["AccessToken"], token_use="access")
    assert access_claims["client_id"] == app.client_id, access_claims
    return id_claims, access_claims


def tamper(token: str) -> str:
    """The token with one character of its signature changed."""
    head, payload, signature = token.split(".")
    swapped = "A" if signature[10] != "A" else "B"
    return ".".join([head, payload, signature[:10] + swapped + signature[11:]])

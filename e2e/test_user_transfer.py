"""`cognate users export` and `cognate users import` end to end: a pool's users out of one Cognate
(over the signed API, or from its database with their password hashes and SRP verifiers) and into
another one's database while both servers run, as JSON Lines and as CSV. Users keep their sub,
attributes, status, enabled flag, groups and password; SRP verifiers made for another pool name are
dropped and derived again at the next password sign-in; users without a password come in
RESET_REQUIRED; bcrypt, PBKDF2 and scrypt hashes of other systems (passlib and Django encodings, made
here in Python) sign in and become Argon2id; refused users are reported by position and the others
still land."""

from __future__ import annotations

import base64
import csv
import datetime
import hashlib
import json
import os
import re
import subprocess
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import bcrypt
import pyotp
import pytest
from pycognito.aws_srp import AWSSRP

from accounts import (
    OTHER_PASSWORD,
    PASSWORD,
    SERVER_ARGS,  # noqa: F401  (read by the server fixture)
    App,
    Outbox,
    attribute_list,
    attributes,
    new_app,
    password_sign_in,
    sign_up,
    start_password_sign_in,
    unique_email,
    unverified_claims,
    username_pool,
)
from cognate_e2e import ACCESS_KEY_ID, SECRET_ACCESS_KEY, CognateServer, run_cognate
from control_plane import raises

TEMPORARY = "Temporary-Pass-1"
WRONG = "Wrong-Password-9"
GROUPS = ["admins", "staff"]
ISO_MS_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")
HEX_RE = re.compile(r"^[0-9a-f]+$")
RECORD_KEYS = {"username", "sub", "status", "enabled", "createdAt", "lastModifiedAt", "attributes", "groups"}
ACCOUNT_COLUMNS = [
    "cognito:username", "sub", "cognate:status", "cognate:enabled", "cognate:created", "cognate:last_modified", "cognate:groups",
    "cognate:mfa", "cognate:mfa_preferred",
]
PASSWORD_COLUMNS = ["cognate:password_hash", "cognate:srp_pool", "cognate:srp_salt", "cognate:srp_verifier", "cognate:totp_secret"]

# Values CSV must quote: commas, quotes, a newline, CRLF, leading and trailing spaces, non-ASCII.
TRICKY = {
    "given_name": 'Erin "The Quill", Jr.',
    "family_name": "Ødegård-Zoë 😀",
    "middle_name": "  padded, with spaces  ",
    "custom:team": 'ops, "night"\nshift; a,b,,c',
    "address": 'line one\r\nline "two", ""',
}


# --- helpers -----------------------------------------------------------------------------------------


def cognate(*args: str, api: bool = False) -> subprocess.CompletedProcess[str]:
    """The cognate CLI; `api` gives it the server's keys (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY)."""
    env = {"AWS_ACCESS_KEY_ID": ACCESS_KEY_ID, "AWS_SECRET_ACCESS_KEY": SECRET_ACCESS_KEY} if api else {}
    return run_cognate(list(args), env=env, timeout=120)


def ok(result: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
    assert result.returncode == 0, f"{result.args} exited {result.returncode}\nstdout: {result.stdout}\nstderr: {result.stderr}"
    return result


def export_db(server: CognateServer, pool_id: str, path: Path, *, fmt: str = "jsonl", hashes: bool = True) -> Path:
    """`cognate users export --database` while `server` runs on that database."""
    args = ["users", "export", "--pool", pool_id, "--database", server.database_url, "--format", fmt, "--output", str(path)]
    ok(cognate(*args, *(["--with-password-hashes"] if hashes else [])))
    assert os.stat(path).st_mode & 0o777 == 0o600, f"{path} is mode {os.stat(path).st_mode & 0o777:o}, not 600"
    return path


def import_users(server: CognateServer, pool_id: str, path: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return cognate("users", "import", str(path), "--pool", pool_id, "--database", server.database_url, *extra)


def imported(result: subprocess.CompletedProcess[str], pool_id: str, count: int) -> None:
    """An import that refused nobody."""
    ok(result)
    assert result.stdout.strip() == f"imported {count} users into {pool_id}; refused 0", result.stdout
    assert_no_refusals(result)


def assert_no_refusals(result: subprocess.CompletedProcess[str]) -> None:
    assert not [line for line in result.stderr.splitlines() if re.match(r"^\S+:\d+: ", line)], result.stderr


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    header, body = rows[0], rows[1:]
    for row in body:
        assert len(row) == len(header), f"row of {len(row)} cells under a header of {len(header)}: {row}"
    return header, [dict(zip(header, row)) for row in body]


def write_jsonl(path: Path, records: list) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records), encoding="utf-8")
    return path


def records_by(records: list[dict]) -> dict[str, dict]:
    return {r["username"]: r for r in records}


def pool_name(pool_id: str) -> str:
    return pool_id.split("_", 1)[1]


def iso_ms(value: datetime.datetime) -> str:
    """An API timestamp (epoch seconds as a JSON number: within float rounding of Cognate's stored
    millisecond) as the export writes it: ISO 8601 UTC with milliseconds."""
    millis = round(value.timestamp() * 1000)
    whole = datetime.datetime.fromtimestamp(millis // 1000, datetime.timezone.utc)
    return whole.strftime("%Y-%m-%dT%H:%M:%S.") + f"{millis % 1000:03d}Z"


def srp_sign_in(server: CognateServer, app: App, username: str, password: str) -> dict:
    """USER_SRP_AUTH by pycognito's own SRP arithmetic; returns the AuthenticationResult."""
    client = server.client()
    srp = AWSSRP(username=username, password=password, pool_id=app.pool_id, client_id=app.client_id, client=client)
    tokens = srp.authenticate_user()
    assert "AuthenticationResult" in tokens, tokens
    return tokens["AuthenticationResult"]


def transfer_pool(idp, **kwargs) -> App:
    """The pool every transfer here uses, on any server: usernames, email, a `custom:team` attribute,
    groups admins and staff, and a client allowing password, SRP and refresh sign-in."""
    pool_id = username_pool(idp, Schema=[{"Name": "team", "AttributeDataType": "String", "Mutable": True}], **kwargs)
    for group in GROUPS:
        idp.create_group(UserPoolId=pool_id, GroupName=group)
    return new_app(idp, pool_id, flows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"])


def groups_of(idp, pool_id: str, username: str) -> list[str]:
    return sorted(g["GroupName"] for g in idp.admin_list_groups_for_user(UserPoolId=pool_id, Username=username)["Groups"])


# --- the source pool ---------------------------------------------------------------------------------


@dataclass
class Source:
    """The module server's pool: alice CONFIRMED in admins and staff, bob FORCE_CHANGE_PASSWORD in
    staff, carol CONFIRMED and disabled in admins, dave UNCONFIRMED (SignUp), erin CONFIRMED with
    attributes CSV must quote. `users` holds each one's AdminGetUser."""

    server: CognateServer
    app: App
    users: dict[str, dict]
    groups: dict[str, list[str]]
    emails: dict[str, str]

    @property
    def pool_id(self) -> str:
        return self.app.pool_id


def confirmed_user(idp, pool_id: str, username: str, attrs: dict[str, str], password: str = PASSWORD) -> None:
    idp.admin_create_user(UserPoolId=pool_id, Username=username, UserAttributes=attribute_list(attrs), MessageAction="SUPPRESS")
    idp.admin_set_user_password(UserPoolId=pool_id, Username=username, Password=password, Permanent=True)


@pytest.fixture(scope="module")
def source(server, idp) -> Source:
    app = transfer_pool(idp)
    pool = app.pool_id
    emails = {name: unique_email(name) for name in ("alice", "bob", "carol", "dave", "erin")}

    def base(name: str) -> dict[str, str]:
        return {"email": emails[name], "email_verified": "true"}

    confirmed_user(idp, pool, "alice", {**base("alice"), "custom:team": "platform", "given_name": "Alice"})
    idp.admin_create_user(
        UserPoolId=pool, Username="bob", UserAttributes=attribute_list({**base("bob"), "custom:team": "support"}),
        TemporaryPassword=TEMPORARY, MessageAction="SUPPRESS",
    )
    confirmed_user(idp, pool, "carol", base("carol"))
    idp.admin_disable_user(UserPoolId=pool, Username="carol")
    sign_up(idp, app, "dave", PASSWORD, {"email": emails["dave"], "custom:team": "sales"})
    confirmed_user(idp, pool, "erin", {**base("erin"), **TRICKY})
    groups = {"alice": ["admins", "staff"], "bob": ["staff"], "carol": ["admins"], "dave": [], "erin": ["staff"]}
    for username, names in groups.items():
        for group in names:
            idp.admin_add_user_to_group(UserPoolId=pool, Username=username, GroupName=group)

    users = {name: idp.admin_get_user(UserPoolId=pool, Username=name) for name in groups}
    expected = {"alice": "CONFIRMED", "bob": "FORCE_CHANGE_PASSWORD", "carol": "CONFIRMED", "dave": "UNCONFIRMED", "erin": "CONFIRMED"}
    assert {name: user["UserStatus"] for name, user in users.items()} == expected
    assert attributes(users["erin"]["UserAttributes"])["custom:team"] == TRICKY["custom:team"]
    return Source(server, app, users, groups, emails)


def assert_same_users(source: Source, idp, pool_id: str, *, statuses: dict[str, str] | None = None) -> None:
    """The target pool holds exactly the source's users with their sub, attributes, status (unless
    `statuses` says otherwise), enabled flag and groups (dates: test_dates_are_kept_to_the_millisecond)."""
    listed = sorted(u["Username"] for u in idp.list_users(UserPoolId=pool_id)["Users"])
    assert listed == sorted(source.users)
    for username, before in source.users.items():
        after = idp.admin_get_user(UserPoolId=pool_id, Username=username)
        assert attributes(after["UserAttributes"]) == attributes(before["UserAttributes"]), username  # sub included
        expected_status = (statuses or {}).get(username, before["UserStatus"])
        assert after["UserStatus"] == expected_status, f"{username}: {after['UserStatus']}, expected {expected_status}"
        assert after["Enabled"] == before["Enabled"], username
        assert groups_of(idp, pool_id, username) == source.groups[username], username


def check_sign_ins(target: CognateServer, app: App, source: Source) -> None:
    """On the target: alice's SRP fails until her first password sign-in derives a verifier for this
    pool's name; bob must choose a new password; carol is disabled; dave is not confirmed."""
    idp = target.client()
    sub = attributes(source.users["alice"]["UserAttributes"])["sub"]
    with raises("NotAuthorizedException"):
        srp_sign_in(target, app, "alice", PASSWORD)
    with raises("NotAuthorizedException", "Incorrect username or password."):
        password_sign_in(idp, app, "alice", WRONG)
    claims = unverified_claims(password_sign_in(idp, app, "alice", PASSWORD)["IdToken"])
    assert claims["sub"] == sub and claims["cognito:username"] == "alice"
    assert claims["cognito:groups"] == ["admins", "staff"] and claims["custom:team"] == "platform"
    assert claims["iss"] == f"{target.url}/{app.pool_id}"
    assert unverified_claims(srp_sign_in(target, app, "alice", PASSWORD)["AccessToken"])["sub"] == sub

    challenge = start_password_sign_in(idp, app, "bob", TEMPORARY)
    assert challenge.get("ChallengeName") == "NEW_PASSWORD_REQUIRED", challenge
    answered = idp.respond_to_auth_challenge(
        ClientId=app.client_id, ChallengeName="NEW_PASSWORD_REQUIRED", Session=challenge["Session"],
        ChallengeResponses={"USERNAME": "bob", "NEW_PASSWORD": OTHER_PASSWORD},
    )
    assert unverified_claims(answered["AuthenticationResult"]["IdToken"])["sub"] == attributes(source.users["bob"]["UserAttributes"])["sub"]

    with raises("NotAuthorizedException", "User is disabled."):
        password_sign_in(idp, app, "carol", PASSWORD)
    with raises("UserNotConfirmedException"):
        password_sign_in(idp, app, "dave", PASSWORD)


# --- 1. JSON Lines with password hashes ---------------------------------------------------------------


def test_jsonl_round_trip_with_password_hashes(source, server_factory, tmp_path):
    path = export_db(source.server, source.pool_id, tmp_path / "users.jsonl")
    records = read_jsonl(path)
    assert [r["username"] for r in records] == sorted(source.users)
    for record in records:
        before = source.users[record["username"]]
        attrs = attributes(before["UserAttributes"])
        assert set(record) == RECORD_KEYS | {"password"}, record.keys()
        assert record["sub"] == attrs.pop("sub")
        assert record["attributes"] == attrs
        assert record["status"] == before["UserStatus"] and record["enabled"] == before["Enabled"]
        assert record["groups"] == source.groups[record["username"]]
        assert ISO_MS_RE.match(record["createdAt"]) and ISO_MS_RE.match(record["lastModifiedAt"]), record
        password = record["password"]
        assert password["hash"].startswith("$argon2id$v=19$m=1024,t=1,p=1$"), password
        assert password["srp"]["poolName"] == pool_name(source.pool_id)
        assert HEX_RE.match(password["srp"]["salt"]) and HEX_RE.match(password["srp"]["verifier"]), password

    target = server_factory.start(extra_args=SERVER_ARGS)
    idp = target.client()
    app = transfer_pool(idp)
    assert pool_name(app.pool_id) != pool_name(source.pool_id)
    imported(import_users(target, app.pool_id, path), app.pool_id, len(records))
    assert_same_users(source, idp, app.pool_id)
    check_sign_ins(target, app, source)

    # The verifiers alice's and bob's passwords derived on the target are for the target's pool name.
    after = {r["username"]: r for r in read_jsonl(export_db(target, app.pool_id, tmp_path / "after.jsonl"))}
    for username in ("alice", "bob"):
        assert after[username]["password"]["srp"]["poolName"] == pool_name(app.pool_id), after[username]
        assert after[username]["password"]["hash"].startswith("$argon2id$")
    for username in ("carol", "dave", "erin"):
        assert after[username]["password"] == {"hash": records_by(records)[username]["password"]["hash"]}, after[username]


def test_dates_are_kept_to_the_millisecond(source, server, idp, tmp_path):
    """createdAt / lastModifiedAt are the stored milliseconds, and an import keeps them (here into
    another pool of the same server: subs are unique per pool)."""
    for fmt in ("jsonl", "csv"):
        path = export_db(source.server, source.pool_id, tmp_path / f"users.{fmt}", fmt=fmt)
        if fmt == "jsonl":
            dates = {r["username"]: (r["createdAt"], r["lastModifiedAt"]) for r in read_jsonl(path)}
        else:
            dates = {r["cognito:username"]: (r["cognate:created"], r["cognate:last_modified"]) for r in read_csv(path)[1]}
        expected = {
            name: (iso_ms(user["UserCreateDate"]), iso_ms(user["UserLastModifiedDate"])) for name, user in source.users.items()
        }
        assert dates == expected, fmt
        app = transfer_pool(idp)
        imported(import_users(server, app.pool_id, path), app.pool_id, len(source.users))
        for name, before in source.users.items():
            after = idp.admin_get_user(UserPoolId=app.pool_id, Username=name)
            assert (after["UserCreateDate"], after["UserLastModifiedDate"]) == (
                before["UserCreateDate"], before["UserLastModifiedDate"],
            ), (fmt, name)


def test_restore_into_the_same_pool_keeps_the_srp_verifier(server, idp, tmp_path):
    """Deleted and imported again into the pool it came from, a user signs in with SRP at once."""
    app = transfer_pool(idp)
    confirmed_user(idp, app.pool_id, "frank", {"email": unique_email("frank")})
    sub = attributes(idp.admin_get_user(UserPoolId=app.pool_id, Username="frank")["UserAttributes"])["sub"]
    path = export_db(server, app.pool_id, tmp_path / "frank.jsonl")
    idp.admin_delete_user(UserPoolId=app.pool_id, Username="frank")
    imported(import_users(server, app.pool_id, path), app.pool_id, 1)
    tokens = srp_sign_in(server, app, "frank", PASSWORD)
    assert unverified_claims(tokens["IdToken"])["sub"] == sub
    # The same record, verifier included (dates: test_dates_are_kept_to_the_millisecond).
    dated = {"createdAt", "lastModifiedAt"}
    [again] = read_jsonl(export_db(server, app.pool_id, tmp_path / "again.jsonl"))
    [before] = read_jsonl(path)
    assert {k: v for k, v in again.items() if k not in dated} == {k: v for k, v in before.items() if k not in dated}


# --- 2. CSV with password hashes (and 6. quoting) ------------------------------------------------------


def test_csv_round_trip_with_password_hashes(source, server_factory, tmp_path):
    csv_path = export_db(source.server, source.pool_id, tmp_path / "users.csv", fmt="csv")
    records = records_by(read_jsonl(export_db(source.server, source.pool_id, tmp_path / "users.jsonl")))
    header, rows = read_csv(csv_path)
    attribute_names = sorted(name for name in header if name not in ACCOUNT_COLUMNS + PASSWORD_COLUMNS)
    assert header == ACCOUNT_COLUMNS + attribute_names + PASSWORD_COLUMNS
    assert {"email", "email_verified", "given_name", "custom:team", "address", "phone_number"} <= set(attribute_names)
    assert "sub" not in attribute_names
    # Every row says what the JSON Lines export says.
    assert [row["cognito:username"] for row in rows] == sorted(source.users)
    for row in rows:
        record = records[row["cognito:username"]]
        assert row["sub"] == record["sub"] and row["cognate:status"] == record["status"]
        assert row["cognate:enabled"] == ("true" if record["enabled"] else "false")
        assert row["cognate:created"] == record["createdAt"] and row["cognate:last_modified"] == record["lastModifiedAt"]
        assert row["cognate:groups"] == " ".join(record["groups"])
        assert {name: row[name] for name in attribute_names if row[name]} == record["attributes"]
        srp = record["password"]["srp"]
        assert [row[c] for c in PASSWORD_COLUMNS] == [record["password"]["hash"], srp["poolName"], srp["salt"], srp["verifier"], ""]
        assert row["cognate:mfa"] == row["cognate:mfa_preferred"] == "", "these users have no second factor"
    erin = next(row for row in rows if row["cognito:username"] == "erin")
    assert {name: erin[name] for name in TRICKY} == TRICKY

    target = server_factory.start(extra_args=SERVER_ARGS)
    idp = target.client()
    app = transfer_pool(idp)
    imported(import_users(target, app.pool_id, csv_path), app.pool_id, len(rows))  # the format from the extension
    assert_same_users(source, idp, app.pool_id)
    assert attributes(idp.admin_get_user(UserPoolId=app.pool_id, Username="erin")["UserAttributes"]) == {
        **attributes(source.users["erin"]["UserAttributes"]), **TRICKY,
    }

    # Exported again from the target: the same rows, but for the SRP columns (dropped: another pool name)
    # and the dates (test_dates_are_kept_to_the_millisecond checks those).
    again_header, again = read_csv(export_db(target, app.pool_id, tmp_path / "again.csv", fmt="csv"))
    assert again_header == header
    skipped = {"cognate:srp_pool", "cognate:srp_salt", "cognate:srp_verifier", "cognate:created", "cognate:last_modified"}
    for row, before in zip(again, rows, strict=True):
        assert {k: v for k, v in row.items() if k not in skipped} == {k: v for k, v in before.items() if k not in skipped}
        assert [row[c] for c in PASSWORD_COLUMNS[1:]] == ["", "", "", ""], row
    check_sign_ins(target, app, source)


def test_csv_quoting_both_ways(server, idp, tmp_path):
    """A CSV written by Python's csv module imports with every quoted value intact, and Cognate's
    export of it reads back the same under Python's csv module."""
    app = transfer_pool(idp)
    sub = str(uuid.uuid4())
    header = ["cognito:username", "sub", "cognate:groups", "email", *TRICKY, "cognate:status"]
    path = tmp_path / "quoted.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)  # minimal quoting, CRLF line ends
        writer.writerow(header)
        writer.writerow(["quoted", sub, "admins staff", "quoted@example.com", *TRICKY.values(), "CONFIRMED"])
        writer.writerow(["plain", "", "", "plain@example.com", "", "", "", "", "", ""])
    result = import_users(server, app.pool_id, path)
    assert result.returncode == 0 and result.stdout.strip() == f"imported 2 users into {app.pool_id}; refused 0", (
        result.stdout, result.stderr,
    )
    got = attributes(idp.admin_get_user(UserPoolId=app.pool_id, Username="quoted")["UserAttributes"])
    assert got == {"sub": sub, "email": "quoted@example.com", **TRICKY}
    assert groups_of(idp, app.pool_id, "quoted") == ["admins", "staff"]
    plain = idp.admin_get_user(UserPoolId=app.pool_id, Username="plain")
    assert attributes(plain["UserAttributes"]).keys() == {"sub", "email"}  # empty cells are absent attributes
    assert plain["UserStatus"] == "RESET_REQUIRED"  # no password hash
    # Both exported again through the API, as CSV (to a file: text-mode stdout would turn CRLF into LF).
    out = tmp_path / "exported.csv"
    ok(cognate("users", "export", "--pool", app.pool_id, "--format", "csv", "--endpoint", server.url, "--output", str(out), api=True))
    _, rows = read_csv(out)
    assert sorted(row["cognito:username"] for row in rows) == ["plain", "quoted"]
    quoted = next(row for row in rows if row["cognito:username"] == "quoted")
    assert {name: quoted[name] for name in TRICKY} == TRICKY and quoted["sub"] == sub


# --- 3. over the API, without passwords ----------------------------------------------------------------


def test_api_export_has_no_passwords_and_imports_reset_required(source, server_factory, tmp_path):
    over_api = cognate("users", "export", "--pool", source.pool_id, "--endpoint", source.server.url, api=True)
    ok(over_api)
    api_records = [json.loads(line) for line in over_api.stdout.splitlines() if line.strip()]
    db_records = read_jsonl(export_db(source.server, source.pool_id, tmp_path / "db.jsonl", hashes=False))
    for record in api_records:
        assert set(record) == RECORD_KEYS, record.keys()
    assert records_by(api_records) == records_by(db_records)
    with_hashes = read_jsonl(export_db(source.server, source.pool_id, tmp_path / "hashes.jsonl"))
    assert [{k: v for k, v in r.items() if k != "password"} for r in with_hashes] == db_records

    api_csv = tmp_path / "api.csv"
    ok(cognate("users", "export", "--pool", source.pool_id, "--format", "csv", "--endpoint", source.server.url,
               "--output", str(api_csv), api=True))
    db_csv = export_db(source.server, source.pool_id, tmp_path / "db.csv", fmt="csv", hashes=False)
    assert api_csv.read_bytes() == db_csv.read_bytes()

    path = tmp_path / "api.jsonl"
    path.write_text(over_api.stdout, encoding="utf-8")
    target = server_factory.start(extra_args=SERVER_ARGS)
    idp = target.client()
    app = transfer_pool(idp)
    imported(import_users(target, app.pool_id, path), app.pool_id, len(api_records))
    assert_same_users(source, idp, app.pool_id, statuses={name: "RESET_REQUIRED" for name in source.users})

    with raises("PasswordResetRequiredException"):
        password_sign_in(idp, app, "alice", PASSWORD)
    idp.forgot_password(ClientId=app.client_id, Username="alice")
    code = Outbox(target).code(source.emails["alice"], app.pool_id)
    idp.confirm_forgot_password(ClientId=app.client_id, Username="alice", ConfirmationCode=code, Password=OTHER_PASSWORD)
    assert idp.admin_get_user(UserPoolId=app.pool_id, Username="alice")["UserStatus"] == "CONFIRMED"
    claims = unverified_claims(password_sign_in(idp, app, "alice", OTHER_PASSWORD)["IdToken"])
    assert claims["sub"] == attributes(source.users["alice"]["UserAttributes"])["sub"]
    srp_sign_in(target, app, "alice", OTHER_PASSWORD)


# --- 4. other systems' password hashes -----------------------------------------------------------------


def ab64(data: bytes) -> str:
    """passlib's adapted base64: standard base64, '.' for '+', no padding."""
    return base64.b64encode(data).decode().rstrip("=").replace("+", ".")


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def foreign_hashes() -> dict[str, tuple[str, str]]:
    """username → (password, hash in another system's format)."""
    made: dict[str, tuple[str, str]] = {}

    def add(username: str, password: str, hashed: str) -> None:
        made[username] = (password, hashed)

    pw = "Bcrypt-2b-Pass"
    add("bcrypt-2b", pw, bcrypt.hashpw(pw.encode(), bcrypt.gensalt(rounds=4)).decode())
    pw = "Bcrypt-2a-Pass"
    add("bcrypt-2a", pw, bcrypt.hashpw(pw.encode(), bcrypt.gensalt(rounds=5, prefix=b"2a")).decode())
    pw = "Bcrypt-2y-Pass"
    hashed = bcrypt.hashpw(pw.encode(), bcrypt.gensalt(rounds=4)).decode()
    add("bcrypt-2y", pw, "$2y$" + hashed[4:])  # PHP's prefix, same algorithm

    salt = os.urandom(16)
    for name, digest, size in (("pbkdf2", "sha1", 20), ("pbkdf2-sha256", "sha256", 32), ("pbkdf2-sha512", "sha512", 64)):
        pw = f"Passlib-{digest}-Pass"
        key = hashlib.pbkdf2_hmac(digest, pw.encode(), salt, 1000, size)
        add(f"passlib-{name}", pw, f"${name}$1000${ab64(salt)}${ab64(key)}")

    pw = "Django-Pässwörd-1"  # not ASCII: UTF-8 bytes
    text_salt = "aB3dE5fG7hI9jK1l"
    add("django-pbkdf2", pw, f"pbkdf2_sha256$2000${text_salt}${b64(hashlib.pbkdf2_hmac('sha256', pw.encode(), text_salt.encode(), 2000))}")

    pw = "Passlib-Scrypt-Pass"
    salt = os.urandom(16)
    key = hashlib.scrypt(pw.encode(), salt=salt, n=2**12, r=8, p=1, dklen=32)
    add("passlib-scrypt", pw, f"$scrypt$ln=12,r=8,p=1${ab64(salt)}${ab64(key)}")

    pw = "Django-Scrypt-Pass"
    key = hashlib.scrypt(pw.encode(), salt=text_salt.encode(), n=2**12, r=8, p=1, dklen=64)
    add("django-scrypt", pw, f"scrypt${text_salt}$4096$8$1${b64(key)}")
    return made


def test_foreign_password_hashes_sign_in_and_become_argon2id(server, idp, tmp_path):
    hashes = foreign_hashes()
    app = transfer_pool(idp)
    subs = {username: str(uuid.uuid4()) for username in hashes}
    records = [
        {"username": username, "sub": subs[username], "status": "CONFIRMED", "enabled": True,
         "attributes": {"email": f"{username}@example.com"}, "groups": [], "password": {"hash": hashed}}
        for username, (_, hashed) in hashes.items()
    ]
    path = write_jsonl(tmp_path / "foreign.jsonl", records)
    imported(import_users(server, app.pool_id, path), app.pool_id, len(records))
    stored = {r["username"]: r["password"] for r in read_jsonl(export_db(server, app.pool_id, tmp_path / "before.jsonl"))}
    assert stored == {username: {"hash": hashed} for username, (_, hashed) in hashes.items()}  # as given until a sign-in

    for username, (password, _) in hashes.items():
        with raises("NotAuthorizedException", "Incorrect username or password."):
            password_sign_in(idp, app, username, WRONG)
        with raises("NotAuthorizedException", "Incorrect username or password."):
            password_sign_in(idp, app, username, password + "x")
        tokens = password_sign_in(idp, app, username, password)
        assert unverified_claims(tokens["IdToken"])["sub"] == subs[username], username

    after = {r["username"]: r["password"] for r in read_jsonl(export_db(server, app.pool_id, tmp_path / "after.jsonl"))}
    for username, (password, _) in hashes.items():
        assert after[username]["hash"].startswith("$argon2id$v=19$m=1024,t=1,p=1$"), (username, after[username])
        assert after[username]["srp"]["poolName"] == pool_name(app.pool_id), (username, after[username])
        # The Argon2id hash and the new verifier both prove the password; a wrong one still fails.
        password_sign_in(idp, app, username, password)
        srp_sign_in(server, app, username, password)
        with raises("NotAuthorizedException", "Incorrect username or password."):
            password_sign_in(idp, app, username, WRONG)


# --- 5. refusals -----------------------------------------------------------------------------------------


def good_record(username: str, **changes) -> dict:
    record = {
        "username": username, "sub": str(uuid.uuid4()), "status": "CONFIRMED", "enabled": True,
        "attributes": {"email": f"{username}@example.com"}, "groups": [],
        "password": {"hash": bcrypt.hashpw(PASSWORD.encode(), bcrypt.gensalt(rounds=4)).decode()},
    }
    record.update(changes)
    return record


def refusal_lines(result: subprocess.CompletedProcess[str], path: Path) -> dict[int, str]:
    """Position → the rest of each `FILE:POSITION: USERNAME: reason` line on stderr."""
    found: dict[int, str] = {}
    for line in result.stderr.splitlines():
        if line.startswith(f"{path}:"):
            position, rest = line[len(f"{path}:"):].split(": ", 1)
            assert int(position) not in found, result.stderr
            found[int(position)] = rest
    return found


def test_refused_users_are_reported_and_the_others_imported(server, idp, tmp_path):
    app = transfer_pool(idp)
    idp.admin_create_user(UserPoolId=app.pool_id, Username="existing", MessageAction="SUPPRESS")
    first = good_record("good-one", groups=["staff"])
    lines = [
        first,                                                             # 1
        good_record("good-one"),                                           # 2 duplicate username
        good_record("ghost", groups=["staff", "ghosts"]),                  # 3 no such group
        good_record("md5-user", password={"hash": "md5$salt$1bc29b36f623ba82aaf6724fd3b16718"}),  # 4
        '{"username": "broken", "sub": ',                                  # 5 not JSON
        good_record("good-two", groups=["admins"]),                        # 6
        "",                                                                # 7 blank: skipped, still counted
        good_record("other-sub", sub=first["sub"]),                        # 8 duplicate sub
        good_record("existing"),                                           # 9 already in the pool
        good_record("external", status="EXTERNAL_PROVIDER"),               # 10
        {k: v for k, v in good_record("no-password").items() if k != "password"},  # 11 → RESET_REQUIRED
    ]
    path = write_jsonl(tmp_path / "mixed.jsonl", lines)
    result = import_users(server, app.pool_id, path, "--batch-size", "3")
    assert result.returncode == 1, (result.returncode, result.stdout, result.stderr)
    assert result.stdout.strip() == f"imported 3 users into {app.pool_id}; refused 7", result.stdout
    refused = refusal_lines(result, path)
    assert sorted(refused) == [2, 3, 4, 5, 8, 9, 10], result.stderr
    assert refused[2].startswith("good-one: "), refused[2]
    assert refused[3] == "ghost: group ghosts does not exist in the pool", refused[3]
    assert refused[4].startswith("md5-user: ") and "hash" in refused[4], refused[4]
    assert refused[5].startswith(": not a user record"), refused[5]
    assert refused[8].startswith("other-sub: "), refused[8]
    assert refused[9].startswith("existing: "), refused[9]
    assert refused[10].startswith("external: ") and "EXTERNAL_PROVIDER" in refused[10], refused[10]

    users = {u["Username"]: u for u in idp.list_users(UserPoolId=app.pool_id)["Users"]}
    assert sorted(users) == ["existing", "good-one", "good-two", "no-password"]
    assert attributes(users["good-one"]["Attributes"])["sub"] == first["sub"]
    assert groups_of(idp, app.pool_id, "good-one") == ["staff"]
    assert groups_of(idp, app.pool_id, "good-two") == ["admins"]
    assert users["existing"]["UserStatus"] == "FORCE_CHANGE_PASSWORD"  # untouched
    assert users["no-password"]["UserStatus"] == "RESET_REQUIRED"
    password_sign_in(idp, app, "good-one", PASSWORD)
    password_sign_in(idp, app, "good-two", PASSWORD)

    # CSV positions are rows, the header being row 1.
    csv_path = tmp_path / "mixed.csv"
    csv_path.write_text(
        "cognito:username,sub,cognate:groups,cognate:created,email\n"
        "csv-good,,staff,,csv-good@example.com\n"
        "csv-ghost,,ghosts,,csv-ghost@example.com\n"
        "csv-date,,,yesterday,csv-date@example.com\n"
        ",,,,nobody@example.com\n"
        "csv-good-2,,admins staff,2020-01-02T03:04:05.678Z,csv-good-2@example.com\n",
        encoding="utf-8",
    )
    result = import_users(server, app.pool_id, csv_path)
    assert result.returncode == 1, (result.returncode, result.stdout, result.stderr)
    assert result.stdout.strip() == f"imported 2 users into {app.pool_id}; refused 3", result.stdout
    refused = refusal_lines(result, csv_path)
    assert sorted(refused) == [3, 4, 5], result.stderr
    assert refused[3] == "csv-ghost: group ghosts does not exist in the pool", refused[3]
    assert refused[4].startswith("csv-date: ") and "yesterday" in refused[4], refused[4]
    assert "cognito:username" in refused[5], refused[5]
    good = idp.admin_get_user(UserPoolId=app.pool_id, Username="csv-good-2")
    assert good["UserCreateDate"] == datetime.datetime(2020, 1, 2, 3, 4, 5, 678000, tzinfo=datetime.timezone.utc)
    assert groups_of(idp, app.pool_id, "csv-good-2") == ["admins", "staff"]
    assert good["UserStatus"] == "RESET_REQUIRED"


# --- second factors --------------------------------------------------------------------------------


def master_key_file(server: CognateServer) -> Path:
    """Where the server keeps its master key: beside a SQLite file, else in its working directory."""
    candidates = [server.workdir / "cognate-master-key"]
    if server.database_url.startswith("sqlite:"):
        candidates.insert(0, Path(server.database_url.split(":", 1)[1]).parent / "cognate-master-key")
    found = [path for path in candidates if path.exists()]
    assert found, f"no master key among {candidates}"
    return found[0]


def test_second_factors_move_with_their_users(server, idp, server_factory, tmp_path):
    app = transfer_pool(idp)
    idp.set_user_pool_mfa_config(UserPoolId=app.pool_id, SoftwareTokenMfaConfiguration={"Enabled": True},
                                 EmailMfaConfiguration={"Message": "Code {####}", "Subject": "Code"}, MfaConfiguration="OPTIONAL")
    confirmed_user(idp, app.pool_id, "tina", {"email": "tina@example.com", "email_verified": "true"})
    tokens = idp.initiate_auth(ClientId=app.client_id, AuthFlow="USER_PASSWORD_AUTH",
                               AuthParameters={"USERNAME": "tina", "PASSWORD": PASSWORD})["AuthenticationResult"]
    secret = idp.associate_software_token(AccessToken=tokens["AccessToken"])["SecretCode"]
    idp.verify_software_token(AccessToken=tokens["AccessToken"], UserCode=pyotp.TOTP(secret).now(), FriendlyDeviceName="phone")
    idp.set_user_mfa_preference(AccessToken=tokens["AccessToken"], SoftwareTokenMfaSettings={"Enabled": True, "PreferredMfa": True},
                                EmailMfaSettings={"Enabled": True})

    # Without the master key the secret stays behind; with it, it leaves (and the file is a secret).
    no_key = tmp_path / "no-key.jsonl"
    exported = ok(cognate("users", "export", "--pool", app.pool_id, "--database", server.database_url, "--with-password-hashes",
                          "--master-key-file", str(tmp_path / "missing-key"), "--output", str(no_key)))
    assert "authenticator secrets are left out" in exported.stderr
    without = read_jsonl(no_key)
    mfa = records_by(without)["tina"]["mfa"]
    assert sorted(mfa["enabled"]) == ["EMAIL_OTP", "SOFTWARE_TOKEN_MFA"] and mfa["preferred"] == "SOFTWARE_TOKEN_MFA"
    assert "totpSecret" not in mfa
    key = master_key_file(server)
    path = tmp_path / "with-key.jsonl"
    ok(cognate("users", "export", "--pool", app.pool_id, "--database", server.database_url, "--with-password-hashes",
               "--master-key-file", str(key), "--output", str(path)))
    assert records_by(read_jsonl(path))["tina"]["mfa"]["totpSecret"] == secret

    target = server_factory.start(extra_args=SERVER_ARGS)
    target_idp = target.client()
    target_app = transfer_pool(target_idp)
    target_idp.set_user_pool_mfa_config(UserPoolId=target_app.pool_id, SoftwareTokenMfaConfiguration={"Enabled": True},
                                        EmailMfaConfiguration={"Message": "Code {####}", "Subject": "Code"}, MfaConfiguration="OPTIONAL")
    # The target's own key seals the secret anew; without a key the user would be refused.
    refused = import_users(target, target_app.pool_id, path, "--master-key-file", str(tmp_path / "missing-key"))
    assert refused.returncode == 1 and "master key" in refused.stderr, refused.stderr
    imported(ok(import_users(target, target_app.pool_id, path, "--master-key-file", str(master_key_file(target)))), target_app.pool_id, len(without))

    moved = target_idp.admin_get_user(UserPoolId=target_app.pool_id, Username="tina")
    assert sorted(moved["UserMFASettingList"]) == ["EMAIL_OTP", "SOFTWARE_TOKEN_MFA"] and moved["PreferredMfaSetting"] == "SOFTWARE_TOKEN_MFA"
    challenge = target_idp.initiate_auth(ClientId=target_app.client_id, AuthFlow="USER_PASSWORD_AUTH",
                                         AuthParameters={"USERNAME": "tina", "PASSWORD": PASSWORD})
    assert challenge["ChallengeName"] == "SOFTWARE_TOKEN_MFA"
    result = target_idp.respond_to_auth_challenge(
        ClientId=target_app.client_id, ChallengeName="SOFTWARE_TOKEN_MFA", Session=challenge["Session"],
        ChallengeResponses={"USERNAME": "tina", "SOFTWARE_TOKEN_MFA_CODE": pyotp.TOTP(secret).at(time.time() + 30)},
    )
    assert result["AuthenticationResult"]["AccessToken"], "the same authenticator app works after the move"

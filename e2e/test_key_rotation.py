"""`cognate keys rotate`: new tokens are signed with new keys; tokens signed before stay verifiable,
because the old keys stay in the JWKS until those tokens expire."""

from __future__ import annotations

import subprocess

from accounts import SERVER_ARGS, confirmed_account, email_pool, jwks, new_app, sign_in, unique_email, unverified_claims, verify  # noqa: F401
from cognate_e2e import clean_env, cognate_binary


def header_kid(token: str) -> str:
    import jwt

    return jwt.get_unverified_header(token)["kid"]


def test_rotation_keeps_old_tokens_valid_and_signs_new_ones_with_new_keys(server, idp, outbox):
    pool = email_pool(idp)
    app = new_app(idp, pool)
    account = confirmed_account(idp, outbox, app, email=unique_email("rotate"))
    before = sign_in(idp, account)
    keys_before = {key["kid"] for key in jwks(server, pool)["keys"]}
    assert len(keys_before) == 2

    key_files = list(server.workdir.rglob("cognate-master-key"))
    assert len(key_files) == 1, f"the server should have written one master key file under {server.workdir}"
    assert key_files[0].stat().st_mode & 0o777 == 0o600
    subprocess.run(
        [str(cognate_binary()), "keys", "rotate", "--pool", pool, "--database", server.database_url,
         "--master-key-file", str(key_files[0])],
        check=True, capture_output=True, text=True, env=clean_env(server.environment), timeout=60,
    )

    published = {key["kid"] for key in jwks(server, pool)["keys"]}
    assert keys_before < published and len(published) == 4, "rotation adds two keys and keeps the old ones published"
    verify(server, pool, before["AccessToken"], token_use="access")
    verify(server, pool, before["IdToken"], token_use="id", audience=app.client_id)
    assert idp.get_user(AccessToken=before["AccessToken"])["Username"] == account.username

    # The server notices the rotation within its key-cache lifetime (60 s); a restart sees it at once.
    server.restart()  # on a new port: talk to it with a new client
    after = sign_in(server.client(), account)
    assert header_kid(after["AccessToken"]) in published - keys_before
    assert header_kid(after["IdToken"]) in published - keys_before
    verify(server, pool, after["AccessToken"], token_use="access")

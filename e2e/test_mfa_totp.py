"""Authenticator-app MFA (TOTP, RFC 6238) through boto3 with pyotp computing the codes: enrolment with an
access token (AssociateSoftwareToken, VerifySoftwareToken, SetUserMFAPreference), SOFTWARE_TOKEN_MFA at
sign-in in OPTIONAL pools, MFA_SETUP in pools where MFA is ON, wrong and replayed codes, the admin
preference, and SRP followed by TOTP with pycognito."""

from __future__ import annotations

import time

import pyotp
import pytest
from botocore.config import Config
from pycognito import Cognito
from pycognito.exceptions import SoftwareTokenMFAChallengeException

from accounts import PASSWORD, SERVER_ARGS, new_app, password_sign_in, unique_name  # noqa: F401
from control_plane import raises

FLOWS = ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]


def mfa_pool(idp, mode: str) -> str:
    pool = idp.create_user_pool(PoolName=unique_name("mfa"))["UserPool"]["Id"]
    idp.set_user_pool_mfa_config(UserPoolId=pool, SoftwareTokenMfaConfiguration={"Enabled": True}, MfaConfiguration=mode)
    return pool


def user(idp, pool: str, name: str) -> None:
    idp.admin_create_user(UserPoolId=pool, Username=name, MessageAction="SUPPRESS")
    idp.admin_set_user_password(UserPoolId=pool, Username=name, Password=PASSWORD, Permanent=True)


def start(idp, app, name: str) -> dict:
    return idp.initiate_auth(ClientId=app.client_id, AuthFlow="USER_PASSWORD_AUTH", AuthParameters={"USERNAME": name, "PASSWORD": PASSWORD})


def code_at(secret: str, offset_steps: int) -> str:
    """The code of the step `offset_steps` from now: the server accepts one step either side, and each step once."""
    return pyotp.TOTP(secret).at(time.time() + 30 * offset_steps)


def answer(idp, app, name: str, challenge: dict, code: str) -> dict:
    return idp.respond_to_auth_challenge(
        ClientId=app.client_id, ChallengeName="SOFTWARE_TOKEN_MFA", Session=challenge["Session"],
        ChallengeResponses={"USERNAME": name, "SOFTWARE_TOKEN_MFA_CODE": code},
    )


def enrol(idp, access_token: str) -> tuple[str, str]:
    """Associates and verifies an authenticator; returns its secret and the code verification used (its step
    is then spent). Codes are computed at the moment of each call, so a step boundary between two calls never
    makes a test fail: a code for now (or the next step) stays within the server's window of one step."""
    secret = idp.associate_software_token(AccessToken=access_token)["SecretCode"]
    assert len(secret) == 32 and set(secret) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
    with raises("EnableSoftwareTokenMFAException"):
        idp.verify_software_token(AccessToken=access_token, UserCode="000000" if code_at(secret, 0) != "000000" else "111111")
    used = code_at(secret, 0)
    assert idp.verify_software_token(AccessToken=access_token, UserCode=used, FriendlyDeviceName="phone")["Status"] == "SUCCESS"
    return secret, used


def test_optional_mfa_enrolment_sign_in_and_replay(idp):
    pool = mfa_pool(idp, "OPTIONAL")
    app = new_app(idp, pool, flows=FLOWS)
    user(idp, pool, "tess")
    tokens = password_sign_in(idp, app, "tess", PASSWORD)  # no factor yet: OPTIONAL asks nothing
    secret, used = enrol(idp, tokens["AccessToken"])
    assert "UserMFASettingList" not in idp.get_user(AccessToken=tokens["AccessToken"]), "verified is not yet enabled"
    password_sign_in(idp, app, "tess", PASSWORD)

    idp.set_user_mfa_preference(AccessToken=tokens["AccessToken"], SoftwareTokenMfaSettings={"Enabled": True, "PreferredMfa": True})
    me = idp.get_user(AccessToken=tokens["AccessToken"])
    assert me["UserMFASettingList"] == ["SOFTWARE_TOKEN_MFA"] and me["PreferredMfaSetting"] == "SOFTWARE_TOKEN_MFA"
    admin = idp.admin_get_user(UserPoolId=pool, Username="tess")
    assert admin["UserMFASettingList"] == ["SOFTWARE_TOKEN_MFA"]

    challenge = start(idp, app, "tess")
    assert challenge["ChallengeName"] == "SOFTWARE_TOKEN_MFA" and challenge["Session"] and "AuthenticationResult" not in challenge
    with raises("CodeMismatchException"):
        answer(idp, app, "tess", challenge, code_at(secret, 5))  # far outside the window
    with raises("CodeMismatchException"):
        answer(idp, app, "tess", challenge, used)  # the code verification already used
    accepted = code_at(secret, 1)
    result = answer(idp, app, "tess", challenge, accepted)
    assert result["AuthenticationResult"]["AccessToken"]

    again = start(idp, app, "tess")
    with raises("CodeMismatchException"):
        answer(idp, app, "tess", again, accepted)  # the same code twice: refused
    with raises("NotAuthorizedException"):
        answer(idp, app, "tess", {"Session": again["Session"][:-8] + "AAAAAAAA"}, code_at(secret, 0))

    # The administrator turns the factor off: sign-in is password-only again.
    idp.admin_set_user_mfa_preference(UserPoolId=pool, Username="tess", SoftwareTokenMfaSettings={"Enabled": False})
    assert "UserMFASettingList" not in idp.admin_get_user(UserPoolId=pool, Username="tess")
    password_sign_in(idp, app, "tess", PASSWORD)


def test_enabling_an_unverified_factor_is_refused(idp):
    pool = mfa_pool(idp, "OPTIONAL")
    app = new_app(idp, pool, flows=FLOWS)
    user(idp, pool, "uma")
    tokens = password_sign_in(idp, app, "uma", PASSWORD)
    with raises("InvalidParameterException"):
        idp.set_user_mfa_preference(AccessToken=tokens["AccessToken"], SoftwareTokenMfaSettings={"Enabled": True})
    with raises("InvalidParameterException"):
        idp.verify_software_token(AccessToken=tokens["AccessToken"], UserCode="123456")  # nothing associated


def test_mfa_on_makes_a_user_set_up_a_factor_at_sign_in(idp):
    pool = mfa_pool(idp, "ON")
    app = new_app(idp, pool, flows=FLOWS)
    user(idp, pool, "otto")
    setup = start(idp, app, "otto")
    assert setup["ChallengeName"] == "MFA_SETUP" and setup["ChallengeParameters"]["MFAS_CAN_SETUP"] == '["SOFTWARE_TOKEN_MFA"]'
    with raises("InvalidParameterException"):  # not set up yet
        idp.respond_to_auth_challenge(ClientId=app.client_id, ChallengeName="MFA_SETUP", Session=setup["Session"],
                                      ChallengeResponses={"USERNAME": "otto"})
    associated = idp.associate_software_token(Session=setup["Session"])
    secret = associated["SecretCode"]
    with raises("EnableSoftwareTokenMFAException"):
        idp.verify_software_token(Session=associated["Session"], UserCode=code_at(secret, 4))
    verified = idp.verify_software_token(Session=associated["Session"], UserCode=code_at(secret, 0), FriendlyDeviceName="otto's phone")
    assert verified["Status"] == "SUCCESS" and verified["Session"]
    done = idp.respond_to_auth_challenge(ClientId=app.client_id, ChallengeName="MFA_SETUP", Session=verified["Session"],
                                         ChallengeResponses={"USERNAME": "otto"})
    assert done["AuthenticationResult"]["AccessToken"]
    assert idp.admin_get_user(UserPoolId=pool, Username="otto")["UserMFASettingList"] == ["SOFTWARE_TOKEN_MFA"]

    challenge = idp.admin_initiate_auth(UserPoolId=pool, ClientId=app.client_id, AuthFlow="ADMIN_USER_PASSWORD_AUTH",
                                        AuthParameters={"USERNAME": "otto", "PASSWORD": PASSWORD})
    assert challenge["ChallengeName"] == "SOFTWARE_TOKEN_MFA"
    result = idp.admin_respond_to_auth_challenge(
        UserPoolId=pool, ClientId=app.client_id, ChallengeName="SOFTWARE_TOKEN_MFA", Session=challenge["Session"],
        ChallengeResponses={"USERNAME": "otto", "SOFTWARE_TOKEN_MFA_CODE": code_at(secret, 1)},
    )
    assert result["AuthenticationResult"]["IdToken"]


def test_srp_then_totp_with_pycognito(idp, server):
    pool = mfa_pool(idp, "OPTIONAL")
    app = new_app(idp, pool, flows=FLOWS)
    user(idp, pool, "sara")
    tokens = password_sign_in(idp, app, "sara", PASSWORD)
    secret, _ = enrol(idp, tokens["AccessToken"])
    idp.set_user_mfa_preference(AccessToken=tokens["AccessToken"], SoftwareTokenMfaSettings={"Enabled": True, "PreferredMfa": True})

    client = Cognito(
        pool, app.client_id, username="sara", user_pool_region="us-east-1",
        botocore_config=Config(retries={"max_attempts": 1}),
        boto3_client_kwargs={"endpoint_url": server.url, "aws_access_key_id": server.access_key,
                             "aws_secret_access_key": server.secret_key},
    )
    with pytest.raises(SoftwareTokenMFAChallengeException) as challenge:
        client.authenticate(password=PASSWORD)
    client.respond_to_software_token_mfa_challenge(code_at(secret, 1), challenge.value.get_tokens())
    assert client.access_token and client.id_token
    client.verify_token(client.id_token, "id_token", "id")

"""Email one-time codes as a second factor (EMAIL_OTP), the choice between factors (SELECT_MFA_TYPE), and
MFA after a temporary password is replaced — through boto3, codes read from the development outbox."""

from __future__ import annotations

import json
import time

import pyotp

from accounts import PASSWORD, SERVER_ARGS, Outbox, new_app, password_sign_in, unique_email, unique_name  # noqa: F401
from control_plane import raises

FLOWS = ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]


def pool_with(idp, mode: str, *, totp: bool = False) -> str:
    pool = idp.create_user_pool(PoolName=unique_name("mfa-email"))["UserPool"]["Id"]
    config = {"EmailMfaConfiguration": {"Message": "Your Cognate sign-in code is {####}.", "Subject": "Sign-in code"}, "MfaConfiguration": mode}
    if totp:
        config["SoftwareTokenMfaConfiguration"] = {"Enabled": True}
    idp.set_user_pool_mfa_config(UserPoolId=pool, **config)
    return pool


def user_with_email(idp, pool: str, name: str) -> str:
    email = unique_email(name)
    idp.admin_create_user(UserPoolId=pool, Username=name, MessageAction="SUPPRESS",
                          UserAttributes=[{"Name": "email", "Value": email}, {"Name": "email_verified", "Value": "true"}])
    idp.admin_set_user_password(UserPoolId=pool, Username=name, Password=PASSWORD, Permanent=True)
    return email


def start(idp, app, name: str, password: str = PASSWORD) -> dict:
    return idp.initiate_auth(ClientId=app.client_id, AuthFlow="USER_PASSWORD_AUTH", AuthParameters={"USERNAME": name, "PASSWORD": password})


def respond(idp, app, name: str, challenge: dict, name_of_challenge: str, **responses: str) -> dict:
    return idp.respond_to_auth_challenge(ClientId=app.client_id, ChallengeName=name_of_challenge, Session=challenge["Session"],
                                         ChallengeResponses={"USERNAME": name, **responses})


def test_email_codes_sign_in_once(idp, server):
    outbox = Outbox(server)
    pool = pool_with(idp, "OPTIONAL")
    app = new_app(idp, pool, flows=FLOWS)
    email = user_with_email(idp, pool, "emma")
    tokens = password_sign_in(idp, app, "emma", PASSWORD)
    idp.set_user_mfa_preference(AccessToken=tokens["AccessToken"], EmailMfaSettings={"Enabled": True, "PreferredMfa": True})
    assert idp.get_user(AccessToken=tokens["AccessToken"])["UserMFASettingList"] == ["EMAIL_OTP"]

    challenge = start(idp, app, "emma")
    assert challenge["ChallengeName"] == "EMAIL_OTP", challenge
    parameters = challenge["ChallengeParameters"]
    assert parameters["CODE_DELIVERY_DELIVERY_MEDIUM"] == "EMAIL" and parameters["CODE_DELIVERY_DESTINATION"] != email
    assert parameters["CODE_DELIVERY_DESTINATION"][0] == email[0] and "***" in parameters["CODE_DELIVERY_DESTINATION"]
    message = outbox.latest(email, pool)
    assert message["subject"] == "Sign-in code" and "Your Cognate sign-in code is" in message["body"]
    code = outbox.code(email, pool)
    wrong = "000000" if code != "000000" else "111111"
    with raises("CodeMismatchException"):
        respond(idp, app, "emma", challenge, "EMAIL_OTP", EMAIL_OTP_CODE=wrong)
    result = respond(idp, app, "emma", challenge, "EMAIL_OTP", EMAIL_OTP_CODE=code)
    assert result["AuthenticationResult"]["AccessToken"]
    with raises("ExpiredCodeException"):  # used once
        respond(idp, app, "emma", challenge, "EMAIL_OTP", EMAIL_OTP_CODE=code)

    # A second sign-in sends a new code; the old one does not work for it.
    second = start(idp, app, "emma")
    new_code = outbox.code(email, pool)
    if new_code != code:
        with raises("CodeMismatchException"):
            respond(idp, app, "emma", second, "EMAIL_OTP", EMAIL_OTP_CODE=code)
    assert respond(idp, app, "emma", second, "EMAIL_OTP", EMAIL_OTP_CODE=new_code)["AuthenticationResult"]["IdToken"]


def test_two_factors_without_a_preference_ask_which(idp, server):
    outbox = Outbox(server)
    pool = pool_with(idp, "OPTIONAL", totp=True)
    app = new_app(idp, pool, flows=FLOWS)
    email = user_with_email(idp, pool, "cleo")
    tokens = password_sign_in(idp, app, "cleo", PASSWORD)
    secret = idp.associate_software_token(AccessToken=tokens["AccessToken"])["SecretCode"]
    idp.verify_software_token(AccessToken=tokens["AccessToken"], UserCode=pyotp.TOTP(secret).now())
    idp.set_user_mfa_preference(AccessToken=tokens["AccessToken"], SoftwareTokenMfaSettings={"Enabled": True, "PreferredMfa": False},
                                EmailMfaSettings={"Enabled": True, "PreferredMfa": False})
    assert sorted(idp.get_user(AccessToken=tokens["AccessToken"])["UserMFASettingList"]) == ["EMAIL_OTP", "SOFTWARE_TOKEN_MFA"]

    select = start(idp, app, "cleo")
    assert select["ChallengeName"] == "SELECT_MFA_TYPE"
    assert sorted(json.loads(select["ChallengeParameters"]["MFAS_CAN_CHOOSE"])) == ["EMAIL_OTP", "SOFTWARE_TOKEN_MFA"]
    with raises("InvalidParameterException"):
        respond(idp, app, "cleo", select, "SELECT_MFA_TYPE", ANSWER="SMS_MFA")
    by_email = respond(idp, app, "cleo", select, "SELECT_MFA_TYPE", ANSWER="EMAIL_OTP")
    assert by_email["ChallengeName"] == "EMAIL_OTP"
    assert respond(idp, app, "cleo", by_email, "EMAIL_OTP", EMAIL_OTP_CODE=outbox.code(email, pool))["AuthenticationResult"]

    select = start(idp, app, "cleo")
    by_app = respond(idp, app, "cleo", select, "SELECT_MFA_TYPE", ANSWER="SOFTWARE_TOKEN_MFA")
    assert by_app["ChallengeName"] == "SOFTWARE_TOKEN_MFA"
    code = pyotp.TOTP(secret).at(time.time() + 30)
    assert respond(idp, app, "cleo", by_app, "SOFTWARE_TOKEN_MFA", SOFTWARE_TOKEN_MFA_CODE=code)["AuthenticationResult"]


def test_mfa_follows_a_new_password(idp):
    pool = pool_with(idp, "ON", totp=True)
    app = new_app(idp, pool, flows=FLOWS)
    idp.admin_create_user(UserPoolId=pool, Username="nina", TemporaryPassword="Temporary-Pass-1", MessageAction="SUPPRESS")
    first = start(idp, app, "nina", "Temporary-Pass-1")
    assert first["ChallengeName"] == "NEW_PASSWORD_REQUIRED"
    after = respond(idp, app, "nina", first, "NEW_PASSWORD_REQUIRED", NEW_PASSWORD=PASSWORD)
    assert after["ChallengeName"] == "MFA_SETUP" and "AuthenticationResult" not in after, after
    assert idp.admin_get_user(UserPoolId=pool, Username="nina")["UserStatus"] == "CONFIRMED"

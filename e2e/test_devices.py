"""Remembered devices through boto3, with pycognito's SRP arithmetic for the device's side: a sign-in in a
pool that tracks devices returns NewDeviceMetadata and names the device in the access token; ConfirmDevice
stores the device's verifier; a remembered device then proves itself (DEVICE_SRP_AUTH, DEVICE_PASSWORD_VERIFIER,
with the password step's Session) and skips the second factor; not remembered, forgotten or unknown devices
get the factor; List/Get/Update/Forget and their Admin variants."""

from __future__ import annotations

import base64
import json
import time

import boto3
import pyotp
import pytest
from botocore.config import Config
from pycognito.aws_srp import AWSSRP, generate_hash_device

from accounts import PASSWORD, SERVER_ARGS, new_app, unique_name  # noqa: F401
from control_plane import raises

FLOWS = ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]


def claims(token: str) -> dict:
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


@pytest.fixture
def setup(idp):
    """An MFA-OPTIONAL pool that tracks devices, and a user with an authenticator app enabled."""
    def make(prompt: bool = False):
        pool = idp.create_user_pool(
            PoolName=unique_name("devices"),
            DeviceConfiguration={"ChallengeRequiredOnNewDevice": True, "DeviceOnlyRememberedOnUserPrompt": prompt},
        )["UserPool"]["Id"]
        idp.set_user_pool_mfa_config(UserPoolId=pool, SoftwareTokenMfaConfiguration={"Enabled": True}, MfaConfiguration="OPTIONAL")
        app = new_app(idp, pool, flows=FLOWS)
        idp.admin_create_user(UserPoolId=pool, Username="dora", MessageAction="SUPPRESS")
        idp.admin_set_user_password(UserPoolId=pool, Username="dora", Password=PASSWORD, Permanent=True)
        first = idp.initiate_auth(ClientId=app.client_id, AuthFlow="USER_PASSWORD_AUTH",
                                  AuthParameters={"USERNAME": "dora", "PASSWORD": PASSWORD})["AuthenticationResult"]
        secret = idp.associate_software_token(AccessToken=first["AccessToken"])["SecretCode"]
        idp.verify_software_token(AccessToken=first["AccessToken"], UserCode=pyotp.TOTP(secret).now())
        idp.set_user_mfa_preference(AccessToken=first["AccessToken"], SoftwareTokenMfaSettings={"Enabled": True, "PreferredMfa": True})
        return pool, app, secret
    return make


def sign_in_with_totp(idp, app, secret: str, step: int, device_key: str | None = None) -> dict:
    parameters = {"USERNAME": "dora", "PASSWORD": PASSWORD, **({"DEVICE_KEY": device_key} if device_key else {})}
    challenge = idp.initiate_auth(ClientId=app.client_id, AuthFlow="USER_PASSWORD_AUTH", AuthParameters=parameters)
    assert challenge["ChallengeName"] == "SOFTWARE_TOKEN_MFA", challenge
    return idp.respond_to_auth_challenge(
        ClientId=app.client_id, ChallengeName="SOFTWARE_TOKEN_MFA", Session=challenge["Session"],
        ChallengeResponses={"USERNAME": "dora", "SOFTWARE_TOKEN_MFA_CODE": pyotp.TOTP(secret).at(time.time() + 30 * step)},
    )["AuthenticationResult"]


def device_sign_in(idp, server, app, device: dict, device_password: str, *, with_session: bool = True) -> dict:
    """USER_SRP_AUTH with DEVICE_KEY, then the device's own SRP; pycognito computes both proofs."""
    srp = AWSSRP(username="dora", password=PASSWORD, pool_id=app.pool_id, client_id=app.client_id, client=idp,
                 device_key=device["DeviceKey"], device_group_key=device["DeviceGroupKey"], device_password=device_password)
    parameters = srp.get_auth_params()
    first = idp.initiate_auth(ClientId=app.client_id, AuthFlow="USER_SRP_AUTH", AuthParameters=parameters)
    assert first["ChallengeName"] == "PASSWORD_VERIFIER"
    after_password = idp.respond_to_auth_challenge(ClientId=app.client_id, ChallengeName="PASSWORD_VERIFIER",
                                                   ChallengeResponses=srp.process_challenge(first["ChallengeParameters"], parameters))
    assert after_password["ChallengeName"] == "DEVICE_SRP_AUTH", after_password
    device_step = idp.respond_to_auth_challenge(
        ClientId=app.client_id, ChallengeName="DEVICE_SRP_AUTH",
        ChallengeResponses={"USERNAME": "dora", "DEVICE_KEY": device["DeviceKey"], "SRP_A": parameters["SRP_A"]},
        **({"Session": after_password["Session"]} if with_session else {}),
    )
    assert device_step["ChallengeName"] == "DEVICE_PASSWORD_VERIFIER"
    return idp.respond_to_auth_challenge(ClientId=app.client_id, ChallengeName="DEVICE_PASSWORD_VERIFIER",
                                         ChallengeResponses=srp.process_device_challenge(device_step["ChallengeParameters"]))


def test_a_remembered_device_skips_the_second_factor(idp, server, setup):
    pool, app, secret = setup()
    result = sign_in_with_totp(idp, app, secret, 1)
    device = result["NewDeviceMetadata"]
    assert device["DeviceKey"].startswith("us-east-1_") and device["DeviceGroupKey"]
    assert claims(result["AccessToken"])["device_key"] == device["DeviceKey"]

    device_password, config = generate_hash_device(device["DeviceGroupKey"], device["DeviceKey"])
    confirmed = idp.confirm_device(AccessToken=result["AccessToken"], DeviceKey=device["DeviceKey"],
                                   DeviceSecretVerifierConfig=config, DeviceName="dora's laptop")
    assert confirmed["UserConfirmationNecessary"] is False
    listed = {d["DeviceKey"]: d for d in idp.list_devices(AccessToken=result["AccessToken"])["Devices"]}
    assert len(listed) == 2, "the set-up sign-in and this one each started tracking a device"
    attributes = {a["Name"]: a["Value"] for a in listed[device["DeviceKey"]]["DeviceAttributes"]}
    assert attributes["device_name"] == "dora's laptop" and attributes["dev:device_remembered_status"] == "remembered"
    assert idp.get_device(AccessToken=result["AccessToken"], DeviceKey=device["DeviceKey"])["Device"]["DeviceKey"] == device["DeviceKey"]

    tokens = device_sign_in(idp, server, app, device, device_password)
    assert "ChallengeName" not in tokens, tokens
    signed = tokens["AuthenticationResult"]
    assert "NewDeviceMetadata" not in signed, "a remembered device is not new"
    assert claims(signed["AccessToken"])["device_key"] == device["DeviceKey"]

    # The device's step needs the password step's session: a device secret alone signs nobody in.
    with raises("NotAuthorizedException"):
        device_sign_in(idp, server, app, device, device_password, with_session=False)
    with raises("NotAuthorizedException"):
        device_sign_in(idp, server, app, device, "not-the-device-password")

    # USER_PASSWORD_AUTH with the device key is also answered with the device challenge.
    challenge = idp.initiate_auth(ClientId=app.client_id, AuthFlow="USER_PASSWORD_AUTH",
                                  AuthParameters={"USERNAME": "dora", "PASSWORD": PASSWORD, "DEVICE_KEY": device["DeviceKey"]})
    assert challenge["ChallengeName"] == "DEVICE_SRP_AUTH"

    # Not remembered any more: the second factor again.
    idp.update_device_status(AccessToken=signed["AccessToken"], DeviceKey=device["DeviceKey"], DeviceRememberedStatus="not_remembered")
    challenge = idp.initiate_auth(ClientId=app.client_id, AuthFlow="USER_PASSWORD_AUTH",
                                  AuthParameters={"USERNAME": "dora", "PASSWORD": PASSWORD, "DEVICE_KEY": device["DeviceKey"]})
    assert challenge["ChallengeName"] == "SOFTWARE_TOKEN_MFA", "a device that is not remembered does not replace the factor"
    idp.admin_update_device_status(UserPoolId=pool, Username="dora", DeviceKey=device["DeviceKey"], DeviceRememberedStatus="remembered")
    assert "AuthenticationResult" in device_sign_in(idp, server, app, device, device_password)

    # Forgotten by the administrator: gone from the lists, and the device key counts for nothing.
    assert device["DeviceKey"] in [d["DeviceKey"] for d in idp.admin_list_devices(UserPoolId=pool, Username="dora")["Devices"]]
    idp.admin_forget_device(UserPoolId=pool, Username="dora", DeviceKey=device["DeviceKey"])
    with raises("ResourceNotFoundException"):
        idp.admin_get_device(UserPoolId=pool, Username="dora", DeviceKey=device["DeviceKey"])
    again = idp.initiate_auth(ClientId=app.client_id, AuthFlow="USER_PASSWORD_AUTH",
                              AuthParameters={"USERNAME": "dora", "PASSWORD": PASSWORD, "DEVICE_KEY": device["DeviceKey"]})
    assert again["ChallengeName"] == "SOFTWARE_TOKEN_MFA"


def test_devices_remembered_only_on_the_users_word(idp, server, setup):
    pool, app, secret = setup(prompt=True)
    result = sign_in_with_totp(idp, app, secret, 1)
    device = result["NewDeviceMetadata"]
    device_password, config = generate_hash_device(device["DeviceGroupKey"], device["DeviceKey"])
    assert idp.confirm_device(AccessToken=result["AccessToken"], DeviceKey=device["DeviceKey"],
                              DeviceSecretVerifierConfig=config)["UserConfirmationNecessary"] is True
    challenge = idp.initiate_auth(ClientId=app.client_id, AuthFlow="USER_PASSWORD_AUTH",
                                  AuthParameters={"USERNAME": "dora", "PASSWORD": PASSWORD, "DEVICE_KEY": device["DeviceKey"]})
    assert challenge["ChallengeName"] == "SOFTWARE_TOKEN_MFA", "confirmed but not remembered"
    idp.update_device_status(AccessToken=result["AccessToken"], DeviceKey=device["DeviceKey"], DeviceRememberedStatus="remembered")
    assert "AuthenticationResult" in device_sign_in(idp, server, app, device, device_password)

    with raises("InvalidParameterException"):
        idp.confirm_device(AccessToken=result["AccessToken"], DeviceKey="us-east-1_00000000-0000-0000-0000-000000000000",
                           DeviceSecretVerifierConfig=config)
    idp.forget_device(AccessToken=result["AccessToken"], DeviceKey=device["DeviceKey"])
    remaining = [d["DeviceKey"] for d in idp.list_devices(AccessToken=result["AccessToken"])["Devices"]]
    assert device["DeviceKey"] not in remaining and len(remaining) == 1

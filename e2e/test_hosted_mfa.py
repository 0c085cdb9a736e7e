"""Second factors on the hosted UI in headless Chromium: a pool that requires MFA makes a new user enrol an
authenticator app (QR code drawn by Cognate, key as text) before the code reaches the app; the next
sign-in asks for the app's code; a user with email codes gets one by mail. Codes come from pyotp and
from the SMTP sink. Screenshots of every page are kept (e2e/artifacts/screenshots/<test>/)."""

from __future__ import annotations

import time

import pyotp
import pytest
from selenium.webdriver.common.by import By

from browser import backend, server, sink  # noqa: F401  (this module's fixtures)
from browser import fill_and_submit
from oauth import HostedPool, create_hosted_pool, create_user
from test_hosted_ui import PASSWORD, UI, callback, mail_code, ui  # noqa: F401  (fixtures reused)


@pytest.fixture(scope="module")
def hosted(idp, callback) -> HostedPool:  # noqa: F811  (replaces test_hosted_ui's pool with one that requires MFA)
    pool = create_hosted_pool(idp, callback.callback_url, callback.signed_out_url)
    idp.set_user_pool_mfa_config(
        UserPoolId=pool.pool_id, MfaConfiguration="ON", SoftwareTokenMfaConfiguration={"Enabled": True},
        EmailMfaConfiguration={"Message": "Your sign-in code is {####}.", "Subject": "Sign-in code"},
    )
    return pool


def code_field(ui: UI):
    fields = ui.driver.find_elements(By.CSS_SELECTOR, "form input[name=code]")
    assert fields, f"no code field on {ui.driver.current_url}"
    field = fields[0]
    assert field.get_attribute("autocomplete") == "one-time-code" and field.get_attribute("inputmode") == "numeric"
    return field


def test_enrol_an_authenticator_app_then_sign_in_with_its_code(ui, idp, hosted, server, callback):
    user = create_user(idp, hosted, PASSWORD)
    flow = ui.authorize()
    ui.expect_login(flow)
    ui.sign_in(user.login, PASSWORD)
    ui.expect("/login", "mfa-setup")
    secret = ui.driver.find_element(By.ID, "totp-secret").text.replace(" ", "")
    assert len(secret) == 32, secret
    svg = ui.driver.find_element(By.CSS_SELECTOR, "#qr-code svg")
    assert svg.get_attribute("role") == "img" and svg.get_attribute("aria-label")
    assert not ui.driver.find_elements(By.TAG_NAME, "script")
    code_field(ui)

    wrong = "000000" if pyotp.TOTP(secret).now() != "000000" else "111111"
    fill_and_submit(ui.driver, {"code": wrong})
    ui.expect("/login/mfaSetup", "mfa-setup-wrong-code")
    assert "not right" in ui.driver.find_element(By.ID, "error").text
    assert ui.driver.find_element(By.ID, "totp-secret").text.replace(" ", "") == secret, "the same key is shown again"

    fill_and_submit(ui.driver, {"code": pyotp.TOTP(secret).now()})
    first = ui.at_callback(flow)
    ui.redeem(flow, first["code"])
    assert idp.admin_get_user(UserPoolId=hosted.pool_id, Username=user.username)["UserMFASettingList"] == ["SOFTWARE_TOKEN_MFA"]

    # Signed out through /logout: the next sign-in asks for the app's code.
    ui.go("/logout", {"client_id": hosted.public.client_id, "logout_uri": hosted.signed_out})
    ui.expect("/signed-out", "signed-out")
    again = ui.authorize()
    ui.expect_login(again, "login-again")
    ui.sign_in(user.login, PASSWORD)
    ui.expect("/login", "mfa-code")
    assert "authenticator app" in ui.driver.find_element(By.ID, "mfa-description").text
    code_field(ui)
    fill_and_submit(ui.driver, {"code": pyotp.TOTP(secret).at(time.time() + 30)})
    second = ui.at_callback(again)
    ui.redeem(again, second["code"])


def test_an_email_code_signs_in(ui, idp, hosted, sink):
    user = create_user(idp, hosted, PASSWORD)
    idp.admin_set_user_mfa_preference(UserPoolId=hosted.pool_id, Username=user.username,
                                      EmailMfaSettings={"Enabled": True, "PreferredMfa": True})
    flow = ui.authorize()
    ui.expect_login(flow)
    ui.sign_in(user.login, PASSWORD)
    ui.expect("/login", "mfa-email")
    description = ui.driver.find_element(By.ID, "mfa-description").text
    assert "***" in description and user.email not in description, description
    fill_and_submit(ui.driver, {"code": mail_code(sink, user.email)})
    ui.redeem(flow, ui.at_callback(flow)["code"])

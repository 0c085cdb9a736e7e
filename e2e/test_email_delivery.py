"""Email through a real SMTP server (aiosmtpd on 127.0.0.1): codes that confirm users, invitations,
non-ASCII subjects, STARTTLS with AUTH, and delivery that survives an SMTP outage, a restart and a 550."""

from __future__ import annotations

import re
import time

import pytest

from accounts import PASSWORD, email_pool, new_app, unique_email
from mail_sink import MailSink

CODE = re.compile(r"(?<!\d)\d{6}(?!\d)")


def text_of(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


@pytest.fixture
def sink(tmp_path):
    sink = MailSink(tmp_path).start()
    yield sink
    sink.stop()


def start_server(server_factory, sink_url: str, *extra: str):
    # The URL may hold a password: give it through the environment, where `ps` does not show it.
    return server_factory.start(
        extra_args=["--mail-from", "Cognate <no-reply@example.com>", "--argon2", "1024,1,1", *extra],
        extra_env={"COGNATE_SMTP_URL": sink_url},
    )


def test_sign_up_code_arrives_and_confirms_the_user(backend, server_factory, sink):
    server = start_server(server_factory, sink.url(starttls="never"))
    cognito = server.client()
    subject = "Vérifiez votre adresse ✓ — Überprüfung"
    pool = email_pool(cognito, EmailVerificationSubject=subject, EmailVerificationMessage="Ihr Code lautet {####}. Merci!")
    app = new_app(cognito, pool)
    address = unique_email("smtp")
    cognito.sign_up(ClientId=app.client_id, Username=address, Password=PASSWORD)
    [message] = sink.recorder.wait_for(1)
    assert message["To"] == f"<{address}>" or address in message["To"]
    assert message["Subject"] == subject
    assert "no-reply@example.com" in message["From"]
    assert message["Message-ID"] and message["Date"]
    body = text_of(message)
    assert body.startswith("Ihr Code lautet ") and body.rstrip().endswith("Merci!")
    html = message.get_body(preferencelist=("html",)).get_content()
    code = CODE.search(body).group()
    assert code in html
    cognito.confirm_sign_up(ClientId=app.client_id, Username=address, ConfirmationCode=code)
    user = cognito.admin_get_user(UserPoolId=pool, Username=address)
    assert user["UserStatus"] == "CONFIRMED"


def test_invitation_and_password_reset_arrive(backend, server_factory, sink):
    server = start_server(server_factory, sink.url(starttls="never"))
    cognito = server.client()
    pool = email_pool(
        cognito, AdminCreateUserConfig={"InviteMessageTemplate": {"EmailSubject": "Welcome aboard", "EmailMessage": "Hi {username}, use {####} once."}}
    )
    app = new_app(cognito, pool)
    address = unique_email("invite")
    cognito.admin_create_user(UserPoolId=pool, Username=address, UserAttributes=[
        {"Name": "email", "Value": address}, {"Name": "email_verified", "Value": "true"}])
    [invitation] = sink.recorder.wait_for(1)
    assert invitation["Subject"] == "Welcome aboard"
    temporary = re.search(r"use (\S+) once", text_of(invitation)).group(1)
    challenge = cognito.initiate_auth(ClientId=app.client_id, AuthFlow="USER_PASSWORD_AUTH",
                                      AuthParameters={"USERNAME": address, "PASSWORD": temporary})
    assert challenge["ChallengeName"] == "NEW_PASSWORD_REQUIRED"
    cognito.forgot_password(ClientId=app.client_id, Username=address)
    messages = sink.recorder.wait_for(2)
    code = CODE.search(text_of(messages[1])).group()
    cognito.confirm_forgot_password(ClientId=app.client_id, Username=address, ConfirmationCode=code, Password=PASSWORD)
    tokens = cognito.initiate_auth(ClientId=app.client_id, AuthFlow="USER_PASSWORD_AUTH",
                                   AuthParameters={"USERNAME": address, "PASSWORD": PASSWORD})
    assert "AuthenticationResult" in tokens


def test_starttls_and_auth(backend, server_factory, tmp_path):
    sink = MailSink(tmp_path, tls=True, credentials=("mailer", "s3cret pass")).start()
    try:
        server = start_server(server_factory, sink.url(ca=str(sink.cert_path)).replace("s3cret pass", "s3cret%20pass"))
        cognito = server.client()
        pool = email_pool(cognito)
        app = new_app(cognito, pool)
        cognito.sign_up(ClientId=app.client_id, Username=unique_email("tls"), Password=PASSWORD)
        [message] = sink.recorder.wait_for(1)
        assert CODE.search(text_of(message))
        log = server.log_path.read_text()
        assert "s3cret" not in log, "the SMTP password must never be logged"
    finally:
        sink.stop()


def test_implicit_tls(backend, server_factory, tmp_path):
    sink = MailSink(tmp_path, implicit_tls=True, credentials=("mailer", "implicit-secret")).start()
    try:
        server = start_server(server_factory, sink.url(ca=str(sink.cert_path)))
        cognito = server.client()
        pool = email_pool(cognito)
        app = new_app(cognito, pool)
        cognito.sign_up(ClientId=app.client_id, Username=unique_email("smtps"), Password=PASSWORD)
        [message] = sink.recorder.wait_for(1)
        assert CODE.search(text_of(message))
    finally:
        sink.stop()


def test_an_smtp_outage_delays_but_does_not_lose_mail(backend, server_factory, sink):
    sink.stop()
    server = start_server(server_factory, sink.url(starttls="never"))
    cognito = server.client()
    pool = email_pool(cognito)
    app = new_app(cognito, pool)
    address = unique_email("outage")
    response = cognito.sign_up(ClientId=app.client_id, Username=address, Password=PASSWORD)
    assert response["CodeDeliveryDetails"]["DeliveryMedium"] == "EMAIL", "SignUp succeeds while SMTP is down"
    time.sleep(1.5)
    sink.start()
    [message] = sink.recorder.wait_for(1, timeout=30)
    assert address in message["To"]
    time.sleep(2)
    assert len(sink.recorder.messages) == 1, "delivered exactly once"


def test_pending_mail_survives_a_restart_and_is_sent_once(backend, server_factory, sink):
    sink.stop()
    server = start_server(server_factory, sink.url(starttls="never"))
    cognito = server.client()
    pool = email_pool(cognito)
    app = new_app(cognito, pool)
    cognito.sign_up(ClientId=app.client_id, Username=unique_email("restart"), Password=PASSWORD)
    server.stop_cleanly()
    sink.start()
    server.start()
    sink.recorder.wait_for(1, timeout=30)
    time.sleep(3)
    assert len(sink.recorder.messages) == 1


def test_a_permanent_refusal_is_not_retried(backend, server_factory, sink):
    sink.recorder.refuse_recipients = True
    server = start_server(server_factory, sink.url(starttls="never"))
    cognito = server.client()
    pool = email_pool(cognito)
    app = new_app(cognito, pool)
    cognito.sign_up(ClientId=app.client_id, Username=unique_email("refused"), Password=PASSWORD)
    deadline = time.monotonic() + 10
    while sink.recorder.rcpt_attempts == 0 and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(8)
    assert sink.recorder.rcpt_attempts == 1, "a 550 is final: no retries"
    assert "refused for good" in server.log_path.read_text()


def test_confirm_with_link_confirms_the_user_from_the_email(backend, server_factory, sink):
    import urllib.request

    server = start_server(server_factory, sink.url(starttls="never"))
    cognito = server.client()
    pool = email_pool(cognito, VerificationMessageTemplate={
        "DefaultEmailOption": "CONFIRM_WITH_LINK", "EmailSubjectByLink": "Confirm <your> address",
        "EmailMessageByLink": "Welcome & hello. {##Confirm my account##} Thanks.",
    })
    app = new_app(cognito, pool)
    address = unique_email("link")
    cognito.sign_up(ClientId=app.client_id, Username=address, Password=PASSWORD)
    [message] = sink.recorder.wait_for(1)
    assert message["Subject"] == "Confirm <your> address"
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "Welcome &amp; hello." in html, "template text is escaped in the HTML part"
    link = re.search(r'<a href="([^"]+)">Confirm my account</a>', html).group(1).replace("&amp;", "&")
    assert link.startswith(f"{server.url}/confirmUser?client_id={app.client_id}&")
    assert link in text_of(message).replace("&amp;", "&")
    with urllib.request.urlopen(link, timeout=10) as response:
        assert response.status == 200
        assert "confirmed" in response.read().decode()
    assert cognito.admin_get_user(UserPoolId=pool, Username=address)["UserStatus"] == "CONFIRMED"

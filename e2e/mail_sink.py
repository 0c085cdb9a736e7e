"""A real SMTP server for the email tests: aiosmtpd on 127.0.0.1, optionally with STARTTLS (a
self-signed certificate made for the run) and AUTH, that keeps what it receives and can refuse."""

from __future__ import annotations

import datetime
import email
import email.policy
import ssl
import threading
import time
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from cognate_e2e import free_port


class Recorder:
    """Keeps the messages it accepts; `refuse_recipients` answers RCPT with a permanent 550."""

    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []
        self.rcpt_attempts = 0
        self.refuse_recipients = False
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        with self.lock:
            self.rcpt_attempts += 1
        if self.refuse_recipients:
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.messages.append(message)
        return "250 Message accepted for delivery"

    def wait_for(self, count: int, timeout: float = 20) -> list[email.message.EmailMessage]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if len(self.messages) >= count:
                    return list(self.messages)
            time.sleep(0.1)
        raise AssertionError(f"expected {count} messages within {timeout}s, got {len(self.messages)}")


def self_signed_certificate(directory: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.timezone.utc)
    certificate = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "smtp-cert.pem", directory / "smtp-key.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    return cert_path, key_path


class MailSink:
    """aiosmtpd in a thread; `start()`/`stop()` may be called again to simulate an outage."""

    def __init__(self, directory: Path, *, tls: bool = False, implicit_tls: bool = False,
                 credentials: tuple[str, str] | None = None):
        self.recorder = Recorder()
        self.implicit_tls = implicit_tls
        self.port = free_port()
        self.credentials = credentials
        self.tls_context = None
        self.cert_path = None
        if tls or implicit_tls:
            self.cert_path, key_path = self_signed_certificate(directory)
            self.tls_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            self.tls_context.load_cert_chain(self.cert_path, key_path)
        self.controller: Controller | None = None

    def _authenticate(self, server, session, envelope, mechanism, auth_data):
        if isinstance(auth_data, LoginPassword) and self.credentials is not None:
            if (auth_data.login.decode(), auth_data.password.decode()) == self.credentials:
                return AuthResult(success=True)
        return AuthResult(success=False, handled=False)

    def start(self) -> "MailSink":
        kwargs = {}
        if self.implicit_tls:
            kwargs.update(ssl_context=self.tls_context)
        elif self.tls_context is not None:
            kwargs.update(tls_context=self.tls_context, require_starttls=True)
        if self.credentials is not None:
            # With implicit TLS aiosmtpd does not count the session as TLS for auth_require_tls; it is TLS anyway.
            kwargs.update(authenticator=self._authenticate, auth_required=True,
                          auth_require_tls=self.tls_context is not None and not self.implicit_tls)
        self.controller = Controller(self.recorder, hostname="127.0.0.1", port=self.port, server_hostname="localhost", **kwargs)
        self.controller.start()
        return self

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def url(self, **options: str) -> str:
        user = f"{self.credentials[0]}:{self.credentials[1]}@" if self.credentials else ""
        query = "&".join(f"{key}={value}" for key, value in options.items())
        host = "localhost" if self.tls_context is not None else "127.0.0.1"  # the certificate names localhost
        scheme = "smtps" if self.implicit_tls else "smtp"
        return f"{scheme}://{user}{host}:{self.port}" + (f"?{query}" if query else "")

"""A real SMTP server on 127.0.0.1 for tests: aiosmtpd, started in-process.

`SmtpServer(mode=...)` starts on a free port with a self-signed certificate:
"starttls" (STARTTLS required, then AUTH required) or "tls" (implicit TLS,
AUTH required). Every accepted message is kept in `received` with what the
session looked like (TLS or not, who authenticated), so a test can check
not only that mail arrived but how.
"""

from __future__ import annotations

import ssl
import tempfile
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from tests.servers.dovecot import free_port, make_certificate

USER = "alex"
PASSWORD = "smtp-pw-secret"


@dataclass(frozen=True)
class Received:
    mail_from: str
    rcpt_tos: tuple[str, ...]
    message: EmailMessage
    tls: bool
    login: str | None


class _Handler:
    def __init__(self, received: list[Received]) -> None:
        self.received = received

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = BytesParser(policy=policy.default).parsebytes(envelope.content)
        login = session.auth_data.login.decode() if session.authenticated else None
        tls = server.transport.get_extra_info("ssl_object") is not None
        self.received.append(Received(envelope.mail_from, tuple(envelope.rcpt_tos), message,
                                      tls, login))
        return "250 OK"


def _authenticate(server: Any, session: Any, envelope: Any, mechanism: str,
                  auth_data: Any) -> AuthResult:
    ok = (isinstance(auth_data, LoginPassword) and auth_data.login == USER.encode()
          and auth_data.password == PASSWORD.encode())
    return AuthResult(success=ok, handled=False, auth_data=auth_data)


class SmtpServer:
    def __init__(self, mode: str = "starttls") -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="inviteassist-smtp-"))
        self.cert, key = make_certificate(self.folder)
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(self.cert, key)
        self.port = free_port()
        self.received: list[Received] = []
        options: dict[str, Any] = {"authenticator": _authenticate, "auth_required": True}
        if mode == "starttls":
            options |= {"tls_context": context, "require_starttls": True}
        else:
            options |= {"ssl_context": context, "auth_require_tls": False}
        self.controller = Controller(_Handler(self.received), hostname="127.0.0.1",
                                     port=self.port, **options)

    def start(self) -> None:
        self.controller.start()

    def stop(self) -> None:
        self.controller.stop()

    def config(self, security: str) -> str:
        """The [smtp] section that reaches this server."""
        return (f'[smtp]\nhost = "127.0.0.1"\nport = {self.port}\nsecurity = "{security}"\n'
                f'username = "{USER}"\npassword_env = "TEST_SMTP_PASSWORD"\n'
                f'ca_file = "{self.cert}"\ntimeout_seconds = 5\n')

"""Getting a finished message to its place: SMTP, IMAP APPEND, or a Maildir.

`send_smtp` submits a message over SMTP with implicit TLS or STARTTLS
(certificates verified, `ca_file` for a private authority; plaintext only to
a loopback host unless the owner allows it) and AUTH with a password from
the same sources as IMAP's. `append_message` puts a copy into an IMAP
folder (a summary into INBOX, a sent reply into Sent). `deliver_to_owner`
picks: SMTP when [smtp] host is set, else APPEND into the owner's inbox
(IMAP) or a new file in the Maildir. Failures are one-sentence
`OperationalError`s naming the server and never the secret.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from dataclasses import dataclass, replace
from datetime import datetime
from email.message import EmailMessage
from pathlib import Path

import imapclient
from imapclient.imapclient import SENT

from inviteassist.config.delivery import SmtpSection
from inviteassist.config.imap import ImapSection
from inviteassist.config.settings import Settings
from inviteassist.errors import OperationalError, UserError
from inviteassist.mail.credentials import Secret, has_password_source, resolve_password
from inviteassist.mail.imap_connect import (
    NETWORK_ERRORS,
    append_location,
    appended_uid,
    connect,
    crlf,
    logout_quietly,
)
from inviteassist.mail.imap_folders import list_folders, locate, personal_namespace
from inviteassist.mail.maildir import deliver_private
from inviteassist.tls import refuse_plaintext, verified_context

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Delivery:
    """Where a message went: `method` is smtp, imap-append or maildir."""

    method: str
    location: str


def smtp_port(smtp: SmtpSection) -> int:
    return smtp.port or {"tls": 465, "starttls": 587}.get(smtp.security, 25)


def smtp_credentials(settings: Settings) -> tuple[str, Secret | None]:
    """The SMTP login name and password: [smtp]'s own sources, else [imap]'s.
    No username at all means no AUTH (a relay that trusts the network)."""
    smtp = settings.smtp
    username = smtp.username or settings.imap.username
    if not username:
        return "", None
    if has_password_source(smtp):
        return username, resolve_password(replace(smtp, username=username), "smtp")
    if has_password_source(settings.imap):
        return username, resolve_password(settings.imap)
    raise UserError("no password source is configured", where="[smtp]",
                    fix="set password_env, password_command or keyring = true in [smtp] "
                        "or [imap]")


def _check_smtp_security(smtp: SmtpSection) -> None:
    refuse_plaintext("smtp", smtp.host, smtp.security, smtp.allow_insecure,
                     "your password and mail")


def _tls_context(smtp: SmtpSection) -> ssl.SSLContext:
    return verified_context(smtp.ca_file, "smtp")


def _open_smtp(smtp: SmtpSection) -> smtplib.SMTP:
    port = smtp_port(smtp)
    if smtp.security == "tls":
        return smtplib.SMTP_SSL(smtp.host, port, timeout=smtp.timeout_seconds,
                                context=_tls_context(smtp))
    client = smtplib.SMTP(smtp.host, port, timeout=smtp.timeout_seconds)
    if smtp.security == "starttls":
        client.ehlo()
        client.starttls(context=_tls_context(smtp))  # refuses when not offered
        client.ehlo()
    return client


def send_smtp(settings: Settings, message: EmailMessage) -> Delivery:
    """Submit `message` to its To/Cc/Bcc over SMTP, or raise OperationalError."""
    smtp = settings.smtp
    if not smtp.host:
        raise UserError("is required to send mail", where="[smtp] host",
                        fix="set host to your SMTP server, e.g. smtp.fastmail.com")
    _check_smtp_security(smtp)
    username, password = smtp_credentials(settings)
    where = f"{smtp.host}:{smtp_port(smtp)}"
    try:
        with _open_smtp(smtp) as client:
            if password is not None:
                client.login(username, password.reveal())
            refused = client.send_message(message)
    except ssl.SSLCertVerificationError as exc:
        raise OperationalError(
            f"the TLS certificate of SMTP server {where} could not be verified "
            f"({exc.verify_message}); for a private certificate authority set "
            "[smtp] ca_file") from None
    except smtplib.SMTPAuthenticationError as exc:
        raise OperationalError(f"SMTP login to {where} as {username} was refused: "
                               f"{exc.smtp_code} {_text(exc.smtp_error)}") from None
    except smtplib.SMTPNotSupportedError as exc:
        raise OperationalError(f"SMTP server {where} does not offer what [smtp] asks "
                               f"for: {exc}") from None
    except smtplib.SMTPRecipientsRefused as exc:
        raise OperationalError(f"SMTP server {where} refused every recipient: "
                               f"{', '.join(exc.recipients)}") from None
    except (smtplib.SMTPException, OSError) as exc:
        raise OperationalError(f"sending through SMTP server {where} failed: "
                               f"{exc or type(exc).__name__}") from None
    if refused:
        logger.warning("SMTP server %s refused some recipients: %s", where,
                       ", ".join(refused))
    return Delivery("smtp", f"SMTP {where}")


def _text(value: bytes | str) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else value


def append_message(imap: ImapSection, folder: str, content: bytes, *,
                   flags: tuple[bytes, ...] = (), when: datetime | None = None,
                   special_use: bytes | None = None) -> Delivery:
    """APPEND `content` to `folder` (or the server's SPECIAL-USE folder of that
    kind), creating the folder in the personal namespace when missing, on a
    connection of its own."""
    client = connect(imap)
    try:
        place = locate(folder, special_use, list_folders(client), personal_namespace(client))
        real = place.name
        if not place.exists:
            client.create_folder(real)
        answer = client.append(real, crlf(content), flags=flags, msg_time=when)
    except NETWORK_ERRORS as exc:
        raise OperationalError(f"IMAP append to {folder} on {imap.host} failed: "
                               f"{exc}") from None
    finally:
        logout_quietly(client)
    return Delivery("imap-append", append_location(real, appended_uid(answer)))


def file_in_sent(settings: Settings, content: bytes, when: datetime) -> Delivery:
    """A copy of a message we sent, in the owner's Sent folder, marked read."""
    return append_message(settings.imap, settings.folders.sent, content,
                          flags=(imapclient.SEEN,), when=when, special_use=SENT)


def deliver_to_owner(settings: Settings, message: EmailMessage) -> Delivery:
    """SMTP when configured; else straight into the owner's inbox."""
    if settings.smtp.host:
        return send_smtp(settings, message)
    content = message.as_bytes()
    if settings.mailbox.type == "imap":
        return append_message(settings.imap, settings.folders.inbox, content)
    path = Path(settings.mailbox.path)
    try:
        final = deliver_private(path, content)
    except OSError as exc:
        raise OperationalError(f"cannot put the summary into the Maildir {path}: "
                               f"{exc}") from None
    return Delivery("maildir", str(final))

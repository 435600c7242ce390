"""Opening an authenticated IMAP connection, the one place that does it.

Policy: TLS (implicit or STARTTLS) with certificate verification always on,
plaintext only to a loopback host or when the owner set `allow_insecure`;
a timeout on every socket operation. Failures become one-sentence
`OperationalError`s that name the host and the fix, never the secret.
Also the APPEND helpers of the IMAP writers (drafts, summaries): CRLF line
ends, the UIDs an answer names, and batches for MULTIAPPEND.
"""

from __future__ import annotations

import logging
import re
import socket
import ssl
from collections.abc import Iterator, Sequence

import imapclient
from imapclient.exceptions import IMAPClientError, LoginError

from inviteassist.config.imap import ImapSection
from inviteassist.errors import UserError
from inviteassist.mail.credentials import resolve_password, resolve_token
from inviteassist.mail.protocol import LoginFailed, MailboxUnavailable
from inviteassist.tls import refuse_plaintext, verified_context

logger = logging.getLogger(__name__)

NETWORK_ERRORS = (OSError, IMAPClientError, socket.timeout)


def default_port(imap: ImapSection) -> int:
    return imap.port or (993 if imap.security == "tls" else 143)


def tls_context(imap: ImapSection) -> ssl.SSLContext:
    return verified_context(imap.ca_file, "imap")


def check_security(imap: ImapSection) -> None:
    if not imap.host:
        raise UserError("is required when [mailbox] type = 'imap'", where="[imap] host",
                        fix="set host to your IMAP server, e.g. imap.gmail.com")
    refuse_plaintext("imap", imap.host, imap.security, imap.allow_insecure, "your password")


def connect(imap: ImapSection) -> imapclient.IMAPClient:
    """A logged-in client, or MailboxUnavailable / LoginFailed / UserError."""
    check_security(imap)
    port = default_port(imap)
    where = f"{imap.host}:{port}"
    try:
        client = imapclient.IMAPClient(
            imap.host, port=port, ssl=imap.security == "tls",
            ssl_context=tls_context(imap) if imap.security == "tls" else None,
            timeout=imap.timeout_seconds)
        if imap.security == "starttls":
            client.starttls(tls_context(imap))
    except ssl.SSLCertVerificationError as exc:
        raise MailboxUnavailable(
            f"the TLS certificate of {where} could not be verified ({exc.verify_message}); "
            "for a private certificate authority set [imap] ca_file") from None
    except NETWORK_ERRORS as exc:
        raise MailboxUnavailable(f"cannot connect to IMAP server {where}: "
                                 f"{_describe(exc)}") from None
    try:
        _login(client, imap)
    except LoginError as exc:
        _abandon(client)
        raise LoginFailed(f"IMAP login to {where} as {imap.username} failed: "
                          f"{_describe(exc)}") from None
    except NETWORK_ERRORS as exc:
        _abandon(client)
        raise MailboxUnavailable(f"connection to {where} lost during login: "
                                 f"{_describe(exc)}") from None
    except BaseException:
        _abandon(client)
        raise
    logger.debug("logged in to %s as %s", where, imap.username)
    return client


def _login(client: imapclient.IMAPClient, imap: ImapSection) -> None:
    if imap.auth == "xoauth2":
        client.oauth2_login(imap.username, resolve_token(imap).reveal())
    else:
        client.login(imap.username, resolve_password(imap).reveal())


def logout_quietly(client: imapclient.IMAPClient) -> None:
    """Log out; a connection that fails meanwhile is gone anyway."""
    try:
        client.logout()
    except NETWORK_ERRORS:
        logger.debug("ignoring an error at logout")


def _abandon(client: imapclient.IMAPClient) -> None:
    try:
        client.shutdown()
    except NETWORK_ERRORS:
        logger.debug("ignoring an error while dropping a failed connection")


def _describe(exc: BaseException) -> str:
    """The server's words, without the b'...' that imapclient leaves around them."""
    text = str(exc).strip() or type(exc).__name__
    return text.removeprefix("b'").removesuffix("'")


APPENDUID = re.compile(rb"APPENDUID \d+ ([\d:,]+)")


def crlf(content: bytes) -> bytes:
    """IMAP wants CRLF line ends; composed and stored messages may use LF."""
    return re.sub(rb"\r?\n", b"\r\n", content)


def appended_uid(answer: object) -> int | None:
    """The UID an APPEND answer names (UIDPLUS), if it names one."""
    return appended_uids(answer, 1)[0]


def appended_uids(answer: object, count: int) -> list[int | None]:
    """The UIDs, in order, of the `count` messages one (MULTI)APPEND stored, as
    its UIDPLUS answer names them ("5:9", "5,7:8"); all None if it names no
    UIDs or not exactly `count` of them."""
    match = APPENDUID.search(answer if isinstance(answer, bytes) else b"")
    uids: list[int | None] = []
    for piece in match.group(1).split(b",") if match else ():
        first, _, last = piece.partition(b":")
        low, high = sorted((int(first or 0), int(last or first or 0)))  # 9:5 is 5:9
        if len(uids) + high - low + 1 > count:
            return [None] * count
        uids.extend(range(low, high + 1))
    return uids if len(uids) == count else [None] * count


def byte_batches(contents: Sequence[bytes], limit: int) -> Iterator[list[bytes]]:
    """`contents` in order, in batches of at most `limit` bytes (a bigger item alone)."""
    batch: list[bytes] = []
    size = 0
    for content in contents:
        if batch and size + len(content) > limit:
            yield batch
            batch, size = [], 0
        batch.append(content)
        size += len(content)
    if batch:
        yield batch


def append_location(folder: str, uid: int | None) -> str:
    return f"{folder} UID {uid}" if uid is not None else folder

"""The headers every message of ours carries, built from sanitised values.

Shared by replies, follow-ups and summaries: one line of printable text per
header value, Message-IDs fixed by what they are about (so a retried append is
recognisable), and the owner's domain for our ids.
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime

from inviteassist.compose.headerline import is_plain_address
from inviteassist.mailpolicy import POLICY

_UNSAFE = re.compile(r"[\x00-\x1f\x7f]+")

def header_safe(value: str) -> str:
    """One line of printable text: control characters (CR, LF, NUL …) become spaces."""
    return _UNSAFE.sub(" ", value).strip()


def draft_message_id(request_key: str, purpose: str, owner_email: str) -> str:
    """A Message-ID fixed by the request, so a retried append is recognisable."""
    digest = hashlib.sha256(f"{request_key}\0{purpose}".encode()).hexdigest()[:32]
    return f"<inviteassist.{purpose}.{digest}@{message_domain(owner_email)}>"


def message_domain(owner_email: str) -> str:
    """The domain our Message-IDs and calendar UIDs end in: the owner's."""
    return owner_email.rpartition("@")[2] or "inviteassist.invalid"


def first_name(full_name: str | None) -> str | None:
    return full_name.split()[0] if full_name and full_name.split() else None


def mailbox(name: str, email: str) -> Address:
    """`Address(name, addr_spec=email)`. A plain address (nearly every one) is
    split at its "@" rather than parsed: the parser would give the same
    username and domain, and parsing was a tenth of composing a reply."""
    if is_plain_address(email):
        username, _, domain = email.rpartition("@")
        return Address(name, username, domain)
    return Address(name, addr_spec=email)


HeaderValue = str | Address  # an Address is set as such on a message, as a string in a draft


def base_headers(sender: Address, recipient: Address | None, subject: str, now: datetime,
                 message_id: str, purpose: str) -> list[tuple[str, HeaderValue]]:
    """From, To, Subject, Date, Message-ID and our X-InviteAssist mark; the
    subject must already be one safe line (see header_safe)."""
    headers: list[tuple[str, HeaderValue]] = [("From", sender)]
    if recipient is not None:
        headers.append(("To", recipient))
    headers += [("Subject", subject), ("Date", format_datetime(now)),
                ("Message-ID", message_id), ("X-InviteAssist", purpose)]
    return headers


def message_with(headers: list[tuple[str, HeaderValue]]) -> EmailMessage:
    """An EmailMessage (our policy) with `headers`, in order."""
    message = EmailMessage(policy=POLICY)
    for name, value in headers:
        message[name] = value
    return message


def base_message(sender: Address, recipient: Address | None, subject: str, now: datetime,
                 message_id: str, purpose: str) -> EmailMessage:
    """The message with `base_headers`."""
    return message_with(base_headers(sender, recipient, subject, now, message_id, purpose))

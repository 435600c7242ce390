"""A stored draft read back: its message, and the text the requester reads of
it (without the `[inviteassist, for you only ...]` remarks for the owner),
ready to paste into the network's message box."""

from __future__ import annotations

import re
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser

_OWNER_NOTE = re.compile(r"^\[inviteassist, for you only.*\]\s*$")


def parse_draft(content: bytes) -> EmailMessage:
    message = BytesParser(policy=policy.default).parsebytes(content)
    assert isinstance(message, EmailMessage)
    return message


def requester_text(body: str) -> str:
    """What the requester reads of `body`: without the remarks for the owner."""
    return "\n".join(line for line in body.splitlines() if not _OWNER_NOTE.match(line)).strip()


def paste_ready_text(draft: bytes | None) -> str | None:
    """The draft's plain-text body without the remarks meant for the owner only."""
    if not draft:
        return None
    part = parse_draft(draft).get_body(("plain",))
    if part is None:
        return None
    return requester_text(str(part.get_content())) or None

"""Schema pieces for `config.py` about calendar invitations: [call] and [invitations].

`CallSection` says how the requester joins the call (LOCATION, URL and
CONFERENCE of every .ics); `InvitationsSection` says what the proposal's
calendar files are. `INVITATION_KINDS` holds the converters: a location is
one line of text (a control character would end the iCalendar line and
could inject properties, so it is refused, not cleaned), a video link an
https:// address.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from inviteassist.config.schema import EMAIL, Converter, Fail, opt

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


@dataclass(frozen=True)
class CallSection:
    location: str = opt(
        "How the requester joins: a phone number, a video link, an address or \"I will "
        "call you\"; it becomes the LOCATION of every calendar file. Empty: \"Phone call "
        "— I will call the number you send me\" in the requester's language.", "",
        kind="call_text")
    video_url: str = opt("A video-call link (https://…) added as URL and CONFERENCE.", "",
                         kind="video_url")


@dataclass(frozen=True)
class InvitationsSection:
    proposals: str = opt(
        "What the proposed times are in the requester's calendar: 'publish' (tentative, "
        "free-time entries they can add; nothing is booked until they choose) or "
        "'requests' (invitations with Accept/Decline; the times not chosen are cancelled "
        "once one is agreed).", "publish", choices=("publish", "requests"))


def convert_call_text(value: Any, fail: Fail) -> str:
    """One line of text without control characters, at most 500 characters."""
    fix = 'write one line, e.g. location = "+49 30 1234567" or "I will call you"'
    if not isinstance(value, str):
        raise fail(f"must be a string, not {value!r}", fix)
    if _CONTROL.search(value):
        raise fail("contains a line break or another control character", fix)
    if len(value) > 500:
        raise fail("is longer than 500 characters", fix)
    return value.strip()


def convert_video_url(value: Any, fail: Fail) -> str:
    """An https:// link (empty: none)."""
    fix = 'write video_url = "https://meet.example.com/alex"'
    if not isinstance(value, str):
        raise fail(f"must be a string, not {value!r}", fix)
    if not value:
        return ""
    parts = urlsplit(value)
    if _CONTROL.search(value) or " " in value or parts.scheme != "https" or not parts.hostname:
        raise fail("is not an https:// link", fix)
    return value


INVITATION_KINDS: dict[str, Converter] = {
    "call_text": convert_call_text,
    "video_url": convert_video_url,
}




def sending_address(owner_email: str, logins: tuple[str, ...]) -> str:
    """The address calendar answers must reach: the first login that is an
    address (SMTP sends, IMAP reads), else [owner] email."""
    return next((login for login in logins if EMAIL.fullmatch(login)), owner_email)


def organizer_warning(owner_email: str, logins: tuple[str, ...]) -> str | None:
    """A `check` warning when calendar answers would go elsewhere than From."""
    sender = sending_address(owner_email, logins)
    if sender.lower() == owner_email.lower():
        return None
    return (f"[owner] email {owner_email} differs from the login {sender}: calendar files "
            f"name {sender} as organizer, so that Accept/Decline answers reach the mailbox "
            "that is watched; set [owner] email to it if that is the address you send from")

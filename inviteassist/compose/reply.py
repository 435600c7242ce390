"""Turns a request and its options into the reply draft: an EmailMessage.

The body comes from the owner-editable template; every header is built here
from sanitised values, never from template output, so nothing in a
notification can smuggle a line break into a header. One .ics attachment per
option: METHOD:REQUEST with the requester as attendee when we have their
address, METHOD:PUBLISH otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from typing import Any

import jinja2

from inviteassist.compose.headers import (
    base_message,
    first_name,
    header_safe,
    network_name,
)
from inviteassist.compose.templates import REPLY_TEXT, render
from inviteassist.models import Option, Owner, Requester
from inviteassist.schedule.ics import build_option_calendar, option_filename
from inviteassist.schedule.timefmt import format_option


@dataclass(frozen=True)
class ReplyInput:
    """Everything the reply needs; `now` and `message_id` come from the caller."""

    owner: Owner
    network: str
    requester: Requester
    note: str | None
    notification_subject: str
    notification_message_id: str | None
    notification_references: tuple[str, ...]
    options: tuple[Option, ...]
    message_id: str
    now: datetime
    owner_notes: tuple[str, ...] = ()
    template: str = REPLY_TEXT  # chosen by templates.choose_template
    category: str | None = None
    requester_timezone: str | None = None  # shown beside the owner's zone when known


def sample_reply_input(owner: Owner, options: tuple[Option, ...], now: datetime) -> ReplyInput:
    """Invented data that exercises every name a reply template may use."""
    return ReplyInput(
        owner=owner, network="linkedin",
        requester=Requester("Sam Example", "sam@example.com", "Engineer at Example",
                            "https://www.linkedin.com/in/sam-example/"),
        note="I'd like to join your network.", notification_subject="Please add me",
        notification_message_id="<sample@example.com>", notification_references=(),
        options=options, message_id="<check@example.com>", now=now,
        owner_notes=("sample remark",))


def reply_context(data: ReplyInput) -> dict[str, Any]:
    """The names a reply template may use (documented in templates/reply.txt.j2)."""
    tz = data.owner.timezone
    return {
        "owner": {"name": data.owner.name, "first_name": first_name(data.owner.name),
                  "email": data.owner.email, "timezone": tz},
        "requester": {"name": data.requester.name, "first_name": first_name(data.requester.name),
                      "headline": data.requester.headline, "email": data.requester.email,
                      "profile_url": data.requester.profile_url},
        "network": network_name(data.network),
        "note": data.note,
        "options": [{"label": o.label, "when": format_option(o, tz), "start": o.start,
                     "end": o.end, "requester_when": _requester_when(o, tz,
                                                                     data.requester_timezone)}
                    for o in data.options],
        "owner_notes": list(data.owner_notes),
        "category": data.category,
    }


def new_message(owner: Owner, requester: Requester, subject: str, now: datetime,
                message_id: str, in_reply_to: str | None, references: tuple[str, ...],
                purpose: str) -> EmailMessage:
    """The headers every message to a requester has, built from sanitised values."""
    to = (Address(header_safe(requester.name or ""), addr_spec=requester.email)
          if requester.email else None)
    message = base_message(Address(header_safe(owner.name), addr_spec=owner.email), to,
                           reply_subject(subject), now, message_id, purpose)
    if in_reply_to:
        message["In-Reply-To"] = header_safe(in_reply_to)
        message["References"] = " ".join(header_safe(r) for r in (*references, in_reply_to))
    return message


def compose_reply(env: jinja2.Environment, data: ReplyInput) -> EmailMessage:
    body = render(env, data.template, reply_context(data))
    message = new_message(data.owner, data.requester, data.notification_subject, data.now,
                          data.message_id, data.notification_message_id,
                          data.notification_references, "reply")
    message.set_content(body)
    for option in data.options:
        message.add_attachment(
            _option_calendar(data, option), maintype="text", subtype="calendar",
            filename=option_filename(option),
            params={"method": "REQUEST" if data.requester.email else "PUBLISH",
                    "charset": "UTF-8"})
    return message


def _requester_when(option: Option, owner_tz: str, requester_tz: str | None) -> str | None:
    """The option in the requester's zone, when known and not the owner's."""
    if not requester_tz or requester_tz == owner_tz:
        return None
    return format_option(option, requester_tz)


def reply_subject(notification_subject: str) -> str:
    subject = header_safe(notification_subject)
    return subject if subject.lower().startswith("re:") else f"Re: {subject}"


def _option_calendar(data: ReplyInput, option: Option) -> bytes:
    who = data.requester.name or "you"
    return build_option_calendar(
        option, organizer=data.owner, attendee_email=data.requester.email,
        attendee_name=data.requester.name,
        summary=f"Call: {data.owner.name} and {who}",
        description=(f"A first conversation before connecting on "
                     f"{network_name(data.network)}. "
                     f"Option {option.label} of {len(data.options)}."),
        dtstamp=data.now)

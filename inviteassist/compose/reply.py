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
from inviteassist.schedule.timefmt import (
    format_for_requester,
    format_local,
    format_option,
    load_zone,
    same_time,
    zone_label,
)


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
    requester_place: str | None = None  # how their zone is named: "Seattle"


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
        "options": [option_context(o, tz, data.requester_timezone, data.requester_place)
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


def option_context(option: Option, owner_tz: str, requester_tz: str | None,
                   place: str | None) -> dict[str, Any]:
    """One option for the templates. `when` is ready English text, in the
    requester's zone first when theirs keeps another time than the owner's;
    the other names are the parts, for templates that format dates
    themselves (other languages): `requester_start`/`requester_end` (aware,
    in their zone, or the owner's when unknown), `requester_zone` ("Seattle
    (PST)", or none), `owner_time` ("17:30 CET")."""
    theirs = requester_tz or owner_tz
    start = option.start.astimezone(load_zone(theirs))
    differs = requester_tz is not None and not same_time(requester_tz, owner_tz)
    label = place or (requester_tz.rsplit("/", 1)[-1].replace("_", " ") if requester_tz else None)
    return {
        "label": option.label, "start": option.start, "end": option.end,
        "when": (format_for_requester(option, theirs, label or theirs, owner_tz) if differs
                 else format_option(option, owner_tz)),
        "requester_start": start, "requester_end": option.end.astimezone(load_zone(theirs)),
        "requester_zone": f"{label} ({zone_label(start)})" if differs and label else None,
        "owner_time": format_local(option.start, owner_tz).split(" ", 1)[1],
        "requester_when": format_option(option, theirs) if differs else None,
    }


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

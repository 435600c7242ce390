"""Turns a request and its options into the reply draft: an EmailMessage.

The body comes from the owner-editable template; every header is built here
from sanitised values, never from template output, so nothing in a
notification can smuggle a line break into a header. One .ics attachment per
option, SUMMARY naming the option: METHOD:PUBLISH (tentative, free time, no
attendee) by default, so that no client books a time before the requester
chose; with [invitations] proposals = "requests" and a known address,
METHOD:REQUEST with the requester as attendee.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from typing import Any

import jinja2

from inviteassist.compose.calltext import (
    Invitations,
    call_place,
    proposal_note,
    proposal_summary,
)
from inviteassist.compose.headers import (
    base_message,
    first_name,
    header_safe,
    network_name,
)
from inviteassist.compose.templates import REPLY_TEXT, render
from inviteassist.models import Option, Owner, Requester
from inviteassist.schedule.ics import EventDetails, build_proposal_calendar, option_filename
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
    invitations: Invitations | None = None  # None: organized by `owner`, defaults
    language: str = "en"  # the requester's: calendar SUMMARY and default LOCATION


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
        "call": call_context(invitations_for(data.owner, data.invitations), data.language),
    }


def invitations_for(owner: Owner, invitations: Invitations | None) -> Invitations:
    return invitations or Invitations(organizer=owner)


def call_context(invitations: Invitations, language: str) -> dict[str, str]:
    """`call.location` and `call.url` for the templates: what the .ics says."""
    place = call_place(invitations, language)
    return {"location": place.location, "url": place.url}


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
    invitations = invitations_for(data.owner, data.invitations)
    method = "REQUEST" if invitations.as_requests and data.requester.email else "PUBLISH"
    for option in data.options:
        message.add_attachment(
            _option_calendar(data, invitations, option), maintype="text", subtype="calendar",
            filename=option_filename(option), params={"method": method, "charset": "UTF-8"})
    return message


def _requester_when(option: Option, owner_tz: str, requester_tz: str | None) -> str | None:
    """The option in the requester's zone, when known and not the owner's."""
    if not requester_tz or requester_tz == owner_tz:
        return None
    return format_option(option, requester_tz)


def reply_subject(notification_subject: str) -> str:
    subject = header_safe(notification_subject)
    return subject if subject.lower().startswith("re:") else f"Re: {subject}"


def _option_calendar(data: ReplyInput, invitations: Invitations, option: Option) -> bytes:
    place = call_place(invitations, data.language)
    details = EventDetails(
        organizer=invitations.organizer, attendee_email=data.requester.email,
        attendee_name=data.requester.name,
        summary=proposal_summary(option.label, data.owner.name, data.language),
        description=proposal_note(option.label, len(data.options), data.language),
        dtstamp=data.now, location=place.location, url=place.url)
    return build_proposal_calendar(option, details, as_request=invitations.as_requests)

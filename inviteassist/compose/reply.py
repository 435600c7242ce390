"""Turns a request and its options into the reply: an EmailMessage, or the
draft's bytes as the outbox stores them (`draft_reply`, written by
`compose.mime` without building the message).

The body comes from the owner-editable template, in the requester's language
when a translation exists (`compose.language`); its first line may give the
subject written to the requester ("Subject: Your invitation to connect on
LinkedIn"), else the subject is "Re: " and the notification's. Every header is
built here from sanitised values (a subject from a template is one line made
header-safe), so nothing in a notification can smuggle a line break into a
header. Without an address of the requester the text is for the network's
message box (`paste_ready`): it must fit the network's message limit, or the
owner is told. One .ics attachment per option, SUMMARY naming the option in
the reply's language: METHOD:PUBLISH (tentative, free time, no attendee) by
default, so that no client books a time before the requester chose; with
[invitations] proposals = "requests" and a known address, METHOD:REQUEST with
the requester as attendee.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
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
    HeaderValue,
    base_headers,
    first_name,
    header_safe,
    mailbox,
    message_with,
)
from inviteassist.compose.language import LanguageChoice, choose_language
from inviteassist.compose.mime import CalendarFile, Draft, draft_bytes
from inviteassist.compose.readback import requester_text
from inviteassist.compose.templates import REPLY_TEXT, render_message
from inviteassist.detect.networks.pages import network_name
from inviteassist.detect.networks.standard_notes import is_standard_note
from inviteassist.models import Option, Owner, Requester
from inviteassist.schedule.ics import EventDetails, build_proposal_calendar, option_filename
from inviteassist.schedule.timefmt import (
    format_for_requester,
    format_local,
    format_option,
    load_zone,
    same_time,
    zone_label,
    zone_place_name,
)

# The most a message in the network's own message box may hold (LinkedIn: 8,000
# characters for a message to a connection or a reply to an invitation; an
# invitation's own note is capped at 200-300, but that is not what we write).
MESSAGE_LIMITS = {"linkedin": 8_000}


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
    invitations: Invitations | None = None  # None: organized by `owner`, defaults
    language: str | None = None  # the requester's language, when the detector knows it
    default_language: str = "en"  # [templates] language
    formal: bool = True  # [templates] formal: Sie/vous/usted rather than du/tu/tú


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


def reply_context(data: ReplyInput, language: str = "en") -> dict[str, Any]:
    """The names a reply template may use (documented in templates/reply.txt.j2);
    dates are written in `language`. A network's standard invitation text is no
    personal note: `note` is then none, so no template thanks for it."""
    tz = data.owner.timezone
    note = None if is_standard_note(data.network, data.note) else data.note
    return {
        "owner": {"name": data.owner.name, "first_name": first_name(data.owner.name),
                  "email": data.owner.email, "timezone": tz},
        "requester": {"name": data.requester.name, "first_name": first_name(data.requester.name),
                      "headline": data.requester.headline, "email": data.requester.email,
                      "profile_url": data.requester.profile_url},
        "network": network_name(data.network),
        "note": note,
        "options": [option_context(o, tz, data.requester_timezone, data.requester_place,
                                   language)
                    for o in data.options],
        "owner_notes": list(data.owner_notes),
        "category": data.category,
        "language": language,
        "formal": data.formal,
        "paste_ready": not data.requester.email,
        "call": call_context(invitations_for(data.owner, data.invitations), language),
    }


def invitations_for(owner: Owner, invitations: Invitations | None) -> Invitations:
    return invitations or Invitations(organizer=owner)


def call_context(invitations: Invitations, language: str) -> dict[str, str]:
    """`call.location` and `call.url` for the templates: what the .ics says."""
    place = call_place(invitations, language)
    return {"location": place.location, "url": place.url}


def message_headers(owner: Owner, requester: Requester, subject: str, now: datetime,
                    message_id: str, in_reply_to: str | None, references: tuple[str, ...],
                    purpose: str, own_subject: str | None = None) -> list[tuple[str, HeaderValue]]:
    """The headers every message to a requester has, built from sanitised values:
    the subject is `own_subject` (a template's) when given, else "Re: `subject`"."""
    to = mailbox(header_safe(requester.name or ""), requester.email) if requester.email else None
    title = header_safe(own_subject) if own_subject else ""
    headers = base_headers(mailbox(header_safe(owner.name), owner.email), to,
                           title or reply_subject(subject), now, message_id, purpose)
    if in_reply_to:
        headers += [("In-Reply-To", header_safe(in_reply_to)),
                    ("References", " ".join(header_safe(r) for r in (*references, in_reply_to)))]
    return headers


def new_message(owner: Owner, requester: Requester, subject: str, now: datetime,
                message_id: str, in_reply_to: str | None, references: tuple[str, ...],
                purpose: str, own_subject: str | None = None) -> EmailMessage:
    """A message with `message_headers`."""
    return message_with(message_headers(owner, requester, subject, now, message_id,
                                        in_reply_to, references, purpose, own_subject))


def reply_language(env: jinja2.Environment, data: ReplyInput) -> LanguageChoice:
    """The language and template file of this reply (see `compose.language`)."""
    return choose_language(env, data.template, data.language, data.default_language)


@dataclass(frozen=True)
class ReplyParts:
    """What a reply says, before it becomes a message or a draft's bytes."""

    headers: list[tuple[str, HeaderValue]]
    body: str
    files: list[CalendarFile]
    language: str


def draft_reply(env: jinja2.Environment, data: ReplyInput) -> Draft:
    """The reply as the bytes the outbox stores (compose.mime), the boundary
    derived from the Message-ID; the email package would write the same
    bytes (tests/reply_messages.reference_reply, test_draft_bytes)."""
    parts = reply_parts(env, data)
    headers = [(name, str(value)) for name, value in parts.headers]
    return Draft(draft_bytes(headers, parts.body, parts.files, parts.language,
                             data.message_id), parts.language)


def reply_parts(env: jinja2.Environment, data: ReplyInput) -> ReplyParts:
    """Headers, text (in the language `reply_language` chose) and calendar files."""
    choice = reply_language(env, data)
    if choice.owner_note:
        data = replace(data, owner_notes=(*data.owner_notes, choice.owner_note))
    subject, body = render_message(env, choice.template, reply_context(data, choice.language))
    limit = MESSAGE_LIMITS.get(data.network)
    # What the requester reads is never longer than the body: most bodies
    # need no closer look.
    if (limit and not data.requester.email and len(body) > limit
            and len(requester_text(body)) > limit):
        data = replace(data, owner_notes=(*data.owner_notes, (
            f"this text is longer than the {limit:,} characters "
            f"{network_name(data.network)}'s message box takes: shorten it before pasting")))
        subject, body = render_message(env, choice.template,
                                       reply_context(data, choice.language))
    headers = message_headers(data.owner, data.requester, data.notification_subject, data.now,
                              data.message_id, data.notification_message_id,
                              data.notification_references, "reply", own_subject=subject)
    files = proposal_files(data.owner, data.requester, data.options,
                           invitations_for(data.owner, data.invitations), data.now,
                           choice.language)
    return ReplyParts(headers, body, files, choice.language)


def option_context(option: Option, owner_tz: str, requester_tz: str | None,
                   place: str | None, language: str = "en") -> dict[str, Any]:
    """One option for the templates, dates in `language`. `when` is ready text,
    in the requester's zone first when theirs keeps another time than the
    owner's ("Tuesday 8 December 2026, 08:30–09:00 in Seattle (PST) — 17:30
    CET for me"), else in the owner's; the parts are there for templates that
    write dates themselves: `requester_start`/`requester_end` (aware, in their
    zone, or the owner's when unknown), `requester_zone` ("Seattle (PST)", or
    none), `owner_time` ("17:30 CET"). `requester_when` stays for templates
    written before `when` showed both zones; it is always none now."""
    theirs = requester_tz or owner_tz
    start = option.start.astimezone(load_zone(theirs))
    differs = requester_tz is not None and not same_time(requester_tz, owner_tz)
    label = place or (zone_place_name(requester_tz) if requester_tz else None)
    return {
        "label": option.label, "start": option.start, "end": option.end,
        "when": (format_for_requester(option, theirs, label or theirs, owner_tz, language)
                 if differs else format_option(option, owner_tz, language)),
        "requester_start": start, "requester_end": option.end.astimezone(load_zone(theirs)),
        "requester_zone": f"{label} ({zone_label(start)})" if differs and label else None,
        "owner_time": format_local(option.start, owner_tz).split(" ", 1)[1],
        "requester_when": None,
    }


def reply_subject(notification_subject: str) -> str:
    subject = header_safe(notification_subject)
    return subject if subject.lower().startswith("re:") else f"Re: {subject}"


def proposal_files(owner: Owner, requester: Requester, options: Sequence[Option],
                   invitations: Invitations, now: datetime, language: str) -> list[CalendarFile]:
    """One calendar file per proposed time (the reply's, and a nudge's fresh ones)."""
    place = call_place(invitations, language)
    method = "REQUEST" if invitations.as_requests and requester.email else "PUBLISH"
    files = []
    for option in options:
        details = EventDetails(
            organizer=invitations.organizer, attendee_email=requester.email,
            attendee_name=requester.name,
            summary=proposal_summary(option.label, owner.name, language),
            description=proposal_note(option.label, len(options), language),
            dtstamp=now, location=place.location, url=place.url)
        files.append(CalendarFile(
            build_proposal_calendar(option, details, as_request=invitations.as_requests),
            option_filename(option), method))
    return files


def attach_files(message: EmailMessage, files: Sequence[CalendarFile]) -> None:
    """Each file as a text/calendar attachment with its method."""
    for file in files:
        message.add_attachment(file.content, maintype="text", subtype="calendar",
                               filename=file.filename,
                               params={"method": file.method, "charset": "UTF-8"})

"""The messages after the first reply: confirmation, reschedule, cancellation, nudge.

Same rules as the reply (compose.reply): headers from code, body and subject
from the owner-editable template (`confirmation.txt.j2`, `reschedule.txt.j2`,
`cancel.txt.j2`, `nudge.txt.j2`) in the language the reply was written in
(its translations beside it). A message about the call carries exactly one
iMIP object (CalConnect's iMIP best practice): multipart/mixed holding
multipart/alternative (the text, then `text/calendar; method=…` inline, which
Outlook, Gmail, Apple Mail and Thunderbird turn into Accept/Decline or
"event cancelled") and the same file as an `application/ics` attachment for
people who save it by hand; the attachment's type keeps clients from taking it
for a second invitation. The UID is the chosen option's, so the requester's
calendar updates the entry it may already hold; the caller says which
SEQUENCE and which PARTSTAT (an accept is never asked again).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from typing import Any

import jinja2

from inviteassist.compose.calltext import (
    Invitations,
    call_place,
    call_summary,
)
from inviteassist.compose.headers import first_name
from inviteassist.compose.language import choose_language
from inviteassist.compose.reply import (
    attach_files,
    call_context,
    invitations_for,
    new_message,
    option_context,
    proposal_files,
)
from inviteassist.compose.templates import render_message
from inviteassist.detect.networks.pages import network_name
from inviteassist.models import Option, Owner, Request
from inviteassist.schedule.ics import (
    EventDetails,
    build_cancel_calendar,
    build_confirmation_calendar,
    option_filename,
)

TEMPLATES = {"confirm": "confirmation.txt.j2", "reschedule": "reschedule.txt.j2",
             "cancel": "cancel.txt.j2", "nudge": "nudge.txt.j2"}
# Purposes whose message is an iMIP object for `chosen`.
CALENDAR_PURPOSES = frozenset({"confirm", "reschedule", "cancel"})


@dataclass(frozen=True)
class FollowUpInput:
    owner: Owner
    request: Request
    purpose: str                 # "confirm", "reschedule", "cancel" or "nudge"
    chosen: Option | None        # the agreed (or cancelled) option, at its current time
    in_reply_to: str | None
    message_id: str
    now: datetime
    default_language: str = "en"  # [templates] language, for requests without one
    formal: bool = True           # [templates] formal
    invitations: Invitations | None = None  # None: organized by `owner`, defaults
    sequence: int = 1            # SEQUENCE of the calendar object
    partstat: str = "NEEDS-ACTION"  # the requester's answer as known
    withdrawn: bool = False      # cancel: an option not chosen, not the call
    # The times a nudge offers: those still held and ahead, or fresh ones
    # (`fresh`) when every earlier one has passed. None: the request's options.
    options: tuple[Option, ...] | None = None
    fresh: bool = False


def followup_context(data: FollowUpInput, language: str = "en") -> dict[str, object]:
    tz = data.owner.timezone
    request = data.request
    requester = request.requester

    def shown(option: Option) -> dict[str, Any]:
        """An option as the reply showed it: the requester's zone first when known."""
        return option_context(option, tz, request.requester_zone, request.requester_place,
                              language)

    return {
        "owner": {"name": data.owner.name, "first_name": first_name(data.owner.name),
                  "email": data.owner.email, "timezone": tz},
        "requester": {"name": requester.name, "first_name": first_name(requester.name),
                      "email": requester.email},
        "network": network_name(data.request.network),
        "chosen": None if data.chosen is None else shown(data.chosen),
        "options": [shown(o) for o in
                    (data.request.options if data.options is None else data.options)],
        "fresh": data.fresh,
        "language": language,
        "formal": data.formal,
        "paste_ready": not requester.email,
        "call": call_context(invitations_for(data.owner, data.invitations), language),
        "withdrawn": data.withdrawn,
    }


def compose_followup(env: jinja2.Environment, data: FollowUpInput) -> EmailMessage:
    request = data.request
    choice = choose_language(env, TEMPLATES[data.purpose], request.language,
                             data.default_language)
    subject, body = render_message(env, choice.template, followup_context(data, choice.language))
    message = new_message(data.owner, request.requester, request.notification_subject,
                          data.now, data.message_id, data.in_reply_to, (), data.purpose,
                          own_subject=subject)
    if data.purpose not in CALENDAR_PURPOSES or data.chosen is None:
        message.set_content(body)
    else:
        method = "CANCEL" if data.purpose == "cancel" else "REQUEST"
        # The calendar entry speaks the requester's language even where this
        # template has no translation (call_words falls back to English).
        calendar_language = request.language or choice.language
        attach_imip(message, body, followup_calendar(data, data.chosen, calendar_language),
                    method if request.requester.email else "PUBLISH",
                    option_filename(data.chosen))
    if data.purpose == "nudge" and data.fresh:
        attach_files(message, proposal_files(
            data.owner, request.requester, data.options or (),
            invitations_for(data.owner, data.invitations), data.now, choice.language))
    message["Content-Language"] = choice.language  # last: set_content would drop it
    return message


def followup_calendar(data: FollowUpInput, chosen: Option, language: str) -> bytes:
    invitations = invitations_for(data.owner, data.invitations)
    place = call_place(invitations, language)
    requester = data.request.requester
    details = EventDetails(
        organizer=invitations.organizer, attendee_email=requester.email,
        attendee_name=requester.name, summary=call_summary(data.owner.name, language),
        description="", dtstamp=data.now, location=place.location, url=place.url,
        partstat=data.partstat)
    if data.purpose == "cancel":
        return build_cancel_calendar(chosen, details, sequence=data.sequence)
    return build_confirmation_calendar(chosen, details, sequence=data.sequence)


def attach_imip(message: EmailMessage, body: str, calendar: bytes, method: str,
                filename: str) -> None:
    """multipart/mixed [multipart/alternative [text/plain, text/calendar;
    method=…], application/ics attachment]: one iMIP object, one copy. A
    PUBLISH (no address to invite) is only attached, as the proposals are:
    Outlook shows an inline PUBLISH part as raw text [MS-STANOICAL 2.2.99]."""
    message.set_content(body)
    if method == "PUBLISH":
        message.add_attachment(calendar, maintype="text", subtype="calendar",
                               filename=filename, params={"method": method, "charset": "UTF-8"})
        return
    message.add_alternative(calendar, maintype="text", subtype="calendar",
                            params={"method": method, "charset": "UTF-8"})
    message.add_attachment(calendar, maintype="application", subtype="ics",
                           filename=filename)

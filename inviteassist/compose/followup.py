"""The messages after the first reply: the confirmation and the one nudge.

Same rules as the reply (compose.reply): headers from code, body and subject
from the owner-editable template (`confirmation.txt.j2`, `nudge.txt.j2`) in
the language the reply was written in (its translations beside it). The
confirmation carries the chosen option's calendar file with the same UID
and SEQUENCE raised by one, so the requester's calendar updates the event
it may already hold.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from itertools import product

import jinja2

from inviteassist.compose.headers import first_name
from inviteassist.compose.language import choose_language, languages_of
from inviteassist.compose.reply import new_message
from inviteassist.compose.templates import render_message
from inviteassist.detect.networks.pages import network_name
from inviteassist.models import Option, Owner, Request, Requester
from inviteassist.schedule.ics import (
    EventDetails,
    build_confirmation_calendar,
    build_option_calendar,
    option_filename,
)
from inviteassist.schedule.timefmt import format_option

TEMPLATES = {"confirm": "confirmation.txt.j2", "nudge": "nudge.txt.j2"}


@dataclass(frozen=True)
class FollowUpInput:
    owner: Owner
    request: Request
    purpose: str                 # "confirm" or "nudge"
    chosen: Option | None        # the agreed option, for a confirmation
    in_reply_to: str | None
    message_id: str
    now: datetime
    default_language: str = "en"  # [templates] language, for requests without one
    formal: bool = True           # [templates] formal
    # The times a nudge offers: those still held and ahead, or fresh ones
    # (`fresh`) when every earlier one has passed. None: the request's options.
    options: tuple[Option, ...] | None = None
    fresh: bool = False


def followup_context(data: FollowUpInput, language: str = "en") -> dict[str, object]:
    tz = data.owner.timezone
    requester = data.request.requester
    return {
        "owner": {"name": data.owner.name, "first_name": first_name(data.owner.name),
                  "email": data.owner.email, "timezone": tz},
        "requester": {"name": requester.name, "first_name": first_name(requester.name),
                      "email": requester.email},
        "network": network_name(data.request.network),
        "chosen": None if data.chosen is None else {
            "label": data.chosen.label, "when": format_option(data.chosen, tz, language)},
        "options": [{"label": o.label, "when": format_option(o, tz, language)}
                    for o in (data.request.options if data.options is None else data.options)],
        "fresh": data.fresh,
        "language": language,
        "formal": data.formal,
        "paste_ready": not requester.email,
    }


def compose_followup(env: jinja2.Environment, data: FollowUpInput) -> EmailMessage:
    request = data.request
    choice = choose_language(env, TEMPLATES[data.purpose], request.language,
                             data.default_language)
    subject, body = render_message(env, choice.template, followup_context(data, choice.language))
    message = new_message(data.owner, request.requester, request.notification_subject,
                          data.now, data.message_id, data.in_reply_to, (), data.purpose,
                          own_subject=subject)
    message.set_content(body)
    if data.purpose == "confirm" and data.chosen is not None:
        who = request.requester.name or "you"
        details = EventDetails(
            organizer=data.owner, attendee_email=request.requester.email,
            attendee_name=request.requester.name,
            summary=f"Call: {data.owner.name} and {who}",
            description=f"Agreed: option {data.chosen.label}.", dtstamp=data.now)
        method = "REQUEST" if request.requester.email else "PUBLISH"
        message.add_attachment(
            build_confirmation_calendar(data.chosen, details, previous_sequence=0),
            maintype="text", subtype="calendar", filename=option_filename(data.chosen),
            params={"method": method, "charset": "UTF-8"})
    if data.purpose == "nudge" and data.fresh:
        for option in data.options or ():
            message.add_attachment(
                _fresh_option_calendar(data, option), maintype="text", subtype="calendar",
                filename=option_filename(option),
                params={"method": "REQUEST" if request.requester.email else "PUBLISH",
                        "charset": "UTF-8"})
    message["Content-Language"] = choice.language  # last: set_content would drop it
    return message


def _fresh_option_calendar(data: FollowUpInput, option: Option) -> bytes:
    requester = data.request.requester
    return build_option_calendar(
        option, organizer=data.owner, attendee_email=requester.email,
        attendee_name=requester.name,
        summary=f"Call: {data.owner.name} and {requester.name or 'you'}",
        description=f"A first conversation before connecting on "
                    f"{network_name(data.request.network)}. Option {option.label}.",
        dtstamp=data.now)


def check_followup_templates(env: jinja2.Environment, owner: Owner,
                             options: tuple[Option, ...], now: datetime) -> None:
    """Render the nudge and the confirmation in every language they exist in,
    in both forms, by e-mail and paste-ready, with invented data; a broken one
    raises UserError."""
    sample = Option("A", now + timedelta(days=1), now + timedelta(days=1, minutes=30),
                    "check@check.invalid")
    chosen = options[0] if options else sample  # a full week still renders the template
    for purpose, name in TEMPLATES.items():
        for language in languages_of(env, name):
            for formal, email in product((True, False), ("sam@example.com", None)):
                request = Request(
                    id=0, network="linkedin", key="check",
                    requester=Requester("Sam Example", email),
                    invitation_id=None, note=None, genuine=True,
                    notification_message_id="<sample@example.com>",
                    notification_subject="Please add me", created_at=now, options=options,
                    language=language)
                compose_followup(env, FollowUpInput(
                    owner, request, purpose, chosen if purpose == "confirm" else None,
                    "<sample@example.com>", "<check@example.com>", now, language, formal))

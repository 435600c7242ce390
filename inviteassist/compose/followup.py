"""The messages after the first reply: the confirmation and the one nudge.

Same rules as the reply (compose/reply.py): headers from code, body from the
owner-editable template (`confirmation.txt.j2`, `nudge.txt.j2`). The
confirmation carries the chosen option's calendar file with the same UID
and SEQUENCE raised by one, so the requester's calendar updates the event
it may already hold.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage

import jinja2

from inviteassist.compose.headers import first_name, network_name
from inviteassist.compose.reply import new_message
from inviteassist.compose.templates import render
from inviteassist.models import Option, Owner, Request
from inviteassist.schedule.ics import EventDetails, build_confirmation_calendar, option_filename
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


def followup_context(data: FollowUpInput) -> dict[str, object]:
    tz = data.owner.timezone
    requester = data.request.requester
    return {
        "owner": {"name": data.owner.name, "first_name": first_name(data.owner.name),
                  "email": data.owner.email, "timezone": tz},
        "requester": {"name": requester.name, "first_name": first_name(requester.name),
                      "email": requester.email},
        "network": network_name(data.request.network),
        "chosen": None if data.chosen is None else {
            "label": data.chosen.label, "when": format_option(data.chosen, tz)},
        "options": [{"label": o.label, "when": format_option(o, tz)}
                    for o in data.request.options],
    }


def compose_followup(env: jinja2.Environment, data: FollowUpInput) -> EmailMessage:
    request = data.request
    message = new_message(data.owner, request.requester, request.notification_subject,
                          data.now, data.message_id, data.in_reply_to, (), data.purpose)
    message.set_content(render(env, TEMPLATES[data.purpose], followup_context(data)))
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
    return message

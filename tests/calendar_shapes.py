"""Reading our messages the way a mail client's calendar code does: the MIME
skeleton, the iMIP objects (text/calendar parts), and RFC 5546's restriction
table of which VEVENT properties each METHOD must, may or must not carry.
Shared by the unit shape tests, the client-parser tests and the integration
tests on Dovecot."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage, Message
from zoneinfo import ZoneInfo

import icalendar

from inviteassist.compose.calltext import Invitations
from inviteassist.compose.followup import FollowUpInput, compose_followup
from inviteassist.compose.reply import ReplyInput
from inviteassist.compose.templates import build_environment
from inviteassist.models import Option, Owner, Request, Requester, State
from tests.reply_messages import composed

BERLIN = ZoneInfo("Europe/Berlin")
OWNER = Owner("Alex Morgan", "alex@morgan.example", "Europe/Berlin")
SENDER = Owner("Alex Morgan", "alex.morgan@mail.example", "Europe/Berlin")
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=BERLIN)
REQUESTER = Requester("Dana Wu", "dana@wu.example")

# RFC 5546 sections 3.2.1 (PUBLISH), 3.2.2 (REQUEST), 3.2.5 (CANCEL): VEVENT
# properties that must appear exactly once ("1"), at least once ("1+"), may
# appear at most once ("0-1") or must not appear ("0"). Properties not listed
# may appear (any number) and are not checked.
RESTRICTIONS: dict[str, dict[str, str]] = {
    "PUBLISH": {"DTSTAMP": "1", "DTSTART": "1", "ORGANIZER": "1", "SUMMARY": "1", "UID": "1",
                "SEQUENCE": "0-1", "STATUS": "0-1", "TRANSP": "0-1", "LOCATION": "0-1",
                "URL": "0-1", "DTEND": "0-1", "DESCRIPTION": "0-1", "ATTENDEE": "0",
                "REQUEST-STATUS": "0"},
    "REQUEST": {"ATTENDEE": "1+", "DTSTAMP": "1", "DTSTART": "1", "ORGANIZER": "1",
                "SUMMARY": "1", "UID": "1", "SEQUENCE": "0-1", "STATUS": "0-1",
                "TRANSP": "0-1", "LOCATION": "0-1", "URL": "0-1", "DTEND": "0-1",
                "DESCRIPTION": "0-1", "REQUEST-STATUS": "0"},
    "CANCEL": {"ATTENDEE": "1+", "DTSTAMP": "1", "ORGANIZER": "1", "SEQUENCE": "1",
               "UID": "1", "STATUS": "0-1", "LOCATION": "0-1", "URL": "0-1",
               "DTSTART": "0-1", "DTEND": "0-1", "SUMMARY": "0-1", "REQUEST-STATUS": "0"},
}
# STATUS values each METHOD allows for a VEVENT.
STATUSES = {"PUBLISH": {"TENTATIVE", "CONFIRMED", "CANCELLED"},
            "REQUEST": {"TENTATIVE", "CONFIRMED"}, "CANCEL": {"CANCELLED"}}


def options(start: datetime = NOW) -> tuple[Option, ...]:
    first = start.replace(hour=10, minute=0) + timedelta(days=1)
    return tuple(Option(label, first + timedelta(days=n), first + timedelta(days=n, minutes=30),
                        f"opt-{label}@morgan.example") for n, label in enumerate("ABC"))


def request(state: State = State.SCHEDULED, requester: Requester = REQUESTER) -> Request:
    return Request(id=1, network="linkedin", key="invitation:1", requester=requester,
                   invitation_id="1", note=None, genuine=True,
                   notification_message_id="<n1@linkedin.com>",
                   notification_subject="Dana Wu wants to connect", created_at=NOW,
                   state=state, options=options())


def invitations(**changes: object) -> Invitations:
    values: dict[str, object] = {"organizer": SENDER, "location": "", "url": ""}
    values.update(changes)
    return Invitations(**values)  # type: ignore[arg-type]


def proposal(requester: Requester = REQUESTER, **changes: object) -> EmailMessage:
    return reparse(composed(build_environment(None), ReplyInput(
        owner=OWNER, network="linkedin", requester=requester, note=None,
        notification_subject="Dana Wu wants to connect", notification_message_id=None,
        notification_references=(), options=options(), message_id="<p@morgan.example>",
        now=NOW, invitations=invitations(**changes))))


def followup(purpose: str, *, chosen: Option | None = None, sequence: int = 1,
             partstat: str = "NEEDS-ACTION", withdrawn: bool = False,
             requester: Requester = REQUESTER, **changes: object) -> EmailMessage:
    return reparse(compose_followup(build_environment(None), FollowUpInput(
        owner=OWNER, request=request(requester=requester), purpose=purpose,
        chosen=chosen or options()[1], in_reply_to="<r@wu.example>",
        message_id=f"<{purpose}@morgan.example>", now=NOW, invitations=invitations(**changes),
        sequence=sequence, partstat=partstat, withdrawn=withdrawn)))


def reparse(message: EmailMessage) -> EmailMessage:
    parsed = message_from_bytes(message.as_bytes(), policy=policy.default)
    assert isinstance(parsed, EmailMessage)
    return parsed


def skeleton(message: Message, depth: int = 0) -> list[str]:
    """One line per MIME part: indented content type, method=, disposition, filename."""
    line = "  " * depth + message.get_content_type()
    if message.get_param("method"):
        line += f"; method={message.get_param('method')}"
    if message.get_content_disposition():
        line += f" [{message.get_content_disposition()}"
        line += f" {message.get_filename()}]" if message.get_filename() else "]"
    lines = [line]
    if message.is_multipart():
        for part in message.get_payload():  # type: ignore[union-attr]
            lines += skeleton(part, depth + 1)
    return lines


def imip_parts(message: Message) -> list[Message]:
    """The parts a client treats as iTIP messages: text/calendar ones."""
    return [p for p in message.walk() if p.get_content_type() == "text/calendar"]


def calendar_of(part: Message) -> icalendar.Calendar:
    payload = part.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return icalendar.Calendar.from_ical(payload)


def restriction_problems(calendar: icalendar.Calendar) -> list[str]:
    """What in `calendar` breaks RFC 5546's table for its METHOD."""
    method = str(calendar["METHOD"])
    problems = [f"VCALENDAR lacks {name}" for name in ("PRODID", "VERSION", "METHOD")
                if name not in calendar]
    events = calendar.walk("VEVENT")
    if len(events) != 1:
        problems.append(f"{len(events)} VEVENTs")
    for event in events:
        for name, rule in RESTRICTIONS[method].items():
            values = event.get(name)
            count = 0 if values is None else len(values) if isinstance(values, list) else 1
            allowed = {"1": count == 1, "1+": count >= 1, "0-1": count <= 1, "0": count == 0}
            if not allowed[rule]:
                problems.append(f"{method}: {name} appears {count} times, rule {rule}")
        status = str(event.get("STATUS", ""))
        if status and status not in STATUSES[method]:
            problems.append(f"{method}: STATUS {status}")
    return problems


def utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)

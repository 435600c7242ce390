"""Confirmation, cancellation and hold files; every generated .ics read back by
two independent parsers (icalendar and vobject); the MIME parts that carry them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from zoneinfo import ZoneInfo

import pytest
import vobject
from icalendar import Calendar

from inviteassist.compose.reply import ReplyInput
from inviteassist.compose.templates import build_environment
from inviteassist.models import Option, Owner, Requester
from inviteassist.schedule.ics import (
    EventDetails,
    build_cancel_calendar,
    build_confirmation_calendar,
    build_hold_calendar,
    build_proposal_calendar,
)
from tests.reply_messages import composed

OWNER = Owner("Olivia Owner", "olivia@example.org", "Europe/Berlin")
DTSTAMP = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
ZONES = ["Europe/Berlin", "America/New_York", "Asia/Kathmandu", "Australia/Lord_Howe", "UTC"]
ATTENDEES = [("riley@example.com", "Riley Requester"), (None, None)]


def option(zone: str = "Europe/Berlin", start: datetime | None = None) -> Option:
    begin = (start or datetime(2026, 12, 1, 10, 0)).replace(tzinfo=ZoneInfo(zone))
    return Option("A", begin, begin + timedelta(minutes=30), "opt-a@example.org")


def details(email: str | None, name: str | None, summary: str = "Call",
            description: str = "") -> EventDetails:
    return EventDetails(OWNER, email, name, summary, description, DTSTAMP)


def every_file() -> list[tuple[str, bytes]]:
    """Every kind of file we generate, in zones with and without DST."""
    files = []
    for zone in ZONES:
        for email, name in ATTENDEES:
            who = "request" if email else "publish"
            o = option(zone, datetime(2026, 3, 29, 3, 30) if zone == "Europe/Berlin" else None)
            files += [
                (f"option-{who}-{zone}", build_proposal_calendar(
                    o, details(email, name, description="Line one\nLine two"),
                    as_request=True)),
                (f"confirm-{who}-{zone}", build_confirmation_calendar(
                    o, details(email, name, description="Agreed"), sequence=1)),
                (f"cancel-{who}-{zone}", build_cancel_calendar(
                    o, details(email, name), sequence=2)),
            ]
        o = option(zone)
        files.append((f"hold-{zone}", build_hold_calendar(
            "hold-x", o.start, o.end, summary="Hold: call with Riley", dtstamp=DTSTAMP)))
    return files


FILES = every_file()


@pytest.mark.parametrize(("name", "data"), FILES, ids=[n for n, _ in FILES])
def test_every_generated_file_parses_with_icalendar_and_vobject_alike(name, data):
    (event,) = Calendar.from_ical(data).walk("VEVENT")
    parsed = vobject.readOne(data.decode("utf-8"))
    (vevent,) = parsed.vevent_list
    assert vevent.uid.value == str(event["UID"])
    assert vevent.dtstart.value == event.decoded("DTSTART")
    assert vevent.dtend.value == event.decoded("DTEND")
    assert vevent.dtstart.value.utcoffset() == event.decoded("DTSTART").utcoffset()
    assert vevent.summary.value == str(event["SUMMARY"])
    assert parsed.prodid.value == "-//inviteassist//inviteassist 0.1//EN"
    assert vevent.dtstamp.value == DTSTAMP


@pytest.mark.parametrize(("name", "data"), [f for f in FILES if "-request-" in f[0]],
                         ids=[n for n, _ in FILES if "-request-" in n])
def test_request_and_cancel_files_carry_exactly_one_attendee_and_organizer(name, data):
    vevent = vobject.readOne(data.decode("utf-8")).vevent
    assert len(vevent.contents["attendee"]) == 1
    assert len(vevent.contents["organizer"]) == 1
    assert vevent.attendee.value.lower() == "mailto:riley@example.com"
    assert vevent.organizer.value.lower() == "mailto:olivia@example.org"


def test_a_confirmation_raises_sequence_keeps_uid_and_is_confirmed():
    data = build_confirmation_calendar(option(), details("r@example.com", "R"), sequence=3)
    calendar = Calendar.from_ical(data)
    (event,) = calendar.walk("VEVENT")
    assert str(calendar["METHOD"]) == "REQUEST"
    assert (str(event["UID"]), event.decoded("SEQUENCE")) == ("opt-a@example.org", 3)
    assert str(event["STATUS"]) == "CONFIRMED"
    assert event["ATTENDEE"].params["RSVP"] == "TRUE"


@pytest.mark.parametrize(("email", "method"), [("r@example.com", "CANCEL"), (None, "PUBLISH")])
def test_a_cancellation_raises_sequence_and_is_cancelled(email, method):
    data = build_cancel_calendar(option(), details(email, "R"), sequence=1)
    calendar = Calendar.from_ical(data)
    (event,) = calendar.walk("VEVENT")
    assert str(calendar["METHOD"]) == method
    assert event.decoded("SEQUENCE") == 1
    assert str(event["STATUS"]) == "CANCELLED"
    assert ("ATTENDEE" in event) == bool(email)


def test_a_hold_is_a_tentative_stored_object_without_method_or_attendees():
    o = option()
    calendar = Calendar.from_ical(build_hold_calendar("hold-1", o.start, o.end,
                                                      summary="Hold: call with Riley",
                                                      dtstamp=DTSTAMP))
    (event,) = calendar.walk("VEVENT")
    assert "METHOD" not in calendar
    assert "ATTENDEE" not in event and "ORGANIZER" not in event
    assert str(event["STATUS"]) == "TENTATIVE"
    assert str(event["X-INVITEASSIST-HOLD"]) == "1"


def test_a_negative_sequence_is_refused():
    with pytest.raises(ValueError, match="SEQUENCE"):
        build_cancel_calendar(option(), details(None, None), sequence=-1)


@pytest.mark.parametrize("email", ["riley@example.com", None])
def test_each_option_travels_as_a_named_text_calendar_part(email):
    method = "PUBLISH"  # by default, with or without the requester's address
    options = tuple(Option(label, o.start + timedelta(days=n), o.end + timedelta(days=n),
                           f"uid-{label}@example.org")
                    for n, (label, o) in enumerate(zip("ABC", [option()] * 3, strict=True)))
    message = composed(build_environment(None), ReplyInput(
        owner=OWNER, network="linkedin", requester=Requester("Riley", email),
        note=None, notification_subject="Invitation", notification_message_id=None,
        notification_references=(), options=options, message_id="<m@example.org>",
        now=DTSTAMP))
    parsed = message_from_bytes(message.as_bytes(), policy=policy.default)
    parts = [p for p in parsed.walk() if p.get_content_type() == "text/calendar"]
    assert len(parts) == 3
    for part, o in zip(parts, options, strict=True):
        assert part.get_param("method") == method
        assert part.get_param("charset") == "UTF-8"
        assert part.get_filename() == f"option-{o.label}-{o.start:%Y-%m-%d-%H%M}.ics"
        calendar = Calendar.from_ical(part.get_content())
        assert str(calendar["METHOD"]) == method
        assert str(calendar.walk("VEVENT")[0]["UID"]) == o.uid

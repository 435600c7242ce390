"""Option .ics files parse back to what we meant and stay safe to mail."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from inviteassist.models import Option, Owner
from inviteassist.schedule.ics import (
    EventDetails,
    build_confirmation_calendar,
    build_proposal_calendar,
    option_filename,
)

OWNER = Owner("Olivia Owner", "olivia@example.org", "Europe/Berlin")
DTSTAMP = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


def make_option(zone: str = "Europe/Berlin", start: datetime | None = None,
                label: str = "A") -> Option:
    begin = (start or datetime(2026, 12, 1, 10, 0)).replace(tzinfo=ZoneInfo(zone))
    return Option(label, begin, begin + timedelta(minutes=30), f"opt-{label}@example.org")


def build(option: Option | None = None, *, as_request: bool = True, sequence: int | None = None,
          **overrides: object) -> bytes:
    """A proposal (as a REQUEST unless told), or with `sequence` a confirmation."""
    arguments: dict[str, object] = {
        "organizer": OWNER,
        "attendee_email": "riley@example.com",
        "attendee_name": "Riley Requester",
        "summary": "Call: Olivia / Riley",
        "description": "Let's speak first.\nOption A of 3.",
        "dtstamp": DTSTAMP,
    }
    arguments.update(overrides)
    details = EventDetails(**arguments)  # type: ignore[arg-type]
    if sequence is not None:
        return build_confirmation_calendar(option or make_option(), details, sequence=sequence)
    return build_proposal_calendar(option or make_option(), details, as_request=as_request)


def parse(data: bytes) -> tuple[Calendar, Calendar]:
    calendar = Calendar.from_ical(data)
    (event,) = calendar.walk("VEVENT")
    return calendar, event


def test_a_proposal_as_request_asks_the_requester_and_stays_tentative():
    calendar, event = parse(build())
    assert str(calendar["METHOD"]) == "REQUEST"
    attendee = event["ATTENDEE"]
    assert str(attendee) == "mailto:riley@example.com"
    assert attendee.params["CN"] == "Riley Requester"
    assert attendee.params["ROLE"] == "REQ-PARTICIPANT"
    assert attendee.params["PARTSTAT"] == "NEEDS-ACTION"
    assert attendee.params["RSVP"] == "TRUE"
    assert str(event["STATUS"]) == "TENTATIVE"
    assert str(event["TRANSP"]) == "TRANSPARENT"


@pytest.mark.parametrize("as_request", [False, True])
def test_a_publish_proposal_has_the_organizer_only(as_request):
    calendar, event = parse(build(attendee_email=None if as_request else "riley@example.com",
                                  attendee_name="Riley", as_request=as_request))
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert "ATTENDEE" not in event
    assert str(event["STATUS"]) == "TENTATIVE"


@pytest.mark.parametrize("attendee_email", ["riley@example.com", None])
def test_organizer_is_the_owner_with_name(attendee_email):
    _, event = parse(build(attendee_email=attendee_email))
    assert str(event["ORGANIZER"]) == "mailto:olivia@example.org"
    assert event["ORGANIZER"].params["CN"] == "Olivia Owner"


def test_calendar_header_fields_are_fixed():
    calendar, event = parse(build())
    assert str(calendar["PRODID"]) == "-//inviteassist//inviteassist 0.1//EN"
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["CALSCALE"]) == "GREGORIAN"
    assert str(event["TRANSP"]) == "TRANSPARENT"
    assert str(event["SUMMARY"]) == "Call: Olivia / Riley"
    assert str(event["DESCRIPTION"]) == "Let's speak first.\nOption A of 3."


def test_uid_sequence_and_dtstamp_round_trip():
    option = make_option(label="B")
    _, event = parse(build(option, sequence=3, dtstamp=datetime(2026, 11, 27, 10, 0,
                                                                 tzinfo=ZoneInfo("Europe/Berlin"))))
    assert str(event["UID"]) == "opt-B@example.org"
    assert event.decoded("SEQUENCE") == 3
    assert event.decoded("DTSTAMP") == datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
    assert b"DTSTAMP:20261127T090000Z" in build(option, dtstamp=DTSTAMP)


@pytest.mark.parametrize(
    ("zone", "start"),
    [
        ("Europe/Berlin", datetime(2026, 12, 1, 10, 0)),
        ("Europe/Berlin", datetime(2026, 3, 29, 3, 30)),
        ("America/New_York", datetime(2026, 11, 1, 3, 0)),
        ("Asia/Kathmandu", datetime(2026, 6, 1, 9, 15)),
    ],
)
def test_times_carry_the_zone_with_a_matching_vtimezone(zone, start):
    option = make_option(zone, start)
    calendar, event = parse(build(option))
    assert event.decoded("DTSTART") == option.start
    assert event.decoded("DTEND") == option.end
    assert event["DTSTART"].params["TZID"] == zone
    assert event["DTEND"].params["TZID"] == zone
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == [zone]


def offsets_by_vtimezone(vtimezone: Calendar) -> list[tuple[datetime, timedelta]]:
    """(UTC onset, offset) per observance, read the RFC 5545 way: the onset is
    DTSTART in the local time of TZOFFSETFROM."""
    onsets = []
    for observance in vtimezone.subcomponents:
        assert "RRULE" not in observance
        assert "RDATE" not in observance
        local = observance.decoded("DTSTART")
        offset_from = observance.decoded("TZOFFSETFROM")
        onset = (local - offset_from).replace(tzinfo=UTC)
        onsets.append((onset, observance.decoded("TZOFFSETTO")))
    return sorted(onsets)


@pytest.mark.parametrize("zone", ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe"])
def test_vtimezone_agrees_with_tzdata_hour_by_hour_around_transitions(zone):
    tz = ZoneInfo(zone)
    calendar, _ = parse(build(make_option(zone, datetime(2026, 6, 15, 10, 0))))
    (vtimezone,) = calendar.walk("VTIMEZONE")
    onsets = offsets_by_vtimezone(vtimezone)
    moment = datetime(2026, 1, 1, tzinfo=UTC)
    while moment < datetime(2027, 1, 1, tzinfo=UTC):
        declared = [offset for onset, offset in onsets if onset <= moment][-1]
        assert declared == moment.astimezone(tz).utcoffset(), moment
        moment += timedelta(minutes=30)


def test_utc_option_uses_utc_times_without_vtimezone():
    option = make_option("UTC")
    data = build(option)
    calendar, event = parse(data)
    assert b"DTSTART:20261201T100000Z" in data
    assert calendar.walk("VTIMEZONE") == []
    assert event.decoded("DTSTART") == option.start


def test_lines_end_with_crlf_and_are_folded_at_75_octets():
    data = build(summary="Gespräch über Zusammenarbeit " * 8,
                 description="Ünïcödé text, " * 40,
                 attendee_name="Zoë Ñandú-Øresund " * 6)
    assert data.endswith(b"\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert b"\r" not in data.replace(b"\r\n", b"")
    lines = data.split(b"\r\n")[:-1]
    assert max(len(line) for line in lines) <= 75
    _, event = parse(data)
    assert str(event["SUMMARY"]) == ("Gespräch über Zusammenarbeit " * 8).strip()


@pytest.mark.parametrize(
    "field",
    ["attendee_name", "summary"],
)
@pytest.mark.parametrize(
    "payload",
    [
        "Mallory\r\nATTENDEE:mailto:evil@example.net",
        'Mallory"\r\nMETHOD:CANCEL',
        "Mallory\nEND:VEVENT\nBEGIN:VEVENT\nUID:evil",
        "Mallory\rORGANIZER:mailto:evil@example.net",
    ],
)
def test_line_breaks_in_names_and_summary_cannot_inject_properties(field, payload):
    data = build(**{field: payload})
    calendar, event = parse(data)
    assert str(calendar["METHOD"]) == "REQUEST"
    assert str(event["UID"]) == "opt-A@example.org"
    assert str(event["ORGANIZER"]) == "mailto:olivia@example.org"
    assert str(event["ATTENDEE"]) == "mailto:riley@example.com"
    assert data.count(b"\r\nMETHOD:") == 1
    assert data.count(b"\r\nBEGIN:VEVENT\r\n") == 1
    for line in data.split(b"\r\n"):
        assert not line.startswith((b"ATTENDEE:mailto:evil", b"ORGANIZER:mailto:evil"))


def test_line_breaks_in_the_owner_name_are_neutralised():
    owner = Owner("Olivia\r\nATTENDEE:mailto:evil@example.net", "olivia@example.org", "UTC")
    _, event = parse(build(organizer=owner))
    assert event["ORGANIZER"].params["CN"] == "Olivia ATTENDEE:mailto:evil@example.net"
    assert str(event["ATTENDEE"]) == "mailto:riley@example.com"


@pytest.mark.parametrize("email", ["", "not-an-address", "a b@example.com"])
def test_unusable_attendee_address_is_refused(email):
    with pytest.raises(ValueError, match="e-mail address"):
        build(attendee_email=email or "  ")


def test_same_inputs_give_identical_bytes():
    assert build() == build()


@pytest.mark.parametrize(
    ("option", "expected"),
    [
        (make_option(), "option-A-2026-12-01-1000.ics"),
        (make_option("America/New_York", datetime(2026, 3, 8, 9, 45), "C"),
         "option-C-2026-03-08-0945.ics"),
        (make_option(label="../x"), "option-x-2026-12-01-1000.ics"),
    ],
)
def test_option_filename_names_label_and_local_start(option, expected):
    assert option_filename(option) == expected


def test_description_keeps_line_breaks_but_drops_other_control_characters():
    _, event = parse(build(description="Hello\r\nthere\rfriend\x00\x1b!\tok"))
    assert str(event["DESCRIPTION"]) == "Hello\nthere\nfriend! ok"

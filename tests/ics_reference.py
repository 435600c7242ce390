"""The .ics bytes as icalendar builds them: what schedule/ics.py wrote with
icalendar components and `to_ical` until it wrote the lines itself (issue 19).

The tests compare the hand-written calendars with these byte for byte. Only
the serialisation is icalendar's here; what goes in (cleaned text, the
checked address, the zone's observances) comes from schedule/ics.py, so each
difference found is one of writing. `reference_event_calendar` has the
signature of `ics.build_event_calendar`: patched in its place, the proposal,
confirmation and cancellation builders make the reference files.
"""

from __future__ import annotations

from datetime import UTC, datetime

from icalendar import (
    Calendar,
    Event,
    Timezone,
    TimezoneDaylight,
    TimezoneStandard,
    vCalAddress,
    vUri,
)

from inviteassist.models import Option
from inviteassist.schedule import ics


def reference_event_calendar(option: Option, details: ics.EventDetails, method: str,
                             status: str, sequence: int, *, transparent: bool) -> bytes:
    if sequence < 0:
        raise ValueError(f"SEQUENCE must not be negative, got {sequence}")
    event = _event(option.uid, option.start, option.end, details.summary, details.dtstamp)
    event.add("sequence", sequence)
    if details.description:
        event.add("description", ics.clean_text(details.description))
    if ics.clean_line(details.location):
        event.add("location", ics.clean_line(details.location))
    if details.url:
        event.add("url", vUri(details.url))
        conference = vUri(details.url)
        conference.params["VALUE"] = "URI"
        conference.params["FEATURE"] = ["AUDIO", "VIDEO"]
        event.add("conference", conference)
    event.add("organizer", _address(details.organizer.email, details.organizer.name))
    if details.attendee_email:
        attendee = _address(details.attendee_email, details.attendee_name)
        for key, value in ics.attendee_params(details.partstat):
            attendee.params[key] = value
        event.add("attendee", attendee)
    event.add("status", status)
    event.add("transp", "TRANSPARENT" if transparent else "OPAQUE")
    return _wrap(event, method)


def reference_hold_calendar(uid: str, start: datetime, end: datetime, *, summary: str,
                            dtstamp: datetime) -> bytes:
    event = _event(uid, start, end, summary, dtstamp)
    event.add("status", "TENTATIVE")
    event.add("transp", "OPAQUE")
    event.add(ics.HOLD_PROPERTY, "1")
    return _wrap(event, None)


def _event(uid: str, start: datetime, end: datetime, summary: str, dtstamp: datetime) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", dtstamp.astimezone(UTC))
    event.add("dtstart", start)
    event.add("dtend", end.astimezone(start.tzinfo))
    event.add("summary", ics.clean_line(summary))
    return event


def _address(email: str, name: str | None) -> vCalAddress:
    ics.address_line("ORGANIZER", email, name)  # raises for an unusable address
    value = vCalAddress(f"mailto:{ics._CONTROL_CHARS.sub('', email).strip()}")
    if name and ics.clean_name(name):
        value.params["CN"] = ics.clean_name(name)
    return value


def _wrap(event: Event, method: str | None) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", ics.PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    tzid = event["DTSTART"].params.get("TZID")
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    if tzid and start.tzinfo is not None:
        calendar.add_component(_timezone(tzid, start, end))
    calendar.add_component(event)
    return bytes(calendar.to_ical())


def _timezone(tzid: str, start: datetime, end: datetime) -> Timezone:
    component = Timezone()
    component.add("tzid", tzid)
    for observance in ics.observances(start.tzinfo, *ics.timezone_years(start, end)):
        part = TimezoneDaylight() if observance.daylight else TimezoneStandard()
        part.add("dtstart", observance.onset)
        part.add("tzoffsetfrom", observance.offset_from)
        part.add("tzoffsetto", observance.offset_to)
        part.add("tzname", observance.name)
        component.add_component(part)
    return component

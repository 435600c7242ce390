"""The behaviour every busy source promises (.ics file, .ics URL, CalDAV).

A source's test module subclasses `BusySourceContract` and provides one
fixture, `publish`: a function that takes calendar objects (each a list of
VEVENT bodies that belong together, such as a recurring event and its
overrides), puts them where the source reads, and returns the `BusyCalendar`
that `calendars.wiring.busy_calendar` builds from the matching settings.
"""

from __future__ import annotations

from datetime import UTC, datetime

from inviteassist.models import Interval

START = datetime(2026, 11, 29, 23, 0, tzinfo=UTC)  # Monday 30 November, 00:00 Berlin
END = datetime(2026, 12, 6, 23, 0, tzinfo=UTC)      # Monday 7 December, 00:00 Berlin


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def vcalendar(*events: str) -> bytes:
    """One VCALENDAR holding `events` (VEVENT bodies), with CRLF line ends."""
    body = "".join(f"BEGIN:VEVENT\n{e.strip()}\nEND:VEVENT\n" for e in events)
    text = (f"BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//inviteassist tests//EN\n{body}"
            "END:VCALENDAR\n")
    return text.replace("\n", "\r\n").encode()


def event(uid: str, start: str, end: str, *extra: str) -> str:
    return "\n".join((f"UID:{uid}", "DTSTAMP:20261101T000000Z", f"DTSTART:{start}",
                      f"DTEND:{end}", "SUMMARY:busy", *extra))


class BusySourceContract:
    def test_an_empty_calendar_is_all_free(self, publish):
        assert publish([]).intervals(START, END) == ()

    def test_a_timed_event_is_busy_exactly_then(self, publish):
        busy = publish([[event("a", "20261201T090000Z", "20261201T100000Z")]])
        assert busy.intervals(START, END) == (
            Interval(utc("2026-12-01T09:00"), utc("2026-12-01T10:00")),)

    def test_a_local_time_keeps_its_zone(self, publish):
        busy = publish([[event("b", "TZID=Europe/Berlin:20261202T140000",
                               "TZID=Europe/Berlin:20261202T153000")
                         .replace("DTSTART:TZID=", "DTSTART;TZID=")
                         .replace("DTEND:TZID=", "DTEND;TZID=")]])
        assert busy.intervals(START, END) == (
            Interval(utc("2026-12-02T13:00"), utc("2026-12-02T14:30")),)

    def test_transparent_and_cancelled_events_are_free(self, publish):
        busy = publish([[event("c", "20261201T090000Z", "20261201T100000Z", "TRANSP:TRANSPARENT")],
                        [event("d", "20261202T090000Z", "20261202T100000Z", "STATUS:CANCELLED")]])
        assert busy.intervals(START, END) == ()

    def test_a_recurring_event_is_expanded_with_its_exceptions(self, publish):
        master = event("r", "20261130T080000Z", "20261130T083000Z", "RRULE:FREQ=DAILY;COUNT=5",
                       "EXDATE:20261202T080000Z")
        moved = event("r", "20261203T150000Z", "20261203T153000Z",
                      "RECURRENCE-ID:20261203T080000Z")
        busy = publish([[master, moved]])
        assert [i.start for i in busy.intervals(START, END)] == [
            utc("2026-11-30T08:00"), utc("2026-12-01T08:00"), utc("2026-12-03T15:00"),
            utc("2026-12-04T08:00")]

    def test_an_all_day_event_covers_its_day(self, publish):
        busy = publish([["UID:e\nDTSTAMP:20261101T000000Z\nDTSTART;VALUE=DATE:20261204\n"
                         "DTEND;VALUE=DATE:20261205\nSUMMARY:away"]])
        [interval] = busy.intervals(START, END)
        assert interval.start <= utc("2026-12-04T08:00") and interval.end >= utc("2026-12-04T18:00")

    def test_events_outside_the_window_are_not_reported(self, publish):
        busy = publish([[event("f", "20261215T090000Z", "20261215T100000Z")]])
        assert busy.intervals(START, END) == ()

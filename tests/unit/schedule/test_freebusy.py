"""Calendar bytes to busy intervals: recurrences, zones, free events, hostile files."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import UTC, datetime

import pytest

from inviteassist.schedule.freebusy import ExpandLimits, UnreadableCalendar, busy_from_ics

BERLIN = "Europe/Berlin"
START = datetime(2026, 11, 29, 23, 0, tzinfo=UTC)  # Monday 30 November, 00:00 Berlin
END = datetime(2026, 12, 6, 23, 0, tzinfo=UTC)  # Monday 7 December, 00:00 Berlin

NEW_YORK_TZ = """BEGIN:VTIMEZONE
TZID:America/New_York
BEGIN:STANDARD
DTSTART:20251102T020000
TZOFFSETFROM:-0400
TZOFFSETTO:-0500
RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU
TZNAME:EST
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:20260308T020000
TZOFFSETFROM:-0500
TZOFFSETTO:-0400
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU
TZNAME:EDT
END:DAYLIGHT
END:VTIMEZONE
"""


def calendar(*events: str, head: str = "") -> bytes:
    body = "".join(f"BEGIN:VEVENT\n{e.strip()}\nEND:VEVENT\n" for e in events)
    text = f"BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//EN\n{head}{body}END:VCALENDAR\n"
    return text.replace("\n", "\r\n").encode()


def busy(data: bytes, **kwargs) -> list[str]:
    """Busy spans as 'MM-DD HH:MM-HH:MM' in UTC, sorted."""
    parsed = busy_from_ics(data, START, END, zone=BERLIN, **kwargs)
    return sorted(f"{i.start:%m-%d %H:%M}-{i.end:%H:%M}" for i in parsed.intervals)


def problems(data: bytes, **kwargs) -> tuple[str, ...]:
    return busy_from_ics(data, START, END, zone=BERLIN, **kwargs).problems


def test_a_plain_utc_event_is_busy():
    data = calendar("UID:a\nDTSTART:20261130T090000Z\nDTEND:20261130T100000Z")
    assert busy(data) == ["11-30 09:00-10:00"]


def test_daily_rule_with_exdate_and_a_moved_occurrence():
    data = calendar(
        "UID:standup\nDTSTART;TZID=Europe/Berlin:20261130T093000\nDURATION:PT15M\n"
        "RRULE:FREQ=DAILY;COUNT=5\nEXDATE;TZID=Europe/Berlin:20261202T093000",
        "UID:standup\nRECURRENCE-ID;TZID=Europe/Berlin:20261203T093000\n"
        "DTSTART;TZID=Europe/Berlin:20261203T160000\nDTEND;TZID=Europe/Berlin:20261203T170000",
    )
    assert busy(data) == ["11-30 08:30-08:45", "12-01 08:30-08:45", "12-03 15:00-16:00",
                          "12-04 08:30-08:45"]


def test_a_weekly_rule_keeps_its_wall_clock_across_the_dst_change():
    data = calendar("UID:w\nDTSTART;TZID=America/New_York:20261019T090000\n"
                    "DTEND;TZID=America/New_York:20261019T100000\nRRULE:FREQ=WEEKLY",
                    head=NEW_YORK_TZ)
    start = datetime(2026, 10, 26, tzinfo=UTC)
    parsed = busy_from_ics(data, start, datetime(2026, 11, 10, tzinfo=UTC), zone=BERLIN)
    assert [f"{i.start:%m-%d %H:%M}" for i in parsed.intervals] == [
        "10-26 13:00", "11-02 14:00", "11-09 14:00"]  # 09:00 EDT, then 09:00 EST


def test_all_day_events_cover_the_owners_whole_day():
    data = calendar("UID:d\nDTSTART;VALUE=DATE:20261201\nDTEND;VALUE=DATE:20261203")
    assert busy(data) == ["11-30 23:00-23:00"]
    (interval,) = busy_from_ics(data, START, END, zone=BERLIN).intervals
    assert (interval.end - interval.start).days == 2


def test_floating_times_are_read_in_the_owners_zone():
    data = calendar("UID:f\nDTSTART:20261201T100000\nDTEND:20261201T110000")
    assert busy(data) == ["12-01 09:00-10:00"]


@pytest.mark.parametrize(
    "extra",
    ["TRANSP:TRANSPARENT", "STATUS:CANCELLED", "X-INVITEASSIST-HOLD:1",
     "ATTENDEE;PARTSTAT=DECLINED:mailto:Alex@Morgan.example"],
    ids=["transparent", "cancelled", "our-own-hold", "declined-by-the-owner"],
)
def test_free_events_are_not_busy(extra):
    data = calendar(f"UID:x\nDTSTART:20261130T090000Z\nDTEND:20261130T100000Z\n{extra}")
    assert busy(data, owner_email="alex@morgan.example") == []


def test_an_event_accepted_by_the_owner_or_declined_by_others_is_busy():
    data = calendar("UID:x\nDTSTART:20261130T090000Z\nDTEND:20261130T100000Z\n"
                    "ATTENDEE;PARTSTAT=ACCEPTED:mailto:alex@morgan.example\n"
                    "ATTENDEE;PARTSTAT=DECLINED:mailto:sam@example.com")
    assert busy(data, owner_email="alex@morgan.example") == ["11-30 09:00-10:00"]


def test_a_cancelled_occurrence_of_a_series_is_free():
    data = calendar(
        "UID:s\nDTSTART:20261130T120000Z\nDTEND:20261130T130000Z\nRRULE:FREQ=DAILY;COUNT=3",
        "UID:s\nRECURRENCE-ID:20261201T120000Z\nDTSTART:20261201T120000Z\n"
        "DTEND:20261201T130000Z\nSTATUS:CANCELLED",
    )
    assert busy(data) == ["11-30 12:00-13:00", "12-02 12:00-13:00"]


def test_events_are_clipped_to_the_window():
    data = calendar("UID:c\nDTSTART:20261129T200000Z\nDTEND:20261130T010000Z",
                    "UID:o\nDTSTART:20261120T200000Z\nDTEND:20261120T210000Z")
    assert busy(data) == ["11-29 23:00-01:00"]


def test_google_x_wr_timezone_is_applied():
    data = calendar("UID:g\nDTSTART:20261130T090000\nDTEND:20261130T100000",
                    head="X-WR-TIMEZONE:America/New_York\n")
    assert busy(data) == ["11-30 14:00-15:00"]


def test_several_calendars_in_one_payload_are_all_read():
    one = calendar("UID:a\nDTSTART:20261130T090000Z\nDTEND:20261130T100000Z")
    two = calendar("UID:b\nDTSTART:20261201T090000Z\nDTEND:20261201T100000Z")
    assert busy(one + two) == ["11-30 09:00-10:00", "12-01 09:00-10:00"]


# --- bad and hostile input ------------------------------------------------------------

def test_an_unknown_tzid_is_read_in_the_owners_zone_and_reported():
    data = calendar("UID:z\nSUMMARY:Board\nDTSTART;TZID=Mars/Olympus:20261130T100000\n"
                    "DTEND;TZID=Mars/Olympus:20261130T110000")
    assert busy(data) == ["11-30 09:00-10:00"]
    (problem,) = problems(data)
    assert "Mars/Olympus" in problem and "'Board'" in problem


@pytest.mark.parametrize("data", [b"", b"hello", b"BEGIN:VCALENDAR\r\nBROKEN", b"\x00\xff" * 50])
def test_unreadable_data_raises_a_clear_error(data):
    with pytest.raises(UnreadableCalendar):
        busy_from_ics(data, START, END, zone=BERLIN)


@pytest.mark.parametrize(
    "rule",
    ["FREQ=SECONDLY", "FREQ=MINUTELY;COUNT=999999999", "FREQ=HOURLY;INTERVAL=1"],
)
def test_a_rule_too_dense_to_expand_is_skipped_and_reported(rule):
    data = calendar(f"UID:h\nSUMMARY:spam\nDTSTART:19700101T000000Z\nDURATION:PT1S\nRRULE:{rule}",
                    "UID:ok\nDTSTART:20261130T090000Z\nDTEND:20261130T100000Z")
    assert busy(data) == ["11-30 09:00-10:00"]
    (problem,) = problems(data)
    assert "'spam'" in problem and "skipped" in problem


def test_a_huge_count_on_a_sparse_rule_is_harmless():
    data = calendar("UID:d\nDTSTART:20261130T090000Z\nDTEND:20261130T093000Z\n"
                    "RRULE:FREQ=DAILY;COUNT=2000000000")
    assert len(busy(data)) == 7
    assert problems(data) == ()


def test_the_number_of_busy_intervals_kept_is_bounded():
    data = calendar(*(f"UID:{n}\nDTSTART:20261201T{n // 60:02d}{n % 60:02d}00Z\nDURATION:PT1M"
                      for n in range(50)))
    parsed = busy_from_ics(data, START, END, zone=BERLIN,
                           limits=ExpandLimits(max_occurrences=10))
    assert len(parsed.intervals) == 10
    assert any("more than 10" in p for p in parsed.problems)


def test_the_guard_surrounds_each_series_and_its_failure_skips_only_that_series():
    entered = []

    @contextmanager
    def guard():
        entered.append(1)
        if len(entered) == 1:
            raise TimeoutError("budget spent")
        yield

    data = calendar("UID:first\nDTSTART:20261130T090000Z\nDTEND:20261130T100000Z",
                    "UID:second\nDTSTART:20261201T090000Z\nDTEND:20261201T100000Z")
    parsed = busy_from_ics(data, START, END, zone=BERLIN, guard=guard)
    assert len(entered) == 2
    assert [f"{i.start:%d}" for i in parsed.intervals] == ["01"]
    assert any("budget spent" in p for p in parsed.problems)

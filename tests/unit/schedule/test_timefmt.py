"""Human-readable option times: zone abbreviations, offsets, English names."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from inviteassist.models import Option
from inviteassist.schedule.timefmt import (
    format_date,
    format_local,
    format_option,
    format_weekday,
    format_when,
    load_zone,
)


def utc_option(year: int, month: int, day: int, hour: int, minute: int = 0,
               minutes: int = 30) -> Option:
    start = datetime(year, month, day, hour, minute, tzinfo=UTC)
    return Option("A", start, start + timedelta(minutes=minutes), "uid@example.org")


@pytest.mark.parametrize(
    ("option", "zone", "expected"),
    [
        (utc_option(2026, 12, 1, 9), "Europe/Berlin",
         "Tuesday 1 December 2026, 10:00–10:30 CET (UTC+01:00)"),
        (utc_option(2026, 7, 7, 8), "Europe/Berlin",
         "Tuesday 7 July 2026, 10:00–10:30 CEST (UTC+02:00)"),
        (utc_option(2026, 12, 1, 15), "America/New_York",
         "Tuesday 1 December 2026, 10:00–10:30 EST (UTC-05:00)"),
        (utc_option(2026, 7, 7, 14), "America/New_York",
         "Tuesday 7 July 2026, 10:00–10:30 EDT (UTC-04:00)"),
        (utc_option(2026, 12, 1, 10), "UTC", "Tuesday 1 December 2026, 10:00–10:30 UTC"),
        (utc_option(2026, 12, 1, 13), "America/Sao_Paulo",
         "Tuesday 1 December 2026, 10:00–10:30 UTC-03:00"),
        (utc_option(2026, 12, 1, 4, 15), "Asia/Kathmandu",
         "Tuesday 1 December 2026, 10:00–10:30 UTC+05:45"),
    ],
    ids=["cet", "cest", "est", "edt", "utc", "numeric-only-zone", "quarter-hour-offset"],
)
def test_option_is_shown_with_weekday_date_times_and_zone(option, zone, expected):
    assert format_option(option, zone) == expected


def test_option_across_a_dst_change_names_the_zone_at_each_end():
    option = utc_option(2026, 3, 29, 0, 30)
    assert format_option(option, "Europe/Berlin") == (
        "Sunday 29 March 2026, 01:30 CET (UTC+01:00) – 03:00 CEST (UTC+02:00)"
    )


def test_option_across_midnight_in_the_shown_zone_dates_its_end():
    option = utc_option(2026, 12, 1, 22, 45)
    assert format_option(option, "Europe/Berlin") == (
        "Tuesday 1 December 2026, 23:45 CET (UTC+01:00)"
        " – Wednesday 2 December 2026, 00:15 CET (UTC+01:00)"
    )


def test_option_in_the_requesters_zone_is_the_same_instant():
    berlin = ZoneInfo("Europe/Berlin")
    start = datetime(2026, 12, 1, 16, 0, tzinfo=berlin)
    option = Option("B", start, start + timedelta(minutes=30), "uid@example.org")
    assert format_option(option, "America/New_York") == (
        "Tuesday 1 December 2026, 10:00–10:30 EST (UTC-05:00)"
    )


@pytest.mark.parametrize(
    ("moment", "zone", "expected"),
    [
        (datetime(2026, 12, 1, 9, tzinfo=UTC), "Europe/Berlin", "2026-12-01 10:00 CET"),
        (datetime(2026, 7, 1, 9, tzinfo=UTC), "Europe/Berlin", "2026-07-01 11:00 CEST"),
        (datetime(2026, 12, 1, 15, tzinfo=UTC), "America/New_York", "2026-12-01 10:00 EST"),
        (datetime(2026, 7, 1, 14, tzinfo=UTC), "America/New_York", "2026-07-01 10:00 EDT"),
        (datetime(2026, 12, 1, 9, tzinfo=UTC), "UTC", "2026-12-01 09:00 UTC"),
        (datetime(2026, 12, 1, 13, tzinfo=UTC), "America/Sao_Paulo", "2026-12-01 10:00 UTC-03:00"),
    ],
)
def test_local_time_for_logs_is_compact(moment, zone, expected):
    assert format_local(moment, zone) == expected


@pytest.mark.parametrize("name", ["Mars/Olympus_Mons", "", " Europe/Berlin", "../etc/passwd",
                                  "Europe", "Europe/Berlin\x00"])
def test_unknown_zone_is_a_value_error_naming_it(name):
    with pytest.raises(ValueError, match="time zone"):
        load_zone(name)


def test_naive_datetime_is_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        format_local(datetime(2026, 12, 1, 9), "UTC")


@pytest.mark.parametrize(("language", "expected"), [
    ("en", "Tuesday 1 December 2026, 10:00–10:30 CET (UTC+01:00)"),
    ("de", "Dienstag, 1. Dezember 2026, 10:00–10:30 CET (UTC+01:00)"),
    ("fr", "mardi 1 décembre 2026, 10:00–10:30 CET (UTC+01:00)"),
    ("es", "martes, 1 de diciembre de 2026, 10:00–10:30 CET (UTC+01:00)"),
    ("pt", "terça-feira, 1 de dezembro de 2026, 10:00–10:30 CET (UTC+01:00)"),
    ("it", "martedì 1 dicembre 2026, 10:00–10:30 CET (UTC+01:00)"),
    ("nl", "dinsdag 1 december 2026, 10:00–10:30 CET (UTC+01:00)"),
])
def test_dates_are_written_in_the_requesters_language(language, expected):
    start = datetime(2026, 12, 1, 10, tzinfo=ZoneInfo("Europe/Berlin"))
    option = Option("A", start, start + timedelta(minutes=30), "uid@x")
    assert format_option(option, "Europe/Berlin", language) == expected


@pytest.mark.parametrize(("moment", "zone", "expected"), [
    (datetime(2026, 12, 1, 9, 0, tzinfo=UTC), "Europe/Berlin", "Tue 1 Dec 2026, 10:00 CET"),
    (datetime(2026, 7, 5, 22, 30, tzinfo=UTC), "Europe/Berlin", "Mon 6 Jul 2026, 00:30 CEST"),
    (datetime(2026, 12, 1, 9, 0, tzinfo=UTC), "UTC", "Tue 1 Dec 2026, 09:00 UTC"),
])
def test_format_when_has_weekday_date_time_and_zone(moment, zone, expected):
    assert format_when(moment, zone) == expected


@pytest.mark.parametrize("language", ["xx", "de_XX_bogus"])
def test_a_language_babel_does_not_know_is_written_in_english_each_time(language):
    late = datetime(2026, 12, 1, 23, 30, tzinfo=ZoneInfo("America/New_York"))
    for _ in range(2):  # the second time from what was remembered
        assert format_date(late, language) == "Tuesday 1 December 2026"
        assert format_weekday(late, language) == "Tuesday"


def test_a_date_is_named_in_its_own_zone_each_time():
    late = datetime(2026, 12, 1, 23, 30, tzinfo=ZoneInfo("America/New_York"))
    for _ in range(2):
        assert format_date(late, "de") == "Dienstag, 1. Dezember 2026"
        assert format_date(late.astimezone(UTC), "de") == "Mittwoch, 2. Dezember 2026"
        assert format_weekday(late.astimezone(UTC), "fr") == "mercredi"

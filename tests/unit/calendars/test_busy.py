"""Busy sources merged, failures reported, hostile files bounded, URLs cached."""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from inviteassist.calendars.busy import (
    BusyCalendar,
    BusyUnavailable,
    ExpandBudget,
    IcsFile,
    OncePerCycle,
    SourceError,
    UrlCache,
    expand_in_worker,
)
from inviteassist.tls import check_url, http_url, redact_url
from tests.unit.schedule.test_freebusy import END, START, calendar

MONDAY = calendar("UID:m\nDTSTART:20261130T090000Z\nDTEND:20261130T100000Z")
TUESDAY = calendar("UID:t\nDTSTART:20261201T090000Z\nDTEND:20261201T100000Z")
NEVER_MATCHES = calendar("UID:n\nSUMMARY:never\nDTSTART:20000101T000000Z\nDURATION:PT1H\n"
                         "RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30",
                         "UID:ok\nDTSTART:20261202T090000Z\nDTEND:20261202T100000Z")


def write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def make_calendar(*paths: Path, on_failure: str = "propose-nothing",
                  budget: ExpandBudget | None = None) -> BusyCalendar:
    return BusyCalendar([IcsFile(p) for p in paths], zone="Europe/Berlin",
                        owner_email="alex@morgan.example", on_failure=on_failure,
                        budget=budget)


def days(intervals) -> list[int]:
    return sorted(i.start.day for i in intervals)


def test_busy_time_of_all_sources_is_merged(tmp_path):
    busy = make_calendar(write(tmp_path, "a.ics", MONDAY), write(tmp_path, "b.ics", TUESDAY))
    assert days(busy.intervals(START, END)) == [1, 30]
    assert [(r.ok, r.busy) for r in busy.reports] == [(True, 1), (True, 1)]


def test_a_failing_source_stops_proposals_by_default_and_is_reported(tmp_path, caplog):
    caplog.set_level(logging.WARNING, logger="inviteassist.calendars.busy")
    busy = make_calendar(write(tmp_path, "a.ics", MONDAY), tmp_path / "missing.ics")
    with pytest.raises(BusyUnavailable) as caught:
        busy.intervals(START, END)
    (failure,) = caught.value.failures
    assert failure.source == f"file {tmp_path / 'missing.ics'}"
    assert "cannot read" in failure.problems[0]
    assert "missing.ics" in caplog.text
    assert [r.ok for r in busy.reports] == [True, False]


def test_ignore_source_uses_the_calendars_that_answered(tmp_path):
    busy = make_calendar(write(tmp_path, "a.ics", MONDAY), write(tmp_path, "bad.ics", b"junk"),
                         on_failure="ignore-source")
    assert days(busy.intervals(START, END)) == [30]
    assert [r.ok for r in busy.reports] == [True, False]
    assert "not an iCalendar file" in busy.reports[1].problems[0]


def test_an_oversized_file_is_refused_without_reading_it(tmp_path):
    source = IcsFile(write(tmp_path, "big.ics", MONDAY), max_bytes=10)
    with pytest.raises(SourceError, match="larger than"):
        source.fetch(START, END)


def test_a_rule_that_never_matches_costs_only_its_series_budget(tmp_path):
    busy = make_calendar(write(tmp_path, "n.ics", NEVER_MATCHES),
                         budget=ExpandBudget(series_seconds=0.5))
    began = time.monotonic()
    assert days(busy.intervals(START, END)) == [2]
    assert time.monotonic() - began < 10
    (problem,) = busy.reports[0].problems
    assert "'never'" in problem and "too long" in problem


def test_a_source_that_outlives_its_budget_is_cut_off_and_fails(tmp_path):
    busy = make_calendar(write(tmp_path, "n.ics", NEVER_MATCHES),
                         budget=ExpandBudget(seconds=1.0, series_seconds=30))
    began = time.monotonic()
    with pytest.raises(BusyUnavailable, match="longer than 1 s"):
        busy.intervals(START, END)
    assert time.monotonic() - began < 10


def test_the_reader_cannot_grow_past_its_memory_ceiling():
    events = [f"UID:{n}\nSUMMARY:{'x' * 2000}\nDTSTART:20261201T090000Z\nDURATION:PT1M"
              for n in range(5000)]
    data = calendar(*events)  # ~10 MB that icalendar blows up many times over
    with pytest.raises(SourceError, match="MiB of memory"):
        expand_in_worker([data], START, END, zone="Europe/Berlin", owner_email=None,
                         budget=ExpandBudget(memory_bytes=32 * 2**20))
    small = expand_in_worker([MONDAY], START, END, zone="Europe/Berlin", owner_email=None,
                             budget=ExpandBudget(memory_bytes=32 * 2**20))
    assert len(small.intervals) == 1


def test_a_complete_answer_is_reused_for_the_same_window(tmp_path):
    path = write(tmp_path, "a.ics", MONDAY)
    busy = make_calendar(path)
    assert days(busy.intervals(START, END)) == [30]
    path.write_bytes(TUESDAY)
    assert days(busy.intervals(START, END)) == [30]
    assert days(busy.intervals(START, datetime(2026, 12, 5, tzinfo=UTC))) == [1]


# --- URLs -------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("url", "problem"),
    [("https://calendar.example.com/private-abc/basic.ics", None),
     ("webcal://p01-caldav.icloud.example/published/2/xyz", None),
     ("http://127.0.0.1:8080/cal.ics", None),
     ("http://calendar.example.com/private-abc/basic.ics", "plain http"),
     ("ftp://example.com/cal.ics", "not an https"),
     ("calendar.ics", "not an https")],
)
def test_calendar_addresses_must_be_https_except_on_loopback(url, problem):
    found = check_url(url)
    assert (found is None) if problem is None else (problem in found)


def test_webcal_is_fetched_over_https_and_secrets_are_redacted():
    assert http_url("webcal://host.example/a/b.ics") == "https://host.example/a/b.ics"
    assert redact_url("https://user:pw@host.example/private-123/basic.ics") == (
        "https://host.example/…")


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_url_cache_reuses_fresh_copies_and_revalidates_stale_ones(tmp_path):
    clock = Clock()
    cache = UrlCache(tmp_path / "cache", max_age=600, clock=clock)
    calls: list[dict[str, str]] = []

    def download(url: str, validators: dict[str, str]):
        calls.append(validators)
        if validators.get("If-None-Match") == '"v1"':
            return None, validators
        return b"BODY", {"If-None-Match": '"v1"'}

    assert cache.get("https://x.example/c.ics", download) == b"BODY"
    clock.now += 599
    assert cache.get("https://x.example/c.ics", download) == b"BODY"
    assert calls == [{}]
    clock.now += 2
    assert cache.get("https://x.example/c.ics", download) == b"BODY"
    assert calls == [{}, {"If-None-Match": '"v1"'}]
    assert all(p.stat().st_mode & 0o077 == 0 for p in (tmp_path / "cache").glob("*.ics"))


def test_a_failed_download_is_not_hidden_by_a_stale_copy(tmp_path):
    clock = Clock()
    cache = UrlCache(tmp_path, max_age=60, clock=clock)
    cache.get("https://x.example/c.ics", lambda url, v: (b"OLD", {}))
    clock.now += 61

    def failing(url: str, validators: dict[str, str]):
        raise SourceError("cannot fetch: timed out")

    with pytest.raises(SourceError, match="timed out"):
        cache.get("https://x.example/c.ics", failing)


class CountingSource:
    """A source that fails (or answers nothing) and counts how often it is read."""

    label = "counting"

    def __init__(self) -> None:
        self.reads = 0
        self.failing = True

    def fetch(self, start: datetime, end: datetime) -> list[bytes]:
        self.reads += 1
        if self.failing:
            raise SourceError("timed out")
        return []


def test_a_failing_source_rests_with_back_off_then_is_tried_again():
    source, clock = CountingSource(), Clock()
    busy = BusyCalendar([source], zone="Europe/Berlin", owner_email=None, clock=clock)
    waits = []
    for _ in range(4):  # each failure doubles the rest: 60, 120, 240, 480 s
        with pytest.raises(BusyUnavailable):
            busy.intervals(START, END)
        with pytest.raises(BusyUnavailable, match="next try in"):
            busy.intervals(START, END)  # resting: not read again
        waits.append(busy.resting[source.label].until - clock.now)
        clock.now = busy.resting[source.label].until
    assert source.reads == 4 and waits == [60, 120, 240, 480]
    source.failing = False
    assert busy.intervals(START, END) == () and source.label not in busy.resting


def test_one_cycle_asks_a_window_once_even_when_it_fails():
    source = CountingSource()
    cycle = OncePerCycle(BusyCalendar([source], zone="Europe/Berlin", owner_email=None,
                                      reuse_seconds=0))
    cycle.prefetch(START, END)
    for _ in range(5):  # five drafts in the cycle
        with pytest.raises(BusyUnavailable):
            cycle.intervals(START, END)
    assert source.reads == 1

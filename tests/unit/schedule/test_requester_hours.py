"""Options inside the owner's windows AND the requester's hours in their zone."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from inviteassist.schedule.planner import (
    AvailabilityRules,
    RequesterHours,
    Skip,
    Window,
    plan_options,
)

BERLIN = "Europe/Berlin"
SEATTLE = "America/Los_Angeles"
NOW = datetime(2026, 12, 4, 9, 0, tzinfo=ZoneInfo(BERLIN))  # a Friday


def rules(start: str, end: str, **overrides: object) -> AvailabilityRules:
    values: dict[str, object] = {
        "timezone": BERLIN,
        "windows": tuple(Window(day, time.fromisoformat(start), time.fromisoformat(end))
                         for day in range(5)),
    }
    values.update(overrides)
    return AvailabilityRules(**values)  # type: ignore[arg-type]


def plan(r: AvailabilityRules, hours: RequesterHours | None, *, least_bad: bool = False,
         complete: bool = False):
    return plan_options(r, NOW, uid_seed="s", uid_domain="example.org", requester=hours,
                        least_bad=least_bad, complete_reasons=complete)


def test_options_fall_inside_the_requesters_hours_in_their_zone() -> None:
    proposal = plan(rules("07:00", "21:00"), RequesterHours(SEATTLE))
    assert len(proposal.options) == 3
    for option in proposal.options:
        theirs = option.start.astimezone(ZoneInfo(SEATTLE))
        assert time(8) <= theirs.time() and (theirs + timedelta(minutes=30)).time() <= time(20)
    # 17:00 Berlin is 08:00 in Seattle: the earliest start they can take.
    assert min(o.start.astimezone(ZoneInfo(BERLIN)).time() for o in proposal.options) \
        >= time(17)


def test_without_requester_hours_the_owner_windows_alone_decide() -> None:
    proposal = plan(rules("07:00", "21:00"), None)
    assert proposal.options[0].start.astimezone(ZoneInfo(BERLIN)).time() == time(7)


def test_slots_outside_their_hours_are_explained() -> None:
    proposal = plan(rules("09:00", "17:00"), RequesterHours(SEATTLE), complete=True)
    assert proposal.options == ()
    assert Skip.REQUESTER_HOURS in proposal.reason_counts()


def test_no_overlap_offers_the_least_bad_times_on_different_days() -> None:
    proposal = plan(rules("09:00", "17:00"), RequesterHours(SEATTLE), least_bad=True)
    assert proposal.outside_requester_hours
    assert len(proposal.options) == 3
    assert len({o.start.date() for o in proposal.options}) == 3
    for option in proposal.options:
        # 16:30 Berlin = 07:30 Seattle: half an hour early, the nearest there is.
        assert option.start.astimezone(ZoneInfo(SEATTLE)).time() == time(7, 30)


@pytest.mark.parametrize(("start", "minutes"), [
    ("2026-12-07T08:00", 0), ("2026-12-07T19:30", 0), ("2026-12-07T07:30", 30),
    ("2026-12-07T19:45", 15), ("2026-12-07T23:00", 210), ("2026-12-07T03:00", 300),
    ("2026-12-07T00:30", 300),
])
def test_minutes_outside_counts_to_the_nearer_edge(start: str, minutes: int) -> None:
    hours = RequesterHours(SEATTLE)
    begin = datetime.fromisoformat(start).replace(tzinfo=ZoneInfo(SEATTLE))
    assert hours.minutes_outside(begin, begin + timedelta(minutes=30)) == minutes


def test_requester_hours_must_be_a_forward_span() -> None:
    with pytest.raises(ValueError, match="after"):
        RequesterHours(SEATTLE, time(20), time(8))
    with pytest.raises(ValueError, match="time zone"):
        RequesterHours("Mars/Olympus")


@given(zone=st.sampled_from(["America/Vancouver", "America/Chicago", "Europe/Berlin",
                             "Europe/Paris", "America/Sao_Paulo", "Africa/Nairobi",
                             "Asia/Singapore", "Pacific/Auckland", "Asia/Kolkata"]),
       first=st.integers(0, 12), length=st.integers(1, 12))
def test_every_option_lies_in_the_requesters_hours(zone: str, first: int, length: int) -> None:
    start, end = time(first), time(min(first + length, 23), 59 if first + length > 23 else 0)
    proposal = plan(rules("00:00", "23:45", step_minutes=30), RequesterHours(zone, start, end))
    for option in proposal.options:
        theirs = option.start.astimezone(ZoneInfo(zone))
        finish = option.end.astimezone(ZoneInfo(zone))
        assert theirs.date() == finish.date()
        assert start <= theirs.time() and finish.time() <= end

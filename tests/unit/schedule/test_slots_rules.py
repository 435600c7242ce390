"""The richer availability rules: buffers, business-day notice, call limits,
blackout dates, the reasons behind skipped times, and holds across requests."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inviteassist.models import Interval, Option
from inviteassist.schedule.planner import (
    AvailabilityRules,
    DateRange,
    Skip,
    Window,
    plan_options,
)
from tests.unit.schedule.test_slots import (
    BERLIN,
    FRIDAY,
    is_clear_wall_time,
    local,
    make_rules,
    propose,
    walls,
    windows,
)

EVERY_DAY = range(7)


def berlin(text: str) -> datetime:
    return local(BERLIN, text)


def span(start: str, end: str) -> Interval:
    return Interval(berlin(start), berlin(end))


def plan(rules: AvailabilityRules, now: datetime, busy: Sequence[Interval] = (),
         held: Sequence[Interval] = ()):
    return plan_options(rules, now, busy, held, uid_seed="r", uid_domain="example.org")


# --- buffers ------------------------------------------------------------------

@pytest.mark.parametrize(
    ("before", "after", "busy", "held", "first"),
    [
        (0, 0, [("09:00", "10:00")], [], "10:00"),
        (15, 0, [("09:00", "10:00")], [], "10:15"),
        (0, 0, [("09:40", "11:00")], [], "09:00"),
        (0, 15, [("09:40", "11:00")], [], "11:00"),
        (0, 10, [], [("09:00", "09:30")], "09:45"),
        (10, 0, [], [("09:00", "09:30")], "09:45"),
        (0, 0, [], [("09:00", "09:30")], "09:30"),
    ],
    ids=["no-buffer", "before-pushes-start", "call-ends-before-busy",
         "after-keeps-gap-to-busy", "gap-after-a-held-call", "gap-before-the-next-call",
         "held-calls-may-touch-without-buffers"],
)
def test_buffers_keep_busy_time_and_other_calls_at_a_distance(before, after, busy, held, first):
    rules = make_rules(windows=windows(("09:00", "12:00")),
                       buffer_before=timedelta(minutes=before),
                       buffer_after=timedelta(minutes=after))
    day = "2026-11-30T"
    options = propose(rules, FRIDAY, busy=[span(day + a, day + b) for a, b in busy],
                      held=[span(day + a, day + b) for a, b in held])
    end = datetime.fromisoformat(day + first) + timedelta(minutes=30)
    assert walls(options)[0] == f"2026-11-30 {first}-{end:%H:%M}"


# --- notice in business days ----------------------------------------------------

@pytest.mark.parametrize(
    ("now", "hours", "days", "blackout", "first"),
    [
        ("2026-11-27T10:00", 0, 1, (), "2026-11-30 09:00"),  # Friday -> Monday
        ("2026-11-28T10:00", 0, 1, (), "2026-11-30 09:00"),  # Saturday -> Monday
        ("2026-12-02T10:00", 0, 2, (), "2026-12-04 09:00"),  # Wednesday -> Friday
        ("2026-11-27T10:00", 0, 1, (("2026-11-30", "2026-11-30"),), "2026-12-01 09:00"),
        ("2026-11-27T10:00", 72, 1, (), "2026-11-30 10:00"),  # the later rule wins
        ("2026-11-27T10:00", 0, 0, (), "2026-11-27 10:00"),  # off
    ],
    ids=["friday", "weekend", "two-days", "holiday-is-no-business-day", "hours-later",
         "off"],
)
def test_notice_in_whole_business_days(now, hours, days, blackout, first):
    rules = make_rules(windows=windows(("09:00", "12:00"), days=EVERY_DAY),
                       min_notice=timedelta(hours=hours), min_notice_business_days=days,
                       blackout=tuple(DateRange(date.fromisoformat(a), date.fromisoformat(b))
                                      for a, b in blackout))
    options = propose(rules, berlin(now))
    assert f"{options[0].start:%Y-%m-%d %H:%M}" == first


# --- call limits --------------------------------------------------------------------

def test_a_day_with_as_many_held_calls_as_allowed_is_not_offered():
    held = [span("2026-11-30T15:00", "2026-11-30T15:30")]
    assert [o.start.day for o in propose(make_rules(max_per_day=1), FRIDAY, held=held)] == [
        1, 2, 3]
    assert [o.start.day for o in propose(make_rules(max_per_day=2), FRIDAY, held=held)] == [
        30, 1, 2]


def test_a_week_with_as_many_held_calls_as_allowed_is_not_offered():
    held = [span("2026-11-30T15:00", "2026-11-30T15:30"),
            span("2026-12-01T15:00", "2026-12-01T15:30")]
    options = propose(make_rules(max_per_week=2), FRIDAY, held=held)
    assert [o.start.date() for o in options] == [date(2026, 12, 7), date(2026, 12, 8),
                                                 date(2026, 12, 9)]
    assert len(propose(make_rules(max_per_week=3), FRIDAY, held=held)) == 3


def test_options_of_one_reply_do_not_count_against_each_other():
    options = propose(make_rules(max_per_week=1, max_per_day=1), FRIDAY)
    assert [o.start.day for o in options] == [30, 1, 2]


# --- blackout dates ---------------------------------------------------------------------

def test_blackout_dates_and_ranges_are_never_offered():
    rules = make_rules(blackout=(DateRange(date(2026, 11, 30), date(2026, 12, 1)),
                                 DateRange(date(2026, 12, 3), date(2026, 12, 3))))
    assert [o.start.day for o in propose(rules, FRIDAY)] == [2, 4, 7]


def test_a_date_range_must_not_end_before_it_starts():
    with pytest.raises(ValueError, match="ends"):
        DateRange(date(2026, 12, 2), date(2026, 12, 1))


@pytest.mark.parametrize(
    ("overrides", "message"),
    [({"min_notice_business_days": -1}, "business_days"),
     ({"buffer_before": timedelta(minutes=-5)}, "buffers"),
     ({"max_per_day": 0}, "max_per_day"), ({"max_per_week": 0}, "max_per_week")],
)
def test_invalid_new_rules_raise_clear_value_errors(overrides, message):
    with pytest.raises(ValueError, match=message):
        make_rules(**overrides)


# --- why other times were skipped -------------------------------------------------------

def reasons_by_start(proposal) -> dict[str, Skip]:
    return {f"{s.start:%Y-%m-%d %H:%M}": s.reason for s in proposal.skipped}


def test_every_skipped_candidate_carries_the_first_reason_that_applies():
    rules = make_rules(max_per_day=1,
                       blackout=(DateRange(date(2026, 12, 2), date(2026, 12, 2)),))
    busy = [span("2026-11-30T09:00", "2026-11-30T10:00")]
    held = [span("2026-12-01T14:00", "2026-12-01T14:30")]
    proposal = plan(rules, FRIDAY, busy, held)
    reasons = reasons_by_start(proposal)
    assert walls(proposal.options) == ["2026-11-30 10:00-10:30", "2026-12-03 14:00-14:30",
                                       "2026-12-04 09:00-09:30"]
    assert reasons["2026-11-27 09:00"] == Skip.NOTICE
    assert reasons["2026-11-30 09:30"] == Skip.BUSY
    assert reasons["2026-11-30 10:15"] == Skip.SAME_DAY
    assert reasons["2026-12-01 09:00"] == Skip.DAY_LIMIT
    assert reasons["2026-12-02 09:00"] == Skip.BLACKOUT
    assert reasons["2026-12-07 09:00"] == Skip.ENOUGH
    assert reasons["2026-12-11 16:30"] == Skip.HORIZON
    assert proposal.reason_counts()[Skip.BUSY] == 4  # 09:00, 09:15, 09:30, 09:45


def test_held_time_is_reported_as_held_not_busy():
    held = [span("2026-11-30T09:00", "2026-11-30T09:30")]
    reasons = reasons_by_start(plan(make_rules(), FRIDAY, held=held))
    assert reasons["2026-11-30 09:00"] == Skip.HELD
    assert reasons["2026-11-30 09:15"] == Skip.HELD


def test_offered_and_skipped_times_are_every_candidate_exactly_once():
    proposal = plan(make_rules(), FRIDAY, [span("2026-12-01T10:00", "2026-12-01T15:00")])
    starts = [o.start for o in proposal.options] + [s.start for s in proposal.skipped]
    assert len(starts) == len(set(starts))
    # 11 weekdays from Friday 27 November to Friday 11 December, each with 11 starts
    # 09:00-11:30 and 11 starts 14:00-16:30: every grid start from today to the horizon.
    assert len(starts) == 11 * 22
    assert all(s.start.tzinfo == ZoneInfo(BERLIN) for s in proposal.skipped)


# --- holds across requests ------------------------------------------------------------

@pytest.mark.parametrize("buffer", [0, 20])
def test_successive_requests_never_hold_the_same_or_overlapping_time(buffer):
    rules = make_rules(buffer_before=timedelta(minutes=buffer), options=3)
    held: list[Interval] = []
    for n in range(12):
        options = propose(rules, FRIDAY, held=held, seed=f"request-{n}")
        assert len(options) == 3, f"request {n}"
        gap = timedelta(minutes=buffer)
        for option in options:
            assert not any(Interval(option.start - gap, option.end + gap).overlaps(h)
                           for h in held)
        held.extend(o.interval for o in options)


# --- property: every rule at once, DST weeks in two zones ---------------------------

ANCHORS = [
    ("Europe/Berlin", datetime(2026, 3, 29, tzinfo=UTC)),
    ("Europe/Berlin", datetime(2026, 10, 25, tzinfo=UTC)),
    ("America/New_York", datetime(2026, 3, 8, 12, tzinfo=UTC)),
    ("America/New_York", datetime(2026, 11, 1, 12, tzinfo=UTC)),
]


@st.composite
def rule_scenarios(draw: st.DrawFn):
    zone, anchor = draw(st.sampled_from(ANCHORS))
    now = anchor - timedelta(minutes=draw(st.integers(0, 5 * 24 * 60)))
    days = sorted(draw(st.sets(st.integers(0, 6), min_size=1)))
    spans = draw(st.lists(st.tuples(st.integers(0, 1380), st.integers(15, 300)), min_size=1,
                          max_size=3))
    first_day = now.astimezone(ZoneInfo(zone)).date()
    blackout = tuple(
        DateRange(first_day + timedelta(days=a), first_day + timedelta(days=a + length))
        for a, length in draw(st.lists(st.tuples(st.integers(0, 8), st.integers(0, 2)),
                                       max_size=2)))
    rules = AvailabilityRules(
        timezone=zone,
        windows=tuple(Window(day, time(s // 60, s % 60), time(min(s + n, 1439) // 60,
                                                               min(s + n, 1439) % 60))
                      for day in days for s, n in spans),
        call_minutes=draw(st.sampled_from([15, 30, 45, 60])),
        options=draw(st.integers(1, 4)),
        min_notice=timedelta(hours=draw(st.integers(0, 30))),
        horizon_days=draw(st.integers(1, 8)),
        step_minutes=draw(st.sampled_from([15, 30])),
        min_notice_business_days=draw(st.integers(0, 2)),
        buffer_before=timedelta(minutes=draw(st.sampled_from([0, 10, 15]))),
        buffer_after=timedelta(minutes=draw(st.sampled_from([0, 5, 30]))),
        max_per_day=draw(st.sampled_from([None, 1, 2])),
        max_per_week=draw(st.sampled_from([None, 2, 4])),
        blackout=blackout,
    )

    def intervals(max_size: int) -> list[Interval]:
        found = []
        for offset, length in draw(st.lists(st.tuples(st.integers(0, 9 * 24 * 60),
                                                      st.integers(5, 180)), max_size=max_size)):
            begin = now + timedelta(minutes=offset)
            found.append(Interval(begin, begin + timedelta(minutes=length)))
        return found

    return rules, now, intervals(12), intervals(6)


def business_start(rules: AvailabilityRules, now: datetime) -> datetime:
    """The start of the n-th business day after today, counted the slow way."""
    zone = ZoneInfo(rules.timezone)
    day = now.astimezone(zone).date()
    counted = 0
    while counted < rules.min_notice_business_days:
        day += timedelta(days=1)
        if day.weekday() < 5 and not any(day in r for r in rules.blackout):
            counted += 1
    return datetime.combine(day, time(), zone)


def allowed(start: datetime, rules: AvailabilityRules, now: datetime, busy: list[Interval],
            held: list[Interval]) -> bool:
    """Every rule for one start instant, checked directly from its definition."""
    zone = ZoneInfo(rules.timezone)
    end = start + timedelta(minutes=rules.call_minutes)
    wall, wall_end = start.astimezone(zone), end.astimezone(zone)
    day = wall.date()
    held_days = [h.start.astimezone(zone).date() for h in held]
    gap = max(rules.buffer_before, rules.buffer_after)
    notice = now + rules.min_notice
    if rules.min_notice_business_days:
        notice = max(notice, business_start(rules, now))
    return (
        start >= notice and end <= now + timedelta(days=rules.horizon_days)
        and wall.minute % rules.step_minutes == 0 and wall.second == 0
        and is_clear_wall_time(start, zone) and is_clear_wall_time(end, zone)
        and wall_end.date() == day
        and any(w.weekday == day.weekday() and w.start <= wall.time()
                and wall_end.time() <= w.end for w in rules.windows)
        and not any(day in r for r in rules.blackout)
        and not any(Interval(start - rules.buffer_before, end + rules.buffer_after).overlaps(b)
                    for b in busy)
        and not any(Interval(start - gap, end + gap).overlaps(h) for h in held)
        and (rules.max_per_day is None or held_days.count(day) < rules.max_per_day)
        and (rules.max_per_week is None or sum(
            d.isocalendar()[:2] == day.isocalendar()[:2] for d in held_days)
            < rules.max_per_week)
    )


def allowed_days(rules: AvailabilityRules, now: datetime, busy: list[Interval],
                 held: list[Interval]) -> list[date]:
    zone = ZoneInfo(rules.timezone)
    moment = now.replace(second=0, microsecond=0) - timedelta(minutes=now.minute % 15)
    days = set()
    while moment <= now + timedelta(days=rules.horizon_days):
        if allowed(moment, rules, now, busy, held):
            days.add(moment.astimezone(zone).date())
        moment += timedelta(minutes=15)
    return sorted(days)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rule_scenarios())
def test_every_option_obeys_every_rule_and_days_are_distinct_when_possible(scenario):
    rules, now, busy, held = scenario
    proposal = plan(rules, now, busy, held)
    options: tuple[Option, ...] = proposal.options
    for option in options:
        assert allowed(option.start.astimezone(UTC), rules, now, busy, held)
        # in UTC: Python subtracts same-zone datetimes by wall clock, not real time
        real = option.end.astimezone(UTC) - option.start.astimezone(UTC)
        assert real == timedelta(minutes=rules.call_minutes)
        assert all(option.interval != h for h in held)
    days = [o.start.date() for o in options]
    assert len(set(days)) == len(days)
    assert days == allowed_days(rules, now, busy, held)[: rules.options]
    skipped = [s.start for s in proposal.skipped]
    assert not set(skipped) & {o.start for o in options}


def test_stopping_at_enough_options_gives_the_same_options():
    rules = AvailabilityRules(timezone="Europe/Berlin", windows=tuple(
        Window(day, time(9), time(17)) for day in range(5)), horizon_days=30)
    now = datetime(2026, 11, 23, 8, tzinfo=UTC)
    full = plan_options(rules, now, uid_seed="s", uid_domain="x.example")
    quick = plan_options(rules, now, uid_seed="s", uid_domain="x.example",
                         complete_reasons=False)
    assert quick.options == full.options and len(quick.options) == 3
    assert quick.skipped == () and full.skipped

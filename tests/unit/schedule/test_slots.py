"""Slot finding: windows, notice, horizon, busy and held times, spread, DST."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inviteassist.models import Interval, Option
from inviteassist.schedule.planner import AvailabilityRules, Window, propose_options

BERLIN = "Europe/Berlin"
WORKDAYS = range(5)


def windows(*spans: tuple[str, str], days: Sequence[int] = WORKDAYS) -> tuple[Window, ...]:
    """One window per (start, end) span on each of `days`."""
    return tuple(
        Window(day, time.fromisoformat(start), time.fromisoformat(end))
        for day in days
        for start, end in spans
    )


def make_rules(**overrides: object) -> AvailabilityRules:
    values: dict[str, object] = {
        "timezone": BERLIN,
        "windows": windows(("09:00", "12:00"), ("14:00", "17:00")),
    }
    values.update(overrides)
    return AvailabilityRules(**values)  # type: ignore[arg-type]


def local(zone: str, text: str, fold: int = 0) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(zone), fold=fold)


def propose(rules: AvailabilityRules, now: datetime, busy: Sequence[Interval] = (),
            held: Sequence[Interval] = (), seed: str = "request-1") -> tuple[Option, ...]:
    return propose_options(rules, now, busy, held, uid_seed=seed, uid_domain="example.org")


def walls(options: Sequence[Option]) -> list[str]:
    """Options as 'YYYY-MM-DD HH:MM-HH:MM' in their own (owner's) zone."""
    return [f"{o.start:%Y-%m-%d %H:%M}-{o.end:%H:%M}" for o in options]


def real_minutes(option: Option) -> float:
    return (option.end.astimezone(UTC) - option.start.astimezone(UTC)).total_seconds() / 60


FRIDAY = local(BERLIN, "2026-11-27T10:00")


# --- basics -----------------------------------------------------------------

def test_three_options_on_three_distinct_days_inside_windows():
    options = propose(make_rules(), FRIDAY)
    assert [o.label for o in options] == ["A", "B", "C"]
    assert walls(options) == [
        "2026-11-30 09:00-09:30", "2026-12-01 14:00-14:30", "2026-12-02 09:00-09:30",
    ]
    assert all(o.start.tzinfo == ZoneInfo(BERLIN) for o in options)
    assert all(o.end.tzinfo == ZoneInfo(BERLIN) for o in options)


def test_options_are_chronological_and_labelled_in_order():
    options = propose(make_rules(options=5), FRIDAY)
    assert [o.label for o in options] == ["A", "B", "C", "D", "E"]
    assert [o.start for o in options] == sorted(o.start for o in options)
    assert len({o.start.date() for o in options}) == 5


def test_uids_are_deterministic_per_seed_and_time():
    first = propose(make_rules(), FRIDAY)
    assert first == propose(make_rules(), FRIDAY)
    other = propose(make_rules(), FRIDAY, seed="request-2")
    assert {o.uid for o in first}.isdisjoint(o.uid for o in other)
    assert all(o.uid.endswith("@example.org") and len(o.uid) == 32 + 12 for o in first)
    assert len({o.uid for o in first}) == 3


@pytest.mark.parametrize(
    ("notice", "now", "first"),
    [
        (timedelta(0), "2026-11-30T10:10", "2026-11-30 10:15-10:45"),
        (timedelta(hours=24), "2026-11-30T10:10", "2026-12-01 10:15-10:45"),
        (timedelta(hours=48), "2026-11-30T10:10", "2026-12-02 10:15-10:45"),
        (timedelta(hours=4), "2026-11-30T10:00", "2026-11-30 14:00-14:30"),
        (timedelta(hours=24), "2026-11-27T10:00", "2026-11-30 09:00-09:30"),
    ],
)
def test_first_option_respects_minimum_notice(notice, now, first):
    options = propose(make_rules(min_notice=notice), local(BERLIN, now))
    assert walls(options)[0] == first


@pytest.mark.parametrize(
    ("horizon_days", "spans", "now", "expected"),
    [
        (2, [("09:00", "12:00")], "2026-11-27T10:00", ["2026-11-27 10:00-10:30"]),
        (2, [("09:00", "12:00")], "2026-11-30T09:00",
         ["2026-11-30 09:00-09:30", "2026-12-01 09:00-09:30"]),
        (2, [("08:30", "12:00")], "2026-11-30T09:00",
         ["2026-11-30 09:00-09:30", "2026-12-01 08:30-09:00", "2026-12-02 08:30-09:00"]),
    ],
    ids=["weekend-cuts-to-one", "slot-past-horizon-dropped", "slot-ending-at-horizon-kept"],
)
def test_options_end_within_the_horizon(horizon_days, spans, now, expected):
    rules = make_rules(windows=windows(*spans), horizon_days=horizon_days,
                       min_notice=timedelta(0))
    assert walls(propose(rules, local(BERLIN, now))) == expected


@pytest.mark.parametrize(
    ("busy", "first"),
    [
        ([("2026-11-30T09:00", "2026-11-30T11:00")], "2026-11-30 11:00-11:30"),
        ([("2026-11-30T09:10", "2026-11-30T09:20")], "2026-11-30 09:30-10:00"),
        ([("2026-11-30T08:00", "2026-11-30T09:00")], "2026-11-30 09:00-09:30"),
        ([("2026-11-30T09:30", "2026-11-30T12:00")], "2026-11-30 09:00-09:30"),
        ([("2026-11-30T00:00", "2026-12-01T00:00")], "2026-12-01 09:00-09:30"),
        ([("2026-11-30T09:00", "2026-11-30T10:00"), ("2026-11-30T09:30", "2026-11-30T10:45")],
         "2026-11-30 10:45-11:15"),
    ],
    ids=["morning-block", "small-gap-too-short", "touching-before", "touching-after",
         "whole-day", "overlapping-busy-merged"],
)
def test_busy_intervals_are_avoided(busy, first):
    intervals = [Interval(local(BERLIN, a), local(BERLIN, b)) for a, b in busy]
    assert walls(propose(make_rules(), FRIDAY, busy=intervals))[0] == first


def test_busy_intervals_in_another_zone_are_compared_as_instants():
    busy = [Interval(datetime(2026, 11, 30, 8, 0, tzinfo=UTC),
                     datetime(2026, 11, 30, 10, 0, tzinfo=UTC))]
    assert walls(propose(make_rules(), FRIDAY, busy=busy))[0] == "2026-11-30 11:00-11:30"


def test_held_times_are_not_offered_to_the_next_requester():
    first = propose(make_rules(), FRIDAY, seed="request-1")
    second = propose(make_rules(), FRIDAY, held=[o.interval for o in first], seed="request-2")
    assert len(second) == 3
    assert not any(a.interval.overlaps(b.interval) for a in first for b in second)
    assert walls(second) == [
        "2026-11-30 09:30-10:00", "2026-12-01 14:30-15:00", "2026-12-02 09:30-10:00",
    ]


@pytest.mark.parametrize(
    ("days", "horizon_days", "count"),
    [((0, 2), 7, 2), ((4,), 7, 1), ((), 14, 0), ((0, 1, 2, 3, 4), 14, 3)],
)
def test_fewer_qualifying_days_give_fewer_options(days, horizon_days, count):
    rules = make_rules(windows=windows(("09:00", "12:00"), days=days),
                       horizon_days=horizon_days)
    options = propose(rules, FRIDAY)
    assert len(options) == count
    assert len({o.start.date() for o in options}) == count


def test_a_fully_busy_day_is_skipped_not_doubled_up():
    busy = [Interval(local(BERLIN, "2026-12-01T00:00"), local(BERLIN, "2026-12-02T00:00"))]
    rules = make_rules(windows=windows(("09:00", "12:00"), days=(0, 1, 2)), horizon_days=7)
    assert [o.start.date() for o in propose(rules, FRIDAY, busy=busy)] == [
        date(2026, 11, 30), date(2026, 12, 2),
    ]


@pytest.mark.parametrize(
    ("span", "step", "first"),
    [
        (("09:07", "11:00"), 15, "09:15"),
        (("09:07", "11:00"), 20, "09:20"),
        (("09:07", "11:00"), 5, "09:10"),
        (("09:30", "11:00"), 60, "10:00"),
        (("09:00", "09:40"), 30, "09:00"),
    ],
)
def test_starts_are_on_the_step_grid(span, step, first):
    rules = make_rules(windows=windows(span), step_minutes=step)
    options = propose(rules, FRIDAY)
    assert f"{options[0].start:%H:%M}" == first
    assert all(o.start.minute % step == 0 and o.start.second == 0 for o in options)


def test_a_window_shorter_than_the_call_offers_nothing():
    rules = make_rules(windows=windows(("09:00", "09:20")), call_minutes=30)
    assert propose(rules, FRIDAY) == ()


# --- spread rule ------------------------------------------------------------

@pytest.mark.parametrize(
    ("spans", "count", "times"),
    [
        ([("09:00", "12:00"), ("14:00", "17:00")], 3, ["09:00", "14:00", "09:00"]),
        ([("09:00", "12:00"), ("14:00", "17:00"), ("18:00", "20:00")], 3,
         ["09:00", "14:00", "18:00"]),
        ([("09:00", "12:00"), ("14:00", "17:00"), ("18:00", "20:00")], 5,
         ["09:00", "14:00", "18:00", "09:00", "14:00"]),
        ([("09:00", "17:00")], 3, ["09:00", "12:00", "09:00"]),
        ([("14:00", "17:00")], 3, ["14:00", "14:00", "14:00"]),
        ([("18:00", "20:00"), ("08:00", "09:00")], 3, ["08:00", "18:00", "08:00"]),
    ],
    ids=["morning-afternoon", "three-parts", "cycle-repeats", "one-long-window",
         "afternoons-only", "no-afternoon-skips-to-evening"],
)
def test_time_of_day_varies_between_successive_days(spans, count, times):
    rules = make_rules(windows=windows(*spans), options=count)
    assert [f"{o.start:%H:%M}" for o in propose(rules, FRIDAY)] == times


def test_spread_takes_earliest_days_before_varying_times():
    rules = make_rules(windows=windows(("14:00", "17:00"), days=(0,))
                       + windows(("09:00", "12:00"), days=(1, 2, 3, 4)))
    assert walls(propose(rules, FRIDAY)) == [
        "2026-11-30 14:00-14:30", "2026-12-01 09:00-09:30", "2026-12-02 09:00-09:30",
    ]


def test_spread_falls_back_to_a_used_part_when_the_preferred_one_is_busy():
    busy = [Interval(local(BERLIN, "2026-12-01T14:00"), local(BERLIN, "2026-12-01T17:00"))]
    assert walls(propose(make_rules(), FRIDAY, busy=busy)) == [
        "2026-11-30 09:00-09:30", "2026-12-01 09:00-09:30", "2026-12-02 14:00-14:30",
    ]


# --- daylight-saving changes ------------------------------------------------

SUNDAY = (6,)


@pytest.mark.parametrize(
    ("zone", "day", "busy_until", "expected_start", "expected_end"),
    [
        # Europe/Berlin spring: 02:00 CET jumps to 03:00 CEST.
        ("Europe/Berlin", "2026-03-29", "01:00", "01:00+01:00", "01:30+01:00"),
        ("Europe/Berlin", "2026-03-29", "01:30", "01:30+01:00", "03:00+02:00"),
        ("Europe/Berlin", "2026-03-29", "01:45", "01:45+01:00", "03:15+02:00"),
        ("Europe/Berlin", "2026-03-29", "03:00", "03:00+02:00", "03:30+02:00"),
        # Europe/Berlin autumn: 02:00-03:00 happens twice; neither end may fall there.
        ("Europe/Berlin", "2026-10-25", "01:00", "01:00+02:00", "01:30+02:00"),
        ("Europe/Berlin", "2026-10-25", "01:30", "03:00+01:00", "03:30+01:00"),
        # America/New_York spring: 02:00 EST jumps to 03:00 EDT.
        ("America/New_York", "2026-03-08", "01:30", "01:30-05:00", "03:00-04:00"),
        ("America/New_York", "2026-03-08", "03:00", "03:00-04:00", "03:30-04:00"),
        # America/New_York autumn: 01:00-02:00 happens twice.
        ("America/New_York", "2026-11-01", "00:00", "00:00-04:00", "00:30-04:00"),
        ("America/New_York", "2026-11-01", "00:30", "02:00-05:00", "02:30-05:00"),
    ],
)
def test_window_straddling_a_dst_change_keeps_exact_durations(
    zone, day, busy_until, expected_start, expected_end
):
    rules = AvailabilityRules(zone, windows(("00:00", "04:00"), days=SUNDAY),
                              options=1, min_notice=timedelta(0), horizon_days=2)
    now = local(zone, f"{day}T00:00") - timedelta(days=1)
    busy = [Interval(now, local(zone, f"{day}T{busy_until}"))]
    (option,) = propose(rules, now, busy=busy)
    assert option.start.date().isoformat() == day
    assert option.start.isoformat()[11:] == f"{expected_start[:5]}:00{expected_start[5:]}"
    assert option.end.isoformat()[11:] == f"{expected_end[:5]}:00{expected_end[5:]}"
    assert real_minutes(option) == 30


@pytest.mark.parametrize(
    ("zone", "now"),
    [
        ("Europe/Berlin", "2026-03-26T12:00"),
        ("Europe/Berlin", "2026-10-22T12:00"),
        ("America/New_York", "2026-03-05T12:00"),
        ("America/New_York", "2026-10-29T12:00"),
    ],
)
def test_normal_hours_keep_their_wall_clock_across_a_dst_week(zone, now):
    rules = AvailabilityRules(zone, windows(("09:00", "12:00"), days=range(7)), options=5,
                              min_notice=timedelta(0), horizon_days=7)
    options = propose(rules, local(zone, now))
    assert len(options) == 5
    assert [f"{o.start:%H:%M}-{o.end:%H:%M}" for o in options] == ["09:00-09:30"] * 5
    assert all(real_minutes(o) == 30 for o in options)
    assert len({o.start.utcoffset() for o in options}) == 2


# --- validation -------------------------------------------------------------

@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: make_rules(timezone="Mars/Olympus"), "unknown time zone"),
        (lambda: Window(0, time(12), time(9)), "must be after its start"),
        (lambda: Window(0, time(9), time(9)), "must be after its start"),
        (lambda: Window(7, time(9), time(12)), "weekday"),
        (lambda: make_rules(call_minutes=0), "call_minutes"),
        (lambda: make_rules(options=0), "options"),
        (lambda: make_rules(options=27), "options"),
        (lambda: make_rules(step_minutes=0), "step_minutes"),
        (lambda: make_rules(step_minutes=61), "step_minutes"),
        (lambda: make_rules(horizon_days=0), "horizon_days"),
        (lambda: make_rules(min_notice=timedelta(hours=-1)), "min_notice"),
        (lambda: propose(make_rules(), datetime(2026, 11, 27, 10)), "timezone-aware"),
        (lambda: propose(make_rules(), FRIDAY,
                         busy=[Interval(datetime(2026, 12, 1, 9), datetime(2026, 12, 1, 10))]),
         "timezone-aware"),
    ],
)
def test_invalid_rules_and_inputs_raise_clear_value_errors(build, message):
    with pytest.raises(ValueError, match=message):
        build()


def test_long_horizon_with_thousands_of_busy_intervals_stays_correct():
    start = local(BERLIN, "2026-11-30T00:00")
    busy = [Interval(start + timedelta(minutes=30 * k), start + timedelta(minutes=30 * k + 20))
            for k in range(3000)]  # 62.5 days with no 30-minute gap, in reverse order
    rules = make_rules(horizon_days=90, options=5)
    options = propose(rules, FRIDAY, busy=busy[::-1])
    assert len(options) == 5
    assert options[0].start >= busy[-1].end
    assert not any(o.interval.overlaps(b) for o in options for b in busy)


# --- property ---------------------------------------------------------------

# (zone, a day with a DST change or an ordinary day): `now` is drawn shortly before.
ANCHORS = [
    ("Europe/Berlin", datetime(2026, 3, 29, tzinfo=UTC)),
    ("Europe/Berlin", datetime(2026, 10, 25, tzinfo=UTC)),
    ("America/New_York", datetime(2026, 3, 8, 12, tzinfo=UTC)),
    ("America/New_York", datetime(2026, 11, 1, 12, tzinfo=UTC)),
    ("Australia/Lord_Howe", datetime(2026, 4, 5, tzinfo=UTC)),  # 30-minute DST shift
    ("Australia/Lord_Howe", datetime(2026, 10, 4, tzinfo=UTC)),
    ("Asia/Kathmandu", datetime(2026, 6, 1, tzinfo=UTC)),  # UTC+05:45
    ("America/Sao_Paulo", datetime(2026, 11, 1, tzinfo=UTC)),
    ("UTC", datetime(2026, 12, 31, tzinfo=UTC)),
]


@st.composite
def windows_strategy(draw: st.DrawFn) -> list[Window]:
    """One daily span on several weekdays, often in the small hours where DST bites."""
    days = draw(st.one_of(st.just(set(range(7))), st.sets(st.integers(0, 6), min_size=1)))
    start = draw(st.one_of(st.integers(0, 1430), st.integers(0, 240)))
    end = min(start + draw(st.integers(1, 600)), 1439)
    return [Window(day, time(start // 60, start % 60), time(end // 60, end % 60))
            for day in sorted(days)]


@st.composite
def intervals_strategy(draw: st.DrawFn, now: datetime, horizon: timedelta) -> Interval:
    offset = draw(st.integers(0, int(horizon.total_seconds() // 60)))
    length = draw(st.integers(1, 240))
    begin = now + timedelta(minutes=offset)
    return Interval(begin, begin + timedelta(minutes=length))


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[AvailabilityRules, datetime, list[Interval],
                                        list[Interval]]:
    zone, anchor = draw(st.sampled_from(ANCHORS))
    spans = draw(st.lists(windows_strategy(), min_size=1, max_size=4))
    rules = AvailabilityRules(
        timezone=zone,
        windows=tuple(window for span in spans for window in span),
        call_minutes=draw(st.sampled_from([15, 30, 45, 60, 90])),
        options=draw(st.integers(1, 5)),
        min_notice=timedelta(minutes=draw(st.one_of(st.just(0), st.integers(0, 48 * 60)))),
        horizon_days=draw(st.integers(1, 8)),
        step_minutes=draw(st.sampled_from([5, 10, 15, 20, 30, 60])),
    )
    now = anchor - timedelta(seconds=draw(st.integers(0, 5 * 24 * 3600)))
    horizon = timedelta(days=rules.horizon_days)
    busy = draw(st.lists(intervals_strategy(now, horizon), max_size=15))
    held = draw(st.lists(intervals_strategy(now, horizon), max_size=5))
    return rules, now, busy, held


def is_clear_wall_time(moment: datetime, zone: ZoneInfo) -> bool:
    naive = moment.astimezone(zone).replace(tzinfo=None)
    return (naive.replace(tzinfo=zone, fold=0).utcoffset()
            == naive.replace(tzinfo=zone, fold=1).utcoffset())


def is_feasible(start: datetime, rules: AvailabilityRules, now: datetime,
                blocked: Sequence[Interval]) -> bool:
    """Every invariant of one option, checked the slow and obvious way."""
    zone = ZoneInfo(rules.timezone)
    end = start + timedelta(minutes=rules.call_minutes)
    wall_start, wall_end = start.astimezone(zone), end.astimezone(zone)
    return (
        start >= now + rules.min_notice
        and end <= now + timedelta(days=rules.horizon_days)
        and wall_start.minute % rules.step_minutes == 0 and wall_start.second == 0
        and wall_start.microsecond == 0
        and is_clear_wall_time(start, zone) and is_clear_wall_time(end, zone)
        and wall_start.date() == wall_end.date()
        and any(w.weekday == wall_start.weekday() and w.start <= wall_start.time()
                and wall_end.time() <= w.end for w in rules.windows)
        and not any(Interval(start, end).overlaps(b) for b in blocked)
    )


def feasible_starts(rules: AvailabilityRules, now: datetime,
                    blocked: Sequence[Interval]) -> list[datetime]:
    """Brute force over every 5-minute UTC instant (all zones used here have
    offsets in whole quarter hours, so the wall-clock grid is among them)."""
    moment = now.replace(second=0, microsecond=0, minute=now.minute - now.minute % 5)
    found = []
    while moment <= now + timedelta(days=rules.horizon_days):
        if is_feasible(moment, rules, now, blocked):
            found.append(moment)
        moment += timedelta(minutes=5)
    return found


def part_of(moment: datetime) -> int:
    return 0 if moment.hour < 12 else 1 if moment.hour < 17 else 2


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_every_option_satisfies_every_invariant(scenario):
    rules, now, busy, held = scenario
    zone = ZoneInfo(rules.timezone)
    options = propose(rules, now, busy, held)
    blocked = [*busy, *held]
    for option in options:
        assert option.start.tzinfo == zone and option.end.tzinfo == zone
        assert real_minutes(option) == rules.call_minutes
        assert is_feasible(option.start.astimezone(UTC), rules, now, blocked)
    assert [o.label for o in options] == ["A", "B", "C", "D", "E"][: len(options)]
    assert [o.start for o in options] == sorted(o.start for o in options)
    days = [o.start.date() for o in options]
    assert len(set(days)) == len(days)
    # Earliest qualifying days, as many as asked for or as exist.
    candidates = [s.astimezone(zone) for s in feasible_starts(rules, now, blocked)]
    qualifying = sorted({c.date() for c in candidates})
    assert days == qualifying[: rules.options]
    # The spread rule: least-used part first, ties cycling on from the last one
    # used, and the earliest free slot within that part.
    used: list[int] = []
    for option in options:
        that_day = [c for c in candidates if c.date() == option.start.date()]
        after_last = used[-1] + 1 if used else 0
        part = min({part_of(c) for c in that_day},
                   key=lambda p: (used.count(p), (p - after_last) % 3))
        assert option.start == min(c for c in that_day if part_of(c) == part)
        used.append(part)

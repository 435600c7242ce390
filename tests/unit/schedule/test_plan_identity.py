"""Planning answers stay exactly what they were: a few hundred varied cases
against digests pinned in tests/fixtures/planning/identity.json.

Each scenario fixes the owner's rules, `now` and the busy time, then plans
several requests in a row the way a scan does: holds accumulate from the
options given, some are released, the list comes back reordered; requesters
come from zones worldwide (some 12 hours away, where least-bad times are
needed), or from none. Owners' zones include daylight-saving changes inside
the horizon (half-hour ones too), windows that cross them, blackout dates,
buffers, business-day notice and call limits. Every answer (options, every
skipped time with its reason, the least-bad flag, the widened horizon) goes
into the case's digest, for `plan_options` with and without reasons, with
`least_bad`, and for `_plan_widening` as `make_offer` calls it.

The pinned digests were made by the planner before issue 19's speed-up. An
intended change of answers regenerates them with

    python3 -m tests.unit.schedule.test_plan_identity
"""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from inviteassist.app.offering import _plan_widening
from inviteassist.models import Interval
from inviteassist.schedule.planner import (
    AvailabilityRules,
    DateRange,
    Proposal,
    RequesterHours,
    Window,
    plan_options,
)
from tests.conftest import FIXTURES

PINNED = FIXTURES / "planning" / "identity.json"
SEED = 19
SCENARIOS = 60
STEPS = 6

OWNER_ZONES = ("Europe/Berlin", "America/New_York", "Australia/Sydney", "Australia/Lord_Howe",
               "Pacific/Chatham", "America/St_Johns", "Asia/Kolkata", "UTC")
REQUESTER_ZONES = ("America/Los_Angeles", "America/New_York", "America/Sao_Paulo",
                   "Europe/London", "Europe/Berlin", "Asia/Kolkata", "Asia/Tokyo",
                   "Australia/Sydney", "Pacific/Auckland", "Pacific/Honolulu",
                   "Pacific/Kiritimati", "America/St_Johns")
# Daylight-saving changes of 2026 in those zones (spring and autumn, both hemispheres).
CHANGES = (date(2026, 3, 8), date(2026, 3, 29), date(2026, 4, 5), date(2026, 9, 27),
           date(2026, 10, 4), date(2026, 10, 25), date(2026, 11, 1))


@dataclass(frozen=True)
class Scenario:
    rules: AvailabilityRules
    widest: int
    now: datetime
    busy: tuple[Interval, ...]


def wall(rng: random.Random, first_hour: int = 0, last_hour: int = 23) -> time:
    return time(rng.randint(first_hour, last_hour), rng.choice((0, 5, 10, 15, 30, 45, 50)))


def window(rng: random.Random, weekday: int) -> Window:
    kind = rng.random()
    if kind < 0.1:
        return Window(weekday, time(0), time(23, 59))
    if kind < 0.25:  # across the small hours, where the clocks change
        return Window(weekday, time(rng.randint(0, 1), 30), time(rng.randint(3, 4)))
    start = wall(rng, 6, 18)
    end = wall(rng, start.hour + 1, 23)
    return Window(weekday, start, end)


def rules_of(rng: random.Random, zone: str, today: date) -> AvailabilityRules:
    windows = tuple(window(rng, weekday) for weekday in range(7)
                    for _ in range(rng.choice((0, 1, 1, 2, 3))))
    if not windows:
        windows = (window(rng, rng.randrange(7)),)
    blackout = tuple(DateRange(first, first + timedelta(days=rng.choice((0, 0, 2))))
                     for first in (today + timedelta(days=rng.randint(0, 20))
                                   for _ in range(rng.choice((0, 0, 1, 2)))))
    minutes = rng.choice((0, 0, 5, 15, 30))
    return AvailabilityRules(
        timezone=zone, windows=windows, call_minutes=rng.choice((15, 20, 30, 30, 45, 60, 90)),
        options=rng.choice((1, 2, 3, 3, 3, 5)),
        min_notice=timedelta(hours=rng.choice((0, 2, 24, 24, 72)), minutes=rng.choice((0, 7))),
        horizon_days=rng.choice((1, 3, 7, 14, 14)), step_minutes=rng.choice((5, 10, 15, 15, 30,
                                                                             60)),
        min_notice_business_days=rng.choice((0, 0, 0, 1, 3)),
        buffer_before=timedelta(minutes=minutes),
        buffer_after=timedelta(minutes=rng.choice((0, minutes, 10))),
        max_per_day=rng.choice((None, None, 1, 2)), max_per_week=rng.choice((None, None, 2, 5)),
        blackout=blackout)


def moment(rng: random.Random, around: datetime, days: int) -> datetime:
    """An instant within `days` days after `around`, written in some zone."""
    instant = around + timedelta(minutes=rng.randrange(days * 24 * 4) * 15,
                                 seconds=rng.choice((0, 0, 0, 30)))
    zone = rng.choice((UTC, timezone(timedelta(hours=-5)), ZoneInfo("Asia/Tokyo"),
                       around.tzinfo))
    return instant.astimezone(zone)


def spans(rng: random.Random, around: datetime, days: int, count: int) -> list[Interval]:
    """Meetings, with a few empty or backwards ones."""
    found = []
    for _ in range(count):
        start = moment(rng, around, days)
        minutes = rng.choice((15, 30, 45, 60, 90, 180, 0, -30))
        found.append(Interval(start, start + timedelta(minutes=minutes)))
    return found


def scenario(rng: random.Random) -> Scenario:
    zone = rng.choice(OWNER_ZONES)
    change = rng.choice(CHANGES)
    now = datetime.combine(change - timedelta(days=rng.randint(0, 10)), time(),
                           ZoneInfo(zone)) + timedelta(minutes=rng.randrange(24 * 60),
                                                       seconds=rng.choice((0, 0, 17)))
    rules = rules_of(rng, zone, now.date())
    widest = max(rules.horizon_days, rng.choice((rules.horizon_days, 21, 28)))
    busy = spans(rng, now - timedelta(days=1), widest + 2, rng.choice((0, 5, 40, 150, 300)))
    return Scenario(rules, widest, now, tuple(busy))


def requester(rng: random.Random) -> RequesterHours | None:
    if rng.random() < 0.2:
        return None
    zone = rng.choice(REQUESTER_ZONES)
    if rng.random() < 0.5:
        return RequesterHours(zone)
    start = wall(rng, 0, 18)
    return RequesterHours(zone, start, wall(rng, start.hour + 1, min(23, start.hour + 6)))


def text(proposal: Proposal) -> str:
    options = [(o.label, o.start.isoformat(), o.end.isoformat(), o.uid)
               for o in proposal.options]
    skipped = [(s.start.isoformat(), s.end.isoformat(), s.reason.name)
               for s in proposal.skipped]
    return repr((options, skipped, proposal.outside_requester_hours))


def answers(case: Scenario, held: list[Interval], hours: RequesterHours | None,
            seed: str) -> Iterator[str]:
    """Every answer the planner gives for one request."""
    rules, now, busy = case.rules, case.now, case.busy
    for complete in (True, False):
        yield text(plan_options(rules, now, busy, held, uid_seed=seed, uid_domain="x.example",
                                complete_reasons=complete, requester=hours))
        proposal, days = _plan_widening(rules, case.widest, now, busy, held, hours,
                                        uid_seed=seed, uid_domain="x.example",
                                        complete_reasons=complete)
        yield f"{text(proposal)} {days}"
    if hours is not None:
        yield text(plan_options(rules, now, busy, held, uid_seed=seed, uid_domain="x.example",
                                requester=hours, least_bad=True))


def digests() -> list[str]:
    """One digest per request planned, in a fixed order."""
    rng = random.Random(SEED)
    found = []
    for number in range(SCENARIOS):
        case = scenario(rng)
        held = spans(rng, case.now, case.widest, rng.choice((0, 0, 3, 20)))
        for step in range(STEPS):
            hours = requester(rng)
            seed = f"{number}-{step}"
            given = "\n".join(answers(case, held, hours, seed))
            found.append(hashlib.sha256(given.encode()).hexdigest()[:16])
            options = _plan_widening(case.rules, case.widest, case.now, case.busy, held, hours,
                                     uid_seed=seed, uid_domain="x.example",
                                     complete_reasons=False)[0].options
            held = held + [Interval(o.start.astimezone(UTC), o.end.astimezone(UTC))
                           for o in options]
            if rng.random() < 0.2:  # holds released, or listed in another order
                held = rng.sample(held, max(0, len(held) - rng.choice((0, 1, 3))))
    return found


def test_every_answer_is_the_pinned_one():
    pinned = json.loads(PINNED.read_text(encoding="utf-8"))["digests"]
    found = digests()
    differing = [index for index, (old, new) in enumerate(zip(pinned, found, strict=True))
                 if old != new]
    assert not differing, f"{len(differing)} of {len(pinned)} requests planned differently, " \
                          f"first: scenario {differing[0] // STEPS}, step {differing[0] % STEPS}"


if __name__ == "__main__":
    PINNED.parent.mkdir(exist_ok=True)
    PINNED.write_text(json.dumps({"seed": SEED, "digests": digests()}, indent=0) + "\n",
                      encoding="utf-8")

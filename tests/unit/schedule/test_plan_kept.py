"""What the planner keeps between plans (`_Ground`, `_Holds`) changes no
answer: a plan made from a kept set of holds that another set grew from, the
new holds inserted among the old ones as the store lists them (by end),
equals a plan from scratch."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest

from inviteassist.models import Interval
from inviteassist.schedule import planner
from inviteassist.schedule.planner import (
    AvailabilityRules,
    Proposal,
    RequesterHours,
    Window,
    plan_options,
)

NOW = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)
RULES = AvailabilityRules(
    "Europe/Berlin", tuple(Window(day, time(9), time(12)) for day in range(5)),
    horizon_days=21, buffer_before=timedelta(minutes=15), max_per_day=2, max_per_week=5)
HOURS = RequesterHours("America/New_York", time(8), time(18))


def hold(days: int, hour: int) -> Interval:
    start = NOW.replace(hour=hour) + timedelta(days=days)
    return Interval(start, start + timedelta(minutes=30))


def plan(held: list[Interval], requester: RequesterHours | None) -> Proposal:
    return plan_options(RULES, NOW, (), held, uid_seed="s", uid_domain="x.example",
                        requester=requester)


@pytest.mark.parametrize("requester", [None, HOURS])
def test_holds_inserted_among_kept_ones_plan_as_from_scratch(monkeypatch, requester):
    held = sorted((hold(days, hour) for days, hour in ((2, 9), (6, 10), (9, 8), (14, 9))),
                  key=lambda h: h.end)
    for added in (hold(7, 9), hold(7, 10), hold(3, 9)):  # a day limit, then a week limit
        monkeypatch.setattr(planner, "_grounds", planner._Recent(planner._KEPT))
        plan(held, requester)  # kept, as the reply before this one left it
        grown = sorted([*held, added], key=lambda h: h.end)  # the same objects, and one more
        kept = plan(grown, requester)
        monkeypatch.setattr(planner, "_grounds", planner._Recent(planner._KEPT))
        assert kept == plan(list(grown), requester)
        held = grown

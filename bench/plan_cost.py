"""Planning cost per drafted reply: `make_offer` as a first scan calls it.

    python3 bench/plan_cost.py [--offers 300] [--events 250] [--seed 19] [--top 25]

No network, no mailbox, a few seconds. The owner's availability is the one of
config/inviteassist.example.toml (Europe/Berlin, the default windows, 14 days
widened to 28, requester hours 08:00-20:00). The calendar holds `--events`
meetings over those 28 days (working hours, 15-90 minutes, fixed seed), read
through `OncePerCycle` as the engine does. Requesters come from zones around
the world (some 11-13 hours away from the owner, where only least-bad times
exist; some unknown). Each offer is planned against the active holds of all
the earlier ones, rebuilt per offer the way `Store.active_holds` returns
them, and then holds its own options, as drafting does; so late offers meet a
full calendar and take the longest path (both horizons, least-bad, then the
reasons for the owner's note).

Prints ms per offer (the median and the best of 5 scans, each from an empty hold list and
a minute after the last, so that no scan reuses another's planning),
how the offers ended, and a cProfile top list of one more scan.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path[:0] = [str(REPO), str(BENCH)]  # the checkout is measured, installed or not

from common import profile_top  # noqa: E402

from inviteassist.app.clock import parse_now  # noqa: E402
from inviteassist.app.offering import Offer, make_offer, widest_horizon  # noqa: E402
from inviteassist.calendars.busy import OncePerCycle, StaticBusy  # noqa: E402
from inviteassist.config.settings import Settings, load_settings  # noqa: E402
from inviteassist.models import Interval  # noqa: E402
from inviteassist.store.times import from_db, to_db  # noqa: E402

CONFIG = REPO / "config" / "inviteassist.example.toml"
NOW = "2026-03-16T08:00"  # a Monday; the owner's clocks go forward on 29 March
ZONES = ("America/Los_Angeles", "America/New_York", "America/Sao_Paulo", "Europe/London",
         "Europe/Berlin", "Africa/Lagos", "Asia/Dubai", "Asia/Kolkata", "Asia/Shanghai",
         "Asia/Tokyo", "Australia/Sydney", "Pacific/Auckland", "Pacific/Honolulu", None)


def busy_calendar(settings: Settings, now: datetime, events: int,
                  rng: random.Random) -> tuple[Interval, ...]:
    """`events` meetings on working days' hours (08:00-19:00) over the widest horizon."""
    days = widest_horizon(settings)
    workdays = [now.date() + timedelta(days=d) for d in range(days)
                if (now.date() + timedelta(days=d)).weekday() < 5]
    meetings = []
    for _ in range(events):
        day = rng.choice(workdays)
        start = datetime.combine(day, datetime.min.time(), now.tzinfo) + timedelta(
            minutes=rng.randrange(8 * 60, 19 * 60, 15))
        meetings.append(Interval(start, start + timedelta(minutes=rng.choice((15, 30, 45, 60,
                                                                               90)))))
    return tuple(sorted(meetings, key=lambda i: i.start))


def scan(settings: Settings, now: datetime, busy: tuple[Interval, ...], offers: int,
         seed: int) -> tuple[float, list[Offer]]:
    """Seconds spent in `make_offer` for `offers` drafts, and the offers."""
    rng = random.Random(seed)
    cycle = OncePerCycle(StaticBusy(busy))
    holds: list[tuple[str, str]] = []  # as the store keeps them: UTC text
    spent = 0.0
    made = []
    for number in range(offers):
        held = [Interval(from_db(start), from_db(end)) for start, end in holds]
        zone = rng.choice(ZONES)
        started = time.perf_counter()
        offer = make_offer(settings, cycle, held, now, uid_seed=f"request-{number}",
                           complete_reasons=False, requester_zone=zone)
        spent += time.perf_counter() - started
        holds += [(to_db(o.start), to_db(o.end)) for o in offer.options]
        made.append(offer)
    return spent, made


def main_bench() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--offers", type=int, default=300)
    parser.add_argument("--events", type=int, default=200)
    parser.add_argument("--seed", type=int, default=19)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    settings = load_settings(CONFIG)
    now = parse_now(NOW, settings.owner.timezone)
    busy = busy_calendar(settings, now, args.events, random.Random(args.seed))
    # Each scan is a cycle of its own, a minute after the last: nothing planned
    # in one can serve the next.
    runs = [scan(settings, now + timedelta(minutes=run), busy, args.offers, args.seed)
            for run in range(5)]
    made = runs[0][1]
    per_offer = [spent / args.offers * 1000 for spent, _ in runs]
    with_times = sum(1 for o in made if o.options)
    least_bad = sum(1 for o in made if o.proposal.outside_requester_hours)
    widened = sum(1 for o in made if o.options and o.horizon_days != settings.availability
                  .horizon_days)
    print(f"{args.offers} offers, {len(busy)} busy events, {with_times} with times "
          f"({least_bad} least-bad, {widened} widened), {args.offers - with_times} full")
    print(f"{statistics.median(per_offer):.3f} ms per offer (median of {len(runs)} scans; "
          f"best {min(per_offer):.3f})")
    print(profile_top(lambda: scan(settings, now + timedelta(minutes=len(runs)), busy,
                                   args.offers, args.seed), args.top, sort="tottime"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main_bench())

"""Capacity: many invitations against a small window set, over several weeks.

    python3 bench/capacity.py [--invitations 200] [--weeks 6]

Fills a Maildir with N invented LinkedIn invitations (tests/mailgen.py),
configures two half-hour-step windows a week (Monday 10:00-11:00, Thursday
15:00-16:00, 3 options per reply, horizon 14 days, max_horizon_days 28),
runs `poll --once` on day 0, then once a week; before each weekly cycle the
owner marks the oldest two requests that still hold times as ignored (their
holds are released). Counts, per cycle: replies with times, "calendar full"
replies, proposals drafted for the waiting list, requests still waiting, and
drafts that offer "one of these times" with none (must be 0). Prints a table
(and JSON with --json). The scenario itself is tests/capacity_scenario.py.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from dataclasses import asdict
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.capacity_scenario import scenario  # noqa: E402


def main_bench() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--invitations", type=int, default=200)
    parser.add_argument("--weeks", type=int, default=6)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="inviteassist-capacity-"))
    try:
        started = datetime.now()
        cycles = scenario(workdir, args.invitations, args.weeks)
        seconds = (datetime.now() - started).total_seconds()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    if args.json:
        print(json.dumps([asdict(c) for c in cycles], indent=1))
        return 0
    print(f"{args.invitations} invitations, windows Mon 10-11 + Thu 15-16, "
          f"{seconds:.1f} s in all")
    print("week  with times  calendar full  proposals  waiting  zero-time offers")
    for c in cycles:
        print(f"{c.week:>4}  {c.with_times:>10}  {c.calendar_full:>13}  {c.proposals:>9}  "
              f"{c.waiting:>7}  {c.zero_time_offers:>16}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main_bench())

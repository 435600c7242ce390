"""What the benches share: the generated mailbox's span and seed, the cost
benches' fixed clock, their options, their "median, best" line and the
cProfile top list they print after their timed passes."""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import statistics
from collections.abc import Callable
from datetime import UTC, datetime

SPAN_DAYS = 365  # the generated mailboxes' INTERNALDATEs spread over the last year
SEED = 9  # bench/imap_scan.py's mailbox; its 20,000 messages hold 424 candidates
NOW = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)  # the cost benches' clock


def timing_line(name: str, values: list[float], unit: str = "") -> str:
    """`name: median X unit, best Y (runs: ...)`, the cost benches' result line."""
    after = f" {unit}" if unit else ""
    return (f"{name}: median {statistics.median(values):.3f}{after}, "
            f"best {min(values):.3f} (runs: {', '.join(f'{value:.3f}' for value in values)})")


def profile_top(call: Callable[[], object], top: int, sort: str = "cumulative") -> str:
    """Run `call` once under cProfile; its `top` lines by `sort` (pstats' keys)."""
    profile = cProfile.Profile()
    profile.runcall(call)
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats(sort).print_stats(top)
    return out.getvalue()


def mailbox_cost_parser(doc: str, top: int) -> argparse.ArgumentParser:
    """Options of a cost bench over bench/imap_scan.py's mailbox: its size
    and seed, timed runs, and the profile's length (or none)."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--messages", type=int, default=20_000, help="mailbox size")
    parser.add_argument("--seed", type=int, default=SEED, help="bench/imap_scan.py's default")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--top", type=int, default=top, help="profile lines shown")
    parser.add_argument("--no-profile", action="store_true")
    return parser

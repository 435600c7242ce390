"""The cProfile top list the cost benches print after their timed passes,
and the options of the benches that time a scan's mailbox."""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
from collections.abc import Callable


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
    parser.add_argument("--seed", type=int, default=9, help="bench/imap_scan.py's default")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--top", type=int, default=top, help="profile lines shown")
    parser.add_argument("--no-profile", action="store_true")
    return parser

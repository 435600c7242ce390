"""The cProfile top list the cost benches print after their timed passes."""

from __future__ import annotations

import cProfile
import io
import pstats
from collections.abc import Callable


def profile_top(call: Callable[[], object], top: int) -> str:
    """Run `call` once under cProfile; its `top` lines by cumulative time."""
    profile = cProfile.Profile()
    profile.runcall(call)
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(top)
    return out.getvalue()

"""The child process that reads untrusted calendar data for `calendars.busy`.

Run as `python -m inviteassist.calendars.worker`: reads one JSON request on stdin
(window, zone, owner address, limits, base64 payloads), caps its own address
space and the CPU time of each recurring series, runs the pure
`freebusy.busy_from_ics` and writes one JSON answer on stdout:
`{"ok": true, "intervals": [[start, end], ...], "problems": [...]}` or
`{"ok": false, "error": "..."}`. The parent kills it when it outlives its
wall-clock budget; a separate process is the only way to bound a library loop
that never yields, and an address-space limit the only way to bound memory
without also limiting the daemon.
"""

from __future__ import annotations

import base64
import json
import resource
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from types import FrameType
from typing import Any

from inviteassist.schedule.freebusy import ExpandLimits, UnreadableCalendar, busy_from_ics


class SeriesTimeout(Exception):
    def __str__(self) -> str:
        return "took too long to expand"


def build_request(payloads: list[bytes], start: datetime, end: datetime, *, zone: str,
                  owner_email: str | None, limits: ExpandLimits, series_seconds: float,
                  memory_bytes: int) -> bytes:
    """The JSON the parent writes to the worker's stdin."""
    return json.dumps({
        "start": start.isoformat(), "end": end.isoformat(), "zone": zone,
        "owner_email": owner_email, "max_occurrences": limits.max_occurrences,
        "max_periods": limits.max_periods, "series_seconds": series_seconds,
        "memory_bytes": memory_bytes,
        "payloads": [base64.b64encode(p).decode("ascii") for p in payloads],
    }).encode()


def answer(request: dict[str, Any]) -> dict[str, Any]:
    """Read every payload of one request; the answer is JSON-ready."""
    limits = ExpandLimits(int(request["max_occurrences"]), int(request["max_periods"]))
    start = datetime.fromisoformat(request["start"])
    end = datetime.fromisoformat(request["end"])
    seconds = float(request["series_seconds"])
    intervals: list[list[str]] = []
    problems: list[str] = []
    try:
        for payload in request["payloads"]:
            parsed = busy_from_ics(base64.b64decode(payload), start, end,
                                   zone=request["zone"], owner_email=request["owner_email"],
                                   limits=limits, guard=lambda: cpu_budget(seconds))
            intervals.extend([i.start.isoformat(), i.end.isoformat()] for i in parsed.intervals)
            problems.extend(parsed.problems)
    except UnreadableCalendar as exc:
        return {"ok": False, "error": str(exc)}
    except MemoryError:
        return {"ok": False, "error": "reading it needed more than "
                                      f"{int(request['memory_bytes']) // 2**20} MiB of memory"}
    return {"ok": True, "intervals": intervals, "problems": problems}


def limit_memory(extra: int) -> None:
    """Cap the address space at what the process uses now plus `extra` bytes."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return  # not Linux: the parent's wall-clock limit still applies
    ceiling = pages * resource.getpagesize() + extra
    resource.setrlimit(resource.RLIMIT_AS, (ceiling, ceiling))


@contextmanager
def cpu_budget(seconds: float) -> Iterator[None]:
    """Raise SeriesTimeout inside the block once it has used `seconds` of CPU."""
    def expire(signum: int, frame: FrameType | None) -> None:
        raise SeriesTimeout

    previous = signal.signal(signal.SIGPROF, expire)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


def main() -> int:
    request = json.loads(sys.stdin.buffer.read())
    limit_memory(int(request["memory_bytes"]))
    sys.stdout.write(json.dumps(answer(request)))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Measurements that run in a child process of `imap_scan.py`, one per run.

Each probe prints one JSON object on the last line of stdout. Imports happen
before the clock starts: a probe times the work (connection setup included),
not the interpreter's start; the parent measures the whole process apart.

`Wire` counts what crosses the IMAP connection by wrapping imaplib's socket
calls, which imapclient uses for every command: a *round trip* is a read
that follows a send (the client had to wait for the server), so a command
with a synchronising literal counts twice and pipelined commands once.
`imap_seconds` is the wall time spent inside those calls.

    python bench/probes.py first-scan CONFIG [PROFILE_OUT]
    python bench/probes.py floor HOST PORT USER CRITERIA_JSON   (password in env)
    python bench/probes.py idle-cycles CONFIG COUNT
"""

from __future__ import annotations

import contextlib
import imaplib
import io
import json
import os
import resource
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # the checkout is measured, installed or not

PASSWORD_ENV = "BENCH_IMAP_PASSWORD"


@dataclass
class Wire:
    """Round trips, commands and seconds spent on the IMAP socket."""

    round_trips: int = 0
    sends: int = 0
    imap_seconds: float = 0.0  # on the engine's own thread: the scan waits
    ahead_seconds: float = 0.0  # on another (a large scan's read-ahead): overlaps work
    received: int = 0  # bytes read from the server
    _sent: bool = False

    def install(self) -> None:
        send, read, readline = imaplib.IMAP4.send, imaplib.IMAP4.read, imaplib.IMAP4.readline
        wire = self

        def timed_send(conn: imaplib.IMAP4, data: bytes) -> None:
            started = time.perf_counter()
            try:
                send(conn, data)
            finally:
                wire.waited(time.perf_counter() - started)
            wire.sends += 1
            wire._sent = True

        def receiving(inner: Callable[..., bytes]) -> Callable[..., bytes]:
            def timed(conn: imaplib.IMAP4, *args: Any) -> bytes:
                if wire._sent:
                    wire.round_trips += 1
                    wire._sent = False
                started = time.perf_counter()
                try:
                    data = inner(conn, *args)
                finally:
                    wire.waited(time.perf_counter() - started)
                wire.received += len(data)
                return data
            return timed

        imaplib.IMAP4.send = timed_send  # type: ignore[method-assign]
        imaplib.IMAP4.read = receiving(read)  # type: ignore[method-assign]
        imaplib.IMAP4.readline = receiving(readline)  # type: ignore[method-assign]

    def waited(self, seconds: float) -> None:
        if threading.current_thread() is threading.main_thread():
            self.imap_seconds += seconds
        else:
            self.ahead_seconds += seconds

    def snapshot(self) -> dict[str, float]:
        return {"round_trips": self.round_trips, "imap_seconds": self.imap_seconds,
                "ahead_seconds": self.ahead_seconds, "received_bytes": self.received}


def peak_rss_mb() -> float:
    """This process's own peak RSS. Not getrusage's ru_maxrss, nor wait4's: on
    Linux that survives execve, so a child reports its parent's peak if that
    was higher. VmHWM belongs to the address space that exec made."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status (Linux only)")


def first_scan(config: str, profile_out: str = "") -> dict[str, Any]:
    """`inviteassist poll --once --config CONFIG`, in this process, timed; with
    PROFILE_OUT, under pyinstrument, its report written there."""
    import babel.dates  # noqa: F401  (a daemon imports it once, at its first non-English draft)

    from inviteassist.cli import main as cli

    cli.handler_for("poll")  # the command's modules: imported when it runs, not per scan
    wire = Wire()
    wire.install()
    out = io.StringIO()
    profiler = None
    if profile_out:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.002)
        profiler.start()
    started = time.perf_counter()
    with contextlib.redirect_stdout(out):
        code = cli.main(["-q", "poll", "--once", "--config", config])
    seconds = time.perf_counter() - started
    if profiler is not None:
        profiler.stop()
        Path(profile_out).write_text(profiler.output_text(unicode=True, color=False))
    workers_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"exit": code, "seconds": seconds, "summary": out.getvalue().strip(),
            "rss_mb": peak_rss_mb(), "worker_rss_mb": workers_mb, **wire.snapshot()}


def floor(host: str, port: str, user: str, criteria: str) -> dict[str, Any]:
    """The protocol floor: connect, LOGIN, EXAMINE, UID SEARCH, one UID FETCH of
    every hit's full body, LOGOUT, with plain imapclient."""
    import imapclient

    wire = Wire()
    wire.install()
    started = time.perf_counter()
    client = imapclient.IMAPClient(host, port=int(port), ssl=False, timeout=60)
    client.login(user, os.environ[PASSWORD_ENV])
    client.select_folder("INBOX", readonly=True)
    uids = client.search(json.loads(criteria))
    bodies = client.fetch(uids, [b"BODY.PEEK[]"]) if uids else {}
    size = sum(len(data[b"BODY[]"]) for data in bodies.values())
    client.logout()
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "candidates": len(uids), "candidate_bytes": size,
            "rss_mb": peak_rss_mb(), **wire.snapshot()}


def idle_cycles(config: str, count: str) -> dict[str, Any]:
    """Cycles with nothing new on an open connection, as the daemon runs them."""
    from datetime import datetime

    from inviteassist.app.runtime import running
    from inviteassist.config.settings import load_settings

    settings = load_settings(Path(config))
    wire = Wire()
    wire.install()
    cycles: list[dict[str, float]] = []
    with running(settings) as runtime:
        runtime.engine.run_cycle(datetime.now().astimezone())  # connects, nothing new
        for _ in range(int(count)):
            before, imap_before = wire.round_trips, wire.imap_seconds
            started = time.perf_counter()
            report = runtime.engine.run_cycle(datetime.now().astimezone())
            seconds = time.perf_counter() - started
            if report.processed:
                raise RuntimeError("an idle cycle found new mail")
            cycles.append({"seconds": seconds, "round_trips": wire.round_trips - before,
                           "imap_seconds": wire.imap_seconds - imap_before})
    return {"cycles": cycles}


PROBES: dict[str, Callable[..., dict[str, Any]]] = {
    "first-scan": first_scan, "floor": floor, "idle-cycles": idle_cycles}


def main(argv: list[str]) -> int:
    result = PROBES[argv[0]](*argv[1:])
    sys.stdout.write(json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))


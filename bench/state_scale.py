"""State benchmark: years of history in the state file, and what it costs.

    python3 bench/state_scale.py              # 20,000 requests, 200,000 events,
                                              # 2,000,000 seen messages; 5 runs
    python3 bench/state_scale.py --scale 0.1  # a tenth of that, for a quick look
    python3 bench/state_scale.py --keep DIR   # and keep DIR/state.sqlite3 and
                                              # DIR/config.toml, to profile a
                                              # command against them (--config)

Builds a state file through the store's own API (`Store.add_request`,
`add_event`, `record_seen`): requests spread over three years, most of them
closed long ago (spoke, connected, ignored, silent), a few hundred still open
with deadlines ahead, ten events each, a hundred seen messages per request.
Then measures, each figure the median of `--runs` runs, in-process after one
warm-up:

- idle cycle: `Engine.run_cycle` on an empty Maildir against that state (the
  follow-through sweep included), the daemon's work when nothing is new;
- sweep: `FollowThrough.sweep` alone, first (reads the open requests and their
  events, found by the state index: closed ones are never read) and
  incremental (only what is due or changed);
- the commands `report --json`, `report --since`, `summary --print`, `status`;
- the state file's size per seen message (with no [state] keep_seen_days:
  every row kept).

Targets (issue 19): idle cycle and incremental sweep <= 5 ms, report and
summary <= 1 s, <= 1 KB per seen message. Nothing leaves the machine. The
results of the README's table are medians and spreads of several runs of
this script (each writes bench/results/state_scale-*.json, not committed).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from inviteassist.app.followthrough import FollowThrough  # noqa: E402
from inviteassist.app.runtime import running  # noqa: E402
from inviteassist.cli.main import main as cli  # noqa: E402
from inviteassist.config.settings import load_settings  # noqa: E402
from inviteassist.models import Event, MessageRef, Request, Requester, State  # noqa: E402
from inviteassist.store.db import Store  # noqa: E402
from inviteassist.store.messages import SeenRecord  # noqa: E402
from tests.conftest import MINIMAL_CONFIG  # noqa: E402

NOW = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)
CLOSED = (State.SPOKE, State.CONNECTED, State.IGNORED, State.SILENT, State.NO_SHOW,
          State.STALLED)


def build_state(store: Store, requests: int, events_each: int, seen_each: int,
                open_share: float) -> None:
    """History made through the store's API, in batches of 1,000 requests."""
    uid = 0
    open_every = max(1, round(1 / open_share))
    for first in range(0, requests, 1000):
        with store.transaction():
            for n in range(first, min(first + 1000, requests)):
                is_open = n % open_every == 0
                created = (NOW - timedelta(days=2)) if is_open else (
                    NOW - timedelta(days=30 + (n * 1096 // requests)))
                requester = Requester(f"Person {n}", None, f"Role {n % 97}",
                                      f"https://www.linkedin.com/in/person-{n}/")
                request_id = store.add_request(
                    Request(0, "linkedin", f"inv-{n}", requester, f"inv-{n}", None, True,
                            f"<note-{n}@linkedin.com>", f"Person {n} wants to connect", created),
                    key=f"inv-{n}", name_key=f"person {n}")
                states = [State.DETECTED, State.DRAFTED, State.SENT]
                final = State.SENT if is_open else CLOSED[n % len(CLOSED)]
                for k in range(events_each):
                    state = states[k] if k < len(states) else (
                        final if k == events_each - 1 or is_open else State.REPLIED)
                    store.add_event(Event(request_id, created + timedelta(hours=k), state,
                                          f"step {k}"))
                for _ in range(seen_each):
                    uid += 1
                    store.record_seen(SeenRecord(MessageRef("bench", "INBOX", 1, str(uid)),
                                                 f"<m{uid}@example.com>", "other", "ignored",
                                                 "not a request", request_id), created)


def timed(action: Callable[[], object], runs: int) -> float:
    action()  # warm-up
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def quiet_cli(*args: str) -> Callable[[], object]:
    def run() -> object:
        with contextlib.redirect_stdout(io.StringIO()):
            code = cli(list(args))
        if code != 0:
            raise SystemExit(f"`inviteassist {' '.join(args)}` exited {code}")
        return code
    return run


def measure(scale: float, runs: int, keep: Path | None = None) -> dict[str, float]:
    requests = int(20_000 * scale)
    if keep is not None:
        keep.mkdir(parents=True)  # a new folder: a second build would clash with the first
    work = keep or Path(tempfile.mkdtemp(prefix="inviteassist-state-bench-"))
    try:
        maildir = work / "mail"
        for sub in ("cur", "new", "tmp"):
            (maildir / sub).mkdir(parents=True)
        state = work / "state.sqlite3"
        config = work / "config.toml"
        config.write_text(MINIMAL_CONFIG.replace('path = "mail"', f'path = "{maildir}"')
                          + f'\n[state]\npath = "{state}"\n', encoding="utf-8")
        settings = load_settings(config)
        started = time.perf_counter()
        with running(settings) as runtime:
            build_state(runtime.store, requests, 10, 100, open_share=0.01)
        built_s = time.perf_counter() - started
        seen = requests * 100
        with running(settings) as runtime:
            engine = runtime.engine
            idle_ms = timed(lambda: engine.run_cycle(NOW), runs)
            sweeper = FollowThrough(settings, runtime.store, engine.templates)
            first_sweep_ms = timed(lambda: FollowThrough(
                settings, runtime.store, engine.templates).sweep(NOW), runs)
            sweep_ms = timed(lambda: sweeper.sweep(NOW), runs)
        base = ("--config", str(config))
        since = (NOW - timedelta(days=7)).isoformat()
        return {
            "requests": requests, "events": requests * 10, "seen_messages": seen,
            "build_s": round(built_s, 1),
            "idle_cycle_ms": round(idle_ms, 2),
            "sweep_first_ms": round(first_sweep_ms, 2),
            "sweep_incremental_ms": round(sweep_ms, 3),
            "report_ms": round(timed(quiet_cli("report", "--json", *base), runs), 1),
            "report_since_ms": round(timed(quiet_cli("report", "--json", "--since", since,
                                                     *base), runs), 1),
            "summary_print_ms": round(timed(quiet_cli("summary", "--print", "--now",
                                                      NOW.isoformat(), *base), runs), 1),
            "status_ms": round(timed(quiet_cli("status", "--json", *base), runs), 1),
            "state_mb": round(state.stat().st_size / 1e6, 1),
            "bytes_per_seen_message": round(state.stat().st_size / seen),
        }
    finally:
        if keep is None:
            shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the full size")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="build in DIR (new) and keep the state file and config there")
    args = parser.parse_args()
    result = measure(args.scale, args.runs, args.keep)
    targets = {"idle_cycle_ms": 5, "sweep_incremental_ms": 5, "report_ms": 1000,
               "summary_print_ms": 1000, "bytes_per_seen_message": 1024}
    for key, value in result.items():
        mark = ("" if key not in targets else
                "  ok" if value <= targets[key] else f"  MISSED (target <= {targets[key]})")
        print(f"{key:24} {value:>12}{mark}")
    results = REPO / "bench" / "results"
    results.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    (results / f"state_scale-{stamp}.json").write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()

"""Engine cost: what the engine's own process spends on a first scan, per draft.

    python3 bench/engine_cost.py                 # 20,000-message Maildir, timing + profile
    python3 bench/engine_cost.py --runs 3 --top 40
    python3 bench/engine_cost.py --no-profile
    python3 bench/engine_cost.py --in-process    # triage in the engine's process too

In a large scan, worker processes parse and classify while the engine's own
process (the critical path) plans, composes and records each draft. This
bench builds the mailbox bench/imap_scan.py scans (mailgen, `--messages`
messages, the same seed) as a local Maildir in a temporary folder, writes the
bench's owner config (`mailgen.OWNER_CONFIG`) with that Maildir and a state
file, and runs `inviteassist poll --once` in-process at a fixed time, from a
fresh state file (and no drafts in the Maildir) each run. Nothing touches the
network or IMAP.

The triage pool is left as a scan uses it: it forks workers for a mailbox
this size, and only the engine's process is measured (process time counts
the calling process alone), so parsing and classifying are not in the
figures. `--in-process` sets `triage_pool.MIN_MESSAGES` above the mailbox's
size instead: triage then runs inside `Engine.process` and its CPU counts
in "process minus drafting".

Prints, as the median and the best of `--runs` timed polls (CPU time: other
load on a shared machine stretches wall time, not this): the whole poll's,
as process time (the engine's process, the pool's result-reading thread
included); per draft, `ReplyDrafter._compose_and_record` minus
`draft_reply` (planning, notes, template choice and the store writes) and
`draft_reply` alone; per message, `Engine.process` minus drafting. Those
three are thread time of the engine's thread: process time would charge
them with whatever the pool's thread unpickles meanwhile (a `SELECT 1`
seemed to cost 60 us). The accumulators wrap those functions here, in the
bench; the product is not changed. Then a cProfile top list (by cumulative
time) of one more poll.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path[:0] = [str(REPO), str(BENCH)]

import mailgen  # noqa: E402
from common import (  # noqa: E402
    NOW,
    SEED,
    SPAN_DAYS,
    mailbox_cost_parser,
    profile_top,
    timing_line,
)

from inviteassist.app import drafting, triage_pool  # noqa: E402
from inviteassist.app.engine import Engine  # noqa: E402
from inviteassist.cli import main as cli  # noqa: E402

EXPECTED_DRAFTS = 199  # of the 20,000-message mailbox of seed SEED


@dataclass
class Clock:
    """CPU seconds (of the calling thread) and calls accumulated by one wrapped function."""

    seconds: float = 0.0
    calls: int = 0


@dataclass
class Clocks:
    process: Clock = field(default_factory=Clock)
    draft: Clock = field(default_factory=Clock)
    compose_and_record: Clock = field(default_factory=Clock)
    draft_reply: Clock = field(default_factory=Clock)

    def reset(self) -> None:
        for clock in (self.process, self.draft, self.compose_and_record, self.draft_reply):
            clock.seconds, clock.calls = 0.0, 0


def timed(function: Callable[..., Any], clock: Clock) -> Callable[..., Any]:
    @wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.thread_time()
        try:
            return function(*args, **kwargs)
        finally:
            clock.seconds += time.thread_time() - started
            clock.calls += 1
    return wrapper


def instrument() -> Clocks:
    """Wrap the engine's functions measured here with CPU-time accumulators."""
    clocks = Clocks()
    Engine.process = timed(Engine.process, clocks.process)  # type: ignore[method-assign]
    drafter = drafting.ReplyDrafter
    drafter.draft = timed(drafter.draft, clocks.draft)  # type: ignore[method-assign]
    drafter._compose_and_record = timed(  # type: ignore[method-assign]
        drafter._compose_and_record, clocks.compose_and_record)
    drafting.draft_reply = timed(drafting.draft_reply, clocks.draft_reply)
    return clocks


def write_config(folder: Path, maildir: Path, state: Path) -> Path:
    path = folder / "config.toml"
    path.write_text(mailgen.OWNER_CONFIG + f'\n[mailbox]\ntype = "maildir"\npath = "{maildir}"\n'
                    f'\n[state]\npath = "{state}"\n', encoding="utf-8")
    return path


def poll(config: Path, maildir: Path, state: Path) -> None:
    """One `poll --once` from a fresh state file and no drafts."""
    for stale in state.parent.glob(state.name + "*"):
        stale.unlink()
    shutil.rmtree(maildir / ".Drafts", ignore_errors=True)
    assert cli.main(["-q", "poll", "--once", "--config", str(config),
                     "--now", NOW.strftime("%Y-%m-%dT%H:%M")]) == 0


@dataclass(frozen=True)
class Run:
    poll_ms: float
    drafts: int
    messages: int
    record_ms: float  # per draft: _compose_and_record minus draft_reply
    compose_ms: float  # per draft: draft_reply
    process_ms: float  # per message: Engine.process minus drafting


def timed_poll(config: Path, maildir: Path, state: Path, clocks: Clocks) -> Run:
    clocks.reset()
    started = time.process_time()
    poll(config, maildir, state)
    whole = time.process_time() - started
    drafts = max(clocks.compose_and_record.calls, 1)
    return Run(
        poll_ms=whole * 1000, drafts=clocks.compose_and_record.calls,
        messages=clocks.process.calls,
        record_ms=(clocks.compose_and_record.seconds - clocks.draft_reply.seconds)
        * 1000 / drafts,
        compose_ms=clocks.draft_reply.seconds * 1000 / drafts,
        process_ms=(clocks.process.seconds - clocks.draft.seconds) * 1000
        / max(clocks.process.calls, 1))


def main_bench() -> int:
    parser = mailbox_cost_parser(__doc__, top=30)
    parser.add_argument("--in-process", action="store_true",
                        help="no triage workers: parse and classify in the engine's process")
    args = parser.parse_args()
    if args.in_process:
        triage_pool.MIN_MESSAGES = args.messages + 1
    clocks = instrument()
    shm = Path("/dev/shm")
    with tempfile.TemporaryDirectory(dir=shm if shm.is_dir() else None) as temp:
        folder = Path(temp)
        maildir, state = folder / "Maildir", folder / "state" / "state.db"
        state.parent.mkdir()
        mailgen.fill_maildir(maildir, args.messages, seed=args.seed, now=NOW,
                             span_days=SPAN_DAYS)
        config = write_config(folder, maildir, state)
        runs = [timed_poll(config, maildir, state, clocks) for _ in range(args.runs)]
        drafted = {run.drafts for run in runs}
        print(f"{args.messages:,} messages, {runs[0].messages:,} processed, drafts per poll: "
              f"{', '.join(map(str, sorted(drafted)))}"
              + ("" if (args.messages, args.seed) != (20_000, SEED)
                 or drafted == {EXPECTED_DRAFTS} else f" (expected {EXPECTED_DRAFTS}!)"))
        print("triage: " + ("in the engine's process" if args.in_process
                            else "worker processes (not measured)"))
        print(timing_line("whole poll, CPU ms", [r.poll_ms for r in runs], "ms"))
        print(timing_line("per draft, _compose_and_record minus draft_reply",
                      [r.record_ms for r in runs], "ms"))
        print(timing_line("per draft, draft_reply", [r.compose_ms for r in runs], "ms"))
        print(timing_line("per message, Engine.process minus drafting",
                      [r.process_ms for r in runs], "ms"))
        if not args.no_profile:
            print(profile_top(lambda: poll(config, maildir, state), args.top))
    return 0


if __name__ == "__main__":
    raise SystemExit(main_bench())

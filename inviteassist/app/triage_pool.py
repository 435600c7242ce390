"""Worker processes for the pure part of a large scan: parsing and classifying.

A first scan, or the first cycle after a long downtime, may bring thousands
of candidates. Parsing and classifying them is pure work, message by message
(`detect.triage`), so one worker per core does it while the engine's own
process drafts and records the group before. The answers are the ones the
engine would compute itself: the same functions on the same bytes.

The workers are forked, so they start with the detector already loaded
instead of importing it afresh, which would cost more than a scan of a few
hundred messages saves. A worker ignores Ctrl-C, SIGHUP and the daemon's
SIGTERM handler (the engine's process decides when to stop and reload) and,
on Linux, dies with its parent, so a killed daemon leaves none behind.
Should the pool break (a worker killed, fork refused), the engine's process
triages what is left itself: slower, never different.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import multiprocessing
import os
import signal
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor

from inviteassist.detect.rules import DetectionRules
from inviteassist.detect.triage import Triage, triage

logger = logging.getLogger(__name__)

MIN_MESSAGES = 200  # fewer new messages than this are triaged in-process
CHUNK = 8  # messages per task: fewer hand-overs, still an even spread
_PR_SET_PDEATHSIG = 1

_worker_settings: tuple[tuple[str, ...], DetectionRules] | None = None


def worker_count() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def _start_worker(parent: int, authserv_ids: tuple[str, ...], rules: DetectionRules) -> None:
    global _worker_settings
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGHUP, signal.SIG_IGN)  # the daemon's reload is not ours
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    with contextlib.suppress(AttributeError, OSError):  # no prctl: not Linux
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died between the fork and the prctl
        os._exit(0)
    _worker_settings = (authserv_ids, rules)


def _triage_chunk(raws: list[bytes]) -> list[Triage]:
    assert _worker_settings is not None, "a worker starts with its settings"
    return [triage(raw, *_worker_settings) for raw in raws]


class _Chunk:
    """A few messages handed to one worker together."""

    def __init__(self, raws: list[bytes], future: Future[list[Triage]]) -> None:
        self.raws = raws
        self.future = future
        self._found: list[Triage] | None = None

    def results(self, pool: TriagePool) -> list[Triage]:
        if self._found is None:
            try:
                self._found = self.future.result()
            except Exception as exc:  # a broken pool: do it here, same answers
                logger.warning("a triage worker failed (%s): triaging in-process", exc)
                self._found = [pool.triage_here(raw) for raw in self.raws]
        return self._found


class Pending:
    """The triage of one group, under way in the workers. Each message's
    answer is waited for on its own, so the engine starts on the first
    messages while the workers are still on the last."""

    def __init__(self, pool: TriagePool, chunks: list[_Chunk]) -> None:
        self._pool = pool
        self._where = [(chunk, position) for chunk in chunks
                       for position in range(len(chunk.raws))]

    def result(self, index: int) -> Triage:
        """The triage of the group's message number `index`."""
        chunk, position = self._where[index]
        return chunk.results(self._pool)[position]


class TriagePool:
    """Worker processes that triage raw messages for one engine's scan."""

    def __init__(self, authserv_ids: Sequence[str], rules: DetectionRules,
                 workers: int) -> None:
        self._settings = (tuple(authserv_ids), rules)
        self._executor = ProcessPoolExecutor(
            workers, mp_context=multiprocessing.get_context("fork"),
            initializer=_start_worker, initargs=(os.getpid(), *self._settings))
        self._forked = False

    def triage_here(self, raw: bytes) -> Triage:
        return triage(raw, *self._settings)

    def start(self, raws: Sequence[bytes]) -> Pending:
        """Hand `raws` to the workers; their answers come from the `Pending`.

        The workers are forked at the first hand-over. Before it, this process
        triages the first message itself: the detector's lazily built parts
        that message reaches (compiled patterns; the language profiles when it
        is a request with a note) are then built once, here, and every worker
        starts with them instead of building its own."""
        chunks: list[_Chunk] = []
        if not self._forked and raws:
            here: Future[list[Triage]] = Future()
            here.set_result([self.triage_here(raws[0])])
            chunks.append(_Chunk([raws[0]], here))
            raws = raws[1:]
            self._forked = True
        for start in range(0, len(raws), CHUNK):
            chunk = list(raws[start:start + CHUNK])
            try:
                future = self._executor.submit(_triage_chunk, chunk)
            except Exception as exc:  # the pool broke before the hand-over
                future = Future()
                future.set_exception(exc)
            chunks.append(_Chunk(chunk, future))
        return Pending(self, chunks)

    def close(self) -> None:
        """Stop the workers; tasks not yet begun are dropped."""
        self._executor.shutdown(wait=True, cancel_futures=True)


def open_pool(messages: int, authserv_ids: Sequence[str], rules: DetectionRules, *,
              large: bool = False) -> TriagePool | None:
    """A pool when `messages` are enough to gain from one, or the scan is
    known to be `large` before all its messages are found, and the machine
    has more than one core; else None (triage in-process)."""
    workers = worker_count()
    if (messages < MIN_MESSAGES and not large) or workers < 2:
        return None
    try:
        return TriagePool(authserv_ids, rules, workers)
    except (OSError, ValueError) as exc:  # no fork here, or no process to spare
        logger.info("no worker processes (%s): triaging in-process", exc)
        return None

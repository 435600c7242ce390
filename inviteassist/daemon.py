"""`inviteassist run`: the long-running daemon.

APScheduler 3 runs the poll job on an interval (one instance at a time,
missed runs coalesced); the main thread waits for new mail with IMAP IDLE
on a connection of its own and brings the next poll forward the moment
something arrives. Without IDLE (a Maildir, or a server that lacks it) the
interval alone drives the cycles.

Network errors back off exponentially up to a cap, one log line per
incident; a refused login backs off the same way rather than hammering the
server. SIGTERM and SIGINT stop the daemon: the running cycle ends after the
message in hand, everything recorded stays recorded. A lock file beside the
state file keeps a second daemon off the same state.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import signal
import threading
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from types import FrameType
from typing import IO
from zoneinfo import ZoneInfo

from apscheduler.events import EVENT_JOB_ERROR, JobExecutionEvent
from apscheduler.schedulers.background import BackgroundScheduler

from inviteassist.config import Settings
from inviteassist.errors import OperationalError
from inviteassist.mailbox.imap_connect import LoginFailed, MailboxUnavailable
from inviteassist.mailbox.imap_idle import IdleUnsupported, IdleWatcher
from inviteassist.runtime import Runtime, running, state_path

logger = logging.getLogger(__name__)

POLL_JOB = "poll"
FIRST_BACKOFF = 2.0


@contextlib.contextmanager
def exclusive_lock(state: Path) -> Iterator[None]:
    """Hold `<state>.lock` for the daemon's lifetime, or fail if another has it."""
    path = state.with_name(state.name + ".lock")
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    handle: IO[str] = path.open("a+")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        holder = handle.read().strip() or "unknown"
        handle.close()
        raise OperationalError(f"another inviteassist daemon (pid {holder}) is running on "
                               f"{state}; stop it first") from None
    handle.seek(0)
    handle.truncate()
    handle.write(f"{os.getpid()}\n")
    handle.flush()
    try:
        yield
    finally:
        handle.close()


class Backoff:
    """Capped exponential back-off: 2, 4, 8 … seconds up to `cap`."""

    def __init__(self, cap: float) -> None:
        self.cap = cap
        self.delay = 0.0

    def next(self) -> float:
        self.delay = min(self.cap, self.delay * 2 if self.delay else FIRST_BACKOFF)
        return self.delay

    def reset(self) -> None:
        self.delay = 0.0


class Daemon:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.zone = ZoneInfo(settings.owner.timezone)
        self.stop = threading.Event()
        self.dirty = threading.Event()      # new mail seen while a cycle ran
        self.cycling = threading.Lock()     # one user of the store at a time
        self.poll_backoff = Backoff(settings.daemon.max_backoff_seconds)
        self.scheduler = BackgroundScheduler(timezone=self.zone)

    def now(self) -> datetime:
        return datetime.now(self.zone)

    def run(self) -> int:
        with exclusive_lock(state_path(self.settings)), \
                running(self.settings, threaded=True) as runtime:
            self._install_signal_handlers()
            self.scheduler.add_listener(self._job_failed, EVENT_JOB_ERROR)
            self.scheduler.add_job(
                self._poll, "interval", args=(runtime,), id=POLL_JOB,
                minutes=self.settings.daemon.poll_minutes, next_run_time=self.now(),
                max_instances=1, coalesce=True, misfire_grace_time=60)
            self.scheduler.start()
            logger.info("daemon started: polling every %s min, IDLE %s",
                        self.settings.daemon.poll_minutes, "on" if self._use_idle() else "off")
            try:
                if self._use_idle():
                    self._watch()
                else:
                    self.stop.wait()
            finally:
                logger.info("stopping")
                self.scheduler.shutdown(wait=True)
        return 0

    def _install_signal_handlers(self) -> None:
        def request_stop(signum: int, _frame: FrameType | None) -> None:
            logger.info("received %s", signal.Signals(signum).name)
            self.stop.set()

        signal.signal(signal.SIGTERM, request_stop)
        signal.signal(signal.SIGINT, request_stop)

    def _use_idle(self) -> bool:
        return self.settings.mailbox.type == "imap" and self.settings.daemon.idle

    # -- the poll job -------------------------------------------------------------

    def _poll(self, runtime: Runtime) -> None:
        """Cycles until no new mail arrived meanwhile; failures reschedule with back-off."""
        with self.cycling:
            while not self.stop.is_set():
                self.dirty.clear()
                try:
                    report = runtime.engine.run_cycle(self.now(), stopping=self.stop.is_set)
                except (MailboxUnavailable, LoginFailed) as exc:
                    self._retry_later(exc)
                    return
                self.poll_backoff.reset()
                if report.processed:
                    logger.info("cycle: %d new message(s), %d draft(s) appended",
                                len(report.processed), report.drafts_appended)
                if not self.dirty.is_set():
                    return

    def _retry_later(self, exc: OperationalError) -> None:
        delay = self.poll_backoff.next()
        logger.error("%s; retrying in %.0f s", exc, delay)
        self.scheduler.modify_job(POLL_JOB, next_run_time=self.now() + timedelta(seconds=delay))

    def _job_failed(self, event: JobExecutionEvent) -> None:
        logger.error("the %s job failed: %s", event.job_id, event.exception,
                     exc_info=event.exception)

    def _poll_now(self) -> None:
        """Bring the poll forward, or flag the running one to go round again."""
        self.dirty.set()
        if not self.cycling.locked():
            self.scheduler.modify_job(POLL_JOB, next_run_time=self.now())

    # -- IDLE in the main thread ------------------------------------------------------

    def _watch(self) -> None:
        watcher = IdleWatcher(self.settings.imap, self.settings.folders.inbox)
        backoff = Backoff(self.settings.daemon.max_backoff_seconds)
        try:
            while not self.stop.is_set():
                try:
                    if watcher.wait(60.0, self.stop.is_set):
                        logger.debug("IDLE: new mail")
                        self._poll_now()
                    backoff.reset()
                except IdleUnsupported as exc:
                    logger.warning("%s: polling every %s min instead", exc,
                                   self.settings.daemon.poll_minutes)
                    self.stop.wait()
                except (MailboxUnavailable, LoginFailed) as exc:
                    delay = backoff.next()
                    logger.warning("%s; reconnecting in %.0f s", exc, delay)
                    self.stop.wait(delay)
        finally:
            watcher.close()

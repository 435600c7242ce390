"""`inviteassist run`: the long-running daemon.

APScheduler 3 runs the poll job on an interval (one instance at a time,
missed runs coalesced); the main thread waits for new mail with IMAP IDLE
on a connection of its own and brings the next poll forward the moment
something arrives. Without IDLE (a Maildir, or a server that lacks it) the
interval alone drives the cycles.

Network errors back off exponentially up to a cap, one log line per
incident (the poll job and the IDLE connection share it) and one when the
mailbox is back; a refused login backs off the same way rather than hammering the
server. SIGTERM and SIGINT stop the daemon within STOP_GRACE seconds: the
running cycle ends after the message in hand, everything recorded stays
recorded; a cycle still busy after the grace (a server slow to answer) is
abandoned, which the store's transactions make as safe as a kill. A second
SIGTERM or SIGINT exits at once. The poll job never calls into the scheduler
while it holds a store transaction, and the scheduler's shutdown never waits
for the job (APScheduler holds its job-store lock while it waits, and the job
asks that store for the next run time: that was a deadlock). SIGHUP reloads the
config and templates; a broken new version is refused and the running one
kept. A lock file beside the state file keeps a second daemon off the same
state. The last cycle, the next poll and outages go to the state file, where
`inviteassist status` reads them while the daemon runs.
"""

from __future__ import annotations

import logging
import os
import signal
import sqlite3
import threading
from dataclasses import replace
from datetime import datetime, timedelta
from types import FrameType
from typing import NoReturn
from zoneinfo import ZoneInfo

from apscheduler.events import EVENT_JOB_ERROR, JobExecutionEvent
from apscheduler.schedulers.background import BackgroundScheduler

from inviteassist import __version__
from inviteassist.app.lock import exclusive_lock
from inviteassist.app.offering import warm_place_index
from inviteassist.app.runtime import check_templates, describe_mailbox, running
from inviteassist.app.seen_memory import FORGET_JOB, forget_old_seen
from inviteassist.app.state_file import state_path
from inviteassist.app.summary_job import run_summary_job, schedule_summary
from inviteassist.app.templating import template_environment
from inviteassist.config.settings import Settings, load_settings
from inviteassist.errors import InviteAssistError, OperationalError
from inviteassist.mail.imap_idle import IdleUnsupported, IdleWatcher
from inviteassist.mail.protocol import LoginFailed, MailboxUnavailable
from inviteassist.store.failures import STOP_OTHER, StateFileError, explain

logger = logging.getLogger(__name__)

POLL_JOB = "poll"
FIRST_BACKOFF = 2.0
STOP_GRACE = 4.0  # seconds a running cycle gets to finish after SIGTERM


def exit_now(code: int) -> NoReturn:
    """End the process without waiting for threads (a cycle stuck on a slow
    server); the logs are flushed first."""
    logging.shutdown()
    os._exit(code)


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
        self.reload_requested = threading.Event()
        self.dirty = threading.Event()      # new mail seen while a cycle ran
        self.cycling = threading.Lock()     # one user of the store at a time
        self.poll_backoff = Backoff(settings.daemon.max_backoff_seconds)
        self.scheduler = BackgroundScheduler(timezone=self.zone)
        self.idle_unsupported = False
        self.failing_since: datetime | None = None  # an outage logged, not yet over
        self.failure: StateFileError | None = None

    def now(self) -> datetime:
        return datetime.now(self.zone)

    def run(self) -> int:
        templates = template_environment(self.settings)
        check_templates(self.settings, templates, self.now())
        with exclusive_lock(state_path(self.settings)), \
                running(self.settings, threaded=True, templates=templates) as runtime:
            self.runtime = runtime
            self._install_signal_handlers()
            self._record_status({"pid": str(os.getpid()), "started_at": self.now().isoformat(),
                                 "stopped_at": ""})
            self.scheduler.add_listener(self._job_failed, EVENT_JOB_ERROR)
            self.scheduler.add_job(
                self._poll, "interval", id=POLL_JOB, minutes=self.settings.daemon.poll_minutes,
                next_run_time=self.now(), max_instances=1, coalesce=True,
                misfire_grace_time=60)
            schedule_summary(self.scheduler, self.settings, self._summary)
            self.scheduler.add_job(  # at start, then once a day
                self._forget_seen, "interval", id=FORGET_JOB, hours=24,
                next_run_time=self.now(), max_instances=1, coalesce=True,
                misfire_grace_time=None)  # late (a suspended laptop) still runs
            threading.Thread(target=warm_place_index, name="place-index", daemon=True).start()
            self.scheduler.start()
            self._log_start()
            try:
                self._main_loop()
            finally:
                logger.info("stopping")
                self.scheduler.shutdown(wait=False)
                self._finish_or_abandon_cycle()
        if self.failure is not None:
            raise self.failure
        return 0

    def _log_start(self) -> None:
        settings = self.settings
        logger.info("daemon started: inviteassist %s, config %s, mailbox %s, state %s, "
                    "next poll %s, then every %s min, IDLE %s", __version__, settings.file,
                    describe_mailbox(settings), state_path(settings),
                    self._next_poll_local(), settings.daemon.poll_minutes,
                    "on" if self._use_idle() else "off")

    def _log_failure(self, exc: OperationalError, delay: float) -> None:
        """One line per incident: later failures, from either thread, until the
        mailbox is back, are DEBUG."""
        level = logging.DEBUG if self.failing_since else logging.WARNING
        self.failing_since = self.failing_since or self.now()
        logger.log(level, "%s; reconnecting in %.0f s", exc, delay)

    def _log_recovery(self) -> None:
        if self.failing_since is not None:
            down = self.now() - self.failing_since
            self.failing_since = None
            logger.info("mailbox reachable again after %.0f s", down.total_seconds())

    def _finish_or_abandon_cycle(self) -> None:
        """Wait up to STOP_GRACE for the running cycle, then record the stop;
        a cycle still busy is abandoned by exiting at once (its open
        transaction rolls back, as after a kill)."""
        if not self.cycling.acquire(timeout=STOP_GRACE):
            logger.warning("the running cycle did not end within %.0f s: leaving it "
                           "(whatever it recorded stays, the rest is done at the next start)",
                           STOP_GRACE)
            exit_now(0)
        try:
            self._record_status({"stopped_at": self.now().isoformat(), "next_poll_at": ""})
        finally:
            self.cycling.release()

    def _install_signal_handlers(self) -> None:
        def request_stop(signum: int, _frame: FrameType | None) -> None:
            name = signal.Signals(signum).name
            if self.stop.is_set():
                logger.warning("received %s again: exiting at once", name)
                exit_now(128 + signum)
            logger.info("received %s", name)
            self.stop.set()

        def request_reload(_signum: int, _frame: FrameType | None) -> None:
            logger.info("received SIGHUP: reloading the configuration and templates")
            self.reload_requested.set()

        signal.signal(signal.SIGTERM, request_stop)
        signal.signal(signal.SIGINT, request_stop)
        signal.signal(signal.SIGHUP, request_reload)

    def _use_idle(self) -> bool:
        return (self.settings.mailbox.type == "imap" and self.settings.daemon.idle
                and not self.idle_unsupported)

    def _interrupted(self) -> bool:
        return self.stop.is_set() or self.reload_requested.is_set()

    def _record_status(self, values: dict[str, str]) -> None:
        with self.runtime.store.transaction():
            self.runtime.store.set_status(values)

    # -- the poll job -------------------------------------------------------------

    def _poll(self) -> None:
        with self.cycling:
            try:
                self._cycles()
            except sqlite3.Error as exc:
                self._state_failed(explain(self.runtime.store.path, exc))

    def _cycles(self) -> None:
        """Cycles until no new mail arrived meanwhile; mailbox failures reschedule
        with back-off."""
        engine, store = self.runtime.engine, self.runtime.store
        while not self.stop.is_set():
            self.dirty.clear()
            try:
                report = engine.run_cycle(self.now(), stopping=self.stop.is_set)
            except (MailboxUnavailable, LoginFailed) as exc:
                self._retry_later(exc)
                return
            self.poll_backoff.reset()
            self._log_recovery()
            status = {"last_success_at": self.now().isoformat(),
                      "last_cycle": report.describe()}
            if not self.stop.is_set():  # never ask the scheduler inside a transaction
                status["next_poll_at"] = self._next_poll()
            with store.transaction():
                store.end_outage("mailbox", self.now())
                store.set_status(status)
            if report.did_something:
                logger.info("cycle: %s", report.describe())
            if not self.dirty.is_set():
                return

    def _state_failed(self, exc: StateFileError) -> None:
        """A lock held too long by another writer is waited out (the next poll
        tries again); any other state-file failure stops the daemon, exit 1."""
        if exc.fix == STOP_OTHER:
            delay = self.poll_backoff.next()
            logger.error("%s; retrying in %.0f s", exc, delay)
            if not self.stop.is_set():
                self.scheduler.modify_job(POLL_JOB,
                                          next_run_time=self.now() + timedelta(seconds=delay))
            return
        logger.error("%s; stopping", exc)
        self.failure = exc
        self.stop.set()

    def _next_poll_local(self) -> str:
        job = self.scheduler.get_job(POLL_JOB)
        when = job.next_run_time if job else None
        return when.strftime("%Y-%m-%d %H:%M:%S %Z") if when else "now"

    def _next_poll(self) -> str:
        job = self.scheduler.get_job(POLL_JOB)
        return job.next_run_time.isoformat() if job and job.next_run_time else ""

    def _retry_later(self, exc: OperationalError) -> None:
        delay = self.poll_backoff.next()
        self._log_failure(exc, delay)
        retry_at = self.now() + timedelta(seconds=delay)
        if not self.stop.is_set():  # the scheduler may be shutting down
            self.scheduler.modify_job(POLL_JOB, next_run_time=retry_at)
        self._note_failure(exc, {"next_poll_at": retry_at.isoformat()})

    def _note_failure(self, exc: OperationalError, extra: dict[str, str]) -> None:
        """Open (or extend) the mailbox outage and show the error in `status`.
        The caller holds `cycling`."""
        with self.runtime.store.transaction():
            self.runtime.store.begin_outage("mailbox", str(exc), self.now())
            self.runtime.store.set_status({"last_error_at": self.now().isoformat(),
                                           "last_error": str(exc), **extra})

    def _summary(self) -> None:
        with self.cycling:
            run_summary_job(self.settings, self.runtime.store, self.runtime.engine.templates,
                            self.now())

    def _forget_seen(self) -> None:
        with self.cycling:
            forget_old_seen(self.settings, self.runtime.store, self.now())

    def _job_failed(self, event: JobExecutionEvent) -> None:
        logger.error("the %s job failed: %s", event.job_id, event.exception,
                     exc_info=event.exception)

    def _poll_now(self) -> None:
        """Bring the poll forward, or flag the running one to go round again."""
        self.dirty.set()
        if not self.cycling.locked():
            self.scheduler.modify_job(POLL_JOB, next_run_time=self.now())

    # -- the main thread: IDLE, reloads ---------------------------------------------

    def _main_loop(self) -> None:
        watcher: IdleWatcher | None = None
        backoff = Backoff(self.settings.daemon.max_backoff_seconds)
        try:
            while not self.stop.is_set():
                if self.reload_requested.is_set():
                    self.reload_requested.clear()
                    if watcher is not None:
                        watcher.close()
                        watcher = None
                    self._reload()
                if not self._use_idle():
                    self.stop.wait(1.0)
                    continue
                watcher = watcher or IdleWatcher(self.settings.imap, self.settings.folders.inbox,
                                                 also_watch=self.settings.folders.sent)
                try:
                    news = watcher.wait(60.0, self._interrupted)
                except IdleUnsupported as exc:
                    logger.warning("%s: polling every %s min instead", exc,
                                   self.settings.daemon.poll_minutes)
                    self.idle_unsupported = True
                    watcher = None
                    continue
                except (MailboxUnavailable, LoginFailed) as exc:
                    delay = backoff.next()
                    self._log_failure(exc, delay)
                    with self.cycling:
                        self._note_failure(exc, {})
                    self.stop.wait(delay)
                    continue
                if backoff.delay:
                    logger.debug("IDLE connection back: checking what arrived meanwhile")
                    backoff.reset()
                if news:
                    self._poll_now()
        finally:
            if watcher is not None:
                watcher.close()

    def _reload(self) -> None:
        """Swap in the config file's current content, or keep the old one if broken."""
        try:
            new = load_settings(self.settings.file)
            templates = template_environment(new)
            check_templates(new, templates, self.now())
        except InviteAssistError as exc:
            logger.error("reload rejected, the running configuration stays: %s", exc)
            return
        if new.state != self.settings.state:
            logger.warning("[state] path changes only take effect after a restart")
            new = replace(new, state=self.settings.state)
        with self.cycling:
            self.runtime.reconfigure(new, templates)
            self.settings = new
            self.idle_unsupported = False
        self.scheduler.reschedule_job(POLL_JOB, trigger="interval",
                                      minutes=new.daemon.poll_minutes)
        schedule_summary(self.scheduler, new, self._summary)
        logger.info("configuration reloaded from %s", new.file)
        self._poll_now()  # the new templates draft at once what failed before


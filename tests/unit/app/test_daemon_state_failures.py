"""The poll job meets a state-file failure: a lock is waited out, anything
else stops the daemon with the one-line explanation."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from types import SimpleNamespace

from inviteassist.app.daemon import POLL_JOB, Daemon
from inviteassist.config.settings import load_settings
from inviteassist.store.failures import RESTORE, StateFileError
from tests.conftest import MINIMAL_CONFIG


class FailingEngine:
    def __init__(self, error: sqlite3.Error) -> None:
        self.error = error

    def run_cycle(self, *_args: object, **_kwargs: object) -> None:
        raise self.error


def daemon_meeting(error: sqlite3.Error, write_config) -> Daemon:
    daemon = Daemon(load_settings(write_config(MINIMAL_CONFIG)))
    daemon.runtime = SimpleNamespace(engine=FailingEngine(error),  # type: ignore[assignment]
                                     store=SimpleNamespace(path=Path("/x/s.sqlite3")))
    daemon.scheduler.add_job(lambda: None, "interval", id=POLL_JOB, minutes=5)
    return daemon


def test_a_damaged_state_file_stops_the_daemon_with_one_line(write_config, caplog):
    daemon = daemon_meeting(sqlite3.DatabaseError("database disk image is malformed"),
                            write_config)
    daemon._poll()
    assert daemon.stop.is_set()
    assert isinstance(daemon.failure, StateFileError) and daemon.failure.fix == RESTORE
    assert "/x/s.sqlite3" in caplog.text and "Traceback" not in caplog.text


def test_a_lock_held_by_another_writer_is_retried_later(write_config):
    daemon = daemon_meeting(sqlite3.OperationalError("database is locked"), write_config)
    daemon._poll()
    assert not daemon.stop.is_set() and daemon.failure is None
    assert daemon.poll_backoff.delay > 0

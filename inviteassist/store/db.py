"""The state file: SQLite with a schema version and forward migrations.

What it remembers: every message looked at (by mailbox identity and by
Message-ID), requests, the funnel events from which their state derives, the
drafts we prepared (an outbox: stored before they are appended, marked once
they are in the Drafts folder) and the holds on offered times.

All writes for one processed message happen inside one `transaction()`, so a
kill leaves either all of it or none of it. The rest of the program talks to
this module only through `Store`'s methods, which keeps a later move to
another database a matter of one module.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path

from inviteassist.models import Interval
from inviteassist.store.failures import explain, quick_check, state_file_errors
from inviteassist.store.holds import CalendarRecords, HoldRecords
from inviteassist.store.itip import ItipRecords
from inviteassist.store.messages import MessageRecords
from inviteassist.store.opening import (
    backup,
    connect_read_only,
    connect_read_write,
    migrate,
    require_current_schema,
)
from inviteassist.store.outbox import OutboxRecords
from inviteassist.store.requests import RequestRecords
from inviteassist.store.status import StatusRecords
from inviteassist.store.summaries import SummaryRecords
from inviteassist.store.threads import ThreadRecords
from inviteassist.store.waiting import WaitingRecords

_INSIDE: AbstractContextManager[None] = nullcontext()  # reusable: it keeps no state


class Store(MessageRecords, RequestRecords, ThreadRecords, HoldRecords, CalendarRecords,
            OutboxRecords, StatusRecords, ItipRecords, SummaryRecords, WaitingRecords):
    """The state file. Open with `Store.open(path)`; close with `close()`."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self._db = connection
        self.path = path
        self._in_transaction = False
        self._interned: dict[tuple[str, str], Interval] = {}  # see HoldRecords

    @classmethod
    def open(cls, path: Path, *, shared_between_threads: bool = False,
             read_only: bool = False) -> Store:
        """Open (creating and migrating as needed). A store shared between
        threads must be used by one thread at a time: the daemon's jobs take
        a lock around every use. `read_only` opens without writing anything,
        so that reading commands work on a file or folder they cannot write.
        Any failure is one `StateFileError` line saying what to do."""
        with state_file_errors(path):
            try:
                db = connect_read_only(path) if read_only else connect_read_write(
                    path, check_same_thread=not shared_between_threads)
            except OSError as exc:
                raise explain(path, exc) from None
            try:
                (require_current_schema if read_only else migrate)(db, path)
            except BaseException:
                db.close()
                raise
            db.row_factory = sqlite3.Row
            return cls(db, path)

    @classmethod
    def open_read_only(cls, path: Path) -> Store:
        """An existing state file for reading, at whatever schema version: never
        created, migrated or written (for `check`, which says when an upgrade
        is due, and for the copy a dry run works on)."""
        with state_file_errors(path):  # mode=ro: a missing file is an error, not created
            db = connect_read_only(path)
            db.row_factory = sqlite3.Row
            return cls(db, path)

    def close(self) -> None:
        self._db.close()

    def backup_to(self, target: Path) -> None:
        """A consistent copy at `target`, safe while another process writes."""
        backup(self._db, self.path, target)

    def quick_check(self) -> list[str]:
        """What `PRAGMA quick_check` finds wrong with the file (empty: sound)."""
        with state_file_errors(self.path):
            return quick_check(self._db)

    def schema_version(self) -> int:
        return int(self._db.execute("SELECT version FROM schema_version").fetchone()[0])

    def transaction(self) -> AbstractContextManager[None]:
        """All-or-nothing: commits on success, rolls back on any exception.
        Inside another, part of it (a scan asks ~100 times per group)."""
        return _INSIDE if self._in_transaction else self._outermost()

    @contextmanager
    def _outermost(self) -> Iterator[None]:
        self._db.execute("BEGIN IMMEDIATE")
        self._in_transaction = True
        committed = False
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        else:
            self._db.execute("COMMIT")
            committed = True
        finally:
            self._in_transaction = False
            self.holds_transaction_ended(committed)







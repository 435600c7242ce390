"""Opening the state file: read-write (created, WAL, migrated), read-only
(never writes, so reading commands work on a file or folder they may not
write), and copying it (SQLite's online backup). The `Store` class methods
`open`, `open_read_only` and `backup_to` are its callers.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import urllib.parse
from pathlib import Path

from inviteassist.errors import OperationalError
from inviteassist.store.failures import LOCK_TIMEOUT, StateFileError, explain
from inviteassist.store.schema import MIGRATIONS


def connect_read_write(path: Path, *, check_same_thread: bool) -> sqlite3.Connection:
    """The file, created (mode 0600, folder 0700) if missing, in WAL mode."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    # 0600 from the start: SQLite gives its -wal and -shm files the mode
    # of the database file, so they stay private too.
    os.close(os.open(path, os.O_RDWR | os.O_CREAT, 0o600))
    if path.stat().st_mode & 0o077:
        path.chmod(0o600)
    db = sqlite3.connect(path, isolation_level=None, timeout=LOCK_TIMEOUT,
                         check_same_thread=check_same_thread)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA foreign_keys=ON")
    return db


def connect_read_only(path: Path) -> sqlite3.Connection:
    """A connection that never writes. A WAL file in a folder we cannot write
    needs the shared-memory file SQLite would create there; failing that, the
    file is read as immutable (nobody can be writing it from that folder)."""
    uri = f"file:{urllib.parse.quote(str(path.resolve()))}?mode=ro"
    db = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=LOCK_TIMEOUT)
    try:
        db.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()
        return db
    except sqlite3.OperationalError:
        db.close()
    return sqlite3.connect(uri + "&immutable=1", uri=True, isolation_level=None)


def require_current_schema(db: sqlite3.Connection, path: Path) -> None:
    """A read-only reader cannot migrate: the file must be at our version."""
    row = db.execute("SELECT version FROM schema_version").fetchone()
    version = int(row[0]) if row else 0
    if version != len(MIGRATIONS):
        raise StateFileError(path, f"has schema version {version}, this program uses "
                                   f"{len(MIGRATIONS)}",
                             "run `inviteassist poll --once` as a user that may write it, "
                             "or upgrade inviteassist" if version < len(MIGRATIONS)
                             else "upgrade inviteassist")


def migrate(db: sqlite3.Connection, path: Path) -> None:
    """Apply the migrations the file has not had yet, each in its own transaction."""
    db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
    row = db.execute("SELECT version FROM schema_version").fetchone()
    version = row[0] if row else 0
    if version > len(MIGRATIONS):
        raise OperationalError(
            f"the state file {path} has schema version {version}, newer than this "
            f"program knows ({len(MIGRATIONS)}): upgrade inviteassist")
    for number in range(version, len(MIGRATIONS)):
        # executescript commits any open transaction first, so each migration
        # carries its own BEGIN/COMMIT; SQLite DDL is transactional.
        script = (f"BEGIN IMMEDIATE; {MIGRATIONS[number]}; DELETE FROM schema_version; "
                  f"INSERT INTO schema_version VALUES ({number + 1}); COMMIT;")
        try:
            db.executescript(script)
        except sqlite3.Error as exc:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise StateFileError(path, f"cannot migrate to version {number + 1} ({exc})",
                                 explain(path, exc).fix) from None


def backup(db: sqlite3.Connection, source: Path, target: Path) -> None:
    """A consistent copy of `db` at `target`, by SQLite's online backup (safe
    while the daemon writes), written beside it and renamed into place, so
    that `target` is always either the old copy or the new one."""
    partial = target.with_name(f".{target.name}.partial")
    try:
        copy = sqlite3.connect(partial)
        try:
            db.backup(copy)
        finally:
            copy.close()
        partial.chmod(0o600)
        partial.replace(target)
    except (sqlite3.Error, OSError) as exc:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        raise OperationalError(f"cannot back up the state file {source} to {target}: "
                               f"{getattr(exc, 'strerror', None) or exc}") from None

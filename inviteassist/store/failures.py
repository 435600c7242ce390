"""SQLite failures turned into one sentence naming the state file and the fix.

Whatever goes wrong with the state file (it is not a database at all, its
pages are damaged, it or its folder cannot be written, another writer holds
it longer than the lock timeout, the disk fails) reaches the owner as one
`StateFileError` line with what to do, never as a `sqlite3` traceback.
`state_file_errors(path)` wraps any use of a store; `quick_check` is what
`inviteassist check` asks of the file.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from inviteassist.errors import OperationalError

LOCK_TIMEOUT = 30.0  # seconds a writer waits for another before giving up

RESTORE = ("restore it from a backup (`inviteassist backup PATH` makes one), or move it "
           "away to start with an empty state")
PERMISSIONS = ("fix the permissions: the user running inviteassist needs to write the "
               "file and its folder")
STOP_OTHER = ("stop the other writer (another inviteassist daemon or command, or a tool "
              "holding the file open) and try again")

# sqlite3 primary result codes (the low byte of the extended code)
_BUSY, _LOCKED, _READONLY, _IOERR, _CORRUPT, _FULL, _CANTOPEN, _NOTADB = 5, 6, 8, 10, 11, \
    13, 14, 26


class StateFileError(OperationalError):
    """The state file cannot be used; the message names it and the fix."""

    def __init__(self, path: Path, problem: str, fix: str) -> None:
        self.path = path
        self.fix = fix
        super().__init__(f"state file {path}: {problem}: {fix}")


def explain(path: Path, exc: sqlite3.Error | OSError) -> StateFileError:
    """The one-line explanation of `exc`, met while using the state file `path`."""
    if isinstance(exc, OSError):
        if isinstance(exc, PermissionError):
            return StateFileError(path, f"permission denied ({exc.strerror})", PERMISSIONS)
        return StateFileError(path, f"cannot be opened ({exc.strerror or exc})",
                              "check that the folder exists and the disk is healthy")
    code = (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF
    detail = str(exc)
    if code == _NOTADB or "not a database" in detail:
        return StateFileError(path, "is not an SQLite database (overwritten or garbage)",
                              RESTORE)
    if code == _CORRUPT or "malformed" in detail:
        return StateFileError(path, f"is damaged ({detail})", RESTORE)
    if code in (_READONLY, _CANTOPEN) or "readonly" in detail:
        return StateFileError(path, f"cannot be written ({detail})", PERMISSIONS)
    if code in (_BUSY, _LOCKED) or "locked" in detail:
        return StateFileError(path, f"locked by another writer for more than "
                                    f"{LOCK_TIMEOUT:.0f} s", STOP_OTHER)
    if code in (_IOERR, _FULL):
        return StateFileError(path, f"the disk failed ({detail})",
                              "check free space and the disk's health, then try again")
    return StateFileError(path, f"SQLite failed ({detail})", RESTORE)


@contextmanager
def state_file_errors(path: Path) -> Iterator[None]:
    """Turn any SQLite failure inside the block into a `StateFileError`."""
    try:
        yield
    except sqlite3.Error as exc:
        raise explain(path, exc) from None


def quick_check(db: sqlite3.Connection) -> list[str]:
    """Problems `PRAGMA quick_check` finds (empty when the file is sound)."""
    rows = [str(row[0]) for row in db.execute("PRAGMA quick_check").fetchall()]
    return [] if rows == ["ok"] else rows

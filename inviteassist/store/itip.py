"""The state file's record of calendar messages: which iTIP object we drafted
for which UID, with which METHOD and SEQUENCE.

`ItipRecords` is mixed into `store.db.Store` and works on its connection. The
proposals themselves are not recorded: they are SEQUENCE 0 by definition.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime

from inviteassist.store.times import from_db, to_db


@dataclass(frozen=True)
class ItipSent:
    uid: str
    method: str
    sequence: int
    at: datetime


class ItipRecords:
    """Store methods about calendar messages; needs the Store's `_db`."""

    _db: sqlite3.Connection

    def record_itip(self, request_id: int, uid: str, method: str, sequence: int,
                    at: datetime) -> None:
        self._db.execute("INSERT INTO itip_sent (request_id, uid, method, sequence, at) "
                         "VALUES (?,?,?,?,?)", (request_id, uid, method, sequence, to_db(at)))

    def last_itip(self, uid: str) -> ItipSent | None:
        """The latest calendar object drafted for `uid`, or None (only the proposal)."""
        row = self._db.execute("SELECT * FROM itip_sent WHERE uid=? ORDER BY id DESC LIMIT 1",
                               (uid,)).fetchone()
        if row is None:
            return None
        return ItipSent(row["uid"], row["method"], int(row["sequence"]),
                        from_db(row["at"]))

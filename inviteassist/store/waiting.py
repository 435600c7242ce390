"""The state file's waiting list: requests that got "my calendar is full".

`WaitingRecords` is mixed into `store.db.Store` and works on its connection. A
request joins the list when its reply could offer no time (with the zone its
times must fit, so the later proposal is planned for the same person), and
leaves it when the proposal is drafted or the request no longer needs one.
The table is created by `store.MIGRATIONS` (version 8).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime

from inviteassist.store.times import from_db, to_db


@dataclass(frozen=True)
class Waiting:
    """A request waiting for a free time, since when, and for which zone."""

    request_id: int
    since: datetime
    requester_zone: str | None
    requester_place: str | None


class WaitingRecords:
    """Store methods about the waiting list; needs the Store's `_db` connection."""

    _db: sqlite3.Connection

    def add_waiting(self, request_id: int, since: datetime, requester_zone: str | None,
                    requester_place: str | None) -> None:
        self._db.execute(
            "INSERT OR IGNORE INTO waiting (request_id, since, requester_zone, "
            "requester_place) VALUES (?, ?, ?, ?)",
            (request_id, to_db(since), requester_zone, requester_place))

    def waiting(self, limit: int = -1) -> list[Waiting]:
        """Requests still waiting, oldest first (the `limit` oldest, if given)."""
        rows = self._db.execute(
            "SELECT request_id, since, requester_zone, requester_place FROM waiting "
            "WHERE left_at IS NULL ORDER BY since, request_id LIMIT ?", (limit,)).fetchall()
        return [Waiting(r["request_id"], from_db(r["since"]),
                        r["requester_zone"], r["requester_place"]) for r in rows]

    def leave_waiting(self, request_id: int, at: datetime, why: str) -> None:
        self._db.execute(
            "UPDATE waiting SET left_at = ?, left_because = ? WHERE request_id = ? "
            "AND left_at IS NULL", (to_db(at), why, request_id))

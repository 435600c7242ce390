"""The state file's calendar side: holds shown in a calendar, calendar problems.

`CalendarRecords` is mixed into `store.db.Store` and works on its connection:
the active holds with their requester's name (what a hold calendar should
show) and the calendar sources that failed or misbehaved (what a summary
should report). The tables are created by `store.MIGRATIONS`.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from inviteassist.errors import OperationalError
from inviteassist.models import CalendarProblem
from inviteassist.store.times import from_db, to_db


class HoldConflict(OperationalError):
    """An option overlaps a time another request already holds."""


@dataclass(frozen=True)
class HeldCall:
    """An active hold with the requester's name, for mirroring into a calendar."""

    uid: str
    start: datetime
    end: datetime
    requester_name: str | None


class CalendarRecords:
    """Store methods about calendars; needs the Store's `_db` connection."""

    _db: sqlite3.Connection

    def held_calls(self, now: datetime) -> list[HeldCall]:
        """The active holds (unreleased, unexpired, not over) with names, by start."""
        rows = self._db.execute(
            "SELECT h.uid, h.start_utc, h.end_utc, h.tz, r.name FROM holds h "
            "JOIN requests r ON r.id = h.request_id WHERE h.released_at IS NULL "
            "AND h.expires_at > ? AND h.end_utc > ? ORDER BY h.start_utc",
            (to_db(now), to_db(now)))
        return [HeldCall(r["uid"], from_db(r["start_utc"]).astimezone(
                    ZoneInfo(r["tz"])),
                         from_db(r["end_utc"]).astimezone(ZoneInfo(r["tz"])),
                         r["name"])
                for r in rows]

    def add_calendar_problem(self, problem: CalendarProblem) -> None:
        self._db.execute(
            "INSERT INTO calendar_problems (at, source, failed, problem) VALUES (?,?,?,?)",
            (to_db(problem.at), problem.source, int(problem.failed), problem.problem))

    def calendar_problems(self, since: datetime) -> list[CalendarProblem]:
        """Problems recorded at or after `since`, oldest first."""
        rows = self._db.execute("SELECT * FROM calendar_problems WHERE at >= ? ORDER BY id",
                                (to_db(since),))
        return [CalendarProblem(from_db(r["at"]), r["source"],
                                bool(r["failed"]), r["problem"]) for r in rows]

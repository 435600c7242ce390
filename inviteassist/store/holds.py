"""Held times (`holds`) and calendar sources that failed (`calendar_problems`).

`HoldRecords` adds, reads, releases, extends and moves holds, and lists the
active ones with their requester's name (what a hold calendar should show);
`CalendarRecords` keeps the calendar sources that failed or misbehaved (what
a summary should report). Both are mixed into `store.db.Store` and work on
its connection.
"""

from __future__ import annotations

import bisect
import sqlite3
from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from inviteassist.errors import OperationalError
from inviteassist.models import (
    CalendarProblem,
    Interval,
    Option,
)
from inviteassist.store.requests import AMONG, id_list
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


class HoldRecords:
    """Held times (`holds`): an offered option is held until it is chosen
    elsewhere, released, moved or expired; two holds never overlap."""

    _db: sqlite3.Connection
    _in_transaction: bool
    # The active holds as last read inside a transaction, for one `now`: the
    # engine drafts every reply of a scan planned around every active hold,
    # and reading them all again for each would make a long scan's planning
    # quadratic. While a transaction lasts no other process can write, so the
    # list is kept up to date by this store's own writes. It outlives the
    # commit: the next transaction uses it only if `PRAGMA data_version` says
    # no other connection has committed since (checked once per transaction);
    # a rollback drops it.
    _active: tuple[str, list[Interval]] | None = None
    _active_version: int = -1  # data_version when `_active` was last known current
    _active_checked: bool = False  # `_active` is known current in this transaction
    # The Interval objects of the last read, reused by the next one: a planner
    # that compares today's holds with those it planned around before then
    # meets the same objects, which compare at once, instead of equal copies.
    _interned: dict[tuple[str, str], Interval]  # set by Store.__init__

    def forget_active_holds(self) -> None:
        """Read the active holds again next time (a write this list does not follow)."""
        self._active = None

    def holds_transaction_ended(self, committed: bool) -> None:
        """The next transaction checks the kept holds again; a rollback drops them."""
        self._active_checked = False
        if not committed:
            self.forget_active_holds()

    def _kept_holds(self, moment: str) -> list[Interval] | None:
        """The kept active holds at `moment`, if no other connection can have changed them."""
        if self._active is None or self._active[0] != moment or not self._in_transaction:
            return None
        if not self._active_checked:
            if self._data_version() != self._active_version:
                self.forget_active_holds()
                return None
            self._active_checked = True
        return self._active[1]

    def _data_version(self) -> int:
        return int(self._db.execute("PRAGMA data_version").fetchone()[0])

    def add_holds(self, request_id: int, options: tuple[Option, ...], tz: str,
                  expires_at: datetime, *, now: datetime | None = None) -> None:
        """Hold `options` for a request. Given `now`, refuses with HoldConflict
        any option overlapping another active hold; inside a transaction this
        check and the insert are one step, so two requests never hold the same
        time, even from two processes."""
        if now is not None:
            clashes = [o.label for o in options if self._db.execute(
                "SELECT 1 FROM holds WHERE released_at IS NULL AND expires_at > ? "
                "AND end_utc > ? AND start_utc < ? AND end_utc > ? LIMIT 1",
                (to_db(now), to_db(now), to_db(o.end), to_db(o.start))).fetchone()]
            if clashes:
                raise HoldConflict(f"option(s) {', '.join(clashes)} overlap a time already "
                                   "held for another request")
        expires = to_db(expires_at)
        rows = [(request_id, o.label, o.uid, to_db(o.start), to_db(o.end), tz, expires)
                for o in options]
        self._db.executemany(
            "INSERT INTO holds (request_id, label, uid, start_utc, end_utc, tz, expires_at) "
            "VALUES (?,?,?,?,?,?,?)", rows)
        if self._active is not None:
            moment, active = self._active
            for option, (*_, start, end, _tz, _expires) in zip(options, rows, strict=True):
                if expires > moment and end > moment:  # where the query's index order puts it
                    held = Interval(option.start.astimezone(UTC), option.end.astimezone(UTC))
                    self._interned[start, end] = held
                    bisect.insort(active, held, key=lambda known: known.end)

    def options(self, request_id: int) -> list[Option]:
        rows = self._db.execute("SELECT * FROM holds WHERE request_id=? ORDER BY label",
                                (request_id,))
        return [_option(r) for r in rows]

    def all_options(self, request_ids: Collection[int] | None = None
                    ) -> dict[int, list[Option]]:
        """Every request's options (or those of `request_ids`), in one query
        (for listings of many requests)."""
        query: str = "SELECT * FROM holds"
        args: tuple[str, ...] = ()
        if request_ids is not None:
            query, args = query + f" WHERE request_id {AMONG}", (id_list(request_ids),)
        grouped: dict[int, list[Option]] = {}
        for row in self._db.execute(query + " ORDER BY request_id, label", args):
            grouped.setdefault(row["request_id"], []).append(_option(row))
        return grouped

    def active_holds(self, now: datetime) -> list[Interval]:
        """Held times still blocking others: unreleased, unexpired, not yet over."""
        moment = to_db(now)
        kept = self._kept_holds(moment)
        if kept is not None:
            return list(kept)
        rows = self._db.execute(
            "SELECT start_utc, end_utc FROM holds WHERE released_at IS NULL "
            "AND expires_at > ? AND end_utc > ?", (moment, moment))
        known, found = self._interned, {}
        for row in rows:
            key = (row["start_utc"], row["end_utc"])
            found[key] = known.get(key) or Interval(from_db(key[0]), from_db(key[1]))
        self._interned = found
        active = list(found.values())
        if self._in_transaction:
            self._active = (moment, active)
            self._active_version, self._active_checked = self._data_version(), True
        return list(active)

    def request_for_option(self, uid: str) -> tuple[int, str] | None:
        """The request and option label a calendar UID was offered for."""
        row = self._db.execute("SELECT request_id, label FROM holds WHERE uid=?",
                               (uid,)).fetchone()
        return (int(row["request_id"]), str(row["label"])) if row else None

    def release_holds(self, request_id: int, at: datetime, cause: str, *,
                      keep_uid: str | None = None, only_uid: str | None = None) -> int:
        """Release a request's active holds (all, all but `keep_uid`, or `only_uid`)."""
        self.forget_active_holds()
        query = ("UPDATE holds SET released_at=?, release_cause=? WHERE request_id=? "
                 "AND released_at IS NULL")
        args: list[object] = [to_db(at), cause, request_id]
        if keep_uid is not None:
            query += " AND uid != ?"
            args.append(keep_uid)
        if only_uid is not None:
            query += " AND uid = ?"
            args.append(only_uid)
        return self._db.execute(query, args).rowcount

    def held_option_uids(self, request_id: int, now: datetime) -> set[str]:
        """UIDs of the request's options still held for it now: not released,
        not expired."""
        rows = self._db.execute("SELECT uid FROM holds WHERE request_id=? AND released_at IS "
                                "NULL AND expires_at > ?", (request_id, to_db(now)))
        return {str(r["uid"]) for r in rows}

    def extend_hold(self, uid: str, until: datetime) -> None:
        """Keep a chosen time held until the call is over."""
        self.forget_active_holds()
        self._db.execute("UPDATE holds SET expires_at=? WHERE uid=?", (to_db(until), uid))

    def move_hold(self, uid: str, start: datetime, end: datetime) -> None:
        """The agreed call moved: its hold (and so the option) takes the new time
        and holds it until the call is over, even if it had been released."""
        self.forget_active_holds()
        self._db.execute("UPDATE holds SET start_utc=?, end_utc=?, expires_at=?, "
                         "released_at=NULL, release_cause=NULL WHERE uid=?",
                         (to_db(start), to_db(end), to_db(end), uid))

    def kept_option_uids(self) -> dict[int, set[str]]:
        """UIDs of each request's options still held, by request: for a
        scheduled request, the agreed time (the others were released when it
        was chosen). One query for every request."""
        kept: dict[int, set[str]] = {}
        for row in self._db.execute("SELECT request_id, uid FROM holds WHERE "
                                    "released_at IS NULL"):
            kept.setdefault(row["request_id"], set()).add(str(row["uid"]))
        return kept

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


def _option(row: sqlite3.Row) -> Option:
    zone = ZoneInfo(row["tz"])
    return Option(row["label"], from_db(row["start_utc"]).astimezone(zone),
                  from_db(row["end_utc"]).astimezone(zone), row["uid"])

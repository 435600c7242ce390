"""The state file's follow-through side: daemon status, outages, threads, holds.

`FollowUpRecords` is mixed into `store.db.Store` and works on its connection.
The tables are created by `store.schema.MIGRATIONS`.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime

from inviteassist.models import Outage
from inviteassist.store.times import from_db, to_db


class FollowUpRecords:
    """Store methods for what happens after a draft; needs the Store's `_db`."""

    _db: sqlite3.Connection

    # -- the daemon's status and outages ----------------------------------------

    def set_status(self, values: dict[str, str]) -> None:
        self._db.executemany("INSERT OR REPLACE INTO daemon_status VALUES (?, ?)",
                             sorted(values.items()))

    def status(self) -> dict[str, str]:
        return {r["key"]: r["value"] for r in self._db.execute("SELECT * FROM daemon_status")}

    def begin_outage(self, kind: str, detail: str, at: datetime) -> None:
        """Note that `kind` started failing, unless an outage of it is already open."""
        if not self._db.execute("SELECT 1 FROM outages WHERE kind=? AND ended_at IS NULL",
                                (kind,)).fetchone():
            self._db.execute("INSERT INTO outages (kind, detail, started_at) VALUES (?,?,?)",
                             (kind, detail, to_db(at)))

    def end_outage(self, kind: str, at: datetime) -> None:
        self._db.execute("UPDATE outages SET ended_at=? WHERE kind=? AND ended_at IS NULL",
                         (to_db(at), kind))

    def outages(self, since: datetime) -> list[Outage]:
        rows = self._db.execute(
            "SELECT * FROM outages WHERE ended_at IS NULL OR ended_at >= ? ORDER BY id",
            (to_db(since),))
        return [Outage(r["kind"], r["detail"], from_db(r["started_at"]),
                       from_db(r["ended_at"]) if r["ended_at"] else None) for r in rows]


    # -- threads: which messages belong to which request ---------------------

    def link_message(self, request_id: int, message_id: str, role: str, at: datetime) -> None:
        self._db.execute("INSERT OR IGNORE INTO request_messages VALUES (?,?,?,?)",
                         (message_id, request_id, role, to_db(at)))

    def request_for_messages(self, message_ids: tuple[str, ...]) -> int | None:
        """The request any of these Message-IDs (a reply's References) belongs to."""
        for message_id in message_ids:
            row = self._db.execute("SELECT request_id FROM request_messages WHERE "
                                   "message_id=? ORDER BY at LIMIT 1", (message_id,)).fetchone()
            if row:
                return int(row["request_id"])
        return None

    def request_for_address(self, address: str) -> int | None:
        row = self._db.execute("SELECT id FROM requests WHERE lower(email)=lower(?) "
                               "ORDER BY id DESC LIMIT 1", (address,)).fetchone()
        return int(row["id"]) if row else None

    def remember_address(self, request_id: int, address: str) -> None:
        """The address the owner's own sent reply went to, for a request that had
        none: later drafts (the nudge) go there too, and replies from it match."""
        self._db.execute("UPDATE requests SET email=? WHERE id=? AND "
                         "(email IS NULL OR email = '')", (address, request_id))

    def requester_addresses(self) -> tuple[str, ...]:
        rows = self._db.execute("SELECT DISTINCT lower(email) AS e FROM requests "
                                "WHERE email IS NOT NULL AND email != ''")
        return tuple(r["e"] for r in rows)

    def request_for_option(self, uid: str) -> tuple[int, str] | None:
        """The request and option label a calendar UID was offered for."""
        row = self._db.execute("SELECT request_id, label FROM holds WHERE uid=?",
                               (uid,)).fetchone()
        return (int(row["request_id"]), str(row["label"])) if row else None

    # -- releasing holds --------------------------------------------------------

    def release_holds(self, request_id: int, at: datetime, cause: str, *,
                      keep_uid: str | None = None, only_uid: str | None = None) -> int:
        """Release a request's active holds (all, all but `keep_uid`, or `only_uid`)."""
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
        self._db.execute("UPDATE holds SET expires_at=? WHERE uid=?", (to_db(until), uid))

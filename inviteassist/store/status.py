"""What the daemon reports to `status` (`daemon_status`) and the outages it lived
through (`outages`).

`StatusRecords` is mixed into `store.db.Store` and works on its connection.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime

from inviteassist.models import (
    Outage,
)
from inviteassist.store.times import from_db, to_db


class StatusRecords:
    _db: sqlite3.Connection

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

"""Which messages belong to which request (`request_messages`: our drafts, the
owner's sent copies, the requester's replies), and the addresses that reach a
requester.

`ThreadRecords` is mixed into `store.db.Store` and works on its connection.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime

from inviteassist.store.times import to_db


class ThreadRecords:
    _db: sqlite3.Connection

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
        # `> ''` skips NULL and empty addresses inside the index on lower(email),
        # so the daemon's idle cycle does not scan years of requests.
        rows = self._db.execute("SELECT DISTINCT lower(email) AS e FROM requests "
                                "WHERE lower(email) > ''")
        return tuple(r["e"] for r in rows)

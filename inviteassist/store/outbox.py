"""Our drafts (`drafts`): the full bytes of each, written before anything leaves
the process, and whether it reached the Drafts folder.

`OutboxRecords` is mixed into `store.db.Store` and works on its connection.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from inviteassist.store.requests import AMONG, id_list
from inviteassist.store.times import from_db, to_db


@dataclass(frozen=True)
class PendingDraft:
    """A draft recorded in the outbox but not yet confirmed in the Drafts folder."""

    id: int
    request_id: int
    message_id: str
    folder: str
    content: bytes
    purpose: str = "reply"


@dataclass(frozen=True)
class DraftRecord:
    request_id: int
    purpose: str
    message_id: str
    folder: str
    appended: bool
    location: str | None


@dataclass(frozen=True)
class UnsentDraft:
    """A draft of ours with no sign of having been sent: no copy in Sent with its
    Message-ID, no sent mail on its request since it was made, not auto-sent."""

    request_id: int
    purpose: str
    message_id: str
    created_at: datetime
    appended: bool


class OutboxRecords:
    _db: sqlite3.Connection

    def add_draft(self, request_id: int, purpose: str, message_id: str, folder: str,
                  content: bytes, at: datetime) -> None:
        self._db.execute(
            "INSERT INTO drafts (request_id, purpose, message_id, folder, content, created_at)"
            " VALUES (?,?,?,?,?,?)", (request_id, purpose, message_id, folder, content,
                                      to_db(at)))

    def pending_drafts(self) -> list[PendingDraft]:
        rows = self._db.execute("SELECT * FROM drafts WHERE appended_at IS NULL ORDER BY id")
        return [PendingDraft(r["id"], r["request_id"], r["message_id"], r["folder"],
                             bytes(r["content"]), r["purpose"]) for r in rows]

    def mark_draft_appended(self, draft_id: int, location: str | None, at: datetime) -> None:
        self._db.execute("UPDATE drafts SET appended_at=?, location=? WHERE id=?",
                         (to_db(at), location, draft_id))

    def unsent_drafts(self) -> list[UnsentDraft]:
        rows = self._db.execute(
            "SELECT request_id, purpose, message_id, created_at, appended_at FROM drafts d "
            "WHERE NOT EXISTS (SELECT 1 FROM seen_messages s "
            "WHERE s.message_id = d.message_id AND s.outcome = 'sent-copy') "
            "AND NOT EXISTS (SELECT 1 FROM request_messages m WHERE m.request_id = "
            "d.request_id AND m.role = 'sent' AND m.at >= d.created_at) "
            "AND NOT EXISTS (SELECT 1 FROM auto_sent a WHERE a.message_id = d.message_id "
            "AND a.stage IN ('sent', 'filed')) ORDER BY d.id")
        return [UnsentDraft(r["request_id"], r["purpose"], r["message_id"],
                            from_db(r["created_at"]), r["appended_at"] is not None) for r in rows]

    def drafts(self, request_id: int | None = None) -> list[DraftRecord]:
        query = "SELECT * FROM drafts" + (" WHERE request_id=?" if request_id else "")
        rows = self._db.execute(query + " ORDER BY id", (request_id,) if request_id else ())
        return [DraftRecord(r["request_id"], r["purpose"], r["message_id"], r["folder"],
                            r["appended_at"] is not None, r["location"]) for r in rows]

    def draft_content(self, request_id: int, purpose: str = "reply") -> bytes | None:
        """The newest draft of `purpose` for a request, as stored in the outbox."""
        return self.draft_contents([request_id], purpose).get(request_id)

    def draft_contents(self, request_ids: Collection[int],
                       purpose: str = "reply") -> dict[int, bytes]:
        """The newest draft of `purpose` of each of `request_ids`, in one query."""
        rows = self._db.execute(
            "SELECT request_id, content FROM drafts d WHERE purpose=? AND id = (SELECT max(id) "
            f"FROM drafts n WHERE n.request_id = d.request_id AND n.purpose = d.purpose) "
            f"AND request_id {AMONG}", (purpose, id_list(request_ids)))
        return {row["request_id"]: bytes(row["content"]) for row in rows}

"""Messages already read: `seen_messages` (one row per message, with what became
of it) and `cursors` (where each folder's reading stopped).

`MessageRecords` is mixed into `store.db.Store` and works on its connection.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from inviteassist.models import (
    MessageRef,
    SpoofedNotice,
    State,
)
from inviteassist.store.requests import AMONG, state_list
from inviteassist.store.times import from_db, to_db


@dataclass(frozen=True)
class SeenRecord:
    ref: MessageRef
    message_id: str | None
    kind: str
    outcome: str
    reason: str
    request_id: int | None = None


class MessageRecords:
    _db: sqlite3.Connection

    if TYPE_CHECKING:  # from Store, which this is mixed into
        def transaction(self) -> AbstractContextManager[None]: ...

    def is_seen(self, ref: MessageRef) -> bool:
        row = self._db.execute(
            "SELECT 1 FROM seen_messages WHERE account=? AND folder=? AND uidvalidity=? "
            "AND uid=?", (ref.account, ref.folder, ref.uidvalidity, ref.uid)).fetchone()
        return row is not None

    def seen_message_id(self, message_id: str) -> bool:
        row = self._db.execute("SELECT 1 FROM seen_messages WHERE message_id=?",
                               (message_id,)).fetchone()
        return row is not None

    def record_seen(self, record: SeenRecord, at: datetime) -> None:
        ref = record.ref
        self._db.execute(
            "INSERT OR REPLACE INTO seen_messages VALUES (?,?,?,?,?,?,?,?,?,?)",
            (ref.account, ref.folder, ref.uidvalidity, ref.uid, record.message_id,
             record.kind, record.outcome, record.reason, record.request_id, to_db(at)))

    def refs_with_outcome(self, outcome: str) -> list[MessageRef]:
        """The messages last recorded with `outcome` (such as "draft-failed")."""
        rows = self._db.execute(
            "SELECT account, folder, uidvalidity, uid FROM seen_messages WHERE outcome=? "
            "ORDER BY processed_at, uid", (outcome,))
        return [MessageRef(r["account"], r["folder"], r["uidvalidity"], r["uid"]) for r in rows]

    def forget_seen(self, ref: MessageRef) -> None:
        """Treat `ref` as never looked at (to process it again)."""
        self._db.execute(
            "DELETE FROM seen_messages WHERE account=? AND folder=? AND uidvalidity=? AND uid=?",
            (ref.account, ref.folder, ref.uidvalidity, ref.uid))

    def seen_records(self) -> list[SeenRecord]:
        rows = self._db.execute("SELECT * FROM seen_messages ORDER BY processed_at, uid")
        return [SeenRecord(MessageRef(r["account"], r["folder"], r["uidvalidity"], r["uid"]),
                           r["message_id"], r["kind"], r["outcome"], r["reason"],
                           r["request_id"]) for r in rows]

    def forget_seen_before(self, before: datetime, open_states: Collection[State],
                           keep_outcome: str, batch: int = 20_000) -> int:
        """Forget messages processed before `before` that belong to no request or
        to one not in `open_states`, except those recorded with `keep_outcome`
        (drafts to retry). In batches, each its own transaction, so that other
        writers wait for one batch at most. Returns how many were forgotten."""
        query = (
            "DELETE FROM seen_messages WHERE rowid IN (SELECT s.rowid FROM seen_messages s "
            "WHERE s.processed_at < ? AND s.outcome != ? AND (s.request_id IS NULL OR "
            f"s.request_id NOT IN (SELECT id FROM requests WHERE state {AMONG})) LIMIT ?)")
        args = (to_db(before), keep_outcome, state_list(open_states), batch)
        forgotten = 0
        while True:
            with self.transaction():
                count = self._db.execute(query, args).rowcount
            forgotten += count
            if count < batch:
                return forgotten

    def cursor(self, account: str, folder: str) -> str | None:
        row = self._db.execute("SELECT value FROM cursors WHERE account=? AND folder=?",
                               (account, folder)).fetchone()
        return str(row["value"]) if row else None

    def set_cursor(self, account: str, folder: str, value: str) -> None:
        self._db.execute("INSERT OR REPLACE INTO cursors VALUES (?,?,?)",
                         (account, folder, value))

    def spoofed_since(self, since: datetime) -> list[SpoofedNotice]:
        rows = self._db.execute(
            "SELECT processed_at, message_id, reason FROM seen_messages WHERE "
            "outcome='spoofed' AND processed_at >= ? ORDER BY processed_at", (to_db(since),))
        return [SpoofedNotice(from_db(r["processed_at"]), r["message_id"], r["reason"])
                for r in rows]

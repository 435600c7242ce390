"""The state file's summary side: summaries sent, answers to them, auto-sends.

`SummaryRecords` is mixed into `store.db.Store` and works on its connection. It
remembers each summary's Message-ID (an owner's reply is recognised by
threading to one of them), every line of such a reply with what became of
it (the next summary confirms them), the drafts sent by SMTP on the owner's
behalf with the stage they reached (for the daily limit and for crash
safety). The tables are created by `store.schema.MIGRATIONS` (version 5).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from inviteassist.models import AnswerRecord
from inviteassist.store.times import from_db, to_db


@dataclass(frozen=True)
class SummaryRecord:
    """One summary delivered: `delivery` says how (smtp, imap-append, maildir)."""

    message_id: str
    period_start: datetime
    sent_at: datetime
    delivery: str
    nothing_new: bool


@dataclass(frozen=True)
class AutoSendRecord:
    """A draft sent by SMTP: `stage` is sending, sent, filed or uncertain."""

    message_id: str
    request_id: int
    draft_id: int
    stage: str
    at: datetime
    location: str | None


class SummaryRecords:
    """Store methods for summaries and auto-send; needs the Store's `_db`."""

    _db: sqlite3.Connection

    # -- summaries and the owner's answers ---------------------------------------

    def record_summary(self, record: SummaryRecord) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO summaries (message_id, period_start, sent_at, delivery, "
            "nothing_new) VALUES (?,?,?,?,?)",
            (record.message_id, to_db(record.period_start), to_db(record.sent_at),
             record.delivery, int(record.nothing_new)))

    def last_summary(self) -> SummaryRecord | None:
        row = self._db.execute("SELECT * FROM summaries ORDER BY sent_at DESC, id DESC "
                               "LIMIT 1").fetchone()
        if row is None:
            return None
        return SummaryRecord(row["message_id"], from_db(row["period_start"]),
                             from_db(row["sent_at"]), row["delivery"], bool(row["nothing_new"]))

    def summary_threaded_to(self, message_ids: Iterable[str]) -> str | None:
        """The Message-ID of our summary among `message_ids` (a reply's In-Reply-To
        and References), or None."""
        for message_id in message_ids:
            row = self._db.execute("SELECT message_id FROM summaries WHERE "
                                   "lower(message_id)=lower(?)", (message_id,)).fetchone()
            if row:
                return str(row["message_id"])
        return None

    def answer_handled(self, reply_message_id: str) -> bool:
        return self._db.execute("SELECT 1 FROM summary_answers WHERE reply_message_id=? "
                                "LIMIT 1", (reply_message_id,)).fetchone() is not None

    def record_answer(self, answer: AnswerRecord) -> None:
        self._db.execute(
            "INSERT INTO summary_answers (reply_message_id, summary_message_id, at, line, "
            "request_id, applied, outcome) VALUES (?,?,?,?,?,?,?)",
            (answer.reply_message_id, answer.summary_message_id, to_db(answer.at), answer.line,
             answer.request_id, int(answer.applied), answer.outcome))

    def answers_since(self, since: datetime) -> list[AnswerRecord]:
        rows = self._db.execute("SELECT * FROM summary_answers WHERE at >= ? ORDER BY id",
                                (to_db(since),))
        return [AnswerRecord(r["reply_message_id"], r["summary_message_id"], from_db(r["at"]),
                             r["line"], r["request_id"], bool(r["applied"]), r["outcome"])
                for r in rows]

    # -- auto-send ----------------------------------------------------------------

    def begin_auto_send(self, record: AutoSendRecord) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO auto_sent (message_id, request_id, draft_id, stage, at, "
            "location) VALUES (?,?,?,?,?,?)",
            (record.message_id, record.request_id, record.draft_id, record.stage,
             to_db(record.at), record.location))

    def set_auto_send_stage(self, message_id: str, stage: str,
                            location: str | None = None) -> None:
        self._db.execute("UPDATE auto_sent SET stage=?, location=coalesce(?, location) "
                         "WHERE message_id=?", (stage, location, message_id))

    def auto_sends(self, *, since: datetime | None = None) -> list[AutoSendRecord]:
        """Auto-sends, oldest first; with `since`, only those begun at or after it."""
        since_text = to_db(since) if since is not None else ""
        rows = self._db.execute("SELECT * FROM auto_sent WHERE at >= ? ORDER BY at, message_id",
                                (since_text,))
        return [AutoSendRecord(r["message_id"], r["request_id"], r["draft_id"], r["stage"],
                               from_db(r["at"]), r["location"]) for r in rows]

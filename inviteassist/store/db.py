"""The state file: SQLite with a schema version and forward migrations.

What it remembers: every message looked at (by mailbox identity and by
Message-ID), requests, the funnel events from which their state derives, the
drafts we prepared (an outbox: stored before they are appended, marked once
they are in the Drafts folder) and the holds on offered times.

All writes for one processed message happen inside one `transaction()`, so a
kill leaves either all of it or none of it. The rest of the program talks to
this module only through `Store`'s methods, which keeps a later move to
another database a matter of one module.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from inviteassist.models import (
    Event,
    Interval,
    MessageRef,
    Option,
    Request,
    Requester,
    State,
)
from inviteassist.store.failures import explain, quick_check, state_file_errors
from inviteassist.store.followthrough import FollowUpRecords
from inviteassist.store.holds import CalendarRecords, HoldConflict
from inviteassist.store.itip import ItipRecords
from inviteassist.store.opening import (
    backup,
    connect_read_only,
    connect_read_write,
    migrate,
    require_current_schema,
)
from inviteassist.store.summaries import SummaryRecords
from inviteassist.store.times import from_db, to_db
from inviteassist.store.waiting import WaitingRecords


@dataclass(frozen=True)
class SeenRecord:
    ref: MessageRef
    message_id: str | None
    kind: str
    outcome: str
    reason: str
    request_id: int | None = None


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


class Store(CalendarRecords, FollowUpRecords, ItipRecords, SummaryRecords,
            WaitingRecords):
    """The state file. Open with `Store.open(path)`; close with `close()`."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self._db = connection
        self.path = path
        self._in_transaction = False

    @classmethod
    def open(cls, path: Path, *, shared_between_threads: bool = False,
             read_only: bool = False) -> Store:
        """Open (creating and migrating as needed). A store shared between
        threads must be used by one thread at a time: the daemon's jobs take
        a lock around every use. `read_only` opens without writing anything,
        so that reading commands work on a file or folder they cannot write.
        Any failure is one `StateFileError` line saying what to do."""
        with state_file_errors(path):
            try:
                db = connect_read_only(path) if read_only else connect_read_write(
                    path, check_same_thread=not shared_between_threads)
            except OSError as exc:
                raise explain(path, exc) from None
            try:
                (require_current_schema if read_only else migrate)(db, path)
            except BaseException:
                db.close()
                raise
            db.row_factory = sqlite3.Row
            return cls(db, path)

    @classmethod
    def open_read_only(cls, path: Path) -> Store:
        """An existing state file for reading, at whatever schema version: never
        created, migrated or written (for `check`, which says when an upgrade
        is due, and for the copy a dry run works on)."""
        with state_file_errors(path):  # mode=ro: a missing file is an error, not created
            db = connect_read_only(path)
            db.row_factory = sqlite3.Row
            return cls(db, path)

    def copy_to(self, path: Path) -> None:
        """A consistent copy of the whole state in a new file at `path`."""
        target = sqlite3.connect(path)
        try:
            self._db.backup(target)
        finally:
            target.close()

    def close(self) -> None:
        self._db.close()

    def backup_to(self, target: Path) -> None:
        """A consistent copy at `target`, safe while another process writes."""
        backup(self._db, self.path, target)

    def quick_check(self) -> list[str]:
        """What `PRAGMA quick_check` finds wrong with the file (empty: sound)."""
        with state_file_errors(self.path):
            return quick_check(self._db)

    def schema_version(self) -> int:
        return int(self._db.execute("SELECT version FROM schema_version").fetchone()[0])

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All-or-nothing: commits on success, rolls back on any exception."""
        if self._in_transaction:
            yield
            return
        self._db.execute("BEGIN IMMEDIATE")
        self._in_transaction = True
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        else:
            self._db.execute("COMMIT")
        finally:
            self._in_transaction = False

    # -- messages -------------------------------------------------------------

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

    def cursor(self, account: str, folder: str) -> str | None:
        row = self._db.execute("SELECT value FROM cursors WHERE account=? AND folder=?",
                               (account, folder)).fetchone()
        return str(row["value"]) if row else None

    def set_cursor(self, account: str, folder: str, value: str) -> None:
        self._db.execute("INSERT OR REPLACE INTO cursors VALUES (?,?,?)",
                         (account, folder, value))

    # -- requests and events --------------------------------------------------

    def find_request(self, network: str, *, invitation_id: str | None,
                     profile_url: str | None, name_key: str | None) -> int | None:
        """The request matching any of the identifying facts, strongest first
        (for follow-through; a new notification uses `find_same_request`)."""
        for column, value in (("invitation_id", invitation_id), ("profile_url", profile_url),
                              ("name_key", name_key)):
            if value:
                row = self._db.execute(
                    f"SELECT id FROM requests WHERE network=? AND {column}=? ORDER BY id",
                    (network, value)).fetchone()
                if row:
                    return int(row["id"])
        return None

    def find_same_request(self, network: str, *, invitation_id: str | None,
                          profile_url: str | None, name_key: str | None, verified: bool,
                          since: datetime) -> int | None:
        """The request this message belongs to (DESIGN section 1, Identity): the
        same invitation id or profile URL; by name only when neither side has
        either, both are verified and the earlier one is not older than `since`.
        A verified message never joins an unverified request."""
        trusted = " AND genuine = 1" if verified else ""
        for column, value in (("invitation_id", invitation_id), ("profile_url", profile_url)):
            if value:
                row = self._db.execute(
                    f"SELECT id FROM requests WHERE network=? AND {column}=?{trusted} "
                    "ORDER BY id", (network, value)).fetchone()
                if row:
                    return int(row["id"])
        if invitation_id or profile_url or not name_key or not verified:
            return None
        row = self._db.execute(
            "SELECT id FROM requests WHERE network=? AND name_key=? AND invitation_id IS NULL "
            "AND profile_url IS NULL AND genuine = 1 AND created_at >= ? ORDER BY id",
            (network, name_key, to_db(since))).fetchone()
        return int(row["id"]) if row else None

    def request_key_taken(self, network: str, key: str) -> bool:
        return self._db.execute("SELECT 1 FROM requests WHERE network=? AND request_key=?",
                                (network, key)).fetchone() is not None

    def add_request(self, request: Request, *, key: str, name_key: str | None) -> int:
        r = request.requester
        cursor = self._db.execute(
            "INSERT INTO requests (network, request_key, invitation_id, profile_url, "
            "name_key, name, email, headline, note, genuine, notification_message_id, "
            "notification_subject, created_at, language, requester_zone, requester_place) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (request.network, key, request.invitation_id, r.profile_url, name_key, r.name,
             r.email, r.headline, request.note,
             None if request.genuine is None else int(request.genuine),
             request.notification_message_id, request.notification_subject,
             to_db(request.created_at), request.language, request.requester_zone,
             request.requester_place))
        return int(cursor.lastrowid or 0)

    def set_requester_zone(self, request_id: int, zone: str | None, place: str | None) -> None:
        """Record the zone a (re)drafted reply assumed for the requester."""
        self._db.execute("UPDATE requests SET requester_zone=?, requester_place=? WHERE id=?",
                         (zone, place, request_id))

    def set_requester_email(self, request_id: int, email: str) -> None:
        """Record an address learnt after the request (a reminder's note)."""
        self._db.execute("UPDATE requests SET email=? WHERE id=?", (email, request_id))

    def add_event(self, event: Event) -> None:
        self._db.execute(
            "INSERT INTO events (request_id, at, state, cause, source_message_id) "
            "VALUES (?,?,?,?,?)",
            (event.request_id, to_db(event.at), event.state.value, event.cause,
             event.source_message_id))

    def events(self, request_id: int) -> list[Event]:
        rows = self._db.execute("SELECT * FROM events WHERE request_id=? ORDER BY id",
                                (request_id,))
        return [Event(r["request_id"], from_db(r["at"]), State(r["state"]), r["cause"],
                      r["source_message_id"]) for r in rows]

    def requests_changed_after(self, event_id: int) -> tuple[int, set[int]]:
        """The highest event id now, and the requests with an event after
        `event_id`: what changed since a caller last looked, from any process."""
        rows = self._db.execute("SELECT id, request_id FROM events WHERE id > ?",
                                (event_id,)).fetchall()
        return (max((row["id"] for row in rows), default=event_id),
                {row["request_id"] for row in rows})

    _REQUESTS = ("SELECT r.*, (SELECT state FROM events e WHERE e.request_id = r.id "
                 "ORDER BY e.id DESC LIMIT 1) AS state FROM requests r")

    def requests(self) -> list[Request]:
        rows = self._db.execute(self._REQUESTS + " ORDER BY r.id").fetchall()
        return [self._request_from_row(row) for row in rows]

    def request(self, request_id: int) -> Request | None:
        """One request; called per message, so it reads that row alone."""
        row = self._db.execute(self._REQUESTS + " WHERE r.id = ?", (request_id,)).fetchone()
        return self._request_from_row(row) if row else None

    def _request_from_row(self, row: sqlite3.Row) -> Request:
        genuine = row["genuine"]
        return Request(
            id=row["id"], network=row["network"], key=row["request_key"],
            requester=Requester(row["name"], row["email"], row["headline"],
                                row["profile_url"]),
            invitation_id=row["invitation_id"], note=row["note"],
            genuine=None if genuine is None else bool(genuine),
            notification_message_id=row["notification_message_id"],
            notification_subject=row["notification_subject"],
            created_at=from_db(row["created_at"]),
            state=State(row["state"]) if row["state"] else State.DETECTED,
            options=tuple(self.options(row["id"])), language=row["language"],
            requester_zone=row["requester_zone"], requester_place=row["requester_place"])

    # -- holds ----------------------------------------------------------------

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
        self._db.executemany(
            "INSERT INTO holds (request_id, label, uid, start_utc, end_utc, tz, expires_at) "
            "VALUES (?,?,?,?,?,?,?)",
            [(request_id, o.label, o.uid, to_db(o.start), to_db(o.end), tz, to_db(expires_at))
             for o in options])

    def options(self, request_id: int) -> list[Option]:
        rows = self._db.execute("SELECT * FROM holds WHERE request_id=? ORDER BY label",
                                (request_id,))
        return [Option(r["label"], from_db(r["start_utc"]).astimezone(ZoneInfo(r["tz"])),
                       from_db(r["end_utc"]).astimezone(ZoneInfo(r["tz"])), r["uid"])
                for r in rows]

    def active_holds(self, now: datetime) -> list[Interval]:
        """Held times still blocking others: unreleased, unexpired, not yet over."""
        rows = self._db.execute(
            "SELECT start_utc, end_utc FROM holds WHERE released_at IS NULL "
            "AND expires_at > ? AND end_utc > ?", (to_db(now), to_db(now)))
        return [Interval(from_db(r["start_utc"]), from_db(r["end_utc"])) for r in rows]

    # -- drafts (the outbox) --------------------------------------------------

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
            "SELECT * FROM drafts d WHERE NOT EXISTS (SELECT 1 FROM seen_messages s "
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

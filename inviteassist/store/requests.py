"""Requests and their history: `requests` (one row per person and network) and
`events` (every state change; the state is the latest event's).

`RequestRecords` is mixed into `store.db.Store` and works on its connection.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection
from datetime import datetime
from typing import TYPE_CHECKING, Any

from inviteassist.models import (
    Event,
    Option,
    Request,
    Requester,
    State,
)
from inviteassist.store.history import STATES, EventRow, StoredHistory, event_from_row
from inviteassist.store.times import from_db, to_db

# Rows of the listed requests only: `?` is a JSON array of their ids.
AMONG = "IN (SELECT value FROM json_each(?))"


def id_list(request_ids: Collection[int]) -> str:
    """The parameter for `AMONG`: request ids."""
    return json.dumps(sorted(request_ids))


def state_list(states: Collection[State]) -> str:
    """The parameter for `AMONG`: states."""
    return json.dumps(sorted(state.value for state in states))


class RequestRecords:
    _db: sqlite3.Connection
    # Every request; its `state` column is its latest event's (a trigger keeps it).
    # The columns in `_request_from_row`'s order, read as plain tuples.
    _REQUESTS = ("SELECT r.id, network, request_key, name, email, headline, profile_url, "
                 "invitation_id, note, genuine, notification_message_id, "
                 "notification_subject, created_at, state, language, requester_zone, "
                 "requester_place FROM requests r")

    if TYPE_CHECKING:  # from HoldRecords, beside it in Store
        def options(self, request_id: int) -> list[Option]: ...
        def all_options(self, request_ids: Collection[int] | None = None
                        ) -> dict[int, list[Option]]: ...

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

    _EVENTS = "SELECT request_id, at, state, cause, source_message_id FROM events"

    def events(self, request_id: int) -> list[Event]:
        rows = self._tuples().execute(self._EVENTS + " WHERE request_id=? ORDER BY id",
                                      (request_id,))
        return [event_from_row(row) for row in rows]

    def all_events(self, request_ids: Collection[int] | None = None) -> dict[int, list[Event]]:
        """Every request's events (or those of `request_ids`), oldest first, in
        one query: listings would otherwise ask once per request. The cost of
        years of history is mostly the Event objects (see `histories`)."""
        return {request_id: [event_from_row(row) for row in rows]
                for request_id, rows in self._event_rows(request_ids).items()}

    def histories(self, request_ids: Collection[int] | None = None) -> dict[int, StoredHistory]:
        """`all_events` as stored rows, each made an Event when read (see
        `store.history`): for listings that show every row."""
        return {request_id: StoredHistory(rows)
                for request_id, rows in self._event_rows(request_ids).items()}

    def _event_rows(self, request_ids: Collection[int] | None) -> dict[int, list[EventRow]]:
        """The `events` rows of every request (or of `request_ids`), oldest first."""
        query = self._EVENTS
        args: tuple[str, ...] = ()
        if request_ids is not None:
            query, args = query + f" WHERE request_id {AMONG}", (id_list(request_ids),)
        grouped: dict[int, list[EventRow]] = {}
        for row in self._tuples().execute(query + " ORDER BY id", args):
            rows = grouped.get(row[0])
            if rows is None:
                rows = grouped[row[0]] = []
            rows.append(row)
        return grouped

    def last_event_id(self) -> int:
        """The highest event id now (0 before any event)."""
        return int(self._db.execute("SELECT coalesce(max(id), 0) FROM events").fetchone()[0])

    def requests_changed_after(self, event_id: int) -> tuple[int, set[int]]:
        """The highest event id now, and the requests with an event after
        `event_id`: what changed since a caller last looked, from any process."""
        rows = self._db.execute("SELECT id, request_id FROM events WHERE id > ?",
                                (event_id,)).fetchall()
        return (max((row["id"] for row in rows), default=event_id),
                {row["request_id"] for row in rows})

    def requests(self, *, states: Collection[State] | None = None,
                 moved_since: datetime | None = None) -> list[Request]:
        """Every request, or those in one of `states`, or (with `moved_since`)
        those with an event or created at or after it: a superset of those
        whose state began then. Their options are read with one query."""
        conditions, args = [], []
        if states is not None:
            conditions.append(f"r.state {AMONG}")
            args.append(state_list(states))
        if moved_since is not None:
            conditions.append("(r.created_at >= ? OR r.id IN "
                              "(SELECT request_id FROM events WHERE at >= ?))")
            args += [to_db(moved_since)] * 2
        where = f" WHERE {' AND '.join(conditions)}" if conditions else ""
        rows = self._tuples().execute(self._REQUESTS + where + " ORDER BY r.id",
                                      args).fetchall()
        options = self.all_options([row[0] for row in rows] if conditions else None)
        return [self._request_from_row(row, options.get(row[0], [])) for row in rows]

    def state_counts(self) -> dict[State, int]:
        """How many requests are in each state."""
        return {State(row["state"]): row["n"] for row in self._db.execute(
            "SELECT state, count(*) AS n FROM requests GROUP BY state")}

    def request(self, request_id: int) -> Request | None:
        """One request; called per message, so it reads that row alone."""
        row = self._tuples().execute(self._REQUESTS + " WHERE r.id = ?",
                                     (request_id,)).fetchone()
        return self._request_from_row(row, self.options(request_id)) if row else None

    def _tuples(self) -> sqlite3.Cursor:
        """A cursor whose rows are plain tuples: listings read 20,000 requests
        or 200,000 events, and a `sqlite3.Row` looked up by name costs more."""
        cursor = self._db.cursor()
        cursor.row_factory = None
        return cursor

    @staticmethod
    def _request_from_row(row: tuple[Any, ...], options: list[Option]) -> Request:
        (request_id, network, key, name, email, headline, profile_url, invitation_id, note,
         genuine, message_id, subject, created_at, state, language, zone, place) = row
        return Request(
            id=request_id, network=network, key=key,
            requester=Requester(name, email, headline, profile_url),
            invitation_id=invitation_id, note=note,
            genuine=None if genuine is None else bool(genuine),
            notification_message_id=message_id, notification_subject=subject,
            created_at=from_db(created_at), state=STATES[state], options=tuple(options),
            language=language, requester_zone=zone, requester_place=place)


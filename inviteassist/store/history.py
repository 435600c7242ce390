"""One request's history as the state file holds it (`events` rows, oldest
first): the rows as stored, for a listing to show as they are, and the
`Event`s the funnel's rules read, each made when first read.

A listing of years of history shows 200,000 rows, but its rules read only the
last few of each request (`funnel.rules.entered`, `draft_failure`): making an
`Event` (a frozen dataclass, its moment parsed) of every row cost a sixth of
`report`. A stored `at` is the text `store.times.to_db` wrote, so it is
already what `from_db(at).isoformat()` would give back.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import overload

from inviteassist.models import Event, State
from inviteassist.store.times import from_db

STATES = {state.value: state for state in State}
# One `events` row: request_id, at, state, cause, source_message_id.
EventRow = tuple[int, str, str, str, str | None]


def event_from_row(row: EventRow) -> Event:
    request_id, at, state, cause, message_id = row
    return Event(request_id, from_db(at), STATES[state], cause, message_id)


class StoredHistory(Sequence[Event]):
    """A request's events, read-only; `rows` are the same events as stored."""

    __slots__ = ("_events", "rows")

    def __init__(self, rows: list[EventRow]) -> None:
        self.rows = rows
        self._events: list[Event | None] = [None] * len(rows)

    def __len__(self) -> int:
        return len(self.rows)

    @overload
    def __getitem__(self, index: int) -> Event: ...

    @overload
    def __getitem__(self, index: slice) -> list[Event]: ...

    def __getitem__(self, index: int | slice) -> Event | list[Event]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self.rows)))]
        event = self._events[index]
        if event is None:
            event = self._events[index] = event_from_row(self.rows[index])
        return event


"""The owner's own facts about a request: `mark ID spoke|no-show|...`.

A mark is an event like any other (the state is derived from events), with
the owner as its cause. Marks come from the command line and from replies
to the summary; both go through `apply_mark`, so they behave the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from inviteassist.errors import UserError
from inviteassist.funnel.marks import CLOSING, MARKS, mark_words
from inviteassist.models import Event, State
from inviteassist.store.db import Store


@dataclass(frozen=True)
class MarkResult:
    request_id: int
    previous: State
    state: State
    released_holds: int


def parse_mark(word: str) -> State:
    state = State.from_word(word)
    if state not in MARKS:
        raise UserError(f"unknown mark {word!r}", fix=f"use one of: {mark_words()}")
    return state


def apply_mark(store: Store, request_id: int, word: str, at: datetime, *,
               note: str | None = None, source: str = "owner") -> MarkResult:
    """Record the owner's fact as an event; closing marks release the holds."""
    state = parse_mark(word)
    request = store.request(request_id)
    if request is None:
        raise UserError(f"no request {request_id}", fix="see `inviteassist report` for ids")
    cause = f"marked {state.value} by the {source}" + (f": {note}" if note else "")
    with store.transaction():
        store.add_event(Event(request_id, at, state, cause))
        released = (store.release_holds(request_id, at, f"marked {state.value}")
                    if state in CLOSING else 0)
    return MarkResult(request_id, request.state, state, released)

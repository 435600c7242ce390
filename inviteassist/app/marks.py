"""The owner's own facts about a request: `mark ID spoke|no-show|...`.

A mark is an event like any other (the state is derived from events), with
the owner as its cause. Marks come from the command line and from replies
to the summary; both go through `apply_mark`, so they behave the same.
Given a `CalendarMail`, the marks that change the call draft its calendar
message: `reschedule` a REQUEST at the new time (SEQUENCE raised), `cancel`,
`ignored` and `no-show` a CANCEL for the agreed time.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from inviteassist.app.calendaring import CalendarMail
from inviteassist.errors import UserError
from inviteassist.funnel.marks import CANCELLING, CLOSING, MARKS
from inviteassist.funnel.rules import COUNTER, scheduled_option
from inviteassist.models import Event, Request, State
from inviteassist.store.db import Store


@dataclass(frozen=True)
class MarkResult:
    request_id: int
    previous: State
    state: State
    released_holds: int
    calendar_drafts: int = 0


def parse_mark(word: str) -> State:
    state = MARKS.get(word.strip().lower())
    if state is None:
        raise UserError(f"unknown mark {word!r}",
                        fix="use one of: sent, spoke, no-show, connected, ignored, "
                            "reschedule, cancel")
    return state


def apply_mark(store: Store, request_id: int, word: str, at: datetime, *,
               note: str | None = None, source: str = "owner",
               calendar: CalendarMail | None = None,
               new_start: datetime | None = None) -> MarkResult:
    """Record the owner's fact as an event; closing marks release the holds.
    `reschedule` moves the call to `new_start` (default: the requester's
    latest counter-proposal)."""
    state = parse_mark(word)
    request = store.request(request_id)
    if request is None:
        raise UserError(f"no request {request_id}", fix="see `inviteassist report` for ids")
    if word.strip().lower() == "reschedule":
        return _reschedule(store, request, at, note, source, calendar, new_start)
    cause = f"marked {state.value} by the {source}" + (f": {note}" if note else "")
    if word.strip().lower() == "cancel":
        cause = f"call cancelled by the {source}" + (f": {note}" if note else "")
    with store.transaction():
        store.add_event(Event(request_id, at, state, cause))
        released = (store.release_holds(request_id, at, f"marked {state.value}")
                    if state in CLOSING else 0)
        drafts = 0
        if calendar is not None and state in CANCELLING:
            drafts = calendar.closed(request, at)
    return MarkResult(request_id, request.state, state, released, drafts)


def _reschedule(store: Store, request: Request, at: datetime, note: str | None, source: str,
                calendar: CalendarMail | None, new_start: datetime | None) -> MarkResult:
    events = store.events(request.id)
    agreed = scheduled_option(request, events) if request.state is State.SCHEDULED else None
    option = agreed or (request.options[0] if request.options else None)
    start = new_start or latest_counter(events)
    if option is None or start is None:
        raise UserError(f"request {request.id} has no call to move" if option is None
                        else f"request {request.id} has no counter-proposal to agree to",
                        fix="give the new time: mark ID reschedule --at 2026-12-01T10:00")
    if start <= at:
        raise UserError(f"the new time {start.isoformat()} has already passed",
                        fix="give a time to come: mark ID reschedule --at 2026-12-01T10:00")
    moved = replace(option, start=start, end=start + (option.end - option.start))
    cause = (f"rescheduled option {option.label}: {start.isoformat()} by the {source}"
             + (f": {note}" if note else ""))
    with store.transaction():
        store.add_event(Event(request.id, at, State.SCHEDULED, cause))
        store.move_hold(option.uid, moved.start, moved.end)
        released = store.release_holds(request.id, at, "another time was agreed",
                                       keep_uid=option.uid)
        drafts = 0
        if calendar is not None:
            drafts = (calendar.rescheduled(request, moved, at) if agreed is not None
                      else calendar.agreed(request, moved, at, None, accepted=False))
    return MarkResult(request.id, request.state, State.SCHEDULED, released, drafts)


def latest_counter(events: list[Event]) -> datetime | None:
    """The time of the requester's latest counter-proposal, from its event."""
    for event in reversed(events):
        if event.cause.startswith(COUNTER):
            try:
                return datetime.fromisoformat(event.cause.split()[1])
            except (IndexError, ValueError):
                return None
    return None

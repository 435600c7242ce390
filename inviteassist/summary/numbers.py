"""The summary's numbers: how many requests, and how many followed through.

For a set of requests (those that arrived in the period, or all of them),
counted from each request's event history rather than its latest state
alone, so that a request that replied and later went quiet still counts as
having replied:

- sent: the owner's reply went out (the request reached `sent` or any state
  after it);
- replied / scheduled: the requester answered / a time was agreed;
- silent: the request is silent now;
- rates are shares of the sent requests; the median time to reply runs from
  the first `sent` event to the first answer after it.

Broken down by network and by requester category as well. Pure: records in,
frozen numbers out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from statistics import median
from typing import Protocol

from inviteassist.models import Event, Request, State

SENT_OR_LATER = frozenset({State.SENT, State.REPLIED, State.SCHEDULED, State.SPOKE,
                           State.CONNECTED, State.SILENT, State.STALLED, State.NO_SHOW})
ANSWERED = frozenset({State.REPLIED, State.SCHEDULED, State.SPOKE, State.CONNECTED,
                      State.STALLED, State.NO_SHOW})
AGREED = frozenset({State.SCHEDULED, State.SPOKE, State.CONNECTED, State.NO_SHOW})


class History(Protocol):
    """What the numbers need of a request: itself, its events and its category."""

    @property
    def request(self) -> Request: ...
    @property
    def events(self) -> tuple[Event, ...]: ...
    @property
    def category(self) -> str: ...


@dataclass(frozen=True)
class Rates:
    """Counts for one set of requests; the rates are shares of `sent`."""

    requests: int
    sent: int
    replied: int
    scheduled: int
    silent: int
    reply_rate: float | None
    scheduled_rate: float | None
    silence_rate: float | None
    median_reply_hours: float | None

    @property
    def reply_percent(self) -> str:
        return percent(self.reply_rate)

    @property
    def scheduled_percent(self) -> str:
        return percent(self.scheduled_rate)

    @property
    def silence_percent(self) -> str:
        return percent(self.silence_rate)

    @property
    def median_reply(self) -> str:
        return duration_text(self.median_reply_hours)


@dataclass(frozen=True)
class Group:
    """One row of a breakdown: a network or a category, this period and all time."""

    label: str
    period: Rates
    all_time: Rates


@dataclass(frozen=True)
class Numbers:
    period: Rates
    all_time: Rates
    by_network: tuple[Group, ...]
    by_category: tuple[Group, ...]

    @property
    def rows(self) -> tuple[tuple[str, str, str], ...]:
        """(what, this period, all time) as text, for a two-column table."""
        p, a = self.period, self.all_time
        return (("requests", str(p.requests), str(a.requests)),
                ("replies sent", str(p.sent), str(a.sent)),
                ("answered, of sent", p.reply_percent, a.reply_percent),
                ("scheduled, of sent", p.scheduled_percent, a.scheduled_percent),
                ("silent, of sent", p.silence_percent, a.silence_percent),
                ("median time to reply", p.median_reply, a.median_reply))


def percent(share: float | None) -> str:
    """`62%`, or an en dash when there is nothing to divide by."""
    return "–" if share is None else f"{round(share * 100)}%"


def duration_text(hours: float | None) -> str:
    """`45 min`, `5 h`, `2.5 days`, or an en dash."""
    if hours is None:
        return "–"
    if hours < 1:
        return f"{max(1, round(hours * 60))} min"
    if hours < 48:
        return f"{round(hours)} h"
    days = hours / 24
    return f"{days:.1f} days".replace(".0 days", " days")


def _first(events: Iterable[Event], states: frozenset[State],
           after: datetime | None = None) -> Event | None:
    return next((e for e in events if e.state in states and (after is None or e.at >= after)),
                None)


def reply_delay(events: Sequence[Event]) -> timedelta | None:
    """From the first `sent` to the first answer after it, when both happened."""
    sent = _first(events, frozenset({State.SENT}))
    if sent is None:
        return None
    answer = _first(events, ANSWERED, after=sent.at)
    return None if answer is None else answer.at - sent.at


def rates_of(histories: Sequence[History]) -> Rates:
    def reached(history: History, states: frozenset[State]) -> bool:
        return any(e.state in states for e in history.events)

    sent = [h for h in histories if reached(h, SENT_OR_LATER)]
    replied = sum(1 for h in sent if reached(h, ANSWERED))
    scheduled = sum(1 for h in sent if reached(h, AGREED))
    silent = sum(1 for h in sent if h.request.state is State.SILENT)
    delays = [d for d in (reply_delay(h.events) for h in sent) if d is not None]

    def share(count: int) -> float | None:
        return count / len(sent) if sent else None

    return Rates(
        requests=len(histories), sent=len(sent), replied=replied, scheduled=scheduled,
        silent=silent, reply_rate=share(replied), scheduled_rate=share(scheduled),
        silence_rate=share(silent),
        median_reply_hours=(median(d.total_seconds() for d in delays) / 3600
                            if delays else None))


def _groups(histories: Sequence[History], in_period: Callable[[History], bool],
            key: Callable[[History], str]) -> tuple[Group, ...]:
    labels = sorted({key(h) for h in histories})
    rows = []
    for label in labels:
        members = [h for h in histories if key(h) == label]
        rows.append(Group(label, rates_of([h for h in members if in_period(h)]),
                          rates_of(members)))
    return tuple(sorted(rows, key=lambda g: (-g.all_time.requests, g.label)))


def build_numbers(histories: Sequence[History], since: datetime, now: datetime,
                  network_name: Callable[[str], str]) -> Numbers:
    """The numbers for requests that arrived in [since, now), and for all of them."""
    known = [h for h in histories if h.request.created_at < now]

    def in_period(history: History) -> bool:
        return since <= history.request.created_at < now

    return Numbers(
        period=rates_of([h for h in known if in_period(h)]),
        all_time=rates_of(known),
        by_network=_groups(known, in_period, lambda h: network_name(h.request.network)),
        by_category=_groups(known, in_period, lambda h: h.category))

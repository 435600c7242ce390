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


@dataclass(frozen=True)
class _Reached:
    """What one request's history counts for, read once however many sets
    (period, all time, each network, each category) it is counted in."""

    sent: bool
    answered: bool
    agreed: bool
    silent: bool
    delay: timedelta | None


def _reached(history: History) -> _Reached:
    states = {e.state for e in history.events}
    sent = not states.isdisjoint(SENT_OR_LATER)
    return _Reached(sent, sent and not states.isdisjoint(ANSWERED),
                    sent and not states.isdisjoint(AGREED),
                    sent and history.request.state is State.SILENT,
                    reply_delay(history.events) if sent else None)


def _rates(reached: Sequence[_Reached]) -> Rates:
    sent = [r for r in reached if r.sent]
    delays = [r.delay for r in sent if r.delay is not None]

    def share(count: int) -> float | None:
        return count / len(sent) if sent else None

    replied, scheduled, silent = (sum(1 for r in sent if r.answered),
                                  sum(1 for r in sent if r.agreed),
                                  sum(1 for r in sent if r.silent))
    return Rates(
        requests=len(reached), sent=len(sent), replied=replied, scheduled=scheduled,
        silent=silent, reply_rate=share(replied), scheduled_rate=share(scheduled),
        silence_rate=share(silent),
        median_reply_hours=(median(d.total_seconds() for d in delays) / 3600
                            if delays else None))


def rates_of(histories: Sequence[History]) -> Rates:
    return _rates([_reached(h) for h in histories])


def _groups(members: Sequence[tuple[History, _Reached]], in_period: Callable[[History], bool],
            key: Callable[[History], str]) -> tuple[Group, ...]:
    grouped: dict[str, list[tuple[History, _Reached]]] = {}
    for member in members:
        grouped.setdefault(key(member[0]), []).append(member)
    rows = [Group(label, _rates([r for h, r in group if in_period(h)]),
                  _rates([r for _, r in group])) for label, group in grouped.items()]
    return tuple(sorted(rows, key=lambda g: (-g.all_time.requests, g.label)))


def build_numbers(histories: Sequence[History], since: datetime, now: datetime,
                  network_name: Callable[[str], str]) -> Numbers:
    """The numbers for requests that arrived in [since, now), and for all of them."""
    known = [(h, _reached(h)) for h in histories if h.request.created_at < now]

    def in_period(history: History) -> bool:
        return since <= history.request.created_at < now

    return Numbers(
        period=_rates([r for h, r in known if in_period(h)]),
        all_time=_rates([r for _, r in known]),
        by_network=_groups(known, in_period, lambda h: network_name(h.request.network)),
        by_category=_groups(known, in_period, lambda h: h.category))

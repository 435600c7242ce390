"""The follow-through summary as data: state in, a frozen `Summary` out.

Given every request with its history, and what else went wrong, for a period
[since, now), `build_summary` says what a good assistant would tell the
owner: what waits for them (drafts not yet sent, counter-proposals, calls to
confirm), who followed through, who went silent, stalled or did not show,
the numbers, the warnings, and which answers to the last summary were
applied. The templates `summary.txt.j2` and `summary.html.j2` render it;
times are already written out in the owner's zone. Pure: no clock, no I/O.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from inviteassist.detect.networks.pages import INVITATION_PAGES, network_name
from inviteassist.funnel.rules import draft_failure, entered, transitions
from inviteassist.models import (
    AnswerRecord,
    CalendarProblem,
    Event,
    Option,
    Outage,
    Owner,
    Request,
    SpoofedNotice,
    State,
)
from inviteassist.schedule.timefmt import load_zone, short_day, zone_label
from inviteassist.summary.limits import MAX_LISTED_ITEMS
from inviteassist.summary.numbers import Numbers, build_numbers, duration_text

FOLLOWED = (State.REPLIED, State.SCHEDULED, State.SPOKE, State.CONNECTED)
DROPPED = (State.SILENT, State.STALLED, State.NO_SHOW)
COUNTER_CAUSE = "counter-proposal"
MAX_LISTED_WARNINGS = 5
MAX_PASTE_LINES = 6    # of a draft quoted in the summary; the whole one is in Drafts
_COUNTER_TIME = re.compile(rf"^{COUNTER_CAUSE}:\s*(?P<when>\S+)(?P<rest>.*)$")


@dataclass(frozen=True)
class RequestRecord:
    """One request as the summary needs it: history, category, the agreed time
    (scheduled requests), the reply's text ready to paste (no address) and
    its drafts still waiting in Drafts (purpose, when drafted)."""

    request: Request
    events: tuple[Event, ...]
    category: str
    chosen: Option | None = None
    paste_text: str | None = None
    waiting_since: datetime | None = None  # told "my calendar is full", waits for a time
    unsent: tuple[tuple[str, datetime], ...] = ()  # drafts in Drafts: (purpose, when)


@dataclass(frozen=True)
class SummaryInput:
    owner: Owner
    since: datetime
    now: datetime
    requests: tuple[RequestRecord, ...]
    spoofed: tuple[SpoofedNotice, ...] = ()
    calendar_problems: tuple[CalendarProblem, ...] = ()
    outages: tuple[Outage, ...] = ()
    answers: tuple[AnswerRecord, ...] = ()


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    network: str
    headline: str | None
    email: str | None
    category: str


@dataclass(frozen=True)
class WaitingDraft:
    person: Person
    drafted: str
    paste_text: str | None
    profile_url: str | None
    invitations_url: str | None
    unverified: bool
    purpose: str = "reply"  # or nudge, confirmation
    paste_more: int = 0     # lines of paste_text left out


@dataclass(frozen=True)
class CounterProposal:
    person: Person
    at: str
    detail: str


@dataclass(frozen=True)
class CallCheck:
    person: Person
    when: str


@dataclass(frozen=True)
class Progress:
    """Someone who followed through in the period: their furthest step in it."""

    person: Person
    state: str
    at: str
    when: str | None


@dataclass(frozen=True)
class Dropout:
    person: Person
    state: str
    since: str
    offered: tuple[str, ...]


@dataclass(frozen=True)
class Notice:
    kind: str
    text: str


@dataclass(frozen=True)
class Confirmation:
    line: str
    applied: bool
    outcome: str
    at: str


@dataclass(frozen=True)
class LeftOut:
    """How many items each list leaves out beyond MAX_LISTED_ITEMS."""

    drafts: int = 0
    counters: int = 0
    calls: int = 0
    followed: int = 0
    dropped: int = 0

    def __bool__(self) -> bool:
        return any((self.drafts, self.counters, self.calls, self.followed, self.dropped))


@dataclass(frozen=True)
class Summary:
    owner_name: str
    timezone: str
    since: datetime
    now: datetime
    period: str
    headline: str
    nothing_new: bool
    drafts: tuple[WaitingDraft, ...]
    counters: tuple[CounterProposal, ...]
    calls: tuple[CallCheck, ...]
    followed: tuple[Progress, ...]
    dropped: tuple[Dropout, ...]
    numbers: Numbers
    warnings: tuple[Notice, ...]
    answers: tuple[Confirmation, ...]
    left_out: LeftOut = LeftOut()

    @property
    def waiting(self) -> int:
        return (len(self.drafts) + len(self.counters) + len(self.calls) + self.left_out.drafts
                + self.left_out.counters + self.left_out.calls)


def short_when(moment: datetime, timezone: str) -> str:
    """`Tue 1 Dec, 10:00` in `timezone`: short enough for a phone."""
    local = moment.astimezone(load_zone(timezone))
    return f"{short_day(local)}, {local:%H:%M}"


def option_text(option: Option, timezone: str) -> str:
    """`Tue 1 Dec, 10:00–10:30 CET`."""
    end = option.end.astimezone(load_zone(timezone))
    return f"{short_when(option.start, timezone)}–{end:%H:%M} {zone_label(end)}"


def _person(record: RequestRecord) -> Person:
    r = record.request
    return Person(r.id, r.requester.name or f"someone on {network_name(r.network)}",
                  network_name(r.network), r.requester.headline, r.requester.email,
                  record.category)


def web_link(url: str | None) -> str | None:
    """`url` when it is an http(s) address (a link in the HTML), else None: a
    profile URL comes from a stranger's mail and must not be `javascript:`."""
    return url if url and url.lower().startswith(("https://", "http://")) else None


def counter_text(cause: str, timezone: str) -> str:
    """`counter-proposal: 2026-12-03T15:00:00+01:00 (free in your calendar)` ->
    `proposes Thu 3 Dec, 15:00 (free in your calendar)`; other wording as is."""
    match = _COUNTER_TIME.match(cause)
    if match is None:
        return cause
    try:
        moment = datetime.fromisoformat(match["when"])
    except ValueError:
        return cause
    return f"proposes {short_when(moment, timezone)}{match['rest']}"


def _in(moment: datetime, data: SummaryInput) -> bool:
    return data.since <= moment < data.now


def _waiting_drafts(data: SummaryInput, tz: str) -> tuple[WaitingDraft, ...]:
    """Every draft of ours still waiting in Drafts; a drafted request's reply
    waits by definition, whether or not the record lists it."""
    found = []
    for record in data.requests:
        r = record.request
        waiting = list(record.unsent)
        if r.state is State.DRAFTED and not any(p == "reply" for p, _ in waiting):
            since = entered(record.events)
            waiting.insert(0, ("reply", since.at if since else r.created_at))
        for purpose, drafted in waiting:
            paste = purpose == "reply" and not r.requester.email
            lines = (record.paste_text or "").splitlines() if paste else []
            found.append(WaitingDraft(
                _person(record), short_when(drafted, tz),
                "\n".join(lines[:MAX_PASTE_LINES]) or None, web_link(r.requester.profile_url),
                INVITATION_PAGES.get(r.network) if paste else None, r.genuine is None,
                purpose, max(0, len(lines) - MAX_PASTE_LINES)))
    return tuple(found)


def _counters(data: SummaryInput, tz: str) -> tuple[CounterProposal, ...]:
    """Requests still at `replied` whose latest answer proposed another time."""
    found = []
    for record in data.requests:
        since = entered(record.events)
        if record.request.state is not State.REPLIED or since is None:
            continue
        counters = [e for e in record.events if e.at >= since.at
                    and e.cause.lower().startswith(COUNTER_CAUSE)]
        if counters:
            found.append(CounterProposal(_person(record), short_when(counters[-1].at, tz),
                                         counter_text(counters[-1].cause, tz)))
    return tuple(found)


def _calls(data: SummaryInput, tz: str) -> tuple[CallCheck, ...]:
    return tuple(CallCheck(_person(record), option_text(record.chosen, tz))
                 for record in data.requests
                 if record.request.state is State.SCHEDULED and record.chosen is not None
                 and record.chosen.end <= data.now)


def _followed(data: SummaryInput, tz: str) -> tuple[Progress, ...]:
    found: list[tuple[datetime, Progress]] = []
    for record in data.requests:
        steps = [e for e in transitions(record.events)
                 if e.state in FOLLOWED and _in(e.at, data)]
        if not steps:
            continue
        furthest = max(steps, key=lambda e: (FOLLOWED.index(e.state), e.at))
        when = (option_text(record.chosen, tz)
                if furthest.state is State.SCHEDULED and record.chosen else None)
        found.append((furthest.at, Progress(_person(record), furthest.state.value,
                                            short_when(furthest.at, tz), when)))
    return tuple(p for _, p in sorted(found, key=lambda pair: (pair[0], pair[1].person.id)))


def _dropped(data: SummaryInput, tz: str) -> tuple[Dropout, ...]:
    found: list[tuple[datetime, Dropout]] = []
    for record in data.requests:
        last = entered(record.events)
        if last is None or last.state not in DROPPED or not _in(last.at, data):
            continue
        offered = tuple(f"{o.label}: {option_text(o, tz)}" for o in record.request.options)
        found.append((last.at, Dropout(_person(record), last.state.value,
                                       short_when(last.at, tz), offered)))
    return tuple(d for _, d in sorted(found, key=lambda pair: (pair[0], pair[1].person.id)))


def _capped(kind: str, texts: Sequence[str]) -> list[Notice]:
    notices = [Notice(kind, t) for t in texts[:MAX_LISTED_WARNINGS]]
    if len(texts) > MAX_LISTED_WARNINGS:
        notices.append(Notice(kind, f"… and {len(texts) - MAX_LISTED_WARNINGS} more"))
    return notices


def _warnings(data: SummaryInput, tz: str) -> tuple[Notice, ...]:
    notices = _capped("spoofed", [
        f"{short_when(s.at, tz)}: a notification failed the sender check and was not "
        f"answered ({s.reason})" for s in data.spoofed if _in(s.at, data)])
    problems = Counter((p.source, p.failed) for p in data.calendar_problems)
    last = {(p.source, p.failed): p for p in data.calendar_problems}
    notices += _capped("calendar", [
        f"calendar {source} {'could not be read' if failed else 'read with a warning'}"
        f"{f' ({count} times)' if count > 1 else ''}, last on "
        f"{short_when(last[source, failed].at, tz)}: {last[source, failed].problem}"
        for (source, failed), count in problems.items()])
    notices += _capped("outage", [
        f"{o.kind} failed from {short_when(o.started_at, tz)} "
        + (f"to {short_when(o.ended_at, tz)} "
           f"({duration_text(o.length(data.now).total_seconds() / 3600)})"
           if o.ended_at else "and is still failing") + f": {o.detail}"
        for o in data.outages])
    notices += _capped("draft", [
        f"#{r.request.id} {_person(r).name}: the reply could not be drafted ({why}); fix the "
        "template, then reload or restart inviteassist"
        for r in data.requests if (why := draft_failure(r.request, r.events)) is not None])
    unverified = [f"#{r.request.id} {_person(r).name}" for r in data.requests
                  if r.request.genuine is None and _in(r.request.created_at, data)]
    if unverified:
        notices.append(Notice("unverified", (
            f"{_count(len(unverified), 'request', 'requests')} arrived without authentication "
            f"evidence ({', '.join(unverified)}): make sure "
            f"{'it is' if len(unverified) == 1 else 'they are'} genuine before you answer")))
    full = sorted((r for r in data.requests if r.waiting_since is not None),
                  key=lambda r: (r.waiting_since, r.request.id))
    if full:
        names = ", ".join(f"#{r.request.id} {_person(r).name}" for r in full[:MAX_LISTED_WARNINGS])
        more = f" and {len(full) - MAX_LISTED_WARNINGS} more" if len(full) > \
            MAX_LISTED_WARNINGS else ""
        oldest = full[0].waiting_since
        assert oldest is not None
        notices.append(Notice("full", (
            f"your calendar is full: {_count(len(full), 'request waits', 'requests wait')} "
            f"for a free time ({names}{more}; the oldest since {short_when(oldest, tz)}); "
            "each gets its proposal, oldest first, as soon as times free up")))
    return tuple(notices)


def _answers(data: SummaryInput, tz: str) -> tuple[Confirmation, ...]:
    return tuple(Confirmation(a.line, a.applied, a.outcome, short_when(a.at, tz))
                 for a in data.answers)


def _period(data: SummaryInput, tz: str) -> str:
    return f"{short_when(data.since, tz)} – {short_when(data.now, tz)} " \
           f"({zone_label(data.now.astimezone(load_zone(tz)))})"


def _something_new(data: SummaryInput) -> bool:
    """An event, a new request or a call that ended, within the period."""
    return (any(_in(e.at, data) for r in data.requests for e in r.events)
            or any(_in(r.request.created_at, data) for r in data.requests)
            or any(r.chosen is not None and _in(r.chosen.end, data) for r in data.requests))


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def _headline(summary_parts: dict[str, int], nothing_new: bool, since: str) -> str:
    waiting = summary_parts["drafts"] + summary_parts["counters"] + summary_parts["calls"]
    if nothing_new:
        tail = (f" {_count(waiting, 'item still waits', 'items still wait')} for you."
                if waiting else "")
        return f"Nothing new since {since}.{tail}"
    parts = [
        _count(waiting, "item waits for you", "items wait for you") if waiting else "",
        _count(summary_parts["followed"], "person followed through",
               "people followed through") if summary_parts["followed"] else "",
        _count(summary_parts["dropped"], "went quiet", "went quiet")
        if summary_parts["dropped"] else "",
        _count(summary_parts["warnings"], "warning", "warnings")
        if summary_parts["warnings"] else "",
    ]
    return "; ".join(p for p in parts if p) or "Some activity, nothing that needs you."


def build_summary(data: SummaryInput, *, everything: bool = False) -> Summary:
    """The summary of [data.since, data.now) for data.owner, in the owner's zone.
    Each list holds at most MAX_LISTED_ITEMS unless `everything`."""
    tz = data.owner.timezone
    drafts, counters, calls = (_waiting_drafts(data, tz), _counters(data, tz),
                               _calls(data, tz))
    followed, dropped = _followed(data, tz), _dropped(data, tz)
    warnings, answers = _warnings(data, tz), _answers(data, tz)
    nothing_new = not (_something_new(data) or warnings or answers)
    headline = _headline({"drafts": len(drafts), "counters": len(counters),
                          "calls": len(calls), "followed": len(followed),
                          "dropped": len(dropped), "warnings": len(warnings)},
                         nothing_new, short_when(data.since, tz))
    limit = None if everything else MAX_LISTED_ITEMS
    return Summary(
        owner_name=data.owner.name, timezone=tz, since=data.since, now=data.now,
        period=_period(data, tz), headline=headline, nothing_new=nothing_new,
        drafts=drafts[:limit], counters=counters[:limit], calls=calls[:limit],
        followed=followed[:limit], dropped=dropped[:limit],
        numbers=build_numbers(data.requests, data.since, data.now, network_name),
        warnings=warnings, answers=answers,
        left_out=LeftOut(*(max(0, len(items) - (limit or len(items)))
                           for items in (drafts, counters, calls, followed, dropped))))

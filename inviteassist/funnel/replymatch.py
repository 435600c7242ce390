"""A reply's answer to the offered call options: one of them, a new time, or neither.

Owns `match_reply`, the text half of "agreeing a time" (issue 6): the quoted
part is stripped (`quotes`), then what is written is matched against the
OFFERED options first: option letters and ranks (`text.choice`), weekday,
date and time expressions (`timeread`) that fit exactly one option's start in
the owner's zone. Clauses that say no ("B doesn't work", "keine passt") or
only offer a fallback ("otherwise C") choose nothing. Only when no offered
option is named is a written time read as a counter-proposal, resolved in the
owner's zone relative to when the reply was received and never in the past.
Naming two different options, or a day without a time, is left to the owner
(`kind="none"` with reasons). Pure: `received` is passed in, nothing is read.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from datetime import timezone as fixed_zone
from typing import Literal

from inviteassist.models import Option
from inviteassist.schedule.timefmt import format_date, format_local, load_zone, require_aware
from inviteassist.text.choice import (
    Scope,
    declines,
    find_choices,
    leaves_choice,
    named_letters,
    read_scope,
)
from inviteassist.text.quotes import strip_quoted
from inviteassist.text.timeread import When, mask, read_times, upcoming_day

MatchKind = Literal["option", "counter", "none"]
BUSINESS_HOURS = range(7, 13)  # "at 9" is 09:00, "at 3" is 15:00
SENTENCE_END = re.compile(r"[!?\n]|(?<!\d)\.\s")
MAX_REPLY_CHARS = 20_000  # an answer stands at a reply's top; this bounds the work


@dataclass(frozen=True)
class TimeMatch:
    """What a reply answers: `kind` "option" (with `label`), "counter" (with
    `proposed`, aware, in the owner's zone) or "none"; `phrase` holds the
    words that decided it and `reasons` says why, in short phrases."""

    kind: MatchKind
    label: str | None = None
    proposed: datetime | None = None
    phrase: str | None = None
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Mention:
    """An offered option named in the text, by letter, rank or time."""

    label: str
    phrase: str
    by_letter: bool
    end: int


def match_reply(text: str, options: Sequence[Option], *, received: datetime,
                timezone: str, requester_zone: str | None = None) -> TimeMatch:
    """Match the newly written part of reply `text` against `options`."""
    zone = load_zone(timezone)
    now = require_aware(received, "received").astimezone(zone)
    body = strip_quoted(text)[:MAX_REPLY_CHARS]
    if not body:
        return TimeMatch("none", reasons=("nothing newly written",))
    labels = [option.label for option in options]
    scope = read_scope(body)
    choices = find_choices(body, labels)
    whens = read_times(mask(body, ((c.start, c.end) for c in choices)))
    reasons = _context_reasons(body, labels, scope)
    mentions = [_Mention(c.label, c.phrase, True, c.end) for c in choices
                if _counts(scope, c.start, c.end)]
    unmatched: list[When] = []
    for when in whens:
        if not _counts(scope, when.start, when.end):
            continue
        fitting = [o for o in options if _fits(when, o.start, now, zone)]
        if len(fitting) == 1:
            mentions.append(_Mention(fitting[0].label, when.text, False, when.end))
        elif fitting:
            names = ", ".join(o.label for o in fitting)
            reasons.append(f"'{when.text}' fits several options ({names})")
        else:
            unmatched.append(when)
    named = list(dict.fromkeys(m.label for m in mentions))
    if len(named) > 1:
        return TimeMatch("none", reasons=(*reasons, f"names several options: {', '.join(named)}"))
    if named:
        chosen = next(o for o in options if o.label == named[0])
        return _agreed(body, chosen, mentions, unmatched, now, zone, tuple(reasons))
    return _counter(unmatched, now, zone, timezone, reasons)


def _counts(scope: Scope, start: int, end: int) -> bool:
    """True when the words at [start, end) stand in a clause that agrees."""
    return not scope.refuses(start, end) and not scope.falls_back(start, end)


def _context_reasons(body: str, labels: Sequence[str], scope: Scope) -> list[str]:
    reasons: list[str] = []
    refused = [label for label, start, end in named_letters(body, labels)
               if scope.refuses(start, end)]
    if refused:
        reasons.append(f"turns down {', '.join(dict.fromkeys(refused))}")
    decline = declines(body)
    if decline:
        reasons.append(f"turns down the offered times: '{decline}'")
    indifferent = leaves_choice(body)
    if indifferent:
        reasons.append(f"leaves the choice to the owner: '{indifferent}'")
    return reasons


def _agreed(body: str, chosen: Option, mentions: Sequence[_Mention],
            unmatched: Sequence[When], now: datetime, zone: tzinfo,
            reasons: tuple[str, ...]) -> TimeMatch:
    """The chosen option, or a new time on its day when the same sentence
    names an hour after the letter ("B, but at 3pm")."""
    first = mentions[0]
    moved = next((w for w in unmatched if w.has_time and not w.has_day
                  and w.start >= first.end and not SENTENCE_END.search(body, first.end, w.start)),
                 None)
    if moved is not None and first.by_letter:
        day = chosen.start.astimezone(zone).date()
        proposed = _at(day, moved, zone)
        if proposed is not None and proposed > now:
            return TimeMatch("counter", proposed=proposed, phrase=f"{first.phrase} … {moved.text}",
                             reasons=(*reasons, f"option {chosen.label}'s day at another time"))
    how = "names option" if first.by_letter else f"'{first.phrase}' is the start of option"
    return TimeMatch("option", label=chosen.label, phrase=first.phrase,
                     reasons=(*reasons, f"{how} {chosen.label}"))


def _counter(unmatched: Sequence[When], now: datetime, zone: tzinfo, zone_name: str,
             reasons: list[str]) -> TimeMatch:
    """A time that is none of the options, as a proposal; else no match."""
    for when in unmatched:
        if not when.has_time:
            day = _day(when, now, zone)
            named = format_date(datetime.combine(day, datetime.min.time())) if day else when.text
            reasons.append(f"'{when.text}' ({named}) is no offered day and names no time")
            continue
        proposed, why = _resolve(when, now, zone)
        if proposed is None or proposed <= now:
            reasons.append(f"'{when.text}' is already past")
            continue
        return TimeMatch("counter", proposed=proposed, phrase=when.text, reasons=(
            *reasons, *why, f"proposes {format_local(proposed, zone_name)}, no offered option"))
    if not reasons:
        reasons.append("names no option and no time")
    return TimeMatch("none", phrase=unmatched[0].text if unmatched else None,
                     reasons=tuple(reasons))


def _fits(when: When, start: datetime, now: datetime, zone: tzinfo) -> bool:
    """True when `when` describes an option starting at `start`."""
    local = start.astimezone(_zone_of(when, zone))
    if when.weekday is not None and local.weekday() != when.weekday:
        return False
    if when.days is not None and local.date() != now.date() + timedelta(days=when.days):
        return False
    if when.dates and not any(_same_day(c, local.date()) for c in when.dates):
        return False
    if when.hour is not None:
        return local.hour in when.candidate_hours() and local.minute == when.minute
    if when.daypart is not None:
        return when.daypart[0] <= local.hour < when.daypart[1]
    return True


def _same_day(candidate: tuple[int | None, int, int], day: date) -> bool:
    year, month, dom = candidate
    return (month, dom) == (day.month, day.day) and year in (None, day.year)


def _zone_of(when: When, zone: tzinfo) -> tzinfo:
    if when.offset is None:
        return zone
    return fixed_zone(timedelta(minutes=when.offset))


def _resolve(when: When, now: datetime, zone: tzinfo) -> tuple[datetime | None, list[str]]:
    """The moment `when` names, in the owner's zone, with how it was read."""
    why: list[str] = []
    hours = when.candidate_hours()
    if len(hours) > 1:
        why.append(f"read '{when.text}' as {_business_hour(hours):02d}:{when.minute:02d}")
    day = _day(when, now, zone)
    if day is None:
        local_now = now.astimezone(_zone_of(when, zone))
        day = local_now.date()
        today = _at(day, when, zone)
        if today is None or today <= now:
            day += timedelta(days=1)
        why.append("no day named: the next such time")
    elif when.weekday is not None and day.weekday() != when.weekday:
        why.append(f"the date wins over the weekday in '{when.text}'")
    return _at(day, when, zone), why


def _day(when: When, now: datetime, zone: tzinfo) -> date | None:
    """The calendar day `when` names, the earliest not before today."""
    return upcoming_day(when, now.astimezone(_zone_of(when, zone)).date())


def _business_hour(hours: Sequence[int]) -> int:
    return next((h for h in hours if h in BUSINESS_HOURS), hours[-1])


def _at(day: date, when: When, zone: tzinfo) -> datetime | None:
    """`day` at the hour `when` names, in its zone, as an owner-zone datetime."""
    hours = when.candidate_hours()
    if not hours:
        return None
    local = datetime(day.year, day.month, day.day, _business_hour(hours), when.minute,
                     tzinfo=_zone_of(when, zone))
    return local.astimezone(zone)

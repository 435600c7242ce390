"""A reply's answer to the offered call options: one of them, a new time, or neither.

Owns `match_reply`, the text half of "agreeing a time" (issue 6): the quoted
part is stripped (`quotes`), then what is written is matched against the
OFFERED options first: option letters and ranks (`text.choice`), weekday,
date and time expressions (`timeread`) that fit exactly one option's start in
the owner's zone. Clauses that say no ("B doesn't work", "keine passt") or
only offer a fallback ("otherwise C") choose nothing. Only when no offered
option is named is a written time on a named day read as a counter-proposal,
relative to when the reply was received and never in the past. Naming two
different options, a day without a time, a time without a day, or a limit
("after 2pm", which may name the one option inside it but never proposes)
is left to the owner (`kind="none"` with reasons).

Zones (issue 18): a time with a zone named after it ("9am EST", "10am Pacific
time", "13h hora de Brasília", "3pm my time") is read in that zone; "my time"
from a requester whose zone is unknown is left to the owner. A time with no
zone matches an option in the requester's zone or the owner's (our proposal
shows both), and as a counter-proposal is read in the requester's zone
("your time" is the owner's). A
weekday that disagrees with the day of the month beside it ("Thursday the
9th") names nothing. A move of the named option ("B but 30 minutes later",
"Tuesday at 11 instead of 10") is a counter-proposal, never an acceptance,
and a move by an amount not said ("a bit later") is left to the owner.
Pure: `received` is passed in, nothing is read.
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
from inviteassist.text.calendarday import upcoming_day
from inviteassist.text.choice import (
    Scope,
    declines,
    find_choices,
    leaves_choice,
    named_letters,
    read_scope,
)
from inviteassist.text.quotes import strip_quoted
from inviteassist.text.shifts import read_shifts
from inviteassist.text.timeread import mask, read_times
from inviteassist.text.timewords import MY_ZONE, YOUR_ZONE
from inviteassist.text.when import When

MatchKind = Literal["option", "counter", "none"]
BUSINESS_HOURS = range(7, 13)  # "at 9" is 09:00, "at 3" is 15:00
SENTENCE_END = re.compile(r"[!?\n]|(?<!\d)\.\s")
MAX_REPLY_CHARS = 20_000  # an answer stands at a reply's top; this bounds the work
BOUNDS = ("after", "before", "between")  # "after 2pm", "vor 11 Uhr": limits, not proposals


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
    by_hour: bool = False


@dataclass(frozen=True)
class _Zones:
    """The owner's zone, and the requester's when known."""

    owner: tzinfo
    requester: tzinfo | None

    def of(self, when: When) -> tuple[tzinfo, ...]:
        """The zones `when` may be read in, the likelier first: the one it
        names ("your time" is the owner's), else the requester's and the
        owner's; none for "my time" from a requester whose zone is unknown."""
        if when.offset is not None:
            return (fixed_zone(timedelta(minutes=when.offset)),)
        if when.zone == MY_ZONE:
            return (self.requester,) if self.requester is not None else ()
        if when.zone == YOUR_ZONE:
            return (self.owner,)
        if when.zone is not None:
            return (load_zone(when.zone),)
        return tuple(dict.fromkeys(z for z in (self.requester, self.owner) if z is not None))


@dataclass(frozen=True)
class _Unmatched:
    """A time expression that names no offered option, with its zone."""

    when: When
    zone: tzinfo


def match_reply(text: str, options: Sequence[Option], *, received: datetime,
                timezone: str, requester_zone: str | None = None) -> TimeMatch:
    """Match the newly written part of reply `text` against `options`;
    `timezone` is the owner's, `requester_zone` the requester's when known."""
    zone = load_zone(timezone)
    zones = _Zones(zone, load_zone(requester_zone) if requester_zone else None)
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
    unmatched: list[_Unmatched] = []
    for when in whens:
        if not _counts(scope, when.start, when.end):
            continue
        readable = zones.of(when)
        if not readable:
            reasons.append(f"'{when.text}' is in the requester's time, whose zone is unknown")
            continue
        if _disagrees(when, now, readable[0]):
            reasons.append(f"in '{when.text}' the weekday and the day of the month disagree")
            continue
        fitting = [o for o in options if any(_fits(when, o.start, now, z) for z in readable)]
        if len(fitting) == 1:
            mentions.append(_Mention(fitting[0].label, when.text, False, when.end,
                                     when.has_time))
        elif fitting:
            names = ", ".join(o.label for o in fitting)
            reasons.append(f"'{when.text}' fits several options ({names})")
        else:
            unmatched.append(_Unmatched(when, readable[0]))
    named = list(dict.fromkeys(m.label for m in mentions))
    if len(named) > 1:
        return TimeMatch("none", reasons=(*reasons, f"names several options: {', '.join(named)}"))
    if named:
        chosen = next(o for o in options if o.label == named[0])
        return _agreed(body, scope, chosen, mentions, unmatched, now, tuple(reasons))
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


def _agreed(body: str, scope: Scope, chosen: Option, mentions: Sequence[_Mention],
            unmatched: Sequence[_Unmatched], now: datetime,
            reasons: tuple[str, ...]) -> TimeMatch:
    """The chosen option; or a counter-proposal when the reply moves it: by an
    amount ("B but 30 minutes later") or to an hour named in the same
    sentence after the option's letter or day ("B, but at 3pm", "Friday
    works, but could we start at 12")."""
    first = mentions[0]
    owner = now.tzinfo
    assert owner is not None
    limit = next((u.when for u in unmatched if u.when.bound in BOUNDS), None)
    if limit is not None:
        return TimeMatch("none", phrase=limit.text, reasons=(
            *reasons, f"option {chosen.label} is outside the limit '{limit.text}'"))
    shift = next((s for s in read_shifts(body) if _counts(scope, s.start, s.end)), None)
    if shift is not None:
        if shift.minutes is None:
            return TimeMatch("none", phrase=shift.phrase, reasons=(
                *reasons, f"asks to move option {chosen.label} by an amount not said: "
                f"'{shift.phrase}'"))
        shifted = chosen.start.astimezone(owner) + timedelta(minutes=shift.minutes)
        if shifted > now:
            return TimeMatch("counter", proposed=shifted, phrase=shift.phrase, reasons=(
                *reasons, f"option {chosen.label} moved: '{shift.phrase}'"))
    moved = next((u for u in unmatched if u.when.has_time and not u.when.has_day
                  and u.when.start >= first.end
                  and not SENTENCE_END.search(body, first.end, u.when.start)), None)
    if moved is not None and not first.by_hour:
        day = chosen.start.astimezone(moved.zone).date()
        proposed = _at(day, moved.when, moved.zone, owner)
        if proposed is not None and proposed > now:
            return TimeMatch("counter", proposed=proposed,
                             phrase=f"{first.phrase} … {moved.when.text}",
                             reasons=(*reasons, f"option {chosen.label}'s day at another time"))
    how = "names option" if first.by_letter else f"'{first.phrase}' is the start of option"
    return TimeMatch("option", label=chosen.label, phrase=first.phrase,
                     reasons=(*reasons, f"{how} {chosen.label}"))


def _counter(unmatched: Sequence[_Unmatched], now: datetime, owner: tzinfo, owner_name: str,
             reasons: list[str]) -> TimeMatch:
    """A time on a named day that is none of the options, as a proposal; else
    no match. A time with no day ("it's 2pm for me") proposes nothing."""
    for item in unmatched:
        when = item.when
        day = _day(when, now, item.zone)
        if when.bound in BOUNDS:
            reasons.append(f"'{when.text}' is a limit, not a time")
            continue
        if day is None or not when.has_time:
            named = format_date(datetime.combine(day, datetime.min.time())) if day else None
            reasons.append(f"'{when.text}' ({named}) is no offered day and names no time"
                           if named else f"'{when.text}' names no day")
            continue
        proposed, why = _resolve(when, day, item.zone, owner)
        if proposed is None or proposed <= now:
            reasons.append(f"'{when.text}' is already past")
            continue
        return TimeMatch("counter", proposed=proposed, phrase=when.text, reasons=(
            *reasons, *why, f"proposes {format_local(proposed, owner_name)}, no offered option"))
    if not reasons:
        reasons.append("names no option and no time")
    return TimeMatch("none", phrase=unmatched[0].when.text if unmatched else None,
                     reasons=tuple(reasons))


def _fits(when: When, start: datetime, now: datetime, zone: tzinfo) -> bool:
    """True when `when`, read in `zone`, describes an option starting at `start`."""
    local = start.astimezone(zone)
    if when.weekday is not None and local.weekday() != when.weekday:
        return False
    if when.days is not None and local.date() != now.astimezone(zone).date() + timedelta(
            days=when.days):
        return False
    if when.dates and not any(_same_day(c, local.date()) for c in when.dates):
        return False
    if when.monthday is not None and local.day != when.monthday:
        return False
    if when.hour is not None and when.bound is not None:
        return _within(when, (local.hour, local.minute))
    if when.hour is not None:
        return local.hour in when.candidate_hours() and local.minute == when.minute
    if when.daypart is not None:
        return when.daypart[0] <= local.hour < when.daypart[1]
    return True


def _within(when: When, at: tuple[int, int]) -> bool:
    """True when a start at `at` keeps to the bound or range `when` names:
    "after 2pm", "bis 12 Uhr", "2-4pm"."""
    start = (_business_hour(when.candidate_hours()), when.minute)
    if when.bound in ("after", "between"):
        return at >= start
    if when.bound == "before":
        return at < start
    ends = [(h, when.until_minute) for h in when.until_hours()
            if (h, when.until_minute) > start]
    return start <= at < ends[0] if ends else at == start


def _disagrees(when: When, now: datetime, zone: tzinfo) -> bool:
    """True for "Thursday the 9th" when the 9th is no Thursday."""
    if when.weekday is None or when.monthday is None:
        return False
    day = upcoming_day(when, now.astimezone(zone).date())
    return day is None or day.weekday() != when.weekday


def _same_day(candidate: tuple[int | None, int, int], day: date) -> bool:
    year, month, dom = candidate
    return (month, dom) == (day.month, day.day) and year in (None, day.year)


def _resolve(when: When, day: date, zone: tzinfo,
             owner: tzinfo) -> tuple[datetime | None, list[str]]:
    """The moment `when` names on `day`, read in `zone`, in the owner's zone,
    with how it was read."""
    why: list[str] = []
    hours = when.candidate_hours()
    if len(hours) > 1:
        why.append(f"read '{when.text}' as {_business_hour(hours):02d}:{when.minute:02d}")
    if when.weekday is not None and day.weekday() != when.weekday:
        why.append(f"the date wins over the weekday in '{when.text}'")
    return _at(day, when, zone, owner), why


def _day(when: When, now: datetime, zone: tzinfo) -> date | None:
    """The calendar day `when` names, the earliest not before today."""
    return upcoming_day(when, now.astimezone(zone).date())


def _business_hour(hours: Sequence[int]) -> int:
    return next((h for h in hours if h in BUSINESS_HOURS), hours[-1])


def _at(day: date, when: When, zone: tzinfo, owner: tzinfo) -> datetime | None:
    """`day` at the hour `when` names, read in `zone`, as an owner-zone datetime."""
    hours = when.candidate_hours()
    if not hours:
        return None
    local = datetime(day.year, day.month, day.day, _business_hour(hours), when.minute,
                     tzinfo=zone)
    return local.astimezone(owner)

"""Availability rules, busy times and holds in; proposed call options out.

`plan_options` is the whole public job: given the owner's rules (weekly
windows in the owner's wall-clock time, call length, buffers, notice,
horizon, call limits, blackout dates), busy intervals, times already held for
other requesters (or booked as calls) and `now`, it returns up to N options on
N different days, plus the reason every other candidate time was passed over.
`propose_options` returns the options alone. Pure: `now` and the UID seed are
passed in; nothing reads the clock, the disk or a random source, so the same
inputs always give the same options.

Wall-clock rules across daylight-saving changes: a start or end whose wall time
does not exist (spring gap) or exists twice (autumn fold) is never offered, so
every option reads unambiguously; the call always lasts exactly `call_minutes`
of real time, and both of its wall-clock ends lie inside one window.
"""

from __future__ import annotations

import hashlib
import logging
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime, timedelta, tzinfo
from enum import StrEnum
from string import ascii_uppercase
from typing import Generic, TypeVar

from inviteassist.models import Interval, Option
from inviteassist.schedule.grid import (
    Slot,
    Window,
    day_slots,
    iter_days,
    merge_intervals,
    nth_business_day,
    start_of_day,
)
from inviteassist.schedule.hours import RequesterHours
from inviteassist.schedule.timefmt import load_zone, require_aware

__all__ = ["AvailabilityRules", "DateRange", "Proposal", "RequesterHours", "Skip", "Skipped",
           "Window", "plan_options", "propose_options"]

logger = logging.getLogger(__name__)
T = TypeVar("T")

# Parts of the day used to vary the time between options: (name, first hour, end hour).
DAY_PARTS = (("morning", 0, 12), ("afternoon", 12, 17), ("evening", 17, 24))


@dataclass(frozen=True)
class DateRange:
    """Whole days from `first` to `last`, both included, in the owner's zone."""

    first: date
    last: date

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise ValueError(f"date range ends ({self.last}) before it starts ({self.first})")

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.first <= day <= self.last


@dataclass(frozen=True)
class AvailabilityRules:
    """When the owner takes calls; invalid rules raise ValueError on creation.

    `min_notice` and `min_notice_business_days` both apply (the later wins):
    with `min_notice_business_days = 1` nothing is offered before the start of
    the next business day (Monday to Friday, not a blackout date). Buffers keep
    busy time that far from a call; between two calls (held or offered) the
    gap is at least the larger buffer. `max_per_day` / `max_per_week` (ISO
    weeks, Monday first) count held and booked calls; None means no limit.
    """

    timezone: str  # IANA name, e.g. "Europe/Berlin"
    windows: tuple[Window, ...]  # several per weekday allowed
    call_minutes: int = 30
    options: int = 3
    min_notice: timedelta = timedelta(hours=24)
    horizon_days: int = 14
    step_minutes: int = 15  # start times on this grid (round times)
    min_notice_business_days: int = 0
    buffer_before: timedelta = timedelta()
    buffer_after: timedelta = timedelta()
    max_per_day: int | None = None
    max_per_week: int | None = None
    blackout: tuple[DateRange, ...] = ()

    def __post_init__(self) -> None:
        load_zone(self.timezone)
        checks = (
            (self.call_minutes > 0, f"call_minutes must be positive, got {self.call_minutes}"),
            (
                0 < self.options <= len(ascii_uppercase),
                f"options must be 1 to {len(ascii_uppercase)}, got {self.options}",
            ),
            (self.min_notice >= timedelta(), f"min_notice must not be negative: {self.min_notice}"),
            (self.horizon_days > 0, f"horizon_days must be positive, got {self.horizon_days}"),
            (
                0 < self.step_minutes <= 60,
                f"step_minutes must be 1 to 60, got {self.step_minutes}",
            ),
            (self.min_notice_business_days >= 0,
             f"min_notice_business_days must not be negative: {self.min_notice_business_days}"),
            (self.buffer_before >= timedelta() and self.buffer_after >= timedelta(),
             "buffers must not be negative"),
            (self.max_per_day is None or self.max_per_day > 0,
             f"max_per_day must be positive or None, got {self.max_per_day}"),
            (self.max_per_week is None or self.max_per_week > 0,
             f"max_per_week must be positive or None, got {self.max_per_week}"),
        )
        for ok, message in checks:
            if not ok:
                raise ValueError(message)

    def is_blackout(self, day: date) -> bool:
        return any(day in span for span in self.blackout)

    def is_business_day(self, day: date) -> bool:
        return day.weekday() < 5 and not self.is_blackout(day)


class Skip(StrEnum):
    """Why a candidate time inside a window was not offered, first match wins."""

    NOTICE = "too soon (minimum notice)"
    HORIZON = "beyond the horizon"
    BLACKOUT = "blackout date"
    DAY_LIMIT = "daily call limit reached"
    WEEK_LIMIT = "weekly call limit reached"
    REQUESTER_HOURS = "outside the requester's hours in their time zone"
    BUSY = "busy in your calendar (buffers included)"
    HELD = "held for another request or booked"
    SAME_DAY = "another time was chosen that day"
    ENOUGH = "enough options on earlier days"


@dataclass(frozen=True)
class Skipped:
    """A candidate time passed over, in the owner's zone, and why."""

    start: datetime
    end: datetime
    reason: Skip


class _Recent(Generic[T]):
    """The last few things worked out, newest first: the planner's memory of
    what a cycle's plans share. A cycle uses the same few rules, grounds and
    sets of holds, so callers look through `items` (by identity or equality,
    in a plain loop: this is the draft path) and `keep` what they make."""

    def __init__(self, size: int) -> None:
        self._size = size
        self.items: list[T] = []

    def keep(self, item: T) -> T:
        """Remember `item` first, forgetting the oldest beyond the size."""
        self.items[:] = [item, *self.items[:self._size - 1]]
        return item


@dataclass(frozen=True)
class Proposal:
    options: tuple[Option, ...]
    skipped: tuple[Skipped, ...]
    outside_requester_hours: bool = False  # least-bad times: no option fits their hours

    def reason_counts(self) -> dict[Skip, int]:
        """How many candidates each reason removed, in `Skip` order."""
        for skipped, counts in _counted.items:
            if skipped is self.skipped:
                return dict(counts)
        counted = Counter(s.reason for s in self.skipped)
        counts = {reason: counted[reason] for reason in Skip if counted[reason]}
        _counted.keep((self.skipped, counts))
        return dict(counts)


# The skipped times last counted, and their counts: the plans a scan keeps
# (`_Holds`) hand the same skipped times to every "calendar full" reply to a
# requester in the same zone while no hold changes, and each reply's note
# counts them.
_counted: _Recent[tuple[tuple[Skipped, ...], dict[Skip, int]]] = _Recent(16)


@dataclass(frozen=True)
class _CallCounts:
    """Held or booked calls per owner's date and per ISO week."""

    per_day: Counter[date]
    per_week: Counter[tuple[int, int]]

    @classmethod
    def of(cls, calls: Sequence[Interval], zone: tzinfo) -> _CallCounts:
        days = [require_aware(c.start, "held start").astimezone(zone).date() for c in calls]
        return cls(Counter(days), Counter(iso_week(day) for day in days))

    def adding(self, calls: Sequence[Interval], zone: tzinfo) -> _CallCounts:
        more = _CallCounts.of(calls, zone)
        return _CallCounts(self.per_day + more.per_day, self.per_week + more.per_week)


def iso_week(day: date) -> tuple[int, int]:
    year, week, _ = day.isocalendar()
    return year, week


def propose_options(rules: AvailabilityRules, now: datetime, busy: Sequence[Interval] = (),
                    held: Sequence[Interval] = (), *, uid_seed: str, uid_domain: str,
                    requester: RequesterHours | None = None) -> tuple[Option, ...]:
    """The options of `plan_options` (same arguments), without the reasons."""
    return plan_options(rules, now, busy, held, uid_seed=uid_seed, uid_domain=uid_domain,
                        complete_reasons=False, requester=requester).options


def plan_options(
    rules: AvailabilityRules,
    now: datetime,
    busy: Sequence[Interval] = (),
    held: Sequence[Interval] = (),
    *,
    uid_seed: str,
    uid_domain: str,
    complete_reasons: bool = True,
    requester: RequesterHours | None = None,
    least_bad: bool = False,
) -> Proposal:
    """Up to `rules.options` call options, labelled A, B, C… in time order.

    Days: the earliest days (owner's zone) with at least one free slot, one
    option per day; fewer options when fewer days qualify. Time of day: each
    slot falls in a part of the day (morning before 12:00, afternoon 12:00-17:00,
    evening from 17:00, by wall-clock start). For each chosen day in turn, take
    the part used least often by the options already chosen that has a free
    slot that day; ties go to the part that follows the last one used
    (morning -> afternoon -> evening -> morning, starting with morning); within
    that part take the earliest free slot. So windows of 9-12 and 14-17 give
    9:00, 14:00, 9:00 on three successive days.

    A slot starts on the `step_minutes` grid of the wall clock, no earlier than
    the notice allows, ends no later than `now + horizon_days`, lies with both
    ends inside one window, lasts exactly `call_minutes`, is not on a blackout
    date or a day/week whose call limit `held` already reaches, keeps its
    buffers clear of busy time and overlaps no held interval (nor its buffer).
    The options of one proposal are alternatives for one call, so they do not
    count against each other's limits. UIDs are derived from `uid_seed` and
    the start in UTC. Every other slot from today to the horizon is returned
    in `skipped` with its reason; with `complete_reasons` False the search
    stops once enough options are found and `skipped` stays empty (the
    drafting path, which needs no reasons).

    With `requester`, a slot must also lie inside the requester's hours in
    their zone. With `least_bad` as well, slots outside those hours are
    allowed: each day offers its slot nearest to their hours (earliest on a
    tie), and the `rules.options` days whose best slot is nearest are
    offered, in time order.

    The work is shared between the plans of one cycle (see `_Ground`): the
    same rules, `now` and busy time, with a horizon no longer than one
    planned before, reuse its candidate times, and the same holds reuse what
    was found against them. The answers are those of a plan from scratch.
    """
    ground = _ground(rules, now, busy)
    holds = ground.holds(held)
    skipped: tuple[Skipped, ...] = ()
    if least_bad and requester is not None:
        chosen = holds.least_bad(rules.horizon_days, requester)
    else:
        chosen, skipped = holds.varied(rules.horizon_days, requester, complete_reasons)
        logger.debug("proposing %d of %d options in %s", len(chosen), rules.options,
                     rules.timezone)
    options = tuple(
        build_option(label, start, end, ground.zone, uid_seed=uid_seed, uid_domain=uid_domain)
        for label, (start, end) in zip(ascii_uppercase, chosen, strict=False)
    )
    return Proposal(options, skipped,
                    outside_requester_hours=least_bad and requester is not None and bool(options))


# Grounds kept for later plans, and sets of holds kept per ground: a cycle
# plans with two horizons, and its drafts see the holds grow one reply at a time.
_KEPT = 4


@dataclass(frozen=True)
class _Candidate:
    """A slot on the grid with what does not depend on the request."""

    slot: Slot
    notice: bool  # starts before the notice allows
    busy: bool  # busy time within its buffers


@dataclass(frozen=True)
class _Day:
    day: date
    candidates: tuple[_Candidate, ...]


def _rules_key(rules: AvailabilityRules) -> tuple[object, ...]:
    """The rules but their horizon: what a ground is shared by (worked out
    once per rules object: a cycle's plans use the same few)."""
    for known, key in _keys.items:
        if known is rules:
            return key
    key = tuple(getattr(rules, f.name) for f in fields(rules) if f.name != "horizon_days")
    _keys.keep((rules, key))
    return key


_keys: _Recent[tuple[AvailabilityRules, tuple[object, ...]]] = _Recent(_KEPT)


class _Ground:
    """What every plan of a cycle shares, built once for its rules, `now`
    and busy time: each day's candidate slots from today to the horizon,
    which of them are too soon or busy, the requesters' distance from their
    hours, and the sets of holds met (`_Holds`). A plan with a shorter
    horizon reads the first days: the notice it computes can differ only
    when business-day notice runs past its horizon, and then every slot it
    looks at is too soon either way."""

    def __init__(self, rules: AvailabilityRules, now_utc: datetime,
                 busy: tuple[Interval, ...]) -> None:
        self.rules, self.key, self.now_utc, self.busy = rules, _rules_key(rules), now_utc, busy
        self.zone = zone = load_zone(rules.timezone)
        earliest = earliest_start(rules, now_utc, zone)
        latest = now_utc + timedelta(days=rules.horizon_days)
        blocked = merge_intervals(busy)
        duration = timedelta(minutes=rules.call_minutes)
        days: list[_Day] = []
        for day in iter_days(now_utc.astimezone(zone).date(), latest.astimezone(zone).date()):
            days.append(_Day(day, tuple(
                _Candidate((start, end), start < earliest,
                           not blocked.is_free(start - rules.buffer_before,
                                               end + rules.buffer_after))
                for start, end in day_slots(tuple(rules.windows), rules.step_minutes, duration,
                                            zone, day))))
        self.days = tuple(days)
        self._outside: dict[tuple[RequesterHours, int], tuple[int, ...]] = {}
        self._holds: _Recent[_Holds] = _Recent(_KEPT)

    def serves(self, key: tuple[object, ...], horizon_days: int, now_utc: datetime,
               busy: tuple[Interval, ...]) -> bool:
        return (horizon_days <= self.rules.horizon_days and now_utc == self.now_utc
                and key == self.key and _same(busy, self.busy))

    def outside(self, requester: RequesterHours, index: int) -> tuple[int, ...]:
        """`requester.minutes_outside` of each candidate of the day at `index`."""
        found = self._outside.get((requester, index))
        if found is None:
            found = tuple(requester.minutes_outside(*c.slot) for c in self.days[index].candidates)
            self._outside[requester, index] = found
        return found

    def holds(self, held: Sequence[Interval]) -> _Holds:
        spans = tuple(held)
        for known in self._holds.items:
            if _same(spans, known.held):
                return known
        return self._holds.keep(_Holds(self, spans, _grown_from(self._holds.items, spans)))


def _grown_from(kept: Sequence[_Holds], spans: tuple[Interval, ...]
                ) -> tuple[_Holds, tuple[Interval, ...]] | None:
    """A kept set of holds that `spans` holds all of, and more, with what it
    adds. Matched by identity: the store hands out the same objects for the
    same holds, and inserts a new one in its place (by end), not at the end."""
    mine = {id(span) for span in spans}
    if len(mine) != len(spans):  # the same object twice: no multiset by identity
        return None
    for known in kept:
        theirs = {id(span) for span in known.held}
        if len(theirs) == len(known.held) < len(spans) and theirs <= mine:
            return known, tuple(span for span in spans if id(span) not in theirs)
    return None


def _same(spans: tuple[Interval, ...], other: tuple[Interval, ...]) -> bool:
    """Equal interval lists (cheap when they hold the same objects)."""
    return spans is other or (len(spans) == len(other) and spans == other)


_grounds: _Recent[_Ground] = _Recent(_KEPT)


def _ground(rules: AvailabilityRules, now: datetime, busy: Sequence[Interval]) -> _Ground:
    """The kept ground these arguments can use, else a new one (kept first)."""
    now_utc = require_aware(now, "now").astimezone(UTC)
    spans = tuple(busy)
    key = _rules_key(rules)
    for ground in _grounds.items:
        if ground.serves(key, rules.horizon_days, now_utc, spans):
            return ground
    return _grounds.keep(_Ground(rules, now_utc, spans))


class _Holds:
    """One set of held or booked calls against a ground: why each candidate
    is passed over (the horizon aside), per day and requester, and the plans
    already made from that, all worked out when first asked for. A set that
    adds holds to another (the next reply of a scan) takes over its reasons
    for the days the new holds cannot touch."""

    def __init__(self, ground: _Ground, held: tuple[Interval, ...],
                 grown_from: tuple[_Holds, tuple[Interval, ...]] | None = None) -> None:
        """`grown_from`: a set `held` only adds holds to, and those holds."""
        self.ground, self.held = ground, held
        self._reasons: dict[tuple[int, RequesterHours | None], tuple[Skip | None, ...]] = {}
        self._varied: dict[tuple[int, RequesterHours | None, bool],
                           tuple[tuple[Slot, ...], tuple[Skipped, ...]]] = {}
        self._least_bad: dict[tuple[int, RequesterHours], tuple[Slot, ...]] = {}
        if grown_from is None:
            self.blocked = merge_intervals(held)
            self.counts = _CallCounts.of(held, ground.zone)
            return
        earlier, added = grown_from  # its holds and more: other days read as before
        self.blocked = merge_intervals(added, into=earlier.blocked)
        self.counts = earlier.counts.adding(added, ground.zone)
        self._inherit(earlier, added)

    def _inherit(self, earlier: _Holds, added: tuple[Interval, ...]) -> None:
        """Take over `earlier`'s reasons but on the days `added` (the holds
        this set has more) can change: a day from the one before the first
        moment an added hold blocks (its buffer included) to the one after the
        last, and with a weekly limit every day of the week it counts in."""
        ground = self.ground
        rules, zone = ground.rules, ground.zone
        gap = max(rules.buffer_before, rules.buffer_after)
        touched: set[date] = set()
        for hold in added:
            first = (min(hold.start, hold.end) - gap).astimezone(zone).date()
            last = (max(hold.start, hold.end) + gap).astimezone(zone).date()
            touched.update(iter_days(first - timedelta(days=1), last + timedelta(days=1)))
            if rules.max_per_week is not None:
                monday = hold.start.astimezone(zone).date()
                monday -= timedelta(days=monday.weekday())
                touched.update(iter_days(monday, monday + timedelta(days=6)))
        self._reasons.update((key, reasons) for key, reasons in earlier._reasons.items()
                             if ground.days[key[0]].day not in touched)

    def day_reason(self, day: date) -> Skip | None:
        rules = self.ground.rules
        if rules.is_blackout(day):
            return Skip.BLACKOUT
        if rules.max_per_day is not None and self.counts.per_day[day] >= rules.max_per_day:
            return Skip.DAY_LIMIT
        if (rules.max_per_week is not None
                and self.counts.per_week[iso_week(day)] >= rules.max_per_week):
            return Skip.WEEK_LIMIT
        return None

    def reasons(self, index: int, requester: RequesterHours | None) -> tuple[Skip | None, ...]:
        """Why each candidate of the day at `index` is passed over, first match
        in `Skip` order, but for the horizon; None: free."""
        found = self._reasons.get((index, requester))
        if found is not None:
            return found
        ground = self.ground
        day = ground.days[index]
        day_reason = self.day_reason(day.day)
        outside = ground.outside(requester, index) if requester is not None else None
        gap = max(ground.rules.buffer_before, ground.rules.buffer_after)
        reasons: list[Skip | None] = []
        for number, candidate in enumerate(day.candidates):
            start, end = candidate.slot
            if candidate.notice:
                reasons.append(Skip.NOTICE)
            elif day_reason is not None:
                reasons.append(day_reason)
            elif outside is not None and outside[number]:
                reasons.append(Skip.REQUESTER_HOURS)
            elif candidate.busy:
                reasons.append(Skip.BUSY)
            elif not self.blocked.is_free(start - gap, end + gap):
                reasons.append(Skip.HELD)
            else:
                reasons.append(None)
        found = self._reasons[index, requester] = tuple(reasons)
        return found

    def days_until(self, horizon_days: int) -> Iterator[tuple[int, _Day, datetime]]:
        """(index, day, latest end) of the days a plan with this horizon looks at."""
        latest = self.ground.now_utc + timedelta(days=horizon_days)
        last = latest.astimezone(self.ground.zone).date()
        for index, day in enumerate(self.ground.days):
            if day.day > last:
                return
            yield index, day, latest

    def varied(self, horizon_days: int, requester: RequesterHours | None,
               complete_reasons: bool) -> tuple[tuple[Slot, ...], tuple[Skipped, ...]]:
        """The chosen slots and skipped times of `plan_options`."""
        key = (horizon_days, requester, complete_reasons)
        if key not in self._varied:
            self._varied[key] = self._pick_varied(horizon_days, requester, complete_reasons)
        return self._varied[key]

    def _pick_varied(self, horizon_days: int, requester: RequesterHours | None,
                     complete_reasons: bool) -> tuple[tuple[Slot, ...], tuple[Skipped, ...]]:
        zone, wanted = self.ground.zone, self.ground.rules.options
        chosen: list[Slot] = []
        skipped: list[Skipped] = []
        for index, day, latest in self.days_until(horizon_days):
            if not complete_reasons:
                if len(chosen) == wanted:
                    break
                if self.day_reason(day.day) is not None:
                    continue
            free: list[Slot] = []
            for candidate, reason in zip(day.candidates, self.reasons(index, requester),
                                         strict=True):
                if reason is not Skip.NOTICE and candidate.slot[1] > latest:
                    reason = Skip.HORIZON
                if reason is None:
                    free.append(candidate.slot)
                elif complete_reasons:
                    skipped.append(Skipped(*local_pair(candidate.slot, zone), reason))
            pick = None
            if free and len(chosen) < wanted:
                pick = pick_varied_slot(free, [start for start, _ in chosen], zone)
                chosen.append(pick)
            if complete_reasons:
                unused = Skip.SAME_DAY if pick else Skip.ENOUGH
                skipped.extend(Skipped(*local_pair(slot, zone), unused)
                               for slot in free if slot != pick)
        return tuple(chosen), tuple(sorted(skipped, key=lambda s: s.start))

    def least_bad(self, horizon_days: int, requester: RequesterHours) -> tuple[Slot, ...]:
        """The least-bad slots of `plan_options`: every rule but the requester's
        hours; per day the slot nearest to them; the nearest days win."""
        key = (horizon_days, requester)
        if key not in self._least_bad:
            best: list[tuple[int, Slot]] = []
            for index, day, latest in self.days_until(horizon_days):
                if self.day_reason(day.day) is not None:
                    continue
                outside = self.ground.outside(requester, index)
                free = [(outside[number], candidate.slot) for number, (candidate, reason)
                        in enumerate(zip(day.candidates, self.reasons(index, None), strict=True))
                        if reason is None and candidate.slot[1] <= latest]
                if free:
                    best.append(min(free))
            wanted = self.ground.rules.options
            self._least_bad[key] = tuple(sorted(slot for _, slot in sorted(best)[:wanted]))
        return self._least_bad[key]


def earliest_start(rules: AvailabilityRules, now: datetime, zone: tzinfo) -> datetime:
    """The first instant an option may start: `now + min_notice`, and not before
    the start of the `min_notice_business_days`-th business day after today."""
    earliest = now + rules.min_notice
    today = now.astimezone(zone).date()
    day = nth_business_day(today, rules.min_notice_business_days, rules.is_business_day,
                           limit=today + timedelta(days=rules.horizon_days + 1))
    if rules.min_notice_business_days:
        earliest = max(earliest, start_of_day(day, zone))
    return earliest


def local_pair(slot: Slot, zone: tzinfo) -> tuple[datetime, datetime]:
    return slot[0].astimezone(zone), slot[1].astimezone(zone)


def day_part(start: datetime, zone: tzinfo) -> int:
    """Index into DAY_PARTS of the wall-clock hour of `start`."""
    hour = start.astimezone(zone).hour
    return next(index for index, (_, first, end) in enumerate(DAY_PARTS) if first <= hour < end)


def pick_varied_slot(
    slots: Sequence[tuple[datetime, datetime]], earlier: Sequence[datetime], zone: tzinfo
) -> tuple[datetime, datetime]:
    """The slot of one day chosen by the spread rule of `propose_options`."""
    used = [day_part(start, zone) for start in earlier]
    after_last = used[-1] + 1 if used else 0

    def preference(part: int) -> tuple[int, int]:
        return used.count(part), (part - after_last) % len(DAY_PARTS)

    by_part = sorted(slots, key=lambda slot: (preference(day_part(slot[0], zone)), slot[0]))
    return by_part[0]


def build_option(
    label: str, start: datetime, end: datetime, zone: tzinfo, *, uid_seed: str, uid_domain: str
) -> Option:
    """An Option in the owner's zone with its deterministic UID."""
    return Option(
        label=label,
        start=start.astimezone(zone),
        end=end.astimezone(zone),
        uid=make_uid(uid_seed, start, uid_domain),
    )


def make_uid(seed: str, start: datetime, domain: str) -> str:
    """`<32 hex digits>@domain` from sha256 of the seed and the start in UTC."""
    stamp = start.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    digest = hashlib.sha256(f"{seed}\x00{stamp}".encode()).hexdigest()
    return f"{digest[:32]}@{domain}"

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
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from enum import StrEnum
from string import ascii_uppercase

from inviteassist.models import Interval, Option
from inviteassist.schedule.grid import (
    Blocked,
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


@dataclass(frozen=True)
class Proposal:
    options: tuple[Option, ...]
    skipped: tuple[Skipped, ...]
    outside_requester_hours: bool = False  # least-bad times: no option fits their hours

    def reason_counts(self) -> dict[Skip, int]:
        """How many candidates each reason removed, in `Skip` order."""
        counts = Counter(s.reason for s in self.skipped)
        return {reason: counts[reason] for reason in Skip if counts[reason]}


@dataclass(frozen=True)
class _CallCounts:
    """Held or booked calls per owner's date and per ISO week."""

    per_day: Counter[date]
    per_week: Counter[tuple[int, int]]

    @classmethod
    def of(cls, calls: Sequence[Interval], zone: tzinfo) -> _CallCounts:
        days = [require_aware(c.start, "held start").astimezone(zone).date() for c in calls]
        return cls(Counter(days), Counter(iso_week(day) for day in days))


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
    allowed: each day offers its slot nearest to their hours, and the days
    whose best slot is nearest win (see `plan_least_bad`).
    """
    if least_bad and requester is not None:
        return plan_least_bad(rules, now, busy, held, requester, uid_seed=uid_seed,
                              uid_domain=uid_domain)
    zone = load_zone(rules.timezone)
    now_utc = require_aware(now, "now").astimezone(UTC)
    earliest = earliest_start(rules, now_utc, zone)
    latest = now_utc + timedelta(days=rules.horizon_days)
    check = _SlotCheck(rules, earliest, latest, merge_intervals(busy), merge_intervals(held),
                       _CallCounts.of(held, zone), requester)
    duration = timedelta(minutes=rules.call_minutes)
    windows = tuple(rules.windows)  # hashable, for the cached grid
    chosen: list[Slot] = []
    skipped: list[Skipped] = []
    for day in iter_days(now_utc.astimezone(zone).date(), latest.astimezone(zone).date()):
        if not complete_reasons and len(chosen) == rules.options:
            break
        day_reason = check.day_reason(day)
        if day_reason is not None and not complete_reasons:
            continue
        free: list[Slot] = []
        for slot in day_slots(windows, rules.step_minutes, duration, zone, day):
            reason = check.slot_reason(slot, day_reason)
            if reason is None:
                free.append(slot)
            elif complete_reasons:
                skipped.append(Skipped(*local_pair(slot, zone), reason))
        pick = None
        if free and len(chosen) < rules.options:
            pick = pick_varied_slot(free, [start for start, _ in chosen], zone)
            chosen.append(pick)
        if complete_reasons:
            unused = Skip.SAME_DAY if pick else Skip.ENOUGH
            skipped.extend(Skipped(*local_pair(slot, zone), unused)
                           for slot in free if slot != pick)
    logger.debug("proposing %d of %d options in %s", len(chosen), rules.options, rules.timezone)
    options = tuple(
        build_option(label, start, end, zone, uid_seed=uid_seed, uid_domain=uid_domain)
        for label, (start, end) in zip(ascii_uppercase, chosen, strict=False)
    )
    return Proposal(options, tuple(sorted(skipped, key=lambda s: s.start)))


@dataclass(frozen=True)
class _SlotCheck:
    """Everything a slot is tested against, prepared once per proposal."""

    rules: AvailabilityRules
    earliest: datetime
    latest: datetime
    busy: Blocked
    held: Blocked
    counts: _CallCounts
    requester: RequesterHours | None = None

    def day_reason(self, day: date) -> Skip | None:
        rules = self.rules
        if rules.is_blackout(day):
            return Skip.BLACKOUT
        if rules.max_per_day is not None and self.counts.per_day[day] >= rules.max_per_day:
            return Skip.DAY_LIMIT
        if (rules.max_per_week is not None
                and self.counts.per_week[iso_week(day)] >= rules.max_per_week):
            return Skip.WEEK_LIMIT
        return None

    def slot_reason(self, slot: Slot, day_reason: Skip | None) -> Skip | None:
        start, end = slot
        rules = self.rules
        if start < self.earliest:
            return Skip.NOTICE
        if end > self.latest:
            return Skip.HORIZON
        if day_reason is not None:
            return day_reason
        if self.requester is not None and self.requester.minutes_outside(start, end):
            return Skip.REQUESTER_HOURS
        if not self.busy.is_free(start - rules.buffer_before, end + rules.buffer_after):
            return Skip.BUSY
        gap = max(rules.buffer_before, rules.buffer_after)
        if not self.held.is_free(start - gap, end + gap):
            return Skip.HELD
        return None


def plan_least_bad(rules: AvailabilityRules, now: datetime, busy: Sequence[Interval],
                   held: Sequence[Interval], requester: RequesterHours, *, uid_seed: str,
                   uid_domain: str) -> Proposal:
    """Options when no free slot fits the requester's hours: every rule but
    those hours holds; each day's candidate is its slot nearest to their hours
    (earliest on a tie), and the `rules.options` days with the nearest
    candidates are offered, in time order."""
    zone = load_zone(rules.timezone)
    now_utc = require_aware(now, "now").astimezone(UTC)
    latest = now_utc + timedelta(days=rules.horizon_days)
    check = _SlotCheck(rules, earliest_start(rules, now_utc, zone), latest,
                       merge_intervals(busy), merge_intervals(held), _CallCounts.of(held, zone))
    duration = timedelta(minutes=rules.call_minutes)
    best: list[tuple[int, Slot]] = []
    for day in iter_days(now_utc.astimezone(zone).date(), latest.astimezone(zone).date()):
        day_reason = check.day_reason(day)
        if day_reason is not None:
            continue
        free = [slot for slot in day_slots(tuple(rules.windows), rules.step_minutes, duration,
                                           zone, day) if check.slot_reason(slot, None) is None]
        if free:
            best.append(min((requester.minutes_outside(*slot), slot) for slot in free))
    chosen = sorted(slot for _, slot in sorted(best)[:rules.options])
    options = tuple(
        build_option(label, start, end, zone, uid_seed=uid_seed, uid_domain=uid_domain)
        for label, (start, end) in zip(ascii_uppercase, chosen, strict=False)
    )
    return Proposal(options, (), outside_requester_hours=bool(options))


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

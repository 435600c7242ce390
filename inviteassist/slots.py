"""Availability rules, busy times and holds in; proposed call options out.

`propose_options` is the whole public job: given the owner's weekly windows
(wall-clock time in the owner's zone), busy intervals, times already held for
other requesters and `now`, it returns up to N options on N different days.
Pure: `now` and the UID seed are passed in; nothing reads the clock, the disk
or a random source, so the same inputs always give the same options.

Wall-clock rules across daylight-saving changes: a start or end whose wall time
does not exist (spring gap) or exists twice (autumn fold) is never offered, so
every option reads unambiguously; the call always lasts exactly `call_minutes`
of real time, and both of its wall-clock ends lie inside one window.
"""

from __future__ import annotations

import hashlib
import logging
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from string import ascii_uppercase

from inviteassist.models import Interval, Option
from inviteassist.timefmt import load_zone, require_aware

logger = logging.getLogger(__name__)

# Parts of the day used to vary the time between options: (name, first hour, end hour).
DAY_PARTS = (("morning", 0, 12), ("afternoon", 12, 17), ("evening", 17, 24))


@dataclass(frozen=True)
class Window:
    """A weekly availability window in the owner's wall-clock time."""

    weekday: int  # 0 = Monday
    start: time
    end: time

    def __post_init__(self) -> None:
        if not 0 <= self.weekday <= 6:
            raise ValueError(f"window weekday must be 0 (Monday) to 6 (Sunday), got {self.weekday}")
        if self.start.tzinfo is not None or self.end.tzinfo is not None:
            raise ValueError("window times are wall-clock times and must not carry a zone")
        if self.end <= self.start:
            raise ValueError(
                f"window end {self.end:%H:%M} must be after its start {self.start:%H:%M}"
            )


@dataclass(frozen=True)
class AvailabilityRules:
    """When the owner takes calls; invalid rules raise ValueError on creation."""

    timezone: str  # IANA name, e.g. "Europe/Berlin"
    windows: tuple[Window, ...]  # several per weekday allowed
    call_minutes: int = 30
    options: int = 3
    min_notice: timedelta = timedelta(hours=24)
    horizon_days: int = 14
    step_minutes: int = 15  # start times on this grid (round times)

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
        )
        for ok, message in checks:
            if not ok:
                raise ValueError(message)


@dataclass(frozen=True)
class _Blocked:
    """Merged, sorted busy-or-held intervals in UTC, searchable by bisection."""

    starts: tuple[datetime, ...]
    ends: tuple[datetime, ...]

    def is_free(self, start: datetime, end: datetime) -> bool:
        """True when [start, end) overlaps no blocked interval."""
        index = bisect_right(self.starts, start) - 1
        if index >= 0 and self.ends[index] > start:
            return False
        following = index + 1
        return following >= len(self.starts) or self.starts[following] >= end


def propose_options(
    rules: AvailabilityRules,
    now: datetime,
    busy: Sequence[Interval] = (),
    held: Sequence[Interval] = (),
    *,
    uid_seed: str,
    uid_domain: str,
) -> tuple[Option, ...]:
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
    `now + min_notice`, ends no later than `now + horizon_days`, lies with both
    ends inside one window, lasts exactly `call_minutes` and overlaps no busy
    or held interval. UIDs are derived from `uid_seed` and the start in UTC.
    """
    zone = load_zone(rules.timezone)
    earliest = require_aware(now, "now").astimezone(UTC) + rules.min_notice
    latest = now.astimezone(UTC) + timedelta(days=rules.horizon_days)
    blocked = merge_intervals([*busy, *held])
    chosen: list[tuple[datetime, datetime]] = []
    for day in iter_days(earliest.astimezone(zone).date(), latest.astimezone(zone).date()):
        slots = [
            slot for slot in iter_day_slots(rules, zone, day)
            if earliest <= slot[0] and slot[1] <= latest and blocked.is_free(*slot)
        ]
        if slots:
            chosen.append(pick_varied_slot(slots, [start for start, _ in chosen], zone))
        if len(chosen) == rules.options:
            break
    logger.debug("proposing %d of %d options in %s", len(chosen), rules.options, rules.timezone)
    return tuple(
        build_option(label, start, end, zone, uid_seed=uid_seed, uid_domain=uid_domain)
        for label, (start, end) in zip(ascii_uppercase, chosen, strict=False)
    )


def merge_intervals(intervals: Sequence[Interval]) -> _Blocked:
    """Sort and merge intervals (in UTC) so each slot is checked in O(log n)."""
    spans = sorted(
        (require_aware(i.start, "busy start").astimezone(UTC),
         require_aware(i.end, "busy end").astimezone(UTC))
        for i in intervals
        if i.end > i.start
    )
    starts: list[datetime] = []
    ends: list[datetime] = []
    for start, end in spans:
        if ends and start <= ends[-1]:
            ends[-1] = max(ends[-1], end)
        else:
            starts.append(start)
            ends.append(end)
    return _Blocked(tuple(starts), tuple(ends))


def iter_days(first: date, last: date) -> Iterator[date]:
    """Every calendar date from `first` to `last`, both included."""
    for offset in range((last - first).days + 1):
        yield first + timedelta(days=offset)


def iter_day_slots(
    rules: AvailabilityRules, zone: tzinfo, day: date
) -> Iterator[tuple[datetime, datetime]]:
    """Valid (start, end) pairs in UTC for `day`, in start order, no duplicates.

    Valid means: grid start, both wall-clock ends unambiguous and inside the
    same window, exactly `call_minutes` of real time apart.
    """
    duration = timedelta(minutes=rules.call_minutes)
    seen: set[datetime] = set()
    starts: list[tuple[datetime, datetime]] = []
    for window in rules.windows:
        if window.weekday != day.weekday():
            continue
        for wall in iter_grid_times(window, rules.step_minutes):
            start = to_utc(day, wall, zone)
            if start is None or start in seen:
                continue
            end = start + duration
            if fits_window(end, day, window, zone):
                seen.add(start)
                starts.append((start, end))
    yield from sorted(starts)


def iter_grid_times(window: Window, step_minutes: int) -> Iterator[time]:
    """Wall-clock times in [window.start, window.end) whose minute is on the grid."""
    for hour in range(window.start.hour, window.end.hour + 1):
        for minute in range(0, 60, step_minutes):
            wall = time(hour, minute)
            if window.start <= wall < window.end:
                yield wall


def to_utc(day: date, wall: time, zone: tzinfo) -> datetime | None:
    """The UTC instant of a wall-clock time, or None when that wall time does
    not exist (DST gap) or exists twice (DST fold) in `zone`."""
    naive = datetime.combine(day, wall)
    first = naive.replace(tzinfo=zone, fold=0)
    if first.utcoffset() != naive.replace(tzinfo=zone, fold=1).utcoffset():
        return None
    return first.astimezone(UTC)


def fits_window(end: datetime, day: date, window: Window, zone: tzinfo) -> bool:
    """True when the call's UTC `end` reads as an unambiguous wall time on
    `day` no later than the window's end."""
    local = end.astimezone(zone)
    wall = local.replace(tzinfo=None)
    return (
        wall.date() == day
        and wall.time() <= window.end
        and to_utc(day, wall.time(), zone) == end
    )


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

"""The wall-clock grid of candidate call times, and blocked time to test them against.

`planner.py` decides which candidates to offer; this module only enumerates
them and answers "is this span free?". A candidate starts on the
`step_minutes` grid of the owner's wall clock inside a weekly `Window`, lasts
exactly the call's length of real time, and both of its wall-clock ends are
unambiguous (not in a daylight-saving gap or fold) and inside that one window.
Pure: no clock, no I/O.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import lru_cache

from inviteassist.models import Interval
from inviteassist.schedule.timefmt import require_aware

Slot = tuple[datetime, datetime]  # (start, end) in UTC


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
class Blocked:
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


def merge_intervals(intervals: Sequence[Interval], into: Blocked | None = None) -> Blocked:
    """Sort and merge intervals (in UTC) so each slot is checked in O(log n);
    with `into`, merged with its spans (the same as merging them all again)."""
    spans = sorted([
        *(zip(into.starts, into.ends, strict=True) if into is not None else ()),
        *((require_aware(i.start, "busy start").astimezone(UTC),
           require_aware(i.end, "busy end").astimezone(UTC))
          for i in intervals
          if i.end > i.start)])
    starts: list[datetime] = []
    ends: list[datetime] = []
    for start, end in spans:
        if ends and start <= ends[-1]:
            ends[-1] = max(ends[-1], end)
        else:
            starts.append(start)
            ends.append(end)
    return Blocked(tuple(starts), tuple(ends))


def iter_days(first: date, last: date) -> Iterator[date]:
    """Every calendar date from `first` to `last`, both included."""
    for offset in range((last - first).days + 1):
        yield first + timedelta(days=offset)


@lru_cache(maxsize=1024)
def day_slots(
    windows: tuple[Window, ...], step_minutes: int, duration: timedelta, zone: tzinfo, day: date
) -> tuple[Slot, ...]:
    """Valid (start, end) pairs in UTC for `day`, in start order, no duplicates.

    Valid means: grid start, both wall-clock ends unambiguous and inside the
    same window, exactly `duration` of real time apart. Kept per day: every
    draft of a cycle looks at the same days, and the zone arithmetic is the
    costly part of planning.
    """
    seen: set[datetime] = set()
    starts: list[Slot] = []
    for window in windows:
        if window.weekday != day.weekday():
            continue
        for wall in iter_grid_times(window, step_minutes):
            start = to_utc(day, wall, zone)
            if start is None or start in seen:
                continue
            end = start + duration
            if fits_window(end, day, window, zone):
                seen.add(start)
                starts.append((start, end))
    return tuple(sorted(starts))


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


def start_of_day(day: date, zone: tzinfo) -> datetime:
    """The first instant of `day` in `zone`, in UTC (a midnight lost to a
    daylight-saving gap reads as the moment the day actually begins)."""
    return datetime.combine(day, time(), zone).astimezone(UTC)


def is_weekday(day: date) -> bool:
    return day.weekday() < 5


def nth_business_day(day: date, count: int, is_business: Callable[[date], bool] = is_weekday,
                     *, limit: date | None = None) -> date:
    """The `count`-th business day after `day` (or `limit`, if reached first)."""
    while count > 0 and (limit is None or day <= limit):
        day += timedelta(days=1)
        count -= is_business(day)
    return day


def add_business_days(start: datetime, days: int) -> datetime:
    """`start` moved forward by `days` weekdays (Saturday and Sunday skipped)."""
    return start + (nth_business_day(start.date(), days) - start.date())

"""iCalendar bytes -> the busy intervals they declare inside a window.

Recurring events are expanded with `recurring-ical-events` (RRULE, RDATE,
EXDATE, RECURRENCE-ID overrides), one series (one UID) at a time. All-day
events and floating times are read in the owner's zone; events in other zones
keep their own zone. An event is free, not busy, when it is TRANSP:TRANSPARENT,
STATUS:CANCELLED, declined by the owner, or one of our own hold events (those
are already known as holds).

Calendars come from outside and may be hostile. What this module bounds by
itself: a series whose rule would take more than `max_periods` steps from its
DTSTART to the end of the window (FREQ=SECONDLY since 1970) is skipped, and no
more than `max_occurrences` busy intervals are kept. What it cannot bound by
itself (a rule that never matches makes the library search for years) is
covered by `guard`, a context manager entered around each series, which the
caller may make raise after a time budget. Every such event is reported in
`BusyParse.problems`; an unparseable calendar raises `UnreadableCalendar`.
Pure: no clock, no I/O.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any

import recurring_ical_events
import x_wr_timezone
from icalendar import Calendar, Component, Event

from inviteassist.models import Interval
from inviteassist.schedule.grid import start_of_day
from inviteassist.schedule.ics import HOLD_PROPERTY
from inviteassist.schedule.timefmt import load_zone

logger = logging.getLogger(__name__)

# Seconds per step of each FREQ, to estimate how far the library must iterate.
FREQ_SECONDS = {"SECONDLY": 1, "MINUTELY": 60, "HOURLY": 3600, "DAILY": 86400,
                "WEEKLY": 7 * 86400, "MONTHLY": 28 * 86400, "YEARLY": 365 * 86400}
# The query window is widened by this much so that floating and all-day events,
# which the library compares in its own way, are all found; results are clipped.
QUERY_MARGIN = timedelta(days=1)
SeriesGuard = Callable[[], AbstractContextManager[Any]]


class UnreadableCalendar(ValueError):
    """The bytes are not an iCalendar object at all."""


@dataclass(frozen=True)
class ExpandLimits:
    max_occurrences: int = 20_000  # busy intervals kept from one calendar in one window
    max_periods: int = 100_000  # steps of one rule from its DTSTART to the window's end


@dataclass(frozen=True)
class BusyParse:
    intervals: tuple[Interval, ...]
    problems: tuple[str, ...]


def busy_from_ics(
    data: bytes,
    start: datetime,
    end: datetime,
    *,
    zone: str,
    owner_email: str | None = None,
    limits: ExpandLimits = ExpandLimits(),
    guard: SeriesGuard = nullcontext,
) -> BusyParse:
    """Busy intervals of every VEVENT in `data` (one or more VCALENDARs)
    overlapping [start, end), clipped to it, in UTC."""
    owner_zone = load_zone(zone)
    window = _Window(start.astimezone(UTC), end.astimezone(UTC), owner_zone,
                     f"mailto:{owner_email}".lower() if owner_email else None)
    try:
        calendars = Calendar.from_ical(data, multiple=True)
    except Exception as exc:  # icalendar raises ValueError, IndexError, KeyError …
        if _out_of_memory(exc):
            raise MemoryError from exc
        raise UnreadableCalendar(f"not an iCalendar file: {_short(str(exc))}") from None
    if not calendars:
        raise UnreadableCalendar("no VCALENDAR in the data")
    intervals: list[Interval] = []
    problems: list[str] = []
    for calendar in calendars:
        for series in iter_series(_standard(calendar, problems)):
            if len(intervals) >= limits.max_occurrences:
                problems.append(f"more than {limits.max_occurrences} busy events in the "
                                "window: the rest were not read")
                return BusyParse(tuple(intervals[: limits.max_occurrences]), tuple(problems))
            intervals.extend(_expand_series(series, window, limits, guard, problems))
    return BusyParse(tuple(intervals[: limits.max_occurrences]), tuple(problems))


@dataclass(frozen=True)
class _Window:
    start: datetime
    end: datetime
    zone: tzinfo
    owner_address: str | None


def _standard(calendar: Component, problems: list[str]) -> Component:
    """The calendar with an X-WR-TIMEZONE (Google's exports) applied as real TZIDs."""
    try:
        standard: Component = x_wr_timezone.to_standard(calendar)
    except Exception as exc:  # a bad X-WR-TIMEZONE: read the times as written
        problems.append(f"X-WR-TIMEZONE ignored: {_short(str(exc))}")
        return calendar
    return standard


def iter_series(calendar: Component) -> Iterator[Calendar]:
    """One small calendar per UID: its VEVENTs (master and overrides) and every
    VTIMEZONE, so that one hostile series cannot take the others down."""
    timezones = list(calendar.walk("VTIMEZONE"))
    by_uid: dict[str, list[Component]] = {}
    for index, event in enumerate(calendar.walk("VEVENT")):
        by_uid.setdefault(str(event.get("UID") or f"#no-uid-{index}"), []).append(event)
    for events in by_uid.values():
        series = Calendar()
        for component in (*timezones, *events):
            series.add_component(component)
        yield series


def _expand_series(series: Calendar, window: _Window, limits: ExpandLimits,
                   guard: SeriesGuard, problems: list[str]) -> list[Interval]:
    events = series.walk("VEVENT")
    name = describe_event(events[0])
    for event in events:
        problems.extend(f"{name}: unknown time zone {tzid!r}, read as your own zone"
                        for tzid in unknown_tzids(event))
    too_long = next((p for p in (_too_many_periods(e, window, limits) for e in events) if p),
                    None)
    if too_long:
        problems.append(f"{name}: skipped, {too_long}")
        return []
    found: list[Interval] = []
    try:
        with guard():
            occurrences = recurring_ical_events.of(series).between(
                window.start - QUERY_MARGIN, window.end + QUERY_MARGIN)
            for occurrence in occurrences:
                interval = busy_interval(occurrence, window)
                if interval is not None:
                    found.append(interval)
    except Exception as exc:  # the library's errors, or the guard's time budget
        if _out_of_memory(exc):
            raise MemoryError from exc
        problems.append(f"{name}: skipped, cannot expand: {_short(str(exc) or type(exc).__name__)}")
        return []
    return found


def busy_interval(event: Component, window: _Window) -> Interval | None:
    """The clipped busy span of one occurrence, or None when it is free or outside."""
    if not isinstance(event, Event) or is_free(event, window.owner_address):
        return None
    try:
        start, end = event.start, event.end
    except Exception:  # no DTSTART, or a DTEND before DTSTART
        return None
    begin = to_instant(start, window.zone)
    finish = to_instant(end, window.zone)
    begin, finish = max(begin, window.start), min(finish, window.end)
    return Interval(begin, finish) if finish > begin else None


def is_free(event: Component, owner_address: str | None) -> bool:
    """TRANSPARENT, CANCELLED, declined by the owner, or our own hold."""
    if str(event.get("TRANSP", "OPAQUE")).upper() == "TRANSPARENT":
        return True
    if str(event.get("STATUS", "")).upper() == "CANCELLED":
        return True
    if HOLD_PROPERTY in event:
        return True
    if owner_address:
        attendees = event.get("ATTENDEE", [])
        for attendee in attendees if isinstance(attendees, list) else [attendees]:
            if (str(attendee).lower() == owner_address
                    and str(attendee.params.get("PARTSTAT", "")).upper() == "DECLINED"):
                return True
    return False


def to_instant(value: date | datetime, zone: tzinfo) -> datetime:
    """An aware UTC instant: dates start at the owner's midnight, floating
    times are the owner's wall clock."""
    if not isinstance(value, datetime):
        return start_of_day(value, zone)
    if value.tzinfo is None:
        return value.replace(tzinfo=zone).astimezone(UTC)
    return value.astimezone(UTC)


def unknown_tzids(event: Component) -> list[str]:
    """TZIDs on DTSTART/DTEND/RECURRENCE-ID that neither the file's VTIMEZONEs
    nor the zone database could resolve (the library then leaves the time naive)."""
    bad = []
    for key in ("DTSTART", "DTEND", "RECURRENCE-ID"):
        prop = event.get(key)
        tzid = getattr(prop, "params", {}).get("TZID") if prop is not None else None
        value = getattr(prop, "dt", None)
        if tzid and isinstance(value, datetime) and value.tzinfo is None:
            bad.append(str(tzid))
    return sorted(set(bad))


def _too_many_periods(event: Component, window: _Window, limits: ExpandLimits) -> str | None:
    """Why expanding this event's rule up to the window's end would take too
    many steps, or None."""
    rules = event.get("RRULE")
    if rules is None or "DTSTART" not in event:
        return None
    first = to_instant(event.decoded("DTSTART"), window.zone)
    for rule in rules if isinstance(rules, list) else [rules]:
        freq = str((rule.get("FREQ") or ["DAILY"])[0]).upper()
        interval = max(1, int((rule.get("INTERVAL") or [1])[0]))
        step = FREQ_SECONDS.get(freq, 86400) * interval
        periods = (window.end - first).total_seconds() / step
        if periods > limits.max_periods:
            return (f"its {freq} rule would need {int(periods):,} steps from "
                    f"{first:%Y-%m-%d} (limit {limits.max_periods:,})")
    return None


def describe_event(event: Component) -> str:
    """`event 'Summary' (UID x)`, shortened and on one line, for reports."""
    summary = _short(str(event.get("SUMMARY", "")), 40)
    uid = _short(str(event.get("UID", "?")), 40)
    return f"event {summary!r} (UID {uid})" if summary else f"event UID {uid}"


def _out_of_memory(exc: BaseException | None) -> bool:
    """True when `exc` is, or was raised while handling, a MemoryError (icalendar
    turns one into a ValueError)."""
    seen = 0
    while exc is not None and seen < 20:
        if isinstance(exc, MemoryError):
            return True
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return False


def _short(text: str, limit: int = 120) -> str:
    """One printable line of at most `limit` characters."""
    line = " ".join("".join(c if c.isprintable() else " " for c in text).split())
    return line if len(line) <= limit else line[: limit - 1] + "…"

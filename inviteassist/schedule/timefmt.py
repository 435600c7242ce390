"""Time zones by name and human-readable times for drafts, logs and reports.

This module owns two small jobs: turning an IANA zone name into a `ZoneInfo`
with one clear `ValueError` when the name is unusable, and rendering aware
datetimes in a given zone. English weekday and month names are constants;
other languages' come from Babel's CLDR data (the locale's full date format),
so the output never depends on the process locale. Pure: no clock, no I/O
beyond the zoneinfo database and Babel's locale data.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from inviteassist.models import Option

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)


def zone_place_name(zone: str) -> str:
    """'America/Los_Angeles' -> 'Los Angeles': the place an IANA zone is named after
    (unlike `zone_label`, which names a moment's abbreviation, 'PST')."""
    return zone.rsplit("/", 1)[-1].replace("_", " ")


@lru_cache(maxsize=64)
def load_zone(name: str) -> ZoneInfo:
    """The zone called `name`, or ValueError saying why it cannot be used.
    Kept: zoneinfo keeps only 8 zones for sure and reads the others from disk
    again once unused, while a scan's requesters come from many (an error is
    not kept)."""
    if not name or name != name.strip():
        raise ValueError(f"time zone {name!r} is not an IANA name like 'Europe/Berlin'")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError) as exc:
        raise ValueError(
            f"unknown time zone {name!r}: use an IANA name like 'Europe/Berlin'"
        ) from exc


REFERENCE_YEAR = 2026  # offsets compared over this year to tell zones apart


@lru_cache(maxsize=4096)
def zone_signature(zone: str) -> tuple[timedelta | None, ...]:
    """The zone's UTC offsets twice a month over `REFERENCE_YEAR`: zones with
    equal signatures keep the same time."""
    tz = load_zone(zone)
    instants = (datetime(REFERENCE_YEAR, month, day, 12, tzinfo=UTC)
                for month in range(1, 13) for day in (1, 16))
    return tuple(instant.astimezone(tz).utcoffset() for instant in instants)


def same_time(first: str, second: str) -> bool:
    """True when two zones keep the same time (Europe/Paris and Europe/Berlin)."""
    return first == second or zone_signature(first) == zone_signature(second)


def require_aware(dt: datetime, what: str) -> datetime:
    """`dt` itself, or ValueError when it has no UTC offset (naive)."""
    if dt.tzinfo is None or dt.utcoffset() is None:
        raise ValueError(f"{what} must be timezone-aware, got naive {dt.isoformat()}")
    return dt


def format_offset(offset: timedelta | None) -> str:
    """`UTC+01:00`, `UTC-05:00`, `UTC+05:45` for a UTC offset."""
    minutes = int((offset or timedelta()).total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    hours, mins = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{mins:02d}"


def zone_label(dt: datetime) -> str:
    """Short zone name for logs: the abbreviation when the zone has a real one
    (`CET`, `EDT`, `UTC`), else the numeric offset (`UTC-03:00`)."""
    abbreviation = dt.tzname() or ""
    return abbreviation if abbreviation.isalpha() else format_offset(dt.utcoffset())


def describe_zone(dt: datetime) -> str:
    """Zone name for people: `CET (UTC+01:00)`, or just `UTC` / `UTC-03:00`
    where an abbreviation would add nothing."""
    label = zone_label(dt)
    offset = format_offset(dt.utcoffset())
    return label if label in ("UTC", offset) else f"{label} ({offset})"


def format_date(dt: datetime, language: str = "en") -> str:
    """`Tuesday 1 December 2026` in English; in another language (a Babel
    locale name) its own full form: `Dienstag, 1. Dezember 2026`."""
    named = babel_day(dt.date(), "full", language) if language != "en" else None
    if named is not None:
        return named
    return f"{WEEKDAYS[dt.weekday()]} {dt.day} {MONTHS[dt.month - 1]} {dt.year}"


@lru_cache(maxsize=1024)
def babel_day(day: date, pattern: str, language: str) -> str | None:
    """`day` in Babel's `pattern` for the locale `language`, or None for a
    language code Babel does not know (the caller writes English rather than
    nothing). Remembered: drafts name the same few days in a few languages,
    and Babel's formatting was the largest part of a reply's text. Babel is
    imported here, on first use: English dates, and the commands that show
    only those (status, report), do without its import (~20 ms)."""
    from babel import UnknownLocaleError
    from babel.dates import format_date as babel_date

    try:
        return babel_date(day, pattern, locale=language)
    except (UnknownLocaleError, ValueError):
        return None


# "in Seattle (PST) — 17:30 CET for me", per language: where they are, whose time.
_BOTH_ZONES = {
    "en": ("in {place}", "{time} for me"), "de": ("in {place}", "bei mir {time}"),
    "fr": ("à {place}", "{time} pour moi"), "es": ("en {place}", "{time} para mí"),
    "pt": ("em {place}", "{time} para mim"), "it": ("a {place}", "{time} per me"),
    "nl": ("in {place}", "{time} bij mij"),
}


def format_weekday(dt: datetime, language: str = "en") -> str:
    named = babel_day(dt.date(), "EEEE", language) if language != "en" else None
    return named if named is not None else WEEKDAYS[dt.weekday()]


def format_for_requester(option: Option, requester_tz: str, place: str, owner_tz: str,
                         language: str = "en") -> str:
    """The option in the requester's zone first, then the owner's start:
    `Tuesday 8 December 2026, 08:30–09:00 in Seattle (PST) — 17:30 CET for me`
    (the owner's weekday is added when their date differs), in `language`
    (English words for a language without its own)."""
    where, mine_text = _BOTH_ZONES.get(language, _BOTH_ZONES["en"])
    theirs = load_zone(requester_tz)
    start = require_aware(option.start, "option start").astimezone(theirs)
    end = require_aware(option.end, "option end").astimezone(theirs)
    mine = start.astimezone(load_zone(owner_tz))
    end_text = f"{end:%H:%M}" if end.date() == start.date() else \
        f"{format_date(end, language)}, {end:%H:%M}"
    my_day = "" if mine.date() == start.date() else f"{format_weekday(mine, language)} "
    my_time = mine_text.format(time=f"{my_day}{mine:%H:%M} {zone_label(mine)}")
    return (f"{format_date(start, language)}, {start:%H:%M}–{end_text} "
            f"{where.format(place=place)} ({zone_label(start)}) — {my_time}")


def format_local(dt: datetime, tz_name: str) -> str:
    """`2026-12-01 10:00 CET`: a compact local time for logs and reports."""
    local = require_aware(dt, "time").astimezone(load_zone(tz_name))
    return f"{local:%Y-%m-%d %H:%M} {zone_label(local)}"


def format_when(dt: datetime, tz_name: str) -> str:
    """`Tue 1 Dec 2026, 10:00 CET`: weekday, date, time and zone, for reports."""
    local = require_aware(dt, "time").astimezone(load_zone(tz_name))
    return f"{short_day(local)} {local.year}, {local:%H:%M} {zone_label(local)}"


def short_day(local: datetime) -> str:
    """`Tue 1 Dec`: the English day and month, abbreviated, for the owner."""
    return f"{WEEKDAYS[local.weekday()][:3]} {local.day} {MONTHS[local.month - 1][:3]}"


def format_option(option: Option, tz_name: str, language: str = "en") -> str:
    """An option as shown in a draft, in the zone `tz_name`, dates in `language`.

    `Tuesday 1 December 2026, 10:00–10:30 CET (UTC+01:00)`. When the call
    crosses a change of offset or midnight in that zone, each end carries its
    own zone (and the end its own date): `..., 01:30 CET (UTC+01:00) – 03:00
    CEST (UTC+02:00)`.
    """
    zone = load_zone(tz_name)
    start = require_aware(option.start, "option start").astimezone(zone)
    end = require_aware(option.end, "option end").astimezone(zone)
    same_day = start.date() == end.date()
    if same_day and describe_zone(start) == describe_zone(end):
        return (f"{format_date(start, language)}, {start:%H:%M}–{end:%H:%M} "
                f"{describe_zone(end)}")
    end_date = "" if same_day else f"{format_date(end, language)}, "
    return (
        f"{format_date(start, language)}, {start:%H:%M} {describe_zone(start)}"
        f" – {end_date}{end:%H:%M} {describe_zone(end)}"
    )

"""Schema pieces for `config.settings`: the field maker, [calendar], and value converters.

`opt` makes one schema entry (a dataclass field with help text and
constraints); `CalendarSection` is the [calendar] section. `config.settings` owns
loading and the error messages' place (file, line, key); the converters here
turn one raw TOML value that needs more than a type check (dates, zone tables,
calendar URLs) into its typed form or call `fail(problem, fix)`, which raises
the UserError naming that place. `KINDS` maps an entry's `kind` to its
converter.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import MISSING, dataclass, field
from datetime import date
from typing import Any

from inviteassist.errors import UserError
from inviteassist.schedule.planner import DateRange
from inviteassist.schedule.timefmt import load_zone
from inviteassist.tls import check_url

Fail = Callable[[str, str], UserError]
Converter = Callable[[Any, Fail], Any]

# What the config accepts as an email address: one @, a dot after it, no spaces.
EMAIL = re.compile(r"[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+")

_RANGE = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})\s*(?:\.\.|/)\s*(\d{4}-\d{2}-\d{2})\s*$")
_ENV = re.compile(r"^env:([A-Za-z_][A-Za-z0-9_]*)$")
_DATES_FIX = ('write dates as "2026-12-24" and ranges as "2026-12-24..2027-01-01" '
              "(both days included)")


def opt(help_text: str, default: Any = MISSING, **constraints: Any) -> Any:
    """A schema entry: a dataclass field carrying its help text and constraints.

    Constraints: `required`, `min`, `max`, `choices`, `kind` ('timezone', 'path',
    'paths', 'windows', 'email', or a key of `KINDS`) for values whose meaning a
    type alone does not capture.
    """
    meta = {"help": help_text, **constraints}
    if isinstance(default, list | dict):
        frozen = tuple(default) if isinstance(default, list) else dict(default)
        return field(default_factory=lambda: frozen, metadata=meta)
    return field(default=default, metadata=meta)


@dataclass(frozen=True)
class CalendarSection:
    ics_files: tuple[str, ...] = opt("Local .ics files whose events make you busy.", [],
                                      kind="paths")
    ics_urls: tuple[str, ...] = opt(
        "Calendar addresses (https:// or webcal://), e.g. a secret iCal address; "
        "\"env:NAME\" reads one from an environment variable.", [], kind="urls")
    caldav_url: str = opt("CalDAV server URL; empty: no CalDAV.", "")
    caldav_username: str = opt("CalDAV login name.", "")
    caldav_password_env: str = opt("Environment variable holding the CalDAV password.", "")
    caldav_password_command: str = opt("Shell command printing the CalDAV password on its "
                                        "first line.", "")
    caldav_calendars: tuple[str, ...] = opt(
        "CalDAV calendars read for busy time, by display name or URL; empty: all.", [])
    hold_calendar: str = opt(
        "CalDAV calendar (display name, created if missing) that shows held times as "
        "tentative 'Hold: call with <name>' events; empty: off.", "")
    on_failure: str = opt(
        "When a calendar cannot be read: 'propose-nothing' (draft without times rather "
        "than risk a clash) or 'ignore-source' (use the other calendars).",
        "propose-nothing", choices=("propose-nothing", "ignore-source"))
    timeout_seconds: int = opt("Time limit for fetching, and for reading, one calendar.",
                                10, min=1, max=300)
    cache_minutes: int = opt("Reuse a fetched calendar address for this many minutes.", 10,
                              min=0)
    cache_folder: str = opt("Where fetched calendars are cached.",
                             "$XDG_CACHE_HOME/inviteassist/calendars", kind="path")


def convert_dates(value: Any, fail: Fail) -> tuple[DateRange, ...]:
    """`["2026-12-24", "2026-12-27..2027-01-01", 2026-05-01]` -> date ranges."""
    if not isinstance(value, list):
        raise fail("must be a list of dates and date ranges", _DATES_FIX)
    return tuple(_date_range(item, fail) for item in value)


def _date_range(item: Any, fail: Fail) -> DateRange:
    if isinstance(item, date) and not hasattr(item, "hour"):
        return DateRange(item, item)
    if not isinstance(item, str):
        raise fail(f"{item!r} is not a date", _DATES_FIX)
    match = _RANGE.match(item)
    try:
        if match:
            return DateRange(date.fromisoformat(match[1]), date.fromisoformat(match[2]))
        day = date.fromisoformat(item.strip())
    except ValueError as exc:
        raise fail(f"{item!r} is not a date or date range: {exc}", _DATES_FIX) from None
    return DateRange(day, day)


def convert_zones(value: Any, fail: Fail) -> dict[str, str]:
    """`{"sam@example.com" = "America/New_York"}` -> lower-cased keys, checked zones."""
    fix = 'write [availability.requester_timezones] then "sam@example.com" = "America/New_York"'
    if not isinstance(value, dict):
        raise fail("must be a table of requester = time zone", fix)
    zones: dict[str, str] = {}
    for key, zone in value.items():
        try:
            load_zone(zone if isinstance(zone, str) else "")
        except ValueError:
            raise fail(f"unknown time zone {zone!r} for {key!r}",
                       "use an IANA name such as America/New_York") from None
        zones[str(key).strip().lower()] = zone
    return zones


def convert_urls(value: Any, fail: Fail) -> tuple[str, ...]:
    """Calendar addresses, or `env:NAME` entries read when used."""
    fix = 'write ["https://…/basic.ics"] or ["env:MY_CALENDAR_URL"]'
    if not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
        raise fail("must be a list of strings", fix)
    for url in value:
        problem = None if _ENV.match(url) else check_url(url)
        if problem:
            # Name the entry by position: the address itself may be a secret.
            raise fail(f"entry {value.index(url) + 1} {problem}", fix)
    return tuple(value)


def env_name(entry: str) -> str | None:
    """NAME for an `env:NAME` entry, else None."""
    match = _ENV.match(entry)
    return match[1] if match else None


def zone_for(zones: Mapping[str, str], *keys: str | None) -> str | None:
    """The first configured zone among `keys` (e-mail, profile URL, name)."""
    for key in keys:
        if key and key.strip().lower() in zones:
            return zones[key.strip().lower()]
    return None


KINDS: dict[str, Converter] = {
    "dates": convert_dates,
    "zones": convert_zones,
    "urls": convert_urls,
}

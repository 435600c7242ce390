"""Wiring: the [calendar] settings -> busy sources and the CalDAV hold mirror.

The only module that knows which config value becomes which source; the
engine and the commands ask it for a `BusyCalendar` (None when no source is
configured) and a `DavHolds` (None when holds are not mirrored). A source that
cannot even be built (an `env:` URL whose variable is unset, a password
command that fails) becomes a `BrokenSource`, which fails when read, so that it
is reported like any other failing source instead of stopping the program.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from inviteassist.calendars.busy import (
    BusyCalendar,
    ExpandBudget,
    IcsFile,
    IcsUrl,
    Source,
    SourceError,
    UrlCache,
)
from inviteassist.calendars.dav import CalDavBusy, DavAccount, DavHolds, resolve_dav_password
from inviteassist.config.schema import env_name
from inviteassist.config.settings import Settings
from inviteassist.tls import check_url

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class BrokenSource:
    """A configured source that could not be set up; reading it fails."""

    label: str
    problem: str

    def fetch(self, start: datetime, end: datetime) -> list[bytes]:
        raise SourceError(self.problem)


def engine_calendars(settings: Settings) -> tuple[BusyCalendar | None, DavHolds | None]:
    """The busy sources and the hold calendar, sharing one CalDAV account, so
    that its password (perhaps a command to run) is read once."""
    dav = _dav_account(settings) if settings.calendar.caldav_url else None
    return busy_calendar(settings, dav), hold_mirror(settings, dav)


def busy_calendar(settings: Settings, dav: DavAccount | SourceError | None = None,
                  ) -> BusyCalendar | None:
    """Every configured busy source, or None when there is none. `dav`: the
    CalDAV account already made (or why it could not be), else it is made."""
    cal = settings.calendar
    cache = UrlCache(Path(cal.cache_folder), max_age=cal.cache_minutes * 60.0)
    sources: list[Source] = [IcsFile(Path(path)) for path in cal.ics_files]
    for index, entry in enumerate(cal.ics_urls, start=1):
        sources.append(_url_source(entry, index, cache, float(cal.timeout_seconds)))
    if cal.caldav_url:
        sources.append(_caldav_source(settings, dav or _dav_account(settings)))
    if not sources:
        return None
    return BusyCalendar(sources, zone=settings.owner.timezone, owner_email=settings.owner.email,
                        on_failure=cal.on_failure,
                        budget=ExpandBudget(seconds=float(cal.timeout_seconds) * 2))


def hold_mirror(settings: Settings, dav: DavAccount | SourceError | None) -> DavHolds | None:
    """The CalDAV hold calendar, when [calendar] hold_calendar names one."""
    cal = settings.calendar
    if not (cal.hold_calendar and dav is not None):
        return None
    try:
        return DavHolds(_usable(dav), cal.hold_calendar)
    except SourceError as exc:
        logger.warning("holds are not shown in %r: %s", cal.hold_calendar, exc)
        return None


def _url_source(entry: str, index: int, cache: UrlCache, timeout: float) -> Source:
    name = env_name(entry)
    if name is None:
        return IcsUrl(entry, index, cache, timeout)
    url = os.environ.get(name, "")
    label = f"url #{index} (env:{name})"
    if not url:
        return BrokenSource(label, f"the environment variable {name} is not set")
    problem = check_url(url)  # the config check saw only the variable's name
    if problem:
        return BrokenSource(label, f"the address in {name} {problem}")
    return IcsUrl(url, index, cache, timeout)


def _caldav_source(settings: Settings, dav: DavAccount | SourceError) -> Source:
    cal = settings.calendar
    try:
        return CalDavBusy(_usable(dav), cal.caldav_calendars)
    except SourceError as exc:
        return BrokenSource(f"caldav {cal.caldav_url}", str(exc))


def _dav_account(settings: Settings) -> DavAccount | SourceError:
    """The CalDAV account, or why there is none (its password cannot be read)."""
    cal = settings.calendar
    try:
        password = resolve_dav_password(cal.caldav_password_env, cal.caldav_password_command)
    except SourceError as exc:
        return exc
    return DavAccount(cal.caldav_url, cal.caldav_username, password,
                      float(cal.timeout_seconds))


def _usable(dav: DavAccount | SourceError) -> DavAccount:
    if isinstance(dav, SourceError):
        raise dav
    return dav

"""CalDAV: the owner's calendars read as a busy source, and held times written back.

`DavAccount` is one login to one server (password from an environment
variable or a command, never logged). `CalDavBusy` is a `busy.Source`: the raw
events of the chosen calendars that overlap the window, left to the bounded
reader in `calendars.busy` to expand. `DavHolds` mirrors the store's active holds
into one calendar as tentative "Hold: call with <name>" events: `sync` adds
the missing ones and deletes those whose hold was released or expired, so the
calendar always shows exactly what is held. Hold events carry a marker by
which busy reading skips them (the store already knows them as holds).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from inviteassist.calendars.busy import SourceError
from inviteassist.errors import OperationalError
from inviteassist.mail.credentials import Secret, secret_from_env_or_command
from inviteassist.schedule.ics import HOLD_PROPERTY, build_hold_calendar
from inviteassist.store.holds import HeldCall

if TYPE_CHECKING:  # caldav is imported only when a CalDAV server is configured
    from caldav.davclient import DAVClient

logger = logging.getLogger(__name__)

HOLD_UID_PREFIX = "hold-"
# How far back and ahead `DavHolds.sync` looks for its own events.
HOLD_LOOKBACK = timedelta(days=30)
HOLD_LOOKAHEAD = timedelta(days=400)


@dataclass(frozen=True)
class DavAccount:
    url: str
    username: str
    password: Secret | None
    timeout: float = 10.0

    def connect(self) -> DAVClient:
        from caldav.davclient import DAVClient

        return DAVClient(
            self.url, username=self.username or None,
            password=self.password.reveal() if self.password else None,
            timeout=int(self.timeout))

    def calendars(self, client: DAVClient, names: Sequence[str]) -> list[Any]:
        """The calendars named (by display name or URL), or all when `names` is empty."""
        found = principal_of(client).calendars()
        if not names:
            return list(found)
        by_key: dict[str, Any] = {}
        for calendar in found:
            by_key[str(calendar.url).rstrip("/")] = calendar
            by_key.setdefault(str(calendar.get_display_name() or ""), calendar)
        missing = [n for n in names if n.rstrip("/") not in by_key and n not in by_key]
        if missing:
            known = ", ".join(sorted(k for k in by_key if "/" not in k)) or "none"
            raise SourceError(f"no calendar named {', '.join(missing)} (found: {known})")
        return [by_key.get(n, by_key.get(n.rstrip("/"))) for n in names]


def principal_of(client: DAVClient) -> Any:
    """The logged-in user's principal (caldav leaves this call untyped)."""
    return client.principal()  # type: ignore[no-untyped-call]


def resolve_dav_password(env_name: str, command: str) -> Secret | None:
    """The CalDAV password from an environment variable or a command, if configured."""
    try:
        return secret_from_env_or_command(env_name, command, "[calendar] caldav_password")
    except OperationalError as exc:  # a secret-free message
        raise SourceError(str(exc)) from None


def describe_dav_error(exc: Exception) -> str:
    """One line about a CalDAV failure; the library's messages can run to pages."""
    text = " ".join(str(exc).split())[:200]
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


@dataclass(frozen=True)
class CalDavBusy:
    """Busy events from CalDAV calendars, as raw iCalendar objects."""

    account: DavAccount
    names: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        which = ", ".join(self.names) if self.names else "all calendars"
        return f"caldav {self.account.url} ({which})"

    def fetch(self, start: datetime, end: datetime) -> list[bytes]:
        try:
            with self.account.connect() as client:
                return [
                    str(item.data).encode("utf-8")
                    for calendar in self.account.calendars(client, self.names)
                    for item in calendar.search(start=start, end=end, event=True, expand=False)
                ]
        except SourceError:
            raise
        except Exception as exc:  # caldav and its HTTP stack raise many types
            raise SourceError(describe_dav_error(exc)) from None


class DavHolds:
    """Keeps one CalDAV calendar showing exactly the active holds."""

    def __init__(self, account: DavAccount, calendar_name: str) -> None:
        self.account = account
        self.calendar_name = calendar_name

    @property
    def label(self) -> str:
        return f"hold calendar {self.calendar_name!r} on {self.account.url}"

    def sync(self, holds: Sequence[HeldCall], now: datetime) -> tuple[int, int]:
        """(added, removed) hold events; raises SourceError when the server fails."""
        wanted = {HOLD_UID_PREFIX + hold.uid: hold for hold in holds}
        try:
            with self.account.connect() as client:
                calendar = self._calendar(client)
                present = self._hold_events(calendar, now)
                removed = 0
                for uid, item in present.items():
                    if uid not in wanted:
                        item.delete()
                        removed += 1
                added = 0
                for uid, hold in wanted.items():
                    if uid not in present:
                        calendar.save_event(build_hold_calendar(
                            uid, hold.start, hold.end, dtstamp=now,
                            summary=f"Hold: call with {hold.requester_name or 'a requester'}"
                        ).decode("utf-8"))
                        added += 1
        except SourceError:
            raise
        except Exception as exc:  # caldav and its HTTP stack raise many types
            raise SourceError(describe_dav_error(exc)) from None
        if added or removed:
            logger.info("%s: %d hold(s) added, %d removed", self.label, added, removed)
        return added, removed

    def _calendar(self, client: DAVClient) -> Any:
        principal = principal_of(client)
        for calendar in principal.calendars():
            if calendar.get_display_name() == self.calendar_name:
                return calendar
        logger.info("creating the CalDAV calendar %r for holds", self.calendar_name)
        return principal.make_calendar(name=self.calendar_name)

    def _hold_events(self, calendar: Any, now: datetime) -> dict[str, Any]:
        """Our hold events in the calendar, by UID."""
        found = {}
        for item in calendar.search(start=now - HOLD_LOOKBACK, end=now + HOLD_LOOKAHEAD,
                                    event=True, expand=False):
            component = item.icalendar_component
            if HOLD_PROPERTY in component:
                found[str(component.get("UID"))] = item
        return found

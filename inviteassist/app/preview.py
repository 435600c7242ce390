"""The offer the daemon would make now, for the commands that only show it.

`propose`, `draft` and `check` use it: busy time from the configured calendars
and other requests' holds from the state file when it exists, read only.
"""

from __future__ import annotations

from datetime import datetime

from inviteassist.app.offering import Offer, make_offer
from inviteassist.app.state_file import open_state, state_path
from inviteassist.calendars.busy import BusyCalendar
from inviteassist.calendars.wiring import busy_calendar
from inviteassist.config.settings import Settings
from inviteassist.models import Interval


def held_now(settings: Settings, now: datetime) -> list[Interval]:
    """Other requests' active holds, from the state file when it exists (read only)."""
    path = state_path(settings)
    if not path.exists():
        return []
    with open_state(settings) as store:
        return store.active_holds(now)


def offer_now(settings: Settings, now: datetime, seed: str,
              requester_zone: str | None = None) -> Offer:
    return offer_with(settings, busy_calendar(settings), now, seed, requester_zone)


def offer_with(settings: Settings, calendar: BusyCalendar | None, now: datetime, seed: str,
               requester_zone: str | None = None) -> Offer:
    """The offer from a calendar the caller keeps (to report how each source fared)."""
    return make_offer(settings, calendar, held_now(settings, now), now, uid_seed=seed,
                      requester_zone=requester_zone)

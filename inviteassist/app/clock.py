"""The time a command runs at: now, or the `--now` it was given."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from inviteassist.errors import UserError


def parse_now(text: str | None, timezone: str) -> datetime:
    """`--now` as an aware datetime; a time without offset is in the owner's zone."""
    zone = ZoneInfo(timezone)
    if text is None:
        return datetime.now(zone)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise UserError(f"--now {text!r} is not an ISO date-time",
                        fix="write it like 2026-11-30T09:00 or 2026-11-30T09:00+01:00") from None
    return moment.replace(tzinfo=zone) if moment.tzinfo is None else moment.astimezone(zone)

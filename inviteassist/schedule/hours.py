"""The requester's hours: when, on their own clock, they can take a call.

`minutes_outside` measures how far a call reaches outside those hours, so
that the planner can keep options inside them, or, when none fits, offer the
least early or late times. Pure.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

from inviteassist.schedule.timefmt import load_zone


@dataclass(frozen=True)
class RequesterHours:
    """When the requester can take a call: `start`-`end` on their own wall clock."""

    timezone: str
    start: time = time(8)
    end: time = time(20)

    def __post_init__(self) -> None:
        load_zone(self.timezone)
        if self.end <= self.start:
            raise ValueError(f"requester hours end {self.end:%H:%M} must be after their "
                             f"start {self.start:%H:%M}")

    def minutes_outside(self, start: datetime, end: datetime) -> int:
        """0 when the call lies inside these hours on one of their days, else how
        many minutes it reaches outside them (before the start or after the end,
        whichever day's hours are nearer)."""
        zone = load_zone(self.timezone)
        local_start = start.astimezone(zone)
        begin = local_start.hour * 60 + local_start.minute
        length = int((end - start).total_seconds()) // 60
        first = self.start.hour * 60 + self.start.minute
        last = self.end.hour * 60 + self.end.minute
        return min(max(0, first + shift - begin) + max(0, begin + length - last - shift)
                   for shift in (-1440, 0, 1440))

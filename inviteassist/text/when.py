"""What a time expression names: the values `timeread` reads and others use.

Owns `Piece` (one calendar word or number found in a text) and `When` (one
time expression: the constraints its pieces name and where it stands), with
the 24-hour readings of a written hour. Pure data.
"""

from __future__ import annotations

from dataclasses import dataclass

DateCandidate = tuple[int | None, int, int]  # (year or None, month, day)


@dataclass(frozen=True)
class Piece:
    """One calendar word or number found in the text, before grouping."""

    kind: str  # "weekday", "relday", "date", "time" or "daypart"
    start: int
    end: int
    weak: bool = False
    weekday: int | None = None
    days: int | None = None
    dates: tuple[DateCandidate, ...] = ()
    hour: int | None = None
    minute: int = 0
    meridiem: str | None = None  # "am" or "pm" when written
    daypart: tuple[int, int] | None = None
    offset: int | None = None  # minutes east of UTC, when a zone was written
    zone: str | None = None  # an IANA zone or `MY_ZONE`, when named after the time
    monthday: int | None = None  # "the 9th": a day of the month without its month
    bound: str | None = None  # "after" ("ab 14 Uhr"), "before", "between", "range" ("2-4pm")
    until_hour: int | None = None  # a range's end
    until_minute: int = 0


@dataclass(frozen=True)
class When:
    """One time expression: the constraints its pieces name, and its place."""

    start: int
    end: int
    text: str
    weekday: int | None = None
    days: int | None = None
    dates: tuple[DateCandidate, ...] = ()
    hour: int | None = None
    minute: int = 0
    meridiem: str | None = None
    daypart: tuple[int, int] | None = None
    offset: int | None = None
    zone: str | None = None
    monthday: int | None = None
    bound: str | None = None
    until_hour: int | None = None
    until_minute: int = 0

    @property
    def has_day(self) -> bool:
        return (self.weekday is not None or self.days is not None or bool(self.dates)
                or self.monthday is not None)

    @property
    def has_time(self) -> bool:
        return self.hour is not None

    def candidate_hours(self) -> tuple[int, ...]:
        """The 24-hour readings of the written hour: "2pm" -> (14,), "at 2" ->
        (2, 14) unless a part of the day decides, "14 Uhr" -> (14,)."""
        return _readings(self.hour, self.meridiem, self.daypart)

    def until_hours(self) -> tuple[int, ...]:
        """The 24-hour readings of a range's end ("2-4pm": (16,))."""
        return _readings(self.until_hour, self.meridiem, self.daypart)


def _readings(hour: int | None, meridiem: str | None,
              daypart: tuple[int, int] | None) -> tuple[int, ...]:
    if hour is None:
        return ()
    if meridiem == "pm":
        return (hour + 12 if hour < 12 else 12,)
    if meridiem == "am":
        return (0 if hour == 12 else hour,)
    if hour == 0 or hour >= 12:
        return (hour,)
    readings = (hour, hour + 12)
    if daypart is not None:
        first, last = daypart
        fitting = tuple(h for h in readings if first <= h < last)
        return fitting or readings
    return readings

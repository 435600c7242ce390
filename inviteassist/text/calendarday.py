"""The calendar day a time expression names, seen from a given day.

Owns `upcoming_day`: a `When` from `timeread` turned into a date relative to
the day a reply was received (dates without a year, days of the month
without a month, relative days and weekdays). Pure: values in, a date out.
"""

from __future__ import annotations

from datetime import date, timedelta

from inviteassist.text.when import DateCandidate, When


def upcoming_day(when: When, today: date) -> date | None:
    """The calendar day `when` names, seen from `today`: a date without a year
    is its next occurrence (the earliest reading when "12/1" is ambiguous), a
    weekday is the next one after today (today's own name means next week's),
    and None when `when` names no day."""
    if when.dates:
        days = [d for d in (_calendar_day(c, today) for c in when.dates) if d is not None]
        upcoming = sorted(d for d in days if d >= today)
        return upcoming[0] if upcoming else (days[0] if days else None)
    if when.monthday is not None:
        return _next_monthday(when.monthday, today)
    if when.days is not None:
        return today + timedelta(days=when.days)
    if when.weekday is not None:
        return today + timedelta(days=(when.weekday - today.weekday() - 1) % 7 + 1)
    return None


def _next_monthday(monthday: int, today: date) -> date | None:
    """The first day numbered `monthday` from `today` on (within a year)."""
    year, month = today.year, today.month
    for _ in range(12):
        try:
            day = date(year, month, monthday)
        except ValueError:
            day = None
        if day is not None and day >= today:
            return day
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return None


def _calendar_day(candidate: DateCandidate, today: date) -> date | None:
    year, month, dom = candidate
    for guess in ((year,) if year is not None else (today.year, today.year + 1)):
        try:
            day = date(guess, month, dom)
        except ValueError:
            continue
        if year is not None or day >= today:
            return day
    return None

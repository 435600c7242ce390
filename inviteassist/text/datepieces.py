"""Dates in a reply, as pieces for `timeread`: "2026-12-01", "03.12.2026",
"1 December", "Dec 2nd", "1.12.", "12/1", and days of the month without a
month ("the 9th", "am 9.", "le 9", "el día 9", "de 9e", "mercredi 9").

Owns the date readers `timeread` runs first: each takes the lower-cased text
and yields `Piece`s of kind "date" with every calendar reading the words
allow ("12/1" is 1 December or 12 January). Pure: text in, pieces out.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence

from inviteassist.text import timewords as words
from inviteassist.text.timewords import literal_alternation
from inviteassist.text.when import DateCandidate, Piece

_MONTH = literal_alternation(words.MONTHS)
_MONTH_FIRST = literal_alternation(set(words.MONTHS) - words.MONTHS_AFTER_DAY_ONLY)
ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
NUMERIC_DATE = re.compile(r"(?<![\d./])(\d{1,2})([./])(\d{1,2})\2(\d{4}|\d{2})(?![\d])")
DAY_MONTH_DOTTED = re.compile(r"(?<![\d.:/])(\d{1,2})\.(\d{1,2})(\.?)(?![\d:]|\.\d)")
SLASH_DATE = re.compile(r"(?<![\d./:])(\d{1,2})/(\d{1,2})(?![\d/])")
DAY_MONTH = re.compile(
    rf"(?<![\w.])(\d{{1,2}})(?:st|nd|rd|th|er|re|e|º|°|ª|\.)?,?\s*(?:de\s+|of\s+)?"
    rf"({_MONTH})(?!\w)\.?(?:,?\s*(?:de\s+)?(\d{{4}}))?")
MONTH_DAY = re.compile(
    rf"(?<!\w)({_MONTH_FIRST})(?!\w)\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?!\w|[:.]\d)"
    rf"(?:,?\s+(\d{{4}}))?")
PREPOSITION_BEFORE = re.compile(
    rf"(?:^|[^\w])(?:{literal_alternation(words.HOUR_PREPOSITIONS)})\s*$")
WEEKDAY_NAMES = literal_alternation(words.WEEKDAYS)
MONTHDAY = re.compile(rf"(?<!\w)(?:{'|'.join(words.MONTHDAY_FORMS)})")
WEEKDAY_MONTHDAY = re.compile(
    rf"(?<!\w)(?:{WEEKDAY_NAMES}),?\s+(\d{{1,2}})(?:st|nd|rd|th|e|º|ª|\.)?"
    r"(?!\w|[:.,]\d|\s*(?:h|hs|uhr|uur|u|[ap]\.?m|o'clock)(?!\w)"
    r"|\s*(?:[-–]|to|till|until|bis|tot)\s*\d)")


def read_iso_dates(low: str) -> Iterator[Piece]:
    for m in ISO_DATE.finditer(low):
        yield _date(m, [(int(m[1]), int(m[2]), int(m[3]))])


def read_numeric_dates(low: str) -> Iterator[Piece]:
    """"03.12.2026" is day first; "12/3/2026" may be either."""
    for m in NUMERIC_DATE.finditer(low):
        first, second, year = int(m[1]), int(m[3]), _year(m[4])
        orders = [(second, first)] if m[2] == "." else [(first, second), (second, first)]
        yield _date(m, [(year, month, day) for month, day in orders])


def read_day_month_dates(low: str) -> Iterator[Piece]:
    for m in DAY_MONTH.finditer(low):
        yield _date(m, [(_year(m[3]), words.MONTHS[m[2]], int(m[1]))])


def read_month_day_dates(low: str) -> Iterator[Piece]:
    for m in MONTH_DAY.finditer(low):
        yield _date(m, [(_year(m[3]), words.MONTHS[m[1]], int(m[2]))])


def read_dotted_dates(low: str) -> Iterator[Piece]:
    """"1.12." and "01.12" are dates; "14.00", "um 10.12" and "10.12 Uhr" are times."""
    for m in DAY_MONTH_DOTTED.finditer(low):
        day, month = int(m[1]), int(m[2])
        if m[3] or (1 <= month <= 12 and not _hour_context(low, m)):
            yield _date(m, [(None, month, day)])


def read_slash_dates(low: str) -> Iterator[Piece]:
    for m in SLASH_DATE.finditer(low):
        first, second = int(m[1]), int(m[2])
        yield _date(m, [(None, first, second), (None, second, first)])


def _hour_context(low: str, match: re.Match[str]) -> bool:
    """True when a number pair is written as a time: "um 10.12", "10.12 Uhr"."""
    after = low[match.end():match.end() + 5]
    return bool(PREPOSITION_BEFORE.search(low[max(0, match.start() - 12):match.start()])
                or re.match(r"\s?(?:uhr|uur|h|u)(?!\w)", after))


def _year(text: str | None) -> int | None:
    if not text:
        return None
    year = int(text)
    return year + 2000 if year < 100 else year


def _date(match: re.Match[str], candidates: Sequence[DateCandidate]) -> Piece:
    valid = tuple(c for c in candidates if 1 <= c[1] <= 12 and 1 <= c[2] <= 31)
    return Piece("date", match.start(), match.end(), dates=tuple(dict.fromkeys(valid)))


def read_monthdays(low: str) -> Iterator[Piece]:
    """"the 9th", "am 9.", "le 9", "el día 9", "mercredi 9": a day of the month."""
    taken: list[tuple[int, int]] = []
    for pattern in (MONTHDAY, WEEKDAY_MONTHDAY):
        for m in pattern.finditer(low):
            group = next(g for g in range(1, (m.lastindex or 0) + 1) if m[g] is not None)
            start, day = m.start(group), int(m[group])
            if 1 <= day <= 31 and not any(a < m.end() and start < b for a, b in taken):
                taken.append((start, m.end()))
                yield Piece("date", start, m.end(), monthday=day)


DATE_READERS: tuple[Callable[[str], Iterable[Piece]], ...] = (
    read_iso_dates, read_numeric_dates, read_day_month_dates, read_month_day_dates,
    read_dotted_dates, read_slash_dates)

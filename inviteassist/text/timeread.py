"""Time expressions in a reply: "Tuesday at 2pm", "1. Dezember 10 Uhr", "12/1 10:00".

Owns reading free text into `When` values: what the writer named of a time
(weekday, a day relative to today, calendar-date candidates, hour and minute,
part of the day, a zone offset) and where it stands in the text. The reader
finds pieces (dates first, then parts of the day, relative days, weekdays and
times, each masking what it read) and groups neighbouring pieces into one
expression. It neither picks an option nor resolves a datetime: `funnel.replymatch`
does, because both depend on the offered options and on when the reply came.
Ambiguity is kept, not guessed: "12/1" carries both 1 December and 12 January,
"at 2" both 02:00 and 14:00. Pure: text in, values out.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace

from inviteassist.text import timewords as words

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
        if self.hour is None:
            return ()
        hour = self.hour
        if self.meridiem == "pm":
            return (hour + 12 if hour < 12 else 12,)
        if self.meridiem == "am":
            return (0 if hour == 12 else hour,)
        if hour == 0 or hour >= 12:
            return (hour,)
        readings = (hour, hour + 12)
        if self.daypart is not None:
            first, last = self.daypart
            fitting = tuple(h for h in readings if first <= h < last)
            return fitting or readings
        return readings


def _alternatives(entries: Iterable[str]) -> str:
    return "|".join(re.escape(e) for e in sorted(set(entries), key=len, reverse=True))


_MONTH = _alternatives(words.MONTHS)
_MONTH_FIRST = _alternatives(set(words.MONTHS) - words.MONTHS_AFTER_DAY_ONLY)
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
TIME = re.compile(
    r"(?<![\w/.:,])(\d{1,2})(?:\s?([:.h])\s?([0-5]\d)(?::[0-5]\d)?(?!\d))?"
    r"(\s?(?:uhr|uur|hs|h|u|o'clock|o’clock|oclock)(?![\w']))?"
    r"(\s?[ap]\.?\s?m\.?(?![a-z]))?")
ZONE = re.compile(
    rf"\s*\(?({_alternatives(words.ZONE_OFFSETS)})(?:\s?([+-])(\d{{1,2}})(?::?(\d{{2}}))?)?\)?"
    r"(?!\w)")
PREPOSITION_BEFORE = re.compile(
    rf"(?:^|[^\w])(?:{_alternatives(words.HOUR_PREPOSITIONS)})\s*$")
DAYPART = re.compile(rf"(?<!\w)(?:{_alternatives(words.DAYPARTS)})(?!\w)")
RELDAY = re.compile(rf"(?<!\w)(?:{_alternatives(words.RELATIVE_DAYS)})(?!\w)")
WEEKDAY = re.compile(rf"(?<!\w)(?:{_alternatives(words.WEEKDAYS)})(?![\w-])")
WEEKDAY_SHORT = re.compile(
    rf"(?<!\w)(?:{_alternatives(words.WEEKDAY_ABBREVIATIONS)})(?!\w)\.?")
GREETING = re.compile(rf"(?<!\w)(?:{_alternatives(words.GREETINGS)})(?!\w)")
BREAK_WORDS = frozenset({
    "but", "aber", "mais", "pero", "ma", "maar", "mas", "or", "oder", "ou", "o", "of",
    "and", "und", "et", "y", "e", "en",
})
GAP_TOKEN = re.compile(r"[\w'’]+|[^\w\s]")
LABEL_LINE = re.compile(r"^\s*(?:time|zeit|uhrzeit|heure|hora|ora|tijd)?\s*:?\s*$", re.IGNORECASE)
RANGE = re.compile(r"^\s*(?:-|–|to|till|until|bis|à|a|al|tot|até|alle)\s*$")
RANGE_START = re.compile(r"\s*[-–]\s*\d{1,2}(?:[:.]\d{2})?\s?(?:[ap]\.?\s?m|uhr|h|u)(?!\w)")
NAMED_ZONE = re.compile(
    rf"\s*,?\s*\(?({_alternatives(words.NAMED_ZONES)})\)?(?!\w)")
WEEKDAY_NAMES = _alternatives(words.WEEKDAYS)
COMPOUND_DAY = re.compile(
    rf"(?<!\w)({WEEKDAY_NAMES})({_alternatives(words.COMPOUND_DAYPARTS)})(?!\w)")
MONTHDAY = re.compile(rf"(?<!\w)(?:{'|'.join(words.MONTHDAY_FORMS)})")
WEEKDAY_MONTHDAY = re.compile(
    rf"(?<!\w)(?:{WEEKDAY_NAMES}),?\s+(\d{{1,2}})(?:st|nd|rd|th|e|º|ª|\.)?"
    r"(?!\w|[:.,]\d|\s*(?:h|hs|uhr|uur|u|[ap]\.?m|o'clock)(?!\w))")
REPLACED = re.compile(
    rf"(?<!\w)(?:{_alternatives(words.INSTEAD_OF)})\s+"
    r"(?:(?:the|at|on|um|am|à|a|las|la|le|el|de|das|dos|da|alle|om|op)\s+)*"
    rf"(?:{WEEKDAY_NAMES}|\d{{1,2}}(?:[:.h]\d{{2}})?"
    r"(?:st|nd|rd|th|e|\.|\s?(?:[ap]\.?m\.?|uhr|uur|h|u|o'clock))?)(?!\w)")
ZONE_SIGN_BEFORE = re.compile(r"(?:utc|gmt)\s?[+-]$")
# Abbreviations whose dots end no sentence: "Tuesday afternoon, e.g. 2pm".
DOTTED_ABBREVIATIONS = re.compile(
    r"(?<!\w)(?:z\.\s?b\.|e\.g\.|i\.e\.|p\.\s?ex\.|p\.\s?ej\.|ad es\.|bijv\.|bv\.|"
    r"por ex\.|bspw\.|ca\.|approx\.)", re.IGNORECASE)
MAX_GAP = 30
MAX_GAP_WORDS = 3


def _readers(text: str) -> tuple[Callable[[str], Iterable[Piece]], ...]:
    """The piece readers in the order they run: each masks what it read."""
    def times(low: str) -> Iterator[Piece]:
        return _times(low, text)

    return (_iso_dates, _numeric_dates, _day_month_dates, _month_day_dates, _dotted_dates,
            _slash_dates, _compound_days, _monthdays, _dayparts, _reldays, _weekdays, times)


def lower_keeping_length(text: str) -> str:
    """`text.lower()`, except for the rare characters whose lower case is
    longer, so that positions in the result are positions in `text`."""
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def mask(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """`text` with each span blanked out, keeping every position."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def read_times(text: str) -> tuple[When, ...]:
    """The time expressions in `text`, in reading order. What follows
    "instead of" ("Tuesday at 11 instead of 10") is the time being replaced:
    it is not read, and the words around it join as if it were not there."""
    low = lower_keeping_length(text)
    replaced = [m.span() for m in REPLACED.finditer(low)]
    low = mask(low, [*replaced, *(m.span() for m in GREETING.finditer(low))])
    pieces: list[Piece] = []
    for reader in _readers(text):
        found = list(reader(low))
        pieces.extend(found)
        low = mask(low, ((p.start, p.end) for p in found))
    return tuple(_expression(text, group) for group in _groups(mask(text, replaced), pieces))


def _iso_dates(low: str) -> Iterator[Piece]:
    for m in ISO_DATE.finditer(low):
        yield _date(m, [(int(m[1]), int(m[2]), int(m[3]))])


def _numeric_dates(low: str) -> Iterator[Piece]:
    """"03.12.2026" is day first; "12/3/2026" may be either."""
    for m in NUMERIC_DATE.finditer(low):
        first, second, year = int(m[1]), int(m[3]), _year(m[4])
        orders = [(second, first)] if m[2] == "." else [(first, second), (second, first)]
        yield _date(m, [(year, month, day) for month, day in orders])


def _day_month_dates(low: str) -> Iterator[Piece]:
    for m in DAY_MONTH.finditer(low):
        yield _date(m, [(_year(m[3]), words.MONTHS[m[2]], int(m[1]))])


def _month_day_dates(low: str) -> Iterator[Piece]:
    for m in MONTH_DAY.finditer(low):
        yield _date(m, [(_year(m[3]), words.MONTHS[m[1]], int(m[2]))])


def _dotted_dates(low: str) -> Iterator[Piece]:
    """"1.12." and "01.12" are dates; "14.00", "um 10.12" and "10.12 Uhr" are times."""
    for m in DAY_MONTH_DOTTED.finditer(low):
        day, month = int(m[1]), int(m[2])
        if m[3] or (1 <= month <= 12 and not _hour_context(low, m)):
            yield _date(m, [(None, month, day)])


def _slash_dates(low: str) -> Iterator[Piece]:
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


def _compound_days(low: str) -> Iterator[Piece]:
    """"Dienstagvormittag", "woensdagmiddag": a weekday and a part of the day."""
    for m in COMPOUND_DAY.finditer(low):
        yield Piece("weekday", m.start(1), m.end(1), weekday=words.WEEKDAYS[m[1]])
        yield Piece("daypart", m.start(2), m.end(2), daypart=words.COMPOUND_DAYPARTS[m[2]])


def _monthdays(low: str) -> Iterator[Piece]:
    """"the 9th", "am 9.", "le 9", "el día 9", "mercredi 9": a day of the month."""
    for pattern in (MONTHDAY, WEEKDAY_MONTHDAY):
        for m in pattern.finditer(low):
            group = next(g for g in range(1, (m.lastindex or 0) + 1) if m[g] is not None)
            day = int(m[group])
            if 1 <= day <= 31:
                yield Piece("date", m.start(group), m.end(), monthday=day)
        low = mask(low, (m.span(m.lastindex or 0) for m in pattern.finditer(low)))


def _dayparts(low: str) -> Iterator[Piece]:
    for m in DAYPART.finditer(low):
        yield Piece("daypart", m.start(), m.end(), daypart=words.DAYPARTS[m[0]])


def _reldays(low: str) -> Iterator[Piece]:
    for m in RELDAY.finditer(low):
        before = low[max(0, m.start() - 6):m.start()]
        if not any(before.endswith(w) for w in words.NOT_RELATIVE_BEFORE):
            yield Piece("relday", m.start(), m.end(), days=words.RELATIVE_DAYS[m[0]])


def _weekdays(low: str) -> Iterator[Piece]:
    for m in WEEKDAY.finditer(low):
        yield Piece("weekday", m.start(), m.end(), weekday=words.WEEKDAYS[m[0]])
    for m in WEEKDAY_SHORT.finditer(low):
        key = m[0].rstrip(".")
        yield Piece("weekday", m.start(), m.end(), weak=True,
                    weekday=words.WEEKDAY_ABBREVIATIONS[key])


def _times(low: str, text: str) -> Iterator[Piece]:
    for m in TIME.finditer(low):
        hour, minutes, unit, meridiem = m[1], m[3], m[4], m[5]
        if int(hour) > 23 or (meridiem and not 1 <= int(hour) <= 12):
            continue
        if ZONE_SIGN_BEFORE.search(low, max(0, m.start() - 5), m.start()):
            continue  # the offset of "UTC+01:00", not a time
        written_as_time = bool(minutes or unit or meridiem or RANGE_START.match(low, m.end()))
        before = low[max(0, m.start() - 20):m.start()]
        if not written_as_time and not PREPOSITION_BEFORE.search(before):
            continue
        end, offset, named = m.end(), None, None
        zone = ZONE.match(low, end)
        if zone:
            end, offset = zone.end(), _offset(zone)
        else:
            end, named = _named_zone(low, text, end)
        mer = None if not meridiem else ("pm" if "p" in meridiem else "am")
        yield Piece("time", m.start(), end, hour=int(hour), minute=int(minutes or 0),
                    meridiem=mer, offset=offset, zone=named)


def _named_zone(low: str, text: str, end: int) -> tuple[int, str | None]:
    """The zone named by region after a time ("10am Pacific time", "13h hora
    de Brasília", "3pm my time"), and where the words end."""
    found = NAMED_ZONE.match(low, end)
    if not found:
        return end, None
    name = found[1]
    if name in words.CAPITALS_ONLY_ZONES and not text[found.start(1):found.end(1)].isupper():
        return end, None
    return found.end(), words.NAMED_ZONES[name]


def _offset(zone: re.Match[str]) -> int:
    base = words.ZONE_OFFSETS[zone[1]]
    if not zone[2]:
        return base
    shift = int(zone[3]) * 60 + int(zone[4] or 0)
    return base + (shift if zone[2] == "+" else -shift)


def _groups(text: str, pieces: Sequence[Piece]) -> Iterator[list[Piece]]:
    group: list[Piece] = []
    for piece in sorted(pieces, key=lambda p: p.start):
        gap = text[group[-1].end:piece.start] if group else ""
        if group and group[-1].kind == "time" == piece.kind and RANGE.match(gap):
            group[-1] = _range_start(group[-1], piece)
            continue
        if group and _joins(group, piece, gap):
            group.append(piece)
            continue
        if group:
            yield from _kept(group)
        group = [piece]
    if group:
        yield from _kept(group)


def _range_start(first: Piece, end: Piece) -> Piece:
    """"2-3pm": the range's start, with the end's am/pm and extent."""
    return replace(first, end=end.end, meridiem=first.meridiem or end.meridiem,
                   offset=first.offset if first.offset is not None else end.offset,
                   zone=first.zone or end.zone)


def _joins(group: Sequence[Piece], piece: Piece, gap: str) -> bool:
    if any(p.kind == piece.kind for p in group):
        return False
    gap = DOTTED_ABBREVIATIONS.sub(" ", gap)
    if re.search(r"[!?;]|\.(?:\s|$)", gap):
        return False
    if "\n" in gap and (gap.count("\n") > 1 or not LABEL_LINE.match(gap.replace("\n", " "))):
        return False
    tokens = [t.lower() for t in GAP_TOKEN.findall(gap)]
    if any(t in BREAK_WORDS for t in tokens):
        return False
    loose = [t for t in tokens if t not in words.CONNECTORS and t != ":"]
    if piece.weak or all(p.weak for p in group):
        return not loose
    return len(gap) <= MAX_GAP and len(loose) <= MAX_GAP_WORDS


def _kept(group: list[Piece]) -> Iterator[list[Piece]]:
    anchored = any(p.kind in ("time", "date") for p in group)
    kept = [p for p in group if anchored or not p.weak]
    if any(p.kind != "daypart" for p in kept):
        yield kept


def _expression(text: str, group: Sequence[Piece]) -> When:
    def pick(kind: str) -> Piece | None:
        return next((p for p in group if p.kind == kind), None)

    day, rel, date, time, part = (pick(k) for k in ("weekday", "relday", "date", "time",
                                                     "daypart"))
    daypart = part.daypart if part else None
    hour = time.hour if time else (12 if daypart == words.NOON else None)
    start, end = group[0].start, group[-1].end
    if re.search(r"[^\W\d_]{4,}\.$", text[start:end]):
        end -= 1  # "3 December." ends a sentence; "Dec." keeps its dot
    return When(
        start=start, end=end, text=text[start:end].strip(),
        weekday=day.weekday if day else None, days=rel.days if rel else None,
        dates=date.dates if date else (), hour=hour, minute=time.minute if time else 0,
        meridiem=time.meridiem if time else None, daypart=daypart,
        offset=time.offset if time else None, zone=time.zone if time else None,
        monthday=date.monthday if date else None,
    )

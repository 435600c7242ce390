"""Time expressions in a reply: "Tuesday at 2pm", "1. Dezember 10 Uhr", "12/1 10:00".

Owns reading free text into `When` values: what the writer named of a time
(weekday, a day relative to today, calendar-date candidates or a day of the
month, hour and minute, part of the day, a zone by offset or by name, a limit
such as "after 2pm" or a range "2-4pm") and where it stands in the text. The
reader finds pieces (dates first, from `datepieces`, then weekday+day-part
compounds, parts of the day, relative days, weekdays and times, each masking
what it read) and groups neighbouring pieces into one expression; the time
after "instead of" is the replaced one and is not read. It neither picks an
option nor resolves a datetime: `funnel.replymatch` does, because both depend on
the offered options and on when the reply came.
Ambiguity is kept, not guessed: "12/1" carries both 1 December and 12 January,
"at 2" both 02:00 and 14:00. Pure: text in, values out.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace

from inviteassist.text import timewords as words
from inviteassist.text.datepieces import (
    DATE_READERS,
    PREPOSITION_BEFORE,
    WEEKDAY_NAMES,
    read_monthdays,
)
from inviteassist.text.timewords import literal_alternation
from inviteassist.text.when import Piece, When

TIME = re.compile(
    r"(?<![\w/.:,])(\d{1,2})(?:\s?([:.h])\s?([0-5]\d)(?::[0-5]\d)?(?!\d))?"
    r"(\s?(?:uhr|uur|hs|h|u|o'clock|o’clock|oclock)(?![\w']))?"
    r"(\s?[ap]\.?\s?m\.?(?![a-z]))?")
ZONE = re.compile(
    rf"\s*\(?({literal_alternation(words.ZONE_OFFSETS)})(?:\s?([+-])(\d{{1,2}})(?::?(\d{{2}}))?)?\)?"
    r"(?!\w)")
DAYPART = re.compile(rf"(?<!\w)(?:{literal_alternation(words.DAYPARTS)})(?!\w)")
RELDAY = re.compile(rf"(?<!\w)(?:{literal_alternation(words.RELATIVE_DAYS)})(?!\w)")
WEEKDAY = re.compile(rf"(?<!\w)(?:{literal_alternation(words.WEEKDAYS)})(?![\w-])")
WEEKDAY_SHORT = re.compile(
    rf"(?<!\w)(?:{literal_alternation(words.WEEKDAY_ABBREVIATIONS)})(?!\w)\.?")
GREETING = re.compile(rf"(?<!\w)(?:{literal_alternation(words.GREETINGS)})(?!\w)")
BREAK_WORDS = frozenset({
    "but", "aber", "mais", "pero", "ma", "maar", "mas", "or", "oder", "ou", "o", "of",
    "and", "und", "et", "y", "e", "en",
})
GAP_TOKEN = re.compile(r"[\w'’]+|[^\w\s]")
LABEL_LINE = re.compile(r"^\s*(?:time|zeit|uhrzeit|heure|hora|ora|tijd)?\s*:?\s*$", re.IGNORECASE)
RANGE = re.compile(r"^\s*(?:-|–|to|till|until|bis|à|a|al|tot|até|alle)\s*$")
BETWEEN_LINK = re.compile(r"^\s*(?:and|und|et|y|e|en)\s*$")
RANGE_START = re.compile(r"\s*[-–]\s*\d{1,2}(?:[:.]\d{2})?\s?(?:[ap]\.?\s?m|uhr|h|u)(?!\w)")
NAMED_ZONE = re.compile(
    rf"\s*,?\s*\(?({literal_alternation(words.NAMED_ZONES)})\)?(?!\w)")
COMPOUND_DAY = re.compile(
    rf"(?<!\w)({WEEKDAY_NAMES})({literal_alternation(words.COMPOUND_DAYPARTS)})(?!\w)")
REPLACED = re.compile(
    rf"(?<!\w)(?:{literal_alternation(words.INSTEAD_OF)})\s+"
    r"(?:(?:the|at|on|um|am|à|a|las|la|le|el|de|das|dos|da|alle|om|op)\s+)*"
    rf"(?:{WEEKDAY_NAMES}|\d{{1,2}}(?:[:.h]\d{{2}})?"
    r"(?:st|nd|rd|th|e|\.|\s?(?:[ap]\.?m\.?|uhr|uur|h|u|o'clock))?)(?!\w)")
_SPAN_DAY = literal_alternation(
    {*words.WEEKDAYS, *words.WEEKDAY_ABBREVIATIONS, *words.SPAN_DAY_ABBREVIATIONS})
_SPAN_HOUR = r"\d{1,2}(?:[:.]\d{2})?\s*(?:[ap]\.?m\.?|uhr|uur|h)?"
# Opening hours ("Office hours: Mon–Fri 9am–5pm", "Erreichbar Mo–Fr 9–17 Uhr"):
# a span of days with its hours names no time for a call.
DAY_SPAN = re.compile(
    rf"(?<!\w)(?:{_SPAN_DAY})\.?\s*(?:-|–|to|bis|à|a|al|t/m|tot|até)\s*(?:{_SPAN_DAY})\.?(?!\w)"
    rf"(?:[\s,:]*(?:de\s+|von\s+|from\s+)?{_SPAN_HOUR}\s*(?:-|–|to|bis|à|a|tot|até)\s*"
    rf"{_SPAN_HOUR})?")
ZONE_SIGN_BEFORE = re.compile(r"(?:utc|gmt)\s?[+-]$")
BOUND_BEFORE = {
    "between": re.compile(rf"(?:^|[^\w])(?:{literal_alternation(words.BETWEEN_WORDS)})\s*$"),
    "after": re.compile(rf"(?:^|[^\w])(?:{literal_alternation(words.AFTER_WORDS)})\s*$"),
    "before": re.compile(rf"(?:^|[^\w])(?:{literal_alternation(words.BEFORE_WORDS)})\s*$"),
}
# Abbreviations whose dots end no sentence: "Tuesday afternoon, e.g. 2pm".
DOTTED_ABBREVIATIONS = re.compile(
    r"(?<!\w)(?:z\.\s?b\.|e\.g\.|i\.e\.|p\.\s?ex\.|p\.\s?ej\.|ad es\.|bijv\.|bv\.|"
    r"por ex\.|bspw\.|ca\.|approx\.)", re.IGNORECASE)
MAX_GAP = 30
WRAP_WIDTH = 60  # a line this long that breaks inside an expression was wrapped
MAX_GAP_WORDS = 3


def _readers(text: str) -> tuple[Callable[[str], Iterable[Piece]], ...]:
    """The piece readers in the order they run: each masks what it read."""
    def times(low: str) -> Iterator[Piece]:
        return _times(low, text)

    return (*DATE_READERS, _compound_days, read_monthdays, _dayparts, _reldays, _weekdays,
            times)


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
    replaced = [m.span() for m in (*REPLACED.finditer(low), *DAY_SPAN.finditer(low))]
    low = mask(low, [*replaced, *(m.span() for m in GREETING.finditer(low))])
    pieces: list[Piece] = []
    for reader in _readers(text):
        found = list(reader(low))
        pieces.extend(found)
        low = mask(low, ((p.start, p.end) for p in found))
    return tuple(_expression(text, group) for group in _groups(mask(text, replaced), pieces))


def _compound_days(low: str) -> Iterator[Piece]:
    """"Dienstagvormittag", "woensdagmiddag": a weekday and a part of the day."""
    for m in COMPOUND_DAY.finditer(low):
        yield Piece("weekday", m.start(1), m.end(1), weekday=words.WEEKDAYS[m[1]])
        yield Piece("daypart", m.start(2), m.end(2), daypart=words.COMPOUND_DAYPARTS[m[2]])


def _dayparts(low: str) -> Iterator[Piece]:
    for m in DAYPART.finditer(low):
        hours = words.DAYPARTS[m[0]]
        bound = _bound(low, m.start())
        if hours == words.NOON and bound:  # "before noon": a limit at 12:00
            yield Piece("time", m.start(), m.end(), hour=12, bound=bound)
        else:
            yield Piece("daypart", m.start(), m.end(), daypart=hours)


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
        end = m.end()
        if unit and meridiem:  # "14 Uhr am Mittwoch": German "am", not a.m.
            meridiem, end = None, m.start(5)
        if int(hour) > 23 or (meridiem and not 1 <= int(hour) <= 12):
            continue
        if ZONE_SIGN_BEFORE.search(low, max(0, m.start() - 5), m.start()):
            continue  # the offset of "UTC+01:00", not a time
        written_as_time = bool(minutes or unit or meridiem or RANGE_START.match(low, end))
        before = low[max(0, m.start() - 20):m.start()]
        if not written_as_time and not PREPOSITION_BEFORE.search(before):
            continue
        offset, named = None, None
        zone = ZONE.match(low, end)
        if zone:
            end, offset = zone.end(), _offset(zone)
        else:
            end, named = _named_zone(low, text, end)
        mer = None if not meridiem else ("pm" if "p" in meridiem else "am")
        yield Piece("time", m.start(), end, hour=int(hour), minute=int(minutes or 0),
                    meridiem=mer, offset=offset, zone=named, bound=_bound(low, m.start()))


def _bound(low: str, start: int) -> str | None:
    """"after", "before" or "between" when such a word stands before `start`."""
    before = low[max(0, start - 20):start]
    return next((kind for kind, pattern in BOUND_BEFORE.items() if pattern.search(before)), None)


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
        if _wrapped(text, gap, piece.start):  # "… Tuesday the 15th at\n10am …"
            gap = gap.replace("\n", " ")
        if group and group[-1].kind == "time" == piece.kind and (
                RANGE.match(gap) or (group[-1].bound == "between" and BETWEEN_LINK.match(gap))):
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


def _wrapped(text: str, gap: str, end: int) -> bool:
    """True when the one line break in `gap` (ending at `end`) is a mail
    client's wrap of a long line, not a break the writer made."""
    if gap.count("\n") != 1:
        return False
    line_start = text.rfind("\n", 0, end - len(gap) + gap.index("\n")) + 1
    return end - len(gap) + gap.index("\n") - line_start >= WRAP_WIDTH


def _range_start(first: Piece, end: Piece) -> Piece:
    """"2-3pm": one range, with the end's am/pm, zone and extent."""
    return replace(first, end=end.end, meridiem=first.meridiem or end.meridiem,
                   offset=first.offset if first.offset is not None else end.offset,
                   zone=first.zone or end.zone, bound="range", until_hour=end.hour,
                   until_minute=end.minute)


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
        start=start, end=end, text=text[start:end].strip().replace("\n", " "),
        weekday=day.weekday if day else None, days=rel.days if rel else None,
        dates=date.dates if date else (), hour=hour, minute=time.minute if time else 0,
        meridiem=time.meridiem if time else None, daypart=daypart,
        offset=time.offset if time else None, zone=time.zone if time else None,
        monthday=date.monthday if date else None, bound=time.bound if time else None,
        until_hour=time.until_hour if time else None,
        until_minute=time.until_minute if time else 0,
    )

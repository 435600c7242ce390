"""Writing iCalendar content lines (RFC 5545 section 3.1) as text.

The calendars of `schedule.ics` are a handful of fixed shapes; writing their
lines directly costs a fraction of building icalendar components and calling
`to_ical` (a third of composing a reply draft, issue 19). The rules are those
icalendar applies, so the bytes are the same (tests/unit/schedule compare them
with an icalendar-built reference and read them back with icalendar's parser):

- TEXT values (3.3.11): backslash, semicolon and comma escaped with a
  backslash, a line break (CRLF, LF or CR) written as `\\n`; like icalendar, a
  literal `\\N` in the text is read as a line break first.
- Parameter values (3.2): RFC 6868 escapes (`^^`, `^n`, `^'`), then
  DQUOTE-enclosed when they hold `,` `;` `:` or U+2019; a CN also when it
  holds a space or an apostrophe.
- DATE-TIME (3.3.5): UTC with `Z`, other zones local with a TZID parameter;
  seconds kept, microseconds dropped. UTC-OFFSET (3.3.14): `+hhmm[ss]`.
- Lines (3.1) folded before 75 octets with CRLF and a space, never inside a
  UTF-8 sequence and, as icalendar does, never right after a backslash or a
  caret (the escape moves to the next line with the character it escapes).
Pure: no I/O.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from datetime import datetime, timedelta

FOLD_LIMIT = 75  # octets; a line is folded before it reaches this many
CRLF = "\r\n"
_TEXT_SPECIAL = re.compile(r"[\\;,\r\n]")
_RFC6868_SPECIAL = re.compile(r'\^|\r\n|\r|\n|"')
_RFC6868 = {"^": "^^", "\n": "^n", "\r": "^n", "\r\n": "^n", '"': "^'"}
_QUOTED_WHEN = re.compile("[,;:\u2019]")
_CN_QUOTED_WHEN = re.compile("[,;:\u2019 ']")
_ESCAPES = b"\\^"  # characters a fold never follows
ParamValue = str | tuple[str, ...]


def text(value: str) -> str:
    """A TEXT value, escaped."""
    if "\\N" in value:
        value = value.replace("\\N", "\n")
    if _TEXT_SPECIAL.search(value) is None:
        return value
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def param_value(name: str, value: ParamValue) -> str:
    """A parameter value, RFC 6868-escaped and quoted when it must be; a tuple
    is a list of values, each written so, separated by commas."""
    if isinstance(value, tuple):
        return ",".join(param_value(name, item) for item in value)
    if _RFC6868_SPECIAL.search(value) is not None:
        value = _RFC6868_SPECIAL.sub(lambda match: _RFC6868[match.group(0)], value)
    quoted = _CN_QUOTED_WHEN if name == "CN" else _QUOTED_WHEN
    return f'"{value}"' if quoted.search(value) is not None else value


def date_time(value: datetime, tzid: str | None) -> str:
    """A DATE-TIME as written in its own zone: `Z` when `tzid` is "UTC", floating
    (no suffix) otherwise; the TZID parameter is the caller's (`property_line`)."""
    written = (f"{value.year:04}{value.month:02}{value.day:02}"
               f"T{value.hour:02}{value.minute:02}{value.second:02}")
    return f"{written}Z" if tzid == "UTC" else written


def utc_offset(offset: timedelta) -> str:
    """A UTC-OFFSET: `+0100`, `-0330`, `+0000`, seconds only when not zero."""
    sign = "-" if offset < timedelta(0) else "+"
    total = int(abs(offset).total_seconds())
    hours, rest = divmod(total, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{sign}{hours:02}{minutes:02}{seconds:02}" if seconds else \
        f"{sign}{hours:02}{minutes:02}"


@functools.lru_cache(maxsize=1024)
def property_line(name: str, value: str, params: tuple[tuple[str, ParamValue], ...] = ()) -> str:
    """One folded content line: `name;PARAM=value…:value`, the value already
    written for its type (`text`, `date_time`, a URI as is); parameters in
    name order, as icalendar sorts them. Remembered: most lines of a
    proposal (summary, note, organizer, place, the VTIMEZONE's) repeat from
    draft to draft."""
    written = "".join(f";{key}={param_value(key, raw)}" for key, raw in sorted(params))
    return fold(f"{name}{written}:{value}")


def fold(line: str) -> str:
    """`line` folded as icalendar folds it: each physical line shorter than 75
    octets (a continuation's leading space included), cut only between
    characters, and not right after a backslash or caret. Cut in the UTF-8
    bytes: a piece ends at the last character start within 74 octets, one
    earlier when the character before is an escape."""
    data = line.encode()
    if len(data) < FOLD_LIMIT:
        return line
    pieces = []
    start = 0
    while len(data) - start >= FOLD_LIMIT:
        cut = start + FOLD_LIMIT - 1
        while data[cut] & 0xC0 == 0x80:  # a UTF-8 continuation byte
            cut -= 1
        if data[cut - 1] in _ESCAPES:
            cut -= 1
        pieces.append(data[start:cut])
        start = cut
    pieces.append(data[start:])
    return b"\r\n ".join(pieces).decode()


def component(name: str, lines: Iterable[str]) -> str:
    """BEGIN:`name`, the lines (a nested component is one of them), END:`name`,
    separated by CRLF; the caller ends the last line."""
    return CRLF.join((f"BEGIN:{name}", *lines, f"END:{name}"))

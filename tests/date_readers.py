"""How well dateutil, dateparser and our own reader read the reply phrases.

Each reader gets the phrase alone, the reply's arrival time as its base and
Berlin as its zone, and must return the calendar time the words name
(`Case.denotes` in tests/timematch_phrases.py): a phrase that names a full
time is right when the reader returns exactly that minute; a phrase that
names no time at all is right when the reader returns nothing. Phrases that
name only part of a time ("Wednesday afternoon") are left out. "ours" is
`match_reply` with no options offered, so that every time it reads comes back
as a counter-proposal. dateparser is optional: it is measured when installed.

    python -m tests.date_readers
"""

from __future__ import annotations

import importlib
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from dateutil import parser as dateutil_parser

from inviteassist.funnel.replymatch import match_reply
from tests.timematch_phrases import ALL, NO_TIME, RECEIVED, ZONE, ZONE_NAME, Case

Reader = Callable[[str], datetime | None]
LANGUAGES = ["en", "de", "fr", "es", "it", "pt", "nl"]


@dataclass(frozen=True)
class Score:
    reader: str
    timed_right: int
    timed: int
    quiet_right: int
    quiet: int
    seconds: float

    @property
    def accuracy(self) -> float:
        return (self.timed_right + self.quiet_right) / (self.timed + self.quiet)

    def line(self) -> str:
        per_phrase = 1000 * self.seconds / (self.timed + self.quiet)
        return (f"{self.reader:<28} times read right {self.timed_right:>2}/{self.timed:<2}  "
                f"no-time phrases left alone {self.quiet_right:>2}/{self.quiet:<2}  "
                f"overall {self.accuracy:6.1%}  {per_phrase:6.1f} ms/phrase")


def ours(text: str) -> datetime | None:
    return match_reply(text, (), received=RECEIVED, timezone=ZONE_NAME).proposed


def dateutil_fuzzy(text: str) -> datetime | None:
    default = RECEIVED.replace(hour=0, minute=0, second=0, tzinfo=None)
    try:
        found: datetime = dateutil_parser.parse(text, fuzzy=True, default=default)
    except (ValueError, OverflowError):
        return None
    return found if found.tzinfo else found.replace(tzinfo=ZONE)


def dateparser_readers() -> dict[str, Reader]:
    """dateparser's whole-text `parse` and its `search_dates`, when installed."""
    try:
        dateparser: Any = importlib.import_module("dateparser")
        search: Any = importlib.import_module("dateparser.search")
    except ImportError:
        return {}
    settings = {"TIMEZONE": ZONE_NAME, "RETURN_AS_TIMEZONE_AWARE": True,
                "PREFER_DATES_FROM": "future",
                "RELATIVE_BASE": RECEIVED.replace(tzinfo=None)}

    def parse(text: str) -> datetime | None:
        found: datetime | None = dateparser.parse(text, languages=LANGUAGES, settings=settings)
        return found

    def search_dates(text: str) -> datetime | None:
        found = search.search_dates(text, languages=LANGUAGES, settings=settings)
        first: datetime | None = found[0][1] if found else None
        return first

    return {"dateparser.parse": parse, "dateparser.search_dates": search_dates}


def judged(reader: Reader, case: Case) -> bool:
    try:
        got = reader(case.text)
    except Exception:  # a reader that crashes on a phrase has read it wrong
        got = None
    if case.denotes == NO_TIME:
        return got is None
    expected = datetime.fromisoformat(str(case.denotes)).replace(tzinfo=ZONE)
    return got is not None and got.astimezone(ZONE) == expected


def score(name: str, reader: Reader, cases: tuple[Case, ...] = ALL) -> Score:
    timed = [c for c in cases if c.denotes not in (None, NO_TIME)]
    quiet = [c for c in cases if c.denotes == NO_TIME]
    started = time.perf_counter()
    timed_right = sum(judged(reader, c) for c in timed)
    quiet_right = sum(judged(reader, c) for c in quiet)
    return Score(name, timed_right, len(timed), quiet_right, len(quiet),
                 time.perf_counter() - started)


def readers() -> dict[str, Reader]:
    return {"dateutil.parser (fuzzy)": dateutil_fuzzy, **dateparser_readers(),
            "ours (timeread)": ours}


def main() -> None:
    warnings.simplefilter("ignore")
    for name, reader in readers().items():
        reader("warm-up at 10am")
        print(score(name, reader).line())
    if not dateparser_readers():
        print("dateparser is not installed: pip install dateparser to compare it")


if __name__ == "__main__":
    main()

"""Moves of an offered time: "30 minutes later", "eine halbe Stunde später".

Owns `read_shifts`: the phrases that ask to move a time by an amount ("B but
30 minutes later", "push it back an hour", "une demi-heure plus tôt") in en,
de, fr, es, it, pt and nl, as signed minutes, and those that ask for a move
without saying how far ("a bit later", "etwas früher"), as `minutes=None`.
A bare "later" ("I'll get back to you later") is no move. `replymatch` turns
a move of the one named option into a counter-proposal, never an acceptance.
Pure: text in, values out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from inviteassist.text.timewords import alternation

HALF_HOUR = alternation(
    "half an hour|a half hour|half-hour|halbe stunde|eine halbe stunde|demi-heure|"
    "une demi-heure|media hora|mezz'ora|mezz’ora|mezzora|meia hora|half uur|een half uur|"
    "halfuur|een halfuur")
ONE_HOUR = alternation(
    "an hour|one hour|eine stunde|une heure|una hora|un'ora|un’ora|uma hora|een uur")
TWO_HOURS = alternation("two hours|zwei stunden|deux heures|dos horas|due ore|duas horas|"
                        "twee uur")
SOME = alternation(
    "a bit|a little|slightly|a little bit|somewhat|etwas|ein bisschen|ein wenig|un peu|"
    "un poco|un po'|un po’|um pouco|iets|wat|een beetje")
LATER = alternation(
    "later|später|plus tard|más tarde|después|più tardi|dopo|mais tarde|depois")
EARLIER = alternation(
    "earlier|sooner|früher|eher|plus tôt|más temprano|antes|più presto|prima|mais cedo|"
    "eerder|vroeger")
AMOUNT = (rf"(?P<half>{HALF_HOUR})|(?P<hour>{ONE_HOUR})|(?P<two>{TWO_HOURS})"
          r"|(?P<n>\d{1,3})\s*(?P<unit>minutes?|mins?\.?|minuten|minutos|minuti|min"
          r"|hours?|hrs?|stunden?|heures?|horas?|ore|ora|uur|h)"
          rf"|(?P<some>{SOME})")
AMOUNT_THEN_WAY = re.compile(
    rf"(?<![\w:.])(?:by\s+|um\s+)?(?:{AMOUNT})\s+(?:(?P<later>{LATER})|(?P<earlier>{EARLIER}))"
    r"(?!\w)", re.IGNORECASE)
PUSH_BACK = re.compile(
    rf"(?<!\w)(?:push(?:ed)?|move[d]?)\s+(?:it\s+)?back(?:\s+by)?\s+(?:{AMOUNT})(?!\w)",
    re.IGNORECASE)
MINUTES = {"half": 30, "hour": 60, "two": 120}


@dataclass(frozen=True)
class Shift:
    """A move of a time: signed minutes (None: by an amount not said)."""

    minutes: int | None
    start: int
    end: int
    phrase: str


def read_shifts(text: str) -> tuple[Shift, ...]:
    """Every move of a time that `text` asks for, in reading order."""
    found = [*AMOUNT_THEN_WAY.finditer(text), *PUSH_BACK.finditer(text)]
    return tuple(Shift(_minutes(m), m.start(), m.end(), m[0])
                 for m in sorted(found, key=lambda m: m.start()))


def _minutes(m: re.Match[str]) -> int | None:
    amount = next((MINUTES[name] for name in MINUTES if m[name]), None)
    if m["n"]:
        unit = m["unit"].lower()
        amount = int(m["n"]) * (1 if unit.startswith("min") else 60)
    if amount is None:
        return None
    return -amount if m.groupdict().get("earlier") else amount

"""Which reply reader reads tests/reply_set.py best: ours, Duckling, dateparser,
and which quote stripper: ours, quotequail, mail-parser-reply.

Every reader answers each reply of the set with an option letter, a
counter-proposal or "none", and is scored right / confidently wrong / none
(a miss that only asks the owner). "ours" is `match_reply`. Duckling
(`pyduckling-native-phihos`) and dateparser's `search_dates` are time-
expression readers only, so they run inside the same small harness: the
reply is stripped by our `strip_quoted`, option letters come from our
`find_choices`, and each datetime they find is an option when it is one's
start (or a date only one option falls on), else a counter-proposal; two
options named is "none". They read in the requester's zone when known. The
strippers are scored twice: inside `match_reply` (their output handed to it)
and on their own (is exactly the newly written text left?). Libraries that
are not installed are skipped.

    python -m tests.reply_readers          # the tables
    python -m tests.reply_readers --misses # and every reply read wrong or missed
"""

from __future__ import annotations

import importlib
import re
import sys
import time
import warnings
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from inviteassist.funnel.replymatch import match_reply
from inviteassist.text.choice import find_choices
from inviteassist.text.quotes import strip_quoted
from tests.reply_set import HELD_OUT, REPLIES, SIGNATURES, Reply, outcome_of, proposal, verdict

Reader = Callable[[Reply], str]
Stripper = Callable[[Reply], str]


@dataclass(frozen=True)
class Found:
    """A datetime a library found, and whether it names a time of day; for a
    span ("Tuesday morning") its end; `also` holds other readings (Duckling
    lists the next few Fridays for "Friday")."""

    moment: datetime
    has_time: bool
    end: datetime | None = None
    also: tuple[datetime, ...] = ()


def ours(reply: Reply, stripper: Stripper | None = None) -> str:
    scene = reply.setting
    text = stripper(reply) if stripper else reply.text
    got = match_reply(text, scene.options, received=scene.received_at,
                      timezone=scene.owner_zone, requester_zone=scene.requester_zone)
    return outcome_of(got.kind, got.label, got.proposed, scene)


def harness(reply: Reply, found: list[Found]) -> str:
    """A library's datetimes, with our letters, as a reading of `reply`."""
    scene = reply.setting
    body = strip_quoted(reply.text)
    labels = {c.label for c in find_choices(body, "ABC")}
    counters: list[datetime] = []
    for item in found:
        readings = (item.moment, *item.also)
        if item.end is not None:
            span = item.end - item.moment
            fitting = {o.label for o in scene.options
                       if any(r <= o.start < r + span for r in readings)}
        elif item.has_time:
            fitting = {o.label for o in scene.options if o.start in readings}
        else:
            fitting = {o.label for o in scene.options if any(
                o.start.astimezone(r.tzinfo).date() == r.date() for r in readings)}
        labels |= fitting
        if not fitting and item.has_time and item.end is None \
                and item.moment > scene.received_at:
            counters.append(item.moment)
    if len(labels) == 1:
        return labels.pop()
    if not labels and counters:
        return outcome_of("counter", None, counters[0], scene)
    return "none"


def reader_zone(reply: Reply) -> str:
    return reply.setting.requester_zone or reply.setting.owner_zone


def duckling_reader() -> Reader | None:
    try:
        duckling: Any = importlib.import_module("duckling")
    except ImportError:
        return None
    zones = duckling.load_time_zones("/usr/share/zoneinfo")
    dimensions = duckling.parse_dimensions(["time"])

    def read(reply: Reply) -> str:
        scene = reply.setting
        ref = duckling.parse_ref_time(zones, reader_zone(reply),
                                      int(scene.received_at.timestamp()))
        locale = duckling.default_locale_lang(duckling.parse_lang(reply.lang.upper()))
        found = []
        for entity in duckling.parse(strip_quoted(reply.text), duckling.Context(ref, locale),
                                     dimensions, False):
            found.extend(_duckling_found(entity["value"]))
        return harness(reply, found)

    return read


def _duckling_found(value: dict[str, Any]) -> list[Found]:
    """A Duckling time value: a point, or a span ("morning") with its end."""
    readings = value.get("values") or [value]
    if value.get("type") == "interval":
        spans = [(r.get("from"), r.get("to")) for r in readings if r.get("from") and r.get("to")]
        if not spans:
            return []
        starts = [datetime.fromisoformat(f["value"]) for f, _ in spans]
        end = datetime.fromisoformat(spans[0][1]["value"])
        return [Found(starts[0], True, end, tuple(starts[1:]))]
    points = [datetime.fromisoformat(r["value"]) for r in readings if r.get("value")]
    if not points:
        return []
    grain = value.get("grain") or readings[0].get("grain")
    return [Found(points[0], grain in ("hour", "minute", "second"), None, tuple(points[1:]))]


def dateparser_reader() -> Reader | None:
    try:
        search: Any = importlib.import_module("dateparser.search")
    except ImportError:
        return None

    def read(reply: Reply) -> str:
        scene = reply.setting
        zone = ZoneInfo(reader_zone(reply))
        base = scene.received_at.astimezone(zone).replace(hour=0, minute=0, tzinfo=None)
        settings = {"TIMEZONE": reader_zone(reply), "RETURN_AS_TIMEZONE_AWARE": True,
                    "PREFER_DATES_FROM": "future", "RELATIVE_BASE": base}
        hits = search.search_dates(strip_quoted(reply.text), languages=[reply.lang],
                                   settings=settings) or []
        found = [Found(moment, (moment.hour, moment.minute) != (0, 0)) for _, moment in hits]
        return harness(reply, found)

    return read


def quotequail_stripper() -> Stripper | None:
    try:
        quotequail: Any = importlib.import_module("quotequail")
    except ImportError:
        return None

    def strip(reply: Reply) -> str:
        parts = quotequail.quote(reply.text)
        return "\n".join(text for shown, text in parts if shown)

    return strip


def mail_parser_reply_stripper() -> Stripper | None:
    try:
        module: Any = importlib.import_module("mailparser_reply")
    except ImportError:
        return None

    def strip(reply: Reply) -> str:
        languages = [reply.lang] if reply.lang in ("en", "de", "fr", "es", "it", "nl") else []
        found: str | None = module.EmailReplyParser(languages=languages).parse_reply(reply.text)
        return found or ""

    return strip


def readers() -> dict[str, Reader]:
    found: dict[str, Reader] = {"ours (match_reply)": ours}
    for name, make in (("Duckling + our letters", duckling_reader),
                       ("dateparser.search + our letters", dateparser_reader)):
        reader = make()
        if reader is not None:
            found[name] = reader
    duckling = found.get("Duckling + our letters")
    if duckling is not None:
        found["ours where Duckling agrees"] = lambda r: _agreeing(ours(r), duckling(r))
        found["ours, else Duckling"] = lambda r: ours(r) if ours(r) != "none" else duckling(r)
    return found


def _agreeing(first: str, second: str) -> str:
    return first if first == second else "none"


def strippers() -> dict[str, Stripper]:
    found: dict[str, Stripper] = {"ours (strip_quoted)": lambda r: strip_quoted(r.text)}
    for name, make in (("quotequail", quotequail_stripper),
                       ("mail-parser-reply", mail_parser_reply_stripper)):
        stripper = make()
        if stripper is not None:
            found[name] = stripper
    return found


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def stripping_verdict(reply: Reply, kept: str) -> str:
    """"exact", "quote left", "signature left" or "reply cut"."""
    if _normal(kept) == _normal(reply.body):
        return "exact"
    if _normal(reply.body) not in _normal(kept):
        return "reply cut"
    if reply.quote and _normal(proposal(reply.lang, reply.setting).split("\n")[-1]) in \
            _normal(kept):
        return "quote left"
    if reply.signature and any(_normal(line) in _normal(kept) for line in
                               SIGNATURES[reply.lang][reply.signature].split("\n")[1:]):
        return "signature left"
    return "quote left"


def table(rows: dict[str, Counter[str]], columns: tuple[str, ...], seconds: dict[str, float],
          title: str) -> list[str]:
    width = max(len(name) for name in rows) + 2
    lines = [f"| {title:<{width}}| " + " | ".join(columns) + " | ms/reply |",
             "|" + "-" * (width + 1) + "|" + "|".join("-" * (len(c) + 2) for c in columns)
             + "|---|"]
    for name, counts in rows.items():
        total = sum(counts.values())
        cells = [f"{counts[c]:>3} ({counts[c] / total:5.1%})".rjust(len(c)) for c in columns]
        per = 1000 * seconds[name] / total
        lines.append(f"| {name:<{width}}| " + " | ".join(cells) + f" | {per:.1f} |")
    return lines


def reader_scores(replies: tuple[Reply, ...],
                  misses: list[str]) -> tuple[dict[str, Counter[str]], dict[str, float]]:
    """Every reader and stripper combination on `replies`; ours' misses noted."""
    scores: dict[str, Counter[str]] = {}
    seconds: dict[str, float] = {}
    combos: dict[str, Reader] = dict(readers())
    for name, stripper in strippers().items():
        if not name.startswith("ours"):
            combos[f"ours, stripped by {name}"] = \
                lambda r, s=stripper: ours(r, s)  # type: ignore[misc]
    for name, reader in combos.items():
        started = time.perf_counter()
        counts: Counter[str] = Counter()
        for reply in replies:
            got = reader(reply)
            judged = verdict(reply.expect, got)
            counts[judged] += 1
            if judged != "right" and name.startswith("ours (match"):
                misses.append(f"  {judged:<5} [{reply.lang}/{reply.scenario}] "
                              f"{reply.body!r}: expected {reply.expect}, got {got}")
        seconds[name] = time.perf_counter() - started
        scores[name] = counts
    return scores, seconds


def main(argv: list[str]) -> None:
    warnings.simplefilter("ignore")
    misses: list[str] = []
    for title, replies in (("written before tuning", REPLIES),
                           ("held out, written after", HELD_OUT)):
        quoted = sum(r.quote is not None for r in replies)
        print(f"{title}: {len(replies)} replies, {quoted} with quoted history\n")
        scores, seconds = reader_scores(replies, misses)
        print("\n".join(table(scores, ("right", "wrong", "none"), seconds, "reader")))
        print()
    stripped: dict[str, Counter[str]] = {}
    strip_seconds: dict[str, float] = {}
    for name, stripper in strippers().items():
        started = time.perf_counter()
        stripped[name] = Counter(stripping_verdict(r, stripper(r)) for r in REPLIES + HELD_OUT)
        strip_seconds[name] = time.perf_counter() - started
    print(f"quote and signature stripping, all {len(REPLIES) + len(HELD_OUT)} replies\n")
    print("\n".join(table(stripped, ("exact", "quote left", "signature left", "reply cut"),
                          strip_seconds, "stripper")))
    if "--misses" in argv:
        print("\nours, not right:")
        print("\n".join(misses) or "  (none)")


if __name__ == "__main__":
    main(sys.argv[1:])

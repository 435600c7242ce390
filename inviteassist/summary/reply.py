"""Answering the summary by reply: `spoke 12`, `no-show 7`, `ignore 9`, `sent 4`.

The owner replies to a summary with one fact per line. A reply counts only
when it comes from the owner's own address AND is threaded (In-Reply-To or
References) to a summary we sent, whose Message-ID carries a random token:
anything from another address, or not threaded to one of our summaries, is
left alone. Applying the lines is `app.summary_answers`; this module only
reads them. Pure.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from inviteassist.funnel.marks import canonical_mark, mark_words
from inviteassist.models import Envelope

SOURCE = "summary reply"
MAX_LINES = 200
_COMMAND = re.compile(
    r"^(?P<word>[^\W\d_]+(?:[ -][^\W\d_]+)?)\s+(?P<ids>#?\d{1,9}(?:\s*(?:,|\s|and|&)\s*#?\d{1,9})*)"
    r"\s*(?:[:—–-]\s*(?P<note>.*))?$", re.I)
_QUOTE_START = re.compile(
    r"^(On\s.+wrote:?|Am\s.+schrieb.*|Le\s.+a\s+écrit\s*:?|El\s.+escribió:?|"
    r"-{2,}\s*(Original Message|Ursprüngliche Nachricht|Message d'origine)\s*-{2,}|"
    r"(From|Von|De|Sent|Gesendet):\s.*|_{8,})$", re.I)


@dataclass(frozen=True)
class AnswerLine:
    """One line of a reply that reads as a command, understood or not."""

    text: str
    word: str | None
    request_ids: tuple[int, ...]
    note: str | None = None
    problem: str | None = None


def own_lines(body: str) -> list[str]:
    """The lines the owner wrote: before the quoted summary and the signature,
    without quoted ('>') lines, trimmed, non-empty."""
    lines = []
    for raw in body.splitlines()[:MAX_LINES]:
        if raw.rstrip() == "--" or _QUOTE_START.match(raw.strip()):
            break
        line = raw.strip()
        if line and not line.startswith(">"):
            lines.append(line)
    return lines


def parse_answer(line: str) -> AnswerLine | None:
    """`spoke 12`, `no-show #7: she never joined`, `spoke 3, 4` -> an AnswerLine;
    None for a line that is no command at all ("Thanks!")."""
    match = _COMMAND.match(line.strip().strip("*_`"))
    if match is None:
        return None
    spoken = " ".join(match["word"].lower().split())
    word = canonical_mark(spoken)
    ids = tuple(dict.fromkeys(int(n) for n in re.findall(r"\d+", match["ids"])))
    note = (match["note"] or "").strip() or None
    if word is not None:
        return AnswerLine(line.strip(), word, ids, note)
    if " " in spoken:
        return None  # "meeting at 10": ordinary prose, not a mistyped command
    return AnswerLine(line.strip(), None, ids, note,
                      problem=f"not understood: use one of {mark_words()}")


def parse_answers(body: str) -> tuple[AnswerLine, ...]:
    return tuple(a for a in (parse_answer(line) for line in own_lines(body)) if a is not None)


def is_from(envelope: Envelope, address: str) -> bool:
    return envelope.from_addr.strip().lower() == address.strip().lower()


def summary_reply_target(envelope: Envelope, owner_email: str,
                         summary_for: Callable[[Iterable[str]], str | None]) -> str | None:
    """The Message-ID of our summary this message answers, when it is from the
    owner and threaded to one; else None. `summary_for` looks Message-IDs up."""
    if not is_from(envelope, owner_email):
        return None
    threaded = [m for m in (envelope.in_reply_to, *envelope.references) if m]
    return summary_for(threaded) if threaded else None

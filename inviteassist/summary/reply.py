"""Answering the summary by reply: `spoke 12`, `no-show 7`, `ignore 9`, `sent 4`.

The owner replies to a summary with one fact per line. A reply counts only
when it comes from the owner's own address AND is threaded (In-Reply-To or
References) to a summary we sent, whose Message-ID carries a random token:
anything from another address, or not threaded to one of our summaries, is
left alone. Each line is applied with `marks.apply_mark` (source "summary
reply") and recorded with what became of it, so the next summary confirms
it; a reply seen twice (a rescan, or its copy in Sent) is applied once.

`parse_answers` and `summary_reply_target` are pure; `handle_summary_reply`
is the hook the engine calls for each fetched message before classifying it.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from inviteassist.app.marks import MARKS, apply_mark
from inviteassist.config.settings import Settings
from inviteassist.detect.parse import ParsedMessage
from inviteassist.errors import UserError
from inviteassist.models import AnswerRecord, Envelope
from inviteassist.store.db import Store

logger = logging.getLogger(__name__)

SOURCE = "summary reply"
ALIASES = {"noshow": "no-show", "no show": "no-show"}
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
    word = ALIASES.get(spoken, spoken)
    ids = tuple(dict.fromkeys(int(n) for n in re.findall(r"\d+", match["ids"])))
    note = (match["note"] or "").strip() or None
    if word in MARKS:
        return AnswerLine(line.strip(), word, ids, note)
    if " " in spoken:
        return None  # "meeting at 10": ordinary prose, not a mistyped command
    return AnswerLine(line.strip(), None, ids, note,
                      problem=f"not understood: use one of {', '.join(sorted(MARKS))}")


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


def _reply_key(envelope: Envelope, body: str) -> str:
    """The reply's Message-ID, or a stand-in made from its content."""
    if envelope.message_id:
        return envelope.message_id
    digest = hashlib.sha256(f"{envelope.date}\0{envelope.subject}\0{body}".encode())
    return f"<no-message-id.{digest.hexdigest()[:32]}@inviteassist.invalid>"


def apply_answers(store: Store, answers: Iterable[AnswerLine], *, reply_id: str,
                  summary_id: str, now: datetime) -> list[AnswerRecord]:
    """Apply each understood line as a mark; record every line with its outcome."""
    records = []
    for answer in answers:
        targets: tuple[int | None, ...] = answer.request_ids if answer.word else (None,)
        for request_id in targets:
            applied, outcome = False, answer.problem or ""
            if answer.word and request_id is not None:
                try:
                    result = apply_mark(store, request_id, answer.word, now, note=answer.note,
                                        source=SOURCE)
                except UserError as exc:
                    outcome = exc.problem
                else:
                    applied = True
                    outcome = (f"request {request_id}: {result.previous.value} -> "
                               f"{result.state.value}")
            records.append(AnswerRecord(reply_id, summary_id, now, answer.text, request_id,
                                        applied, outcome))
    if not records:
        records.append(AnswerRecord(reply_id, summary_id, now, "(your reply)", None, False,
                                    "no line such as 'spoke 12' found"))
    for record in records:
        store.record_answer(record)
    return records


def handle_summary_reply(store: Store, parsed: ParsedMessage, settings: Settings,
                         now: datetime) -> bool:
    """The engine's hook, called for each fetched message before classification.

    True: the message was ours to handle (one of our own summaries, or the
    owner's threaded answer to one, applied now or before); the engine records
    it as seen and does not classify it. False: not ours, carry on.
    """
    envelope = parsed.envelope
    if envelope.message_id and store.summary_threaded_to((envelope.message_id,)):
        return True  # a summary we delivered into this very mailbox
    summary_id = summary_reply_target(envelope, settings.owner.email,
                                      store.summary_threaded_to)
    if summary_id is None:
        return False
    body = parsed.text
    reply_id = _reply_key(envelope, body)
    if store.answer_handled(reply_id):
        return True
    if not settings.summary.accept_replies:
        logger.info("a reply to the summary %s was not read: [summary] accept_replies is "
                    "false", summary_id)
        return True
    with store.transaction():
        records = apply_answers(store, parse_answers(body), reply_id=reply_id,
                                summary_id=summary_id, now=now)
    logger.info("reply to the summary: %d line(s) applied, %d not",
                sum(r.applied for r in records), sum(not r.applied for r in records))
    return True

"""Applying the owner's answers to a summary: each understood line becomes a mark.

Each line is applied with `marks.apply_mark` (source "summary reply") and
recorded with what became of it, so the next summary confirms it; a reply
seen twice (a rescan, or its copy in Sent) is applied once. Reading the lines
is the pure `summary.reply`; `handle_summary_reply` is the hook the engine
calls for each fetched message before classifying it.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable
from datetime import datetime

from inviteassist.app.calendaring import CalendarMail
from inviteassist.app.marks import apply_mark
from inviteassist.config.settings import Settings
from inviteassist.detect.parse import ParsedMessage
from inviteassist.errors import UserError
from inviteassist.models import AnswerRecord, Envelope
from inviteassist.store.db import Store
from inviteassist.summary.reply import (
    SOURCE,
    AnswerLine,
    parse_answers,
    summary_reply_target,
)

logger = logging.getLogger(__name__)


def _reply_key(envelope: Envelope, body: str) -> str:
    """The reply's Message-ID, or a stand-in made from its content."""
    if envelope.message_id:
        return envelope.message_id
    digest = hashlib.sha256(f"{envelope.date}\0{envelope.subject}\0{body}".encode())
    return f"<no-message-id.{digest.hexdigest()[:32]}@inviteassist.invalid>"


def apply_answers(store: Store, answers: Iterable[AnswerLine], *, reply_id: str,
                  summary_id: str, now: datetime,
                  calendar: CalendarMail | None = None) -> list[AnswerRecord]:
    """Apply each understood line as a mark; record every line with its outcome."""
    records = []
    for answer in answers:
        targets: tuple[int | None, ...] = answer.request_ids if answer.word else (None,)
        for request_id in targets:
            applied, outcome = False, answer.problem or ""
            if answer.word and request_id is not None:
                try:
                    result = apply_mark(store, request_id, answer.word, now, note=answer.note,
                                        source=SOURCE, calendar=calendar)
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
                         now: datetime, calendar: CalendarMail | None = None) -> bool:
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
                                summary_id=summary_id, now=now, calendar=calendar)
    logger.info("reply to the summary: %d line(s) applied, %d not",
                sum(r.applied for r in records), sum(not r.applied for r in records))
    return True

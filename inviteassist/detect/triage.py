"""Raw bytes -> everything the engine needs to decide about one message, in
one call that another process can make.

The engine parses and classifies each new message before it decides; a large
scan hands that pure work to worker processes (`app.triage_pool`) and gets
back a `Triage`: small, picklable, and exactly what the same calls give in
the engine's own process. What cannot be shipped back (the parsed message
itself) is rebuilt lazily from the raw bytes the engine already holds, and
only when a rule needs more than the envelope.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from inviteassist.detect.classify import classify
from inviteassist.detect.parse import (
    MalformedMessage,
    ParsedMessage,
    parse_message,
    repair_header_block,
)
from inviteassist.detect.rules import DetectionRules
from inviteassist.models import Classification, Envelope

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Triage:
    """One message's parse and classification; `failure` says why there is no
    classification (the bytes are no message, or the detector failed)."""

    envelope: Envelope | None
    header_problems: tuple[str, ...] = ()
    repaired: bool = False  # the header block was repaired before parsing
    classification: Classification | None = None
    malformed: str | None = None
    detector_error: str | None = None

    def parsed(self, raw: bytes) -> ParsedMessage:
        """The message around `raw` (the bytes this triage was made from),
        parsed again only if something asks for more than the envelope."""
        assert self.envelope is not None, "a malformed message has no parse"
        source = repair_header_block(raw) if self.repaired else raw
        return ParsedMessage(source, self.envelope, self.header_problems)


def triage(raw: bytes, authserv_ids: Sequence[str], rules: DetectionRules) -> Triage:
    """Parse and classify `raw`; never raises for bad input or a detector bug."""
    try:
        parsed = parse_message(raw)
    except MalformedMessage as exc:
        return Triage(None, malformed=str(exc))
    repaired = parsed.source != raw
    try:
        verdict = classify(parsed, authserv_ids=authserv_ids, rules=rules)
    except Exception as exc:  # a detector bug must not stop a scan
        logger.exception("the detector failed on message %s", parsed.envelope.message_id)
        return Triage(parsed.envelope, parsed.header_problems, repaired,
                      detector_error=str(exc))
    return Triage(parsed.envelope, parsed.header_problems, repaired, verdict)

"""Message -> classification: the detector's front door.

Owns the dispatch over the detectors, one module per network (LinkedIn now;
XING, Facebook and the iTIP meeting-reply detector slot into `DETECTORS`), the
authenticity verdict for messages a network module claims, and the fallback
`other` verdict. Each detector returns None for mail that is none of its
business, so the first one that answers wins. Pure: bytes or a parsed message
in, a `models.Classification` out.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from inviteassist import authenticity
from inviteassist.detect import linkedin
from inviteassist.detect.domains import ascii_host, domain_of
from inviteassist.detect.parse import MalformedMessage, ParsedMessage, parse_message
from inviteassist.models import Classification, Kind

__all__ = [
    "DETECTORS",
    "Detector",
    "MalformedMessage",
    "ParsedMessage",
    "classification_to_dict",
    "classify",
    "classify_bytes",
    "network_sender_domains",
    "parse_message",
]


@dataclass(frozen=True)
class Detector:
    """One detector: `domain` is the network's mail domain (None for non-network
    detectors such as meeting replies, whose results need no sender verdict)."""

    name: str
    domain: str | None
    detect: Callable[[ParsedMessage], Classification | None]


DETECTORS: tuple[Detector, ...] = (
    Detector(linkedin.NETWORK, linkedin.DOMAIN, linkedin.detect),
)


def network_sender_domains() -> tuple[str, ...]:
    """The mail domains of every known network: the mailbox's search prefilter."""
    return tuple(d.domain for d in DETECTORS if d.domain)


def classify(parsed: ParsedMessage, *, authserv_ids: Sequence[str] = ()) -> Classification:
    """What `parsed` is; network mail also gets the receiving server's verdict."""
    for detector in DETECTORS:
        found = detector.detect(parsed)
        if found is None:
            continue
        if found.network is not None and detector.domain is not None:
            verdict = authenticity.judge_sender(parsed.message, detector.domain, authserv_ids)
            found = replace(found, genuine=verdict.genuine, reasons=found.reasons + verdict.reasons)
        return found
    sender = ascii_host(domain_of(parsed.envelope.from_addr)) or "(none)"
    return Classification(kind=Kind.OTHER, reasons=(f"sender domain {sender} is no known network",))


def classify_bytes(raw: bytes, *, authserv_ids: Sequence[str] = ()) -> Classification:
    """Parse and classify; bytes that are no message at all are `other`, with why."""
    try:
        parsed = parse_message(raw)
    except MalformedMessage as exc:
        return Classification(kind=Kind.OTHER, reasons=(str(exc),))
    return classify(parsed, authserv_ids=authserv_ids)


def classification_to_dict(classification: Classification) -> dict[str, object]:
    """The `inspect --json` fields of DESIGN section 5 (without file/would_draft)."""
    requester = classification.requester
    reply = classification.meeting_reply
    return {
        "kind": classification.kind.value,
        "network": classification.network,
        "genuine": classification.genuine,
        "requester": {
            "name": requester.name if requester else None,
            "email": requester.email if requester else None,
            "headline": requester.headline if requester else None,
            "profile_url": requester.profile_url if requester else None,
        },
        "invitation_id": classification.invitation_id,
        "note": classification.note,
        "meeting_reply": None if reply is None else {
            "uid": reply.uid,
            "method": reply.method,
            "partstat": reply.partstat,
            "attendee": reply.attendee,
        },
        "reasons": list(classification.reasons),
    }

"""Message -> classification: the detector's front door.

Owns the dispatch over the detectors (the iTIP meeting-reply detector first,
then one module per network: LinkedIn, Facebook, XING, then the owner's
custom networks from `DetectionRules`), the authenticity verdict for messages
a network module claims, the requester's category, the final cleaning of
requester facts, the reasons that say what was wrong with bad input, and the
fallback `other` verdict. Each detector returns None for mail that is none of
its business, so the first one that answers wins. Pure: bytes or a parsed
message and the rules in, a `models.Classification` out.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from inviteassist.detect import addresses, authenticity, itip
from inviteassist.detect.categories import categorise
from inviteassist.detect.clean import clean_classification
from inviteassist.detect.domains import ascii_host, domain_of
from inviteassist.detect.networks import custom, facebook, linkedin, xing
from inviteassist.detect.parse import MalformedMessage, ParsedMessage, parse_message
from inviteassist.detect.rules import CustomNetworkRule, DetectionRules
from inviteassist.models import REQUEST_KINDS, Classification, Kind
from inviteassist.text.language import note_language

__all__ = [
    "DETECTORS",
    "DetectionRules",
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
    relay: str | None = None  # the domain of the network's relay to its members


DETECTORS: tuple[Detector, ...] = (
    Detector("meeting-reply", None, itip.detect),
    Detector(linkedin.NETWORK, linkedin.DOMAIN, linkedin.detect, linkedin.RELAY_DOMAIN),
    Detector(facebook.NETWORK, facebook.DOMAIN, facebook.detect),
    Detector(xing.NETWORK, xing.DOMAIN, xing.detect),
)
NO_RULES = DetectionRules()


def _custom(rule: CustomNetworkRule) -> Detector:
    return Detector(rule.network, rule.sender_domain, custom.detector_for(rule))


def detectors_for(rules: DetectionRules) -> tuple[Detector, ...]:
    """The built-in detectors, then one per custom network rule."""
    return DETECTORS + tuple(_custom(rule) for rule in rules.custom_networks)


def network_sender_domains(rules: DetectionRules = NO_RULES) -> tuple[str, ...]:
    """The mail domains of every known network: the mailbox's search prefilter.

    Meeting replies come from anyone, so a prefilter on these domains alone
    misses them (they are recognised by their text/calendar part).
    """
    return tuple(d.domain for d in detectors_for(rules) if d.domain)


def classify(
    parsed: ParsedMessage, *, authserv_ids: Sequence[str] = (), rules: DetectionRules = NO_RULES
) -> Classification:
    """What `parsed` is; network mail also gets the receiving server's verdict."""
    for detector in detectors_for(rules):
        found = detector.detect(parsed)
        if found is None:
            continue
        if found.network is not None and detector.domain is not None:
            found = _judge(found, parsed, detector, authserv_ids, rules)
        return _finish(found, parsed, rules)
    sender = ascii_host(domain_of(parsed.envelope.from_addr)) or "(none)"
    reason = f"sender domain {sender} is no known network"
    return _finish(Classification(kind=Kind.OTHER, reasons=(reason,)), parsed, rules)


def _judge(found: Classification, parsed: ParsedMessage, detector: Detector,
           authserv_ids: Sequence[str], rules: DetectionRules) -> Classification:
    """The sender verdict, the address the evidence vouches for, and replays."""
    assert detector.domain is not None
    verdict = authenticity.judge_sender(parsed.message, detector.domain, authserv_ids)
    found = replace(found, genuine=verdict.genuine, reasons=found.reasons + verdict.reasons)
    found = addresses.vet_address(found, parsed, verdict, detector.relay, rules.own_addresses)
    replay = addresses.addressed_elsewhere(parsed, rules.network_addresses,
                                           rules.own_addresses)
    return replace(found, replay=replay, reasons=(*found.reasons, replay)) if replay else found


def _finish(found: Classification, parsed: ParsedMessage, rules: DetectionRules) -> Classification:
    """Category for requests, cleaned requester facts, and what was wrong with the input."""
    cleaned = clean_classification(found)
    reasons = cleaned.reasons + tuple(f"bad input: {p}" for p in parsed.problems)
    category = None
    if cleaned.kind in REQUEST_KINDS and cleaned.network is not None:
        requester = cleaned.requester
        verdict = categorise(requester.headline if requester else None, cleaned.note,
                             rules.category_keywords)
        category, reasons = verdict.category, (*reasons, verdict.reason)
    language = note_language(cleaned.note) if cleaned.kind in REQUEST_KINDS else None
    if language:
        reasons = (*reasons, f"language {language} from the note")
    elif cleaned.language:
        language = cleaned.language
        reasons = (*reasons, f"language {language} from the notification's wording")
    return replace(cleaned, category=category, reasons=reasons, language=language)


def classify_bytes(
    raw: bytes, *, authserv_ids: Sequence[str] = (), rules: DetectionRules = NO_RULES
) -> Classification:
    """Parse and classify; bytes that are no message at all are `other`, with why."""
    try:
        parsed = parse_message(raw)
    except MalformedMessage as exc:
        return Classification(kind=Kind.OTHER, reasons=(str(exc),))
    return classify(parsed, authserv_ids=authserv_ids, rules=rules)


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
        "original": dict(classification.original),
    }

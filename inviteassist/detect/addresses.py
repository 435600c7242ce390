"""Which address a draft may go to: only one the evidence vouches for.

Owns the last word on `Requester.email` for network mail. A network detector
proposes an address (a Reply-To, or one written in the note); it is kept
only when the evidence vouches for it:
- a Reply-To at the network's relay, on a verified message;
- any other Reply-To on a verified message only when the network's DKIM
  signature covers it (h= lists Reply-To) and the message has one Reply-To;
- an address the requester wrote in the note of a verified message.
Never the owner's own address, never an "address" the parser found in a
display name instead of the angle-address. A dropped address leaves the draft
with an empty To and a sentence for the owner saying why (`address_note`).

Also owns the replay check: when the owner listed the addresses their
networks write to, a notification addressed to none of them (nor to the
owner) is a replay of someone else's mail. Pure functions.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import replace

from inviteassist.detect.authenticity import SenderVerdict
from inviteassist.detect.domains import address_within, ascii_host, domain_of
from inviteassist.detect.parse import ParsedMessage, header_addresses, raw_header_values
from inviteassist.models import Classification

_ENCODED_WORD = re.compile(r"=\?[^?\s]{1,75}\?[bBqQ]\?[^?]*\?=")
_ANGLE = re.compile(r"<([^<>]*)>")
_COMMENT = re.compile(r"\([^()]*\)")


def written_as_address(raw: str, address: str) -> bool:
    """True when `address` stands in `raw` as the address itself: inside the
    angle brackets when there are any, else as the whole value; never only
    inside an encoded word, a quoted display name or a comment."""
    plain = _ENCODED_WORD.sub(" ", raw)
    angles = _ANGLE.findall(plain)
    wanted = address.strip().lower()
    if angles:
        return any(inside.strip().lower() == wanted for inside in angles)
    return _COMMENT.sub(" ", plain).strip().lower() == wanted


def _unverified(verdict: SenderVerdict) -> str:
    return ("the notification failed the sender check" if verdict.genuine is False
            else "the notification could not be verified")


def _reply_to_problem(parsed: ParsedMessage, email: str, verdict: SenderVerdict,
                      relay: str | None) -> str | None:
    values = raw_header_values(parsed.message, "Reply-To")
    if len(values) != 1:
        return "the notification has more than one Reply-To"
    if not written_as_address(values[0], email):
        return "the Reply-To address was taken from its display name"
    if verdict.genuine is not True:
        return _unverified(verdict)
    if relay and address_within(email, relay):
        return None
    if "reply-to" not in verdict.signed_headers:
        return "the network's signature does not cover the Reply-To"
    return None


def vet_address(c: Classification, parsed: ParsedMessage, verdict: SenderVerdict,
                relay: str | None, own_addresses: Collection[str]) -> Classification:
    """`c` with its requester's address kept only when evidence vouches for it."""
    requester = c.requester
    email = requester.email if requester else None
    if requester is None or not email:
        return c
    reply_to = parsed.envelope.reply_to
    from_reply_to = bool(reply_to) and email.lower() == (reply_to or "").lower()
    where = "Reply-To" if from_reply_to else "note"
    problem: str | None
    if email.lower() in {own.lower() for own in own_addresses}:
        problem = "it is your own address"
    elif from_reply_to:
        problem = _reply_to_problem(parsed, email, verdict, relay)
    else:
        problem = None if verdict.genuine is True else _unverified(verdict)
    if problem is None:
        return c
    host = ascii_host(domain_of(email)) or "?"
    note = (f"To is empty: the address at {host} in the {where} was not used because "
            f"{problem}. Check who sent this before you add an address.")
    return replace(c, requester=replace(requester, email=None), address_note=note,
                   reasons=(*c.reasons, f"{where} address dropped: {problem}"[:80]))


def addressed_elsewhere(parsed: ParsedMessage, network_addresses: Collection[str],
                        own_addresses: Collection[str]) -> str | None:
    """Why a notification is a replay (addressed to none of the owner's
    addresses), or None; only when the owner listed `network_addresses`."""
    if not network_addresses:
        return None
    ours = {a.lower() for a in (*network_addresses, *own_addresses)}
    recipients = [addr.lower() for name in ("To", "Cc")
                  for _, addr in header_addresses(parsed.message, name) if addr]
    if any(addr in ours for addr in recipients):
        return None
    shown = ascii_host(domain_of(recipients[0])) if recipients else "nobody"
    return f"addressed to {'an address at ' + shown if recipients else shown}, not to you"[:80]

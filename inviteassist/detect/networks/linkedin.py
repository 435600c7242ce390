"""LinkedIn notifications -> classification (detection v1).

Owns the decision what a LinkedIn mail is: an invitation, a reminder of one,
an "accepted" notice, a "messaged you" notification, an InMail (reported as
`other`: it is no connection request) or some other LinkedIn mail. Evidence is
the sender address (which must belong to linkedin.com label-wise), LinkedIn's
template names, accept links carrying an invitation id, and body wording;
subject wording only supports. Mail that merely imitates LinkedIn (lookalike
domain, "LinkedIn" display name on another domain) is `other` with no network,
because that is a phishing signal. `genuine` is filled in by the caller.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Mapping
from dataclasses import dataclass

from inviteassist.detect.domains import address_within
from inviteassist.detect.html_text import Link
from inviteassist.detect.links import links_within
from inviteassist.detect.networks import linkedin_body as body
from inviteassist.detect.networks import linkedin_wording as wording
from inviteassist.detect.networks.phrases import PhrasePattern
from inviteassist.detect.networks.spec import impostor
from inviteassist.detect.parse import (
    ParsedMessage,
    header_addresses,
    header_text,
    raw_header_values,
)
from inviteassist.models import Classification, Kind, Requester

logger = logging.getLogger(__name__)

NETWORK = "linkedin"
DOMAIN = body.DOMAIN
RELAY_DOMAIN = body.RELAY_DOMAIN
MAX_SCAN_CHARS = 200_000

# Sender local parts and what they say about the mail.
_SENDER_ROLES: Mapping[str, str] = {
    "invitations": "invitations",
    "member": "invitations",
    "messages-noreply": "messages",
    "inmail-hit-reply": "inmail",
}
_WORD: Mapping[Kind, str] = {
    Kind.INVITATION: "invitation",
    Kind.INVITATION_REMINDER: "reminder",
    Kind.INVITATION_ACCEPTED: "accepted",
    Kind.MESSAGE_NOTIFICATION: "message",
}
_BODY = {kind: wording.phrase_pattern(p) for kind, p in wording.LINKEDIN_BODY_PHRASES.items()}
_SUBJECT = {kind: wording.phrase_pattern(p) for kind, p in wording.LINKEDIN_SUBJECT_PHRASES.items()}
_LANGUAGES = wording.language_patterns(wording.LINKEDIN_LANGUAGE_PHRASES)
_INVITE_FAMILY = frozenset({Kind.INVITATION, Kind.INVITATION_REMINDER})


@dataclass(frozen=True)
class Evidence:
    """What a genuine-domain LinkedIn mail shows, before a kind is chosen."""

    role: str | None
    inmail: bool
    templates: frozenset[Kind]
    body: frozenset[Kind]
    subject: frozenset[Kind]
    accept: tuple[Link, ...]
    own_links: tuple[Link, ...]   # the links to linkedin.com, found once per message
    reasons: tuple[str, ...]


def detect(parsed: ParsedMessage) -> Classification | None:
    """Classify `parsed` if it is (or pretends to be) LinkedIn mail, else None."""
    if not address_within(parsed.envelope.from_addr, DOMAIN):
        return impostor(parsed, DOMAIN, DOMAIN, "LinkedIn")
    evidence = gather_evidence(parsed)
    kind = decide_kind(evidence)
    reasons = list(evidence.reasons)
    if evidence.inmail:
        reasons.append("InMail is not a connection request")
    elif kind is Kind.OTHER:
        reasons.append("no connection-request evidence")
        return Classification(kind=kind, network=NETWORK, reasons=tuple(reasons))
    return _read(parsed, kind, evidence, reasons)


def _template_kind(template: str) -> Kind | None:
    for marker, kind in wording.LINKEDIN_TEMPLATE_KINDS:
        if marker in template:
            return kind
    return None


def _matching(patterns: Mapping[Kind, PhrasePattern], text: str) -> frozenset[Kind]:
    normalised = wording.normalise(text[:MAX_SCAN_CHARS])
    return frozenset(kind for kind, pattern in patterns.items() if pattern.search(normalised))


def gather_evidence(parsed: ParsedMessage) -> Evidence:
    """Collect sender, header, template, link and wording evidence with reasons."""
    envelope, message = parsed.envelope, parsed.message
    role = _SENDER_ROLES.get(envelope.from_addr.rpartition("@")[0].lower())
    reasons = [f"sender {envelope.from_addr.lower()}"]
    klass = (header_text(message, "X-LinkedIn-Class") or "").lower()
    if klass:
        reasons.append(f"X-LinkedIn-Class {klass.upper()}")
    own_links = tuple(links_within(parsed.links, DOMAIN))
    templates = body.templates_in(own_links, raw_header_values(message, "X-LinkedIn-Template"))
    reasons += [f"template {name}" for name in templates[:2]]
    named = (*templates, klass.replace("-", "_"))
    template_kinds = frozenset(k for k in map(_template_kind, named) if k is not None)
    accept = body.accept_links(own_links)
    if accept:
        with_id = body.invitation_id_in(accept) is not None
        reasons.append("accept link with invitationId" if with_id else "accept link")
    body_kinds = _matching(_BODY, parsed.text)
    subject_kinds = _matching(_SUBJECT, envelope.subject)
    if len(subject_kinds) > 1:  # 'invitation' is also a word of the specific subjects
        subject_kinds -= {Kind.INVITATION}
    reasons += [f"body has {_WORD[k]} wording" for k in _WORD if k in body_kinds]
    reasons += [f"subject matches {_WORD[k]} wording" for k in _WORD if k in subject_kinds]
    inmail = role == "inmail" or any("inmail" in name for name in named)
    return Evidence(
        role=role, inmail=inmail, templates=template_kinds, body=body_kinds,
        subject=subject_kinds, accept=accept, own_links=own_links, reasons=tuple(reasons),
    )


def decide_kind(evidence: Evidence) -> Kind:
    """The kind the evidence supports; subject wording only refines reminders."""
    strong = evidence.templates | evidence.body
    if evidence.inmail:
        return Kind.OTHER
    if Kind.INVITATION_ACCEPTED in evidence.templates or (
        Kind.INVITATION_ACCEPTED in evidence.body and not evidence.accept
    ):
        return Kind.INVITATION_ACCEPTED
    if evidence.role == "messages" or Kind.MESSAGE_NOTIFICATION in evidence.templates or (
        Kind.MESSAGE_NOTIFICATION in evidence.body and not evidence.accept
        and Kind.INVITATION not in evidence.body
    ):
        return Kind.MESSAGE_NOTIFICATION
    if evidence.accept or Kind.INVITATION in strong or (
        Kind.INVITATION_REMINDER in evidence.templates
    ):
        if Kind.INVITATION_REMINDER in strong | evidence.subject:
            return Kind.INVITATION_REMINDER
        return Kind.INVITATION
    return Kind.OTHER


def _html_reading(parsed: ParsedMessage, name: str | None,
                  ) -> tuple[list[str], body.NoteRegion] | None:
    """The HTML alternative's lines and note region, for layouts whose text
    part lacks the note or the location (LinkedIn's 2016 layout)."""
    html = parsed.html_body
    if html is None:
        return None
    lines = [line.strip() for line in html.text[:MAX_SCAN_CHARS].split("\n")]
    return lines, body.read_region(lines, name)


def _read(
    parsed: ParsedMessage, kind: Kind, evidence: Evidence, reasons: list[str]
) -> Classification:
    """Extract requester, invitation id and note for a classified LinkedIn mail."""
    envelope = parsed.envelope
    lines = [line.strip() for line in parsed.text[:MAX_SCAN_CHARS].split("\n")]
    accept, own_links = evidence.accept, evidence.own_links
    name = (
        body.display_person(envelope.from_name)
        or body.name_from_lines(lines)
        or body.name_from_profile_links(lines, own_links)
    )
    region = body.read_region(lines, name)
    name = name or (region.block[0] if region.block else None)
    name = name or body.name_from_subject(envelope.subject) or region.signature
    recipients = [display for display, _ in header_addresses(parsed.message, "To")]
    html = functools.cache(lambda: _html_reading(parsed, name))  # read once, if at all
    note = body.note_text(region) if kind in _INVITE_FAMILY else None
    if not note and kind in _INVITE_FAMILY and (found := html()) is not None:
        note = body.note_text(found[1])
    if note:
        default = body.is_default_note(note)
        reasons.append("note is LinkedIn's default text" if default else "personal note")
    elif kind is Kind.MESSAGE_NOTIFICATION:
        note = body.message_snippet(lines, name)
        if note:
            reasons.append("message snippet")
    email = body.reply_address(envelope)
    if email:
        reasons.append("reply-to is LinkedIn's relay" if address_within(email, DOMAIN)
                       else "requester address from Reply-To")
    else:
        email = body.email_in_note(note, envelope.to_addrs)
        if email:
            reasons.append("requester address from the note")
    invitation_id = None
    if kind in _INVITE_FAMILY:
        invitation_id = body.invitation_id_in(accept) or body.invitation_id_in(own_links)
    headline = body.headline_for(lines, name, region)
    location = body.location_for(lines, name, headline, region)
    if location is None and kind in _INVITE_FAMILY and (found := html()) is not None:
        html_lines, html_region = found
        location = body.location_for(html_lines, name,
                                     body.headline_for(html_lines, name, html_region),
                                     html_region)
    requester = Requester(
        name=name,
        email=email,
        headline=headline,
        profile_url=body.profile_url_for(own_links, name, recipients),
        location=location,
    )
    return Classification(
        kind=kind, network=NETWORK, requester=requester, invitation_id=invitation_id,
        note=note, reasons=tuple(reasons),
        language=wording.wording_language(_LANGUAGES, (parsed.text, envelope.subject)),
    )

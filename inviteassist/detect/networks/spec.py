"""Networks described by data: one detector for Facebook, XING and custom rules.

Owns `NetworkSpec` (a network's sender domain, its wording per kind in the
subject, body and headers, its accept-link and profile-link shapes, the
patterns that put the requester's name next to a known phrase) and `detect`,
which reads any message against one spec. The sender's domain decides whether
the network is speaking (label-wise, never by substring); kind evidence comes
from headers, accept links and body wording first, subject wording second.
Mail that imitates the network (lookalike domain, the brand as display name)
and carries its wording is `other`, no network, not genuine: a phishing
signal. `genuine` itself is filled in by the caller. Pure functions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from inviteassist.detect.domains import (
    address_within,
    ascii_host,
    domain_of,
    imitates,
    is_within,
    mentions_brand,
)
from inviteassist.detect.html_text import Link
from inviteassist.detect.links import lookalike_hosts, split_url, url_host
from inviteassist.detect.networks import linkedin_wording as wording
from inviteassist.detect.networks.phrases import PhrasePattern
from inviteassist.detect.parse import ParsedMessage, header_text
from inviteassist.models import Classification, Kind, Requester

MAX_SCAN_CHARS = 50_000
# Kinds in the order they win when a message shows evidence of several.
PRIORITY = (Kind.INVITATION_ACCEPTED, Kind.MESSAGE_NOTIFICATION, Kind.INVITATION_REMINDER,
            Kind.INVITATION)
WORD: Mapping[Kind, str] = {
    Kind.INVITATION: "invitation", Kind.INVITATION_REMINDER: "reminder",
    Kind.INVITATION_ACCEPTED: "accepted", Kind.MESSAGE_NOTIFICATION: "message",
}
_NO_REPLY = ("noreply", "no-reply", "donotreply", "do-not-reply", "notification")
_EMAIL = re.compile(r"[\w.+%-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})+")
_QUOTED = re.compile(r"^[\"„“«»]\s*(?P<note>[^\n]{2,2000}?)\s*[\"“”«»]$", re.MULTILINE)
KindPatterns = Mapping[Kind, re.Pattern[str] | PhrasePattern]  # custom rules: owner regexes

# A location line: starts with a letter; no digits, addresses, links or markup.
_PLACE = re.compile(r"^[^\W\d_][^\d@:;!?<>\[\]{}=\\\"]*$")


@dataclass(frozen=True)
class NetworkSpec:
    """How one network's notifications look (see module doc).

    `headers` maps a header name to (pattern, kind); `all_required` makes the
    subject and body patterns conjunctive (custom rules: both must match), and
    custom rules' own regexes see the text as written (`normalised` False).
    """

    network: str
    domain: str
    brand_domain: str | None  # the brand's own domain, for lookalikes and links
    brand_name: str
    subject: KindPatterns
    body: KindPatterns
    names: tuple[re.Pattern[str], ...] = ()
    headers: tuple[tuple[str, re.Pattern[str], Kind], ...] = ()
    accept_path: re.Pattern[str] | None = None
    profile_path: re.Pattern[str] | None = None
    all_required: bool = False
    normalised: bool = True  # patterns see `wording.normalise`d text (phrase tables)
    languages: Mapping[str, PhrasePattern] | None = None  # each language's wording


@dataclass(frozen=True)
class NetworkWords:
    """One language of one network's notifications: phrases per kind (compared
    in `wording.normalise`d form; field names are the values of `WORD`) and name
    patterns, regex fragments in which `{name}` marks the requester."""

    invitation: tuple[str, ...]
    reminder: tuple[str, ...]
    accepted: tuple[str, ...]
    message: tuple[str, ...]
    names: tuple[str, ...]


def word_patterns(rows: Iterable[NetworkWords]) -> dict[Kind, PhrasePattern]:
    """One phrase pattern per kind over every language row."""
    listed = list(rows)
    return {kind: wording.phrase_pattern(p for row in listed for p in getattr(row, field))
            for kind, field in WORD.items()}


def spec_from_words(
    network: str, domain: str, brand_domain: str, brand_name: str,
    words: Mapping[str, NetworkWords], *,
    headers: tuple[tuple[str, re.Pattern[str], Kind], ...] = (),
    accept_path: re.Pattern[str] | None = None, profile_path: re.Pattern[str] | None = None,
) -> NetworkSpec:
    """A built-in network's spec from its language rows: the same phrases count
    in subject and body, and every row's name patterns apply."""
    patterns = word_patterns(words.values())
    languages = wording.language_patterns(
        {language: [p for field in WORD.values() for p in getattr(row, field)]
         for language, row in words.items()})
    return NetworkSpec(network, domain, brand_domain, brand_name, subject=patterns,
                       body=patterns, names=name_patterns(words.values()), headers=headers,
                       accept_path=accept_path, profile_path=profile_path,
                       languages=languages)


def name_patterns(rows: Iterable[NetworkWords]) -> tuple[re.Pattern[str], ...]:
    """The rows' name patterns, compiled with the shared `wording.NAME` group."""
    return tuple(re.compile(template.format(name=wording.NAME), re.IGNORECASE)
                 for row in rows for template in row.names)


def _kinds(patterns: KindPatterns, text: str, normalised: bool) -> list[Kind]:
    text = wording.normalise(text[:MAX_SCAN_CHARS]) if normalised else text[:MAX_SCAN_CHARS]
    return [kind for kind, pattern in patterns.items() if pattern.search(text)]


def detect(spec: NetworkSpec, parsed: ParsedMessage) -> Classification | None:
    """Classify `parsed` against `spec`; None when it is none of this network's business."""
    envelope = parsed.envelope
    if not address_within(envelope.from_addr, spec.domain):
        # Someone else's mail: the wording is read only to catch an imitation,
        # and only when the sender is not the brand itself.
        brand = spec.brand_domain
        if brand is None or address_within(envelope.from_addr, brand):
            return None
        if (_kinds(spec.subject, envelope.subject, spec.normalised)
                or _kinds(spec.body, parsed.text, spec.normalised)):
            return impostor(parsed, spec.domain, brand, spec.brand_name)
        return None
    subject = _kinds(spec.subject, envelope.subject, spec.normalised)
    body = _kinds(spec.body, parsed.text, spec.normalised)
    reasons = [f"sender {envelope.from_addr.lower()}"]
    strong = [kind for name, pattern, kind in spec.headers
              if pattern.search(header_text(parsed.message, name) or "")]
    reasons += [f"header {name} says {WORD[kind]}" for name, _, kind in spec.headers
                if kind in strong]
    own = tuple(link for link in parsed.links
                if any(is_within(url_host(link.url), d) for d in _link_domains(spec)))
    if spec.accept_path and any(_path_matches(spec.accept_path, link) for link in own):
        strong.append(Kind.INVITATION)
        reasons.append("accept link")
    reasons += [f"body has {WORD[k]} wording" for k in body]
    reasons += [f"subject matches {WORD[k]} wording" for k in subject]
    kind = _decide(spec, strong + body, subject)
    if kind is None:
        reasons.append("no connection-request evidence")
        return Classification(kind=Kind.OTHER, network=spec.network, reasons=tuple(reasons))
    return read_requester(spec, parsed, kind, own, reasons)


def _link_domains(spec: NetworkSpec) -> tuple[str, ...]:
    return (spec.domain,) if spec.brand_domain is None else (spec.domain, spec.brand_domain)


def _decide(spec: NetworkSpec, strong: Sequence[Kind], subject: Sequence[Kind]) -> Kind | None:
    """Strong evidence first, the subject only when there is none (both required
    for custom rules that give both patterns); a reminder needs an invitation."""
    if spec.all_required:
        found = set(strong) & set(subject) if spec.subject and spec.body else {*strong, *subject}
    else:
        found = set(strong) or set(subject)
    everything = {*strong, *subject}
    if Kind.INVITATION_REMINDER in everything and Kind.INVITATION in found:
        found.add(Kind.INVITATION_REMINDER)
    if Kind.INVITATION not in everything:
        found.discard(Kind.INVITATION_REMINDER)  # a reminder of nothing is no evidence
    return next((kind for kind in PRIORITY if kind in found), None)


def _path_matches(pattern: re.Pattern[str], link: Link) -> bool:
    parts = split_url(link.url)
    return parts is not None and bool(pattern.search(f"{parts.path}?{parts.query}"))


def read_requester(spec: NetworkSpec, parsed: ParsedMessage, kind: Kind, own: Sequence[Link],
                   reasons: list[str]) -> Classification:
    """Requester name, profile, note and reply-able address for a classified mail."""
    envelope = parsed.envelope
    lines = [line.strip() for line in parsed.text[:MAX_SCAN_CHARS].split("\n")]
    name = first_match(spec.names, [envelope.subject, *lines])
    name = name or display_person(envelope.from_name, spec.brand_domain or spec.domain)
    note = _note(parsed.text) if kind is not Kind.INVITATION_ACCEPTED else None
    email = reply_address(envelope.reply_to, envelope.from_addr, spec.domain)
    if email:
        reasons.append("requester address from Reply-To")
    else:
        email = email_in_text(note, (*envelope.to_addrs, envelope.from_addr), spec.domain)
        if email:
            reasons.append("requester address from the note")
    if note:
        reasons.append("message snippet" if kind is Kind.MESSAGE_NOTIFICATION else "personal note")
    profile = next(filter(None, (_profile(spec, link) for link in own)), None)
    headline = headline_after(lines, name)
    requester = Requester(name=name, email=email, headline=headline, profile_url=profile,
                          location=location_after(lines, name, headline))
    language = (wording.wording_language(spec.languages, (parsed.text, envelope.subject))
                if spec.languages else None)
    return Classification(kind=kind, network=spec.network, requester=requester, note=note,
                          reasons=tuple(reasons), language=language)


def first_match(patterns: Iterable[re.Pattern[str]], texts: Iterable[str]) -> str | None:
    """The first person-like `name` group any pattern finds in `texts`, in order."""
    listed = list(patterns)
    for text in texts:
        for pattern in listed:
            match = pattern.search(text[:2_000])
            if match and personish(match.group("name").strip()):
                return match.group("name").strip()
    return None


def headline_after(lines: Sequence[str], name: str | None) -> str | None:
    """The line under a line that is just the requester's name (their job title)."""
    if not name:
        return None
    for index, line in enumerate(lines[:-1]):
        following = lines[index + 1]
        if line.casefold() == name.casefold() and following and "://" not in following:
            return following if len(following) <= 200 and following[-1] != ":" else None
    return None


def location_after(lines: Sequence[str], name: str | None,
                   headline: str | None) -> str | None:
    """The line under the name and headline when it reads as a place
    ("Hamburg, Deutschland"), as LinkedIn and XING lay out the name block."""
    if not name or not headline:
        return None
    for index in range(len(lines) - 2):
        if (lines[index].casefold() == name.casefold() and lines[index + 1] == headline
                and placeish(lines[index + 2])):
            return lines[index + 2]
    return None


def placeish(line: str) -> bool:
    """Could `line` be a location line: a few words of letters, commas and
    dashes, no digits, link, address or sentence end?"""
    return (0 < len(line) <= 120 and len(line.split()) <= 10 and _PLACE.match(line) is not None
            and line[-1] not in ".:!?")



def personish(text: str) -> bool:
    """Could `text` be a person's name (short, has letters, no address or URL)?"""
    words = text.split()
    return (0 < len(text) <= 80 and 0 < len(words) <= 8 and "@" not in text
            and "://" not in text and any(ch.isalpha() for ch in text)
            and text[-1] not in ".?!:;" and not set(text) <= set("?"))


def display_person(from_name: str, domain: str) -> str | None:
    """The person in a From display name ('Max Muster über XING' -> 'Max Muster')."""
    brand = domain.split(".")[-2] if "." in domain else domain
    name = re.sub(rf"\s+(?:via|über|par|vía|through)\s+{re.escape(brand)}\s*$", "", from_name,
                  flags=re.IGNORECASE).strip().strip("\"'")
    return name if personish(name) and not mentions_brand(name, domain) else None


def _note(text: str) -> str | None:
    match = _QUOTED.search(text[:MAX_SCAN_CHARS])
    return match.group("note").strip() if match else None


def _profile(spec: NetworkSpec, link: Link) -> str | None:
    parts = split_url(link.url)
    if spec.profile_path is None or parts is None:
        return None
    match = spec.profile_path.search(parts.path + ("?" + parts.query if parts.query else ""))
    if not match:
        return None
    return f"https://{ascii_host(parts.hostname or '')}{match.group(0)}"


def reply_address(
    reply_to: str | None, from_addr: str, domain: str, relay: str | None = None
) -> str | None:
    """A Reply-To that reaches a person: not the sender, not a no-reply box, not
    the network's own address (unless within its `relay` domain, which forwards
    to the person, like LinkedIn's reply.linkedin.com)."""
    address = (reply_to or "").strip()
    local = address.partition("@")[0].lower()
    if "@" not in address or address.lower() == from_addr.lower():
        return None
    if any(marker in local for marker in _NO_REPLY):
        return None
    if address_within(address, domain) and not (relay and address_within(address, relay)):
        return None
    return address


def email_in_text(text: str | None, exclude: Iterable[str], domain: str) -> str | None:
    """The first address in `text` that is neither excluded nor the network's."""
    excluded = {e.lower() for e in exclude}
    for match in _EMAIL.finditer((text or "")[:MAX_SCAN_CHARS]):
        address = match.group(0).rstrip(".")
        if address.lower() not in excluded and not address_within(address, domain):
            return address
    return None


def impostor(parsed: ParsedMessage, domain: str, brand_domain: str,
             brand_name: str) -> Classification | None:
    """Mail claiming to be the network from elsewhere: `other`, no network, not
    genuine (it imitates a network: a phishing signal the owner should see)."""
    envelope = parsed.envelope
    host = ascii_host(domain_of(envelope.from_addr)) or "(none)"
    if imitates(host, brand_domain):
        claim = f"sender domain {host} imitates {brand_domain}"
    elif mentions_brand(envelope.from_name, brand_domain):
        claim = f"display name claims to be {brand_name}"
    else:
        return None
    reasons = [f"sender domain {host} is not {domain}", claim]
    reasons += [f"link to lookalike host {ascii_host(h)}"
                for h in lookalike_hosts(parsed.links, brand_domain)]
    return Classification(kind=Kind.OTHER, network=None, genuine=False, reasons=tuple(reasons))

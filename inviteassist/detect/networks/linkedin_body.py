"""Reading a LinkedIn notification: requester, headline, note, links and ids.

Owns what is extracted from a message already judged to come from LinkedIn:
the requester's name (From display name without " via LinkedIn", else a
phrase in the body, a profile link's label or the name block; never the
"This email was intended for" footer, which names the recipient), headline,
canonical profile URL, invitation id, LinkedIn template names, the personal
note between the greeting and the name block (flagged when it is LinkedIn's
default text) and a reply-able address. Pure functions over text and links.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import unquote

from inviteassist.detect.domains import is_within, mentions_brand
from inviteassist.detect.html_text import Link
from inviteassist.detect.links import first_param, split_url
from inviteassist.detect.networks import linkedin_wording as wording
from inviteassist.detect.networks import spec as network
from inviteassist.models import Envelope

DOMAIN = "linkedin.com"
RELAY_DOMAIN = "reply.linkedin.com"
# "<Name> via LinkedIn" as LinkedIn writes it in From, per language.
_VIA = re.compile(r"\s+(?:via|über|par|vía|tramite|por meio do|a través de"
                  r"|par l['’]intermédiaire de)\s+linkedin\s*$", re.IGNORECASE)
_INVITATION_ID = re.compile(r"invitationId(?:=|/)(\d{4,30})", re.IGNORECASE)
_PROFILE_VANITY = re.compile(r"^/(?:comm/)?in/([^/?#\s]{2,100})/?$")
_PROFILE_VIEW = re.compile(r"^/(?:comm/)?profile/view/?$")
_ACCEPT_PATH = re.compile(r"invite-accept|accept-invitation|/eml_comm_afe/", re.IGNORECASE)
_TRK_TEMPLATE = re.compile(r"^eml-([a-z0-9_]{3,80})-", re.IGNORECASE)
_SIGNATURE = re.compile(r"^[-–—]\s?(?P<name>\S[^\n]{0,40})$")
_PRONOUNS = frozenset({"i", "we", "they", "he", "she", "you", "ich", "je", "yo", "eu", "io", "ik"})
_GREETING = wording.greeting_pattern()
_BODY_NAME = tuple(re.compile(p, re.IGNORECASE) for p in wording.LINKEDIN_BODY_NAME)
_SUBJECT_NAME = tuple(re.compile(p, re.IGNORECASE) for p in wording.LINKEDIN_SUBJECT_NAME)
_DEFAULT_NOTES = frozenset(
    wording.normalise(note).rstrip(".!") for note in wording.LINKEDIN_DEFAULT_NOTES
)
MAX_NOTE_CHARS = 5_000


@dataclass(frozen=True)
class NoteRegion:
    """The personal note's paragraphs and the name block that follows them."""

    paragraphs: tuple[str, ...]
    block: tuple[str, ...]
    signature: str | None


def is_default_note(note: str) -> bool:
    """True when `note` is one of LinkedIn's default invitation texts."""
    return wording.normalise(note).rstrip(".!") in _DEFAULT_NOTES


def display_person(from_name: str) -> str | None:
    """The person in a From display name ('Dana Lee via LinkedIn' -> 'Dana Lee')."""
    name = _VIA.sub("", from_name).strip().strip("\"'")
    return name if _personish(name) else None


def _personish(text: str) -> bool:
    words = text.split()
    return (
        0 < len(text) <= 80 and 0 < len(words) <= 8 and "@" not in text and "://" not in text
        and any(ch.isalpha() for ch in text) and text.lower() not in _PRONOUNS
        and not mentions_brand(text, DOMAIN) and not _is_action(text) and not _is_footer(text)
        and text[-1] not in ".?!:;"
    )


def _is_action(line: str) -> bool:
    return line.lower().startswith(wording.ACTION_LABELS)


def _is_footer(line: str) -> bool:
    return line.lower().startswith(wording.FOOTER_STARTS)


def _ends_note(line: str) -> bool:
    return _is_action(line) or _is_footer(line) or bool(wording.SEPARATOR.match(line))


def name_from_lines(lines: Sequence[str]) -> str | None:
    """A requester name stated by a known body phrase ('X requested to add you')."""
    for line in lines:
        if _is_footer(line):
            continue
        for pattern in _BODY_NAME:
            match = pattern.match(line)
            if match and _personish(match.group("name").strip()):
                return match.group("name").strip()
    return None


def name_from_subject(subject: str) -> str | None:
    for pattern in _SUBJECT_NAME:
        match = pattern.search(subject)
        if match and _personish(match.group("name").strip()):
            return match.group("name").strip()
    return None


def name_from_profile_links(lines: Sequence[str], links: Iterable[Link]) -> str | None:
    """A profile link's label that stands as its own line after the greeting."""
    start = find_greeting(lines)
    later = {line.casefold() for line in lines[(start or 0) + 1 :]}
    for link in links:
        if (canonical_profile_url(link.url) and _personish(link.label)
                and link.label.casefold() in later):
            return link.label
    return None


def find_greeting(lines: Sequence[str]) -> int | None:
    """Index of the first greeting line ('Hi Alex,' or a bare 'Suresh,')."""
    for index, line in enumerate(lines):
        if _is_footer(line):
            return None
        if _GREETING.match(line) or wording.BARE_GREETING.match(line):
            return index
    return None


def read_region(lines: Sequence[str], name: str | None) -> NoteRegion:
    """Split the text after the greeting into note paragraphs and name block."""
    start = find_greeting(lines)
    if start is None:
        return NoteRegion((), (), None)
    greeting = _GREETING.match(lines[start])
    rest = (greeting.group("rest") or "").strip() if greeting else ""
    paragraphs: list[list[str]] = [[rest]] if rest else []
    current: list[str] = []
    block: list[str] = []
    signature: str | None = None
    ended_by_action = False
    for index in range(start + 1, len(lines)):
        line = lines[index]
        if block:
            if not line:
                continue
            if _ends_note(line) or len(block) >= 3:
                break
            block.append(line)
            continue
        signed = _signature(lines, index)
        if _ends_note(line) or signed:
            ended_by_action = _is_action(line) or bool(signed)
            signature = signed
            break
        if name and line.casefold() == name.casefold():
            block.append(line)
        elif line:
            current.append(line)
        elif current:
            paragraphs.append(current)
            current = []
    if current:
        paragraphs.append(current)
    if not block and ended_by_action and not signature and len(paragraphs) >= 2:
        last = paragraphs[-1]
        if len(last) <= 3 and _personish(last[0]) and (
            not name or name.casefold().startswith(last[0].casefold())
        ):
            block = paragraphs.pop()
    texts = tuple("\n".join(p) for p in paragraphs)
    return NoteRegion(texts, tuple(block), signature)


def _signature(lines: Sequence[str], index: int) -> str | None:
    """'- Dana' when it is the last line before the links ('- first' sign-off)."""
    match = _SIGNATURE.match(lines[index])
    if not match or not _personish(match.group("name").strip()):
        return None
    following = _next_line(lines, index)
    return match.group("name").strip() if not following or _ends_note(following) else None


def _next_line(lines: Sequence[str], index: int) -> str:
    """The first non-empty line after `index` ('' when there is none)."""
    for later in range(index + 1, len(lines)):
        if lines[later]:
            return lines[later]
    return ""


def message_snippet(lines: Sequence[str], name: str | None) -> str | None:
    """The message a "messaged you" notification quotes: the paragraphs after the
    sender's name block (name, headline), up to the first link or footer line."""
    wanted = name.casefold() if name else None
    start = next((i for i, line in enumerate(lines) if line and (
        line.casefold() == wanted or any(p.match(line) for p in _BODY_NAME))), None)
    if start is None:
        return None
    index = start
    while index < len(lines) and lines[index]:
        index += 1  # the name block: name, headline, location
    paragraphs: list[str] = []
    for line in lines[index:]:
        if _ends_note(line):
            break
        if line:
            paragraphs.append(line)
        elif paragraphs and paragraphs[-1]:
            paragraphs.append("")
    snippet = "\n".join(paragraphs).strip()
    return snippet[:MAX_NOTE_CHARS] or None


def note_text(region: NoteRegion) -> str | None:
    note = "\n\n".join(region.paragraphs).strip()
    return note[:MAX_NOTE_CHARS] if note else None


def headline_for(lines: Sequence[str], name: str | None, region: NoteRegion) -> str | None:
    """The line under the requester's name (their job title), when present."""
    if len(region.block) >= 2 and not _ends_note(region.block[1]):
        return region.block[1]
    if not name:
        return None
    wanted = name.casefold()
    for index, line in enumerate(lines):
        if _is_footer(line):
            return None
        if line.casefold() != wanted:
            continue
        following = _next_line(lines, index)
        if following and not _ends_note(following) and len(following) <= 200:
            return following
    return None


def location_for(lines: Sequence[str], name: str | None, headline: str | None,
                 region: NoteRegion) -> str | None:
    """The requester's location: the name block's third line, or the line
    under their name and headline elsewhere in the text (reminders)."""
    if len(region.block) >= 3 and network.placeish(region.block[2]):
        return region.block[2]
    return network.location_after(lines, name, headline)


def canonical_profile_url(url: str) -> str | None:
    """The profile a LinkedIn link points to, without per-email tracking."""
    parts = split_url(url)
    if parts is None or not is_within(parts.hostname or "", DOMAIN):
        return None
    vanity = _PROFILE_VANITY.match(parts.path)
    if vanity:
        return f"https://www.linkedin.com/in/{vanity.group(1)}/"
    member = first_param(url, "id")
    if _PROFILE_VIEW.match(parts.path) and member and re.fullmatch(r"[\w-]{1,200}", member):
        return f"https://www.linkedin.com/profile/view?id={member}"
    return None


def profile_url_for(
    links: Iterable[Link], name: str | None, recipients: Iterable[str]
) -> str | None:
    """The requester's profile: by label, invitation-tied links, 'View profile'."""
    others = {r.casefold() for r in recipients if r}
    best: tuple[int, str] | None = None
    for link in links:
        url = canonical_profile_url(link.url)
        if url is None:
            continue
        label = link.label.casefold()
        score = 1 + 4 * bool(name and label == name.casefold())
        score += 2 * bool(first_param(link.url, "invAcpt")) + 2 * label.startswith("view")
        score -= 10 * (label in others)
        if best is None or score > best[0]:
            best = (score, url)
    return best[1] if best and best[0] > 0 else None


def accept_links(links: Iterable[Link]) -> tuple[Link, ...]:
    """LinkedIn links that accept (or confirm) an invitation."""
    found = []
    for link in links:
        parts = split_url(link.url)
        if parts is None or not is_within(parts.hostname or "", DOMAIN):
            continue
        if (_ACCEPT_PATH.search(parts.path) or _INVITATION_ID.search(unquote(link.url))
                or link.label.lower().startswith(("accept", "confirm that you know"))):
            found.append(link)
    return tuple(found)


def invitation_id_in(links: Iterable[Link]) -> str | None:
    for link in links:
        match = _INVITATION_ID.search(unquote(link.url.replace("&amp;", "&")))
        if match:
            return match.group(1)
    return None


def templates_in(links: Iterable[Link], header_templates: Iterable[str]) -> tuple[str, ...]:
    """LinkedIn template names from X-LinkedIn-Template and link parameters."""
    found: dict[str, None] = {t.strip().lower(): None for t in header_templates if t.strip()}
    for link in links:
        ek = first_param(link.url, "ek")
        tracked = _TRK_TEMPLATE.match(first_param(link.url, "trkEmail") or "")
        for name in (ek, tracked.group(1) if tracked else None):
            if name and re.fullmatch(r"[a-z0-9_]{3,80}", name.lower()):
                found.setdefault(name.lower(), None)
    return tuple(t for t in found if not any(o != t and o.startswith(t) for o in found))


def reply_address(envelope: Envelope) -> str | None:
    """A Reply-To that reaches the requester: their own address or LinkedIn's relay."""
    return network.reply_address(envelope.reply_to, envelope.from_addr, DOMAIN, RELAY_DOMAIN)


def email_in_note(note: str | None, exclude: Iterable[str]) -> str | None:
    """The first address written in the note that is not LinkedIn's or the owner's."""
    return network.email_in_text(note, exclude, DOMAIN)

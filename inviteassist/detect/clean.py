"""Requester facts made safe before they reach a template, a header or a log.

Owns the last step of detection: whatever a notification says a person is
called, their headline, address or profile link, comes from an untrusted
sender. Bidi overrides, zero-width characters and C0/C1 controls go first
(`text.visible`), from notes too; the texts as written stay in
`Classification.original`. Names and headlines become one line of plain text
(no CR/LF or other control characters, no markup: `<script>` blocks and tags are removed, entities
decoded, stray angle brackets dropped) and are capped in length; an address
that is not one plain `local@domain` is dropped; a note keeps its line breaks
but loses control characters. Each repair is reported as a reason, so
`inspect` says what was wrong. Pure functions.
"""

from __future__ import annotations

import html
import re
from dataclasses import replace

from inviteassist.detect.parse import defuse_encoded_words
from inviteassist.models import Classification, Requester
from inviteassist.text.visible import strip_hidden

MAX_NAME_CHARS = 80
MAX_HEADLINE_CHARS = 200
MAX_NOTE_CHARS = 5_000
_BLOCKS = re.compile(r"<(script|style)\b[^>]{0,500}>.*?(?:</\1\s*>|$)", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"</?[A-Za-z!/?][^<>]{0,500}>")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
_NOTE_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]+")
_ADDRESS = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9-]{1,63}"
                      r"(?:\.[A-Za-z0-9-]{1,63})+$")
_URL = re.compile(r"^https://[^\s<>\"']{1,500}$")


def clean_text_line(value: str, limit: int) -> tuple[str | None, tuple[str, ...]]:
    """`value` as one line of plain text, and what had to be removed."""
    problems: list[str] = []
    text = strip_hidden(value)
    if text != value:
        problems.append("hidden characters")
    if _CONTROL.search(text):
        problems.append("line breaks or control characters")
        text = _CONTROL.sub(" ", text)
    if "<" in text or ">" in text or "&" in text:
        unmarked = html.unescape(_TAG.sub(" ", _BLOCKS.sub(" ", text)))
        unmarked = _CONTROL.sub(" ", unmarked).replace("<", "").replace(">", "")
        if unmarked != text:
            problems.append("markup")
        text = unmarked
    defused = defuse_encoded_words(text)
    if defused != text:
        problems.append("encoded words")
    text = " ".join(defused.split())
    if len(text) > limit:
        problems.append(f"more than {limit} characters")
        text = text[:limit].rstrip()
    return (text or None), tuple(problems)


def clean_classification(c: Classification) -> Classification:
    """`c` with its requester and note made safe (see module doc)."""
    reasons: list[str] = []
    requester = c.requester
    if requester is not None:
        name = _line(requester.name, MAX_NAME_CHARS, "requester name", reasons)
        headline = _line(requester.headline, MAX_HEADLINE_CHARS, "headline", reasons)
        email = requester.email
        if email is not None and not _ADDRESS.match(email):
            reasons.append("requester address dropped: not a plain address")
            email = None
        profile = requester.profile_url
        if profile is not None and not _URL.match(profile):
            reasons.append("profile link dropped: not a plain https URL")
            profile = None
        location = _line(requester.location, MAX_HEADLINE_CHARS, "location", reasons)
        requester = Requester(name=name, email=email, headline=headline, profile_url=profile,
                              location=location)
    note = c.note
    if note is not None:
        visible = strip_hidden(note.replace("\r\n", "\n").replace("\r", "\n"))
        cleaned = _NOTE_CONTROL.sub(" ", visible).strip()[:MAX_NOTE_CHARS] or None
        if cleaned != note:
            reasons.append("note cleaned of control characters")
        note = cleaned
    if not reasons and requester == c.requester:
        return c
    return replace(c, requester=requester, note=note, reasons=c.reasons + tuple(reasons),
                   original=_originals(c, requester, note))


def _originals(c: Classification, requester: Requester | None,
               note: str | None) -> tuple[tuple[str, str], ...]:
    """The texts as the message wrote them, where cleaning changed them."""
    before, after = c.requester, requester
    pairs = [("name", before.name if before else None, after.name if after else None),
             ("headline", before.headline if before else None,
              after.headline if after else None),
             ("note", c.note, note)]
    return tuple((field, old) for field, old, new in pairs if old is not None and old != new)


def _line(value: str | None, limit: int, what: str, reasons: list[str]) -> str | None:
    if value is None:
        return None
    text, problems = clean_text_line(value, limit)
    if problems:
        reasons.append(f"{what} cleaned: {', '.join(problems)} removed")
    return text

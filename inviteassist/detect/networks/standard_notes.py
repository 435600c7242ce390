"""The networks' standard invitation texts: notes that are no personal note.

A requester who writes nothing gets the network's prefilled text ("I'd like
to join your LinkedIn network.", "J'aimerais faire partie de votre réseau
LinkedIn."). The detector reports it as the note (so `inspect` shows it), but
a reply must not thank anyone for it. LinkedIn's texts are the rows of
`linkedin_wording` (English and French confirmed by real samples, the rest
LinkedIn's translations as best known); XING's below are best-effort, no
sample confirms them. Compared after `normalise`, ignoring final punctuation,
a greeting's name and a "(a)" gender ending. Pure.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from inviteassist.detect.networks import linkedin_wording as wording

XING_STANDARD_NOTES: tuple[str, ...] = (
    "Ich würde Sie gerne zu meinen Kontakten hinzufügen.",
    "Ich würde dich gerne zu meinen Kontakten hinzufügen.",
    "Ich möchte Sie gerne als Kontakt hinzufügen.",
    "Ich möchte dich gerne als Kontakt hinzufügen.",
    "I would like to add you to my contacts.",
    "I'd like to add you as a contact.",
)
_GENDER_ENDING = re.compile(r"\((?:a|o|e|la|lo)\)")
_SIGNED = re.compile(r"\s+[-–—]\s?\S[^\n]{0,40}$")  # "… network. - Dana"
_GREETING = wording.greeting_pattern()


def _key(note: str) -> str:
    text = _SIGNED.sub("", _GENDER_ENDING.sub("", note.strip()))
    return wording.normalise(text).rstrip(".!").strip()


def _keys(notes: Iterable[str]) -> frozenset[str]:
    return frozenset(_key(note) for note in notes)


STANDARD_NOTES: Mapping[str, frozenset[str]] = {
    "linkedin": _keys(wording.LINKEDIN_DEFAULT_NOTES),
    "xing": _keys(XING_STANDARD_NOTES),
}


def is_standard_note(network: str, note: str | None) -> bool:
    """True when `note` is one of `network`'s prefilled invitation texts."""
    if not note:
        return False
    key = _key(note)
    greeting = _GREETING.match(key)
    if greeting and greeting.group("rest"):
        key = greeting.group("rest").strip()  # "Hi Alex, I'd like to …"
    return key in STANDARD_NOTES.get(network, frozenset())

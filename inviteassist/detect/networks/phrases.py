"""A set of known phrases, matched as whole words in normalised text, cheaply.

Owns `PhrasePattern`: one regex over every phrase (longest first, bounded by
non-word characters), with the `search` and `findall` of a compiled pattern.
Most texts contain none of a set's phrases (each language's wording, each
kind's), and the regex has to try every phrase at every position to say so.
A phrase can only match where each of its words stands as a whole word, so a
text lacking one word of every phrase is rejected from its word set alone
(computed once per text) without running the regex.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

_WORD_RUN = re.compile(r"\w+")
TEXTS_REMEMBERED = 4  # a message's body and subject, as a detector reads them


@lru_cache(maxsize=TEXTS_REMEMBERED)
def words_of(text: str) -> frozenset[str]:
    """Every maximal run of word characters in `text`."""
    return frozenset(_WORD_RUN.findall(text))


class PhrasePattern:
    """Any of `phrases` (already normalised) as whole words; see module doc."""

    def __init__(self, phrases: Iterable[str]) -> None:
        phrases = tuple(phrases)  # read twice below
        escaped = sorted({re.escape(p) for p in phrases}, key=len, reverse=True)
        self.pattern = re.compile(r"(?<!\w)(?:" + "|".join(escaped) + r")(?!\w)")
        # Each maximal word run of a phrase is a maximal word run of the text
        # wherever the phrase matches: the pattern's bounds and the phrase's
        # own non-word characters end it.
        self._words = tuple({frozenset(_WORD_RUN.findall(p)) for p in phrases})

    def possible(self, text: str) -> bool:
        """False when no phrase can match in `text` (every phrase lacks a word)."""
        present = words_of(text)
        return any(words <= present for words in self._words)

    def search(self, text: str) -> re.Match[str] | None:
        return self.pattern.search(text) if self.possible(text) else None

    def findall(self, text: str) -> list[str]:
        return self.pattern.findall(text) if self.possible(text) else []

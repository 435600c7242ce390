"""A phrase pattern's word-set rejection never changes what its regex finds."""

from __future__ import annotations

import random

from inviteassist.detect.networks import facebook, linkedin, xing
from inviteassist.detect.networks import linkedin_wording as wording
from inviteassist.detect.networks.phrases import PhrasePattern

PATTERNS: list[PhrasePattern] = [
    *linkedin._BODY.values(), *linkedin._SUBJECT.values(), *linkedin._LANGUAGES.values(),
    *(p for spec in (facebook.SPEC, xing.SPEC)
      for p in (*spec.body.values(), *(spec.languages or {}).values())
      if isinstance(p, PhrasePattern)),
]
PHRASES = sorted({wording.normalise(p)
                  for words in wording.LINKEDIN.values()
                  for field in ("invitation", "reminder", "accepted", "message",
                                "subject_invitation", "default_notes", "footers", "actions")
                  for p in getattr(words, field)})
GLUE = ("", " ", "x", "-", "'", "é", ", ", ".", "\n", "_", "2", " the ", "©")


def texts(count: int) -> list[str]:
    """Phrases whole, cut, glued to word and non-word characters, and mixed."""
    rng = random.Random(19)
    found = []
    for _ in range(count):
        pieces = []
        for _ in range(rng.randint(1, 6)):
            phrase = rng.choice(PHRASES)
            if rng.random() < 0.3:  # a fragment: some of its words, or a cut word
                cut = sorted(rng.sample(range(len(phrase) + 1), 2))
                phrase = phrase[cut[0]:cut[1]]
            pieces += [rng.choice(GLUE), phrase]
        found.append(wording.normalise("".join(pieces) + rng.choice(GLUE)))
    return found


def test_search_and_findall_agree_with_the_plain_regex() -> None:
    matched = 0
    for text in texts(3_000):
        for phrases in PATTERNS:
            expected = phrases.pattern.findall(text)
            assert phrases.findall(text) == expected, text
            found = phrases.search(text)
            plain = phrases.pattern.search(text)
            assert (found and found.span()) == (plain and plain.span()), text
            matched += bool(expected)
    assert matched > 1_000  # the texts do hit phrases, not only miss them


def test_phrases_of_punctuation_or_starting_with_it_are_found() -> None:
    assert PhrasePattern(["©", "(c) 2024"]).findall("(c) 2024 ©") == ["(c) 2024", "©"]

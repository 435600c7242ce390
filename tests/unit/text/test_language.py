"""The language of a short note, among the seven the templates are written in."""

from __future__ import annotations

import pytest

from inviteassist.text.language import note_language
from tests.language_notes import NOTES

CASES = [(language, note) for language, notes in NOTES.items() for note in notes]


@pytest.mark.parametrize(("language", "note"), CASES)
def test_each_note_is_read_in_its_language(language: str, note: str) -> None:
    assert note_language(note) == language


@pytest.mark.parametrize("text", [None, "", "Hi!", "dana@example.com", "https://x.example/a",
                                  "12345 67890 !!!"])
def test_too_little_text_tells_nothing(text: str | None) -> None:
    assert note_language(text) is None


def test_the_answer_never_varies() -> None:
    note = "Sigo sus publicaciones desde hace tiempo."
    assert {note_language(note) for _ in range(20)} == {"es"}

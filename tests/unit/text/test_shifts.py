"""Moves of an offered time, in seven languages, and what is no move."""

from __future__ import annotations

import pytest

from inviteassist.text.shifts import read_shifts

CASES = [
    ("B but 30 minutes later if possible?", 30),
    ("could we push it back an hour?", 60),
    ("A, but 15 min earlier", -15),
    ("B, aber eine halbe Stunde später?", 30),
    ("C, aber eine Stunde früher", -60),
    ("B mais une demi-heure plus tard", 30),
    ("La B, pero media hora más tarde", 30),
    ("B, ma mezz'ora più tardi?", 30),
    ("B, mas meia hora mais tarde", 30),
    ("B, maar een half uur later?", 30),
    ("two hours earlier", -120),
    ("a bit later", None),
    ("etwas früher", None),
]


@pytest.mark.parametrize(("text", "minutes"), CASES)
def test_a_move_is_read_with_its_amount(text: str, minutes: int | None) -> None:
    (shift,) = read_shifts(text)
    assert shift.minutes == minutes


@pytest.mark.parametrize("text", ["I'll get back to you later", "später melde ich mich",
                                  "B works, talk later", "à plus tard",
                                  "Dinsdag 10:00 uur prima"])
def test_later_without_an_amount_or_a_qualifier_is_no_move(text: str) -> None:
    assert read_shifts(text) == ()

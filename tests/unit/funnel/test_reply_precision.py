"""Precise before complete: forms that once read confidently wrong, each a
class of problem (issue 18), against the reply set's "eu" scenario (A Tue 8
Dec 10:00, B Wed 9 Dec 15:00, C Fri 11 Dec 11:30, reply on Thu 3 Dec)."""

from __future__ import annotations

import pytest

from inviteassist.funnel.replymatch import match_reply
from tests.reply_set import SCENARIOS, outcome_of

CASES = [
    # the time after "instead of" is the one replaced, wherever the day stands
    ("Could we do 3:30 instead of 3 on Wednesday?", "2026-12-09 15:30"),
    ("Could we do Thursday instead of Wednesday, same time?", "none"),
    # a time with no day proposes nothing
    ("B — thanks! PS: I'm in Lisbon, so it's 2pm for me.", "B"),
    ("Can we do 4pm?", "none"),
    # "A." ends a sentence: the refusal stays in its own
    ("Can't do A. B is good.", "B"),
    # a move without an amount is the owner's to read
    ("B, but a bit later?", "none"),
    # a weekday and a day of the month that disagree name nothing
    ("Thursday the 9th works", "none"),
    ("Tuesday the 15th at 10am?", "2026-12-15 10:00"),
    # a limit is no proposal; an option inside it or a range is named by it
    ("Any time after 2pm on Wednesday works", "B"),
    ("Thursday after 3pm?", "none"),
    ("B, but only after 4pm", "none"),
    ("Mittwoch von 14 bis 16 Uhr passt", "B"),
    ("Friday before noon", "C"),
]


@pytest.mark.parametrize(("text", "expect"), CASES, ids=[c[0] for c in CASES])
def test_precise_reading(text: str, expect: str) -> None:
    scene = SCENARIOS["eu"]
    got = match_reply(text, scene.options, received=scene.received_at,
                      timezone=scene.owner_zone, requester_zone=scene.requester_zone)
    assert outcome_of(got.kind, got.label, got.proposed, scene) == expect


def test_your_time_is_the_owners_zone() -> None:
    scene = SCENARIOS["ny"]  # B is Wednesday 17:00 in Berlin, 11:00 in New York
    got = match_reply("Thursday 2pm your time?", scene.options, received=scene.received_at,
                      timezone=scene.owner_zone, requester_zone=scene.requester_zone)
    assert outcome_of(got.kind, got.label, got.proposed, scene) == "2026-12-10 14:00"


def test_my_time_with_an_unknown_zone_says_so() -> None:
    scene = SCENARIOS["unk"]
    got = match_reply("Wednesday at 3pm my time works", scene.options,
                      received=scene.received_at, timezone=scene.owner_zone)
    assert got.kind == "none"
    assert any("zone is unknown" in reason for reason in got.reasons)

"""Precise before complete: forms that once read confidently wrong, each a
class of problem (issue 18), against the reply set's "eu" scenario (A Tue 8
Dec 10:00, B Wed 9 Dec 15:00, C Fri 11 Dec 11:30, reply on Thu 3 Dec)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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
    # a span of days (opening hours, "Tuesday to Thursday") names no one time
    ("Wednesday at 3 is fine.\n\nJordan Blake\nOffice hours: Mon–Fri 9am–5pm ET", "B"),
    ("Passt.\nAnna Becker\nErreichbar Mo–Fr 9–17 Uhr", "none"),
    ("Tuesday to Thursday works", "none"),
]


# Forms in the other languages and zones, with the set's scenarios.
FORMS = [
    ("sp", "Terça às 11h de Brasília", "A"),
    ("nyo", "Mercredi 16h30 heure locale", "B"),
    ("la", "Wed 10am PT", "B"),
    ("ny", "Thursday 10am CT?", "2026-12-10 17:00"),
    ("eu", "Wed 9th at 3pm", "B"),
    ("eu", "L'11 va benissimo", "C"),
    ("eu", "no dia 9 às 15h", "B"),
    ("eu", "op de 9de om 15 uur", "B"),
    ("eu", "Di oder Mi, beides geht", "none"),
    ("eu", "A/C", "none"),
    ("eu", "B, um 16 Uhr statt 15 Uhr?", "2026-12-09 16:00"),
    ("eu", "Wednesday but at 4 instead", "2026-12-09 16:00"),
    ("eu", "Could we shift B to 4pm?", "none"),
    ("eu", "“B”", "B"),
    ("eu", "👍 B", "B"),
    ("eu", "Mittwochabend um 19 Uhr?", "2026-12-09 19:00"),
    ("eu", "am Dienstagvormittag gerne", "A"),
    ("eu", "Bonjour, ce sera B pour moi. Bonne journée", "B"),
    ("eu", "Dinsdag 10:00 uur prima", "A"),
    ("eu", "ab 14 Uhr am Mittwoch", "B"),
]


@pytest.mark.parametrize(("scenario", "text", "expect"), [("eu", *c) for c in CASES] + FORMS,
                         ids=[c[0] for c in CASES] + [f"{c[0]}: {c[1]}" for c in FORMS])
def test_precise_reading(scenario: str, text: str, expect: str) -> None:
    scene = SCENARIOS[scenario]
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


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([
    "B", "a", "the 9th", "am 9.", "le 9", "dia 31", "Tuesday", "Dienstagvormittag", "at 3",
    "3pm", "14 Uhr", "after", "before", "between", "and", "2-4pm", "bis", "instead of",
    "statt", "my time", "your time", "EST", "Pacific time", "hora de Brasília", "30 minutes",
    "later", "earlier", "a bit", "or", "not", "no", "but", ".", ",", "?", "\n", "> ", "-- ",
    "Kind regards,", "Jo", "0", "99", "12/31", "31.02.",
]), max_size=12), st.sampled_from(sorted(SCENARIOS)))
def test_any_mix_of_calendar_words_is_read_without_failing(words: list[str],
                                                          scenario: str) -> None:
    scene = SCENARIOS[scenario]
    got = match_reply(" ".join(words), scene.options, received=scene.received_at,
                      timezone=scene.owner_zone, requester_zone=scene.requester_zone)
    assert got.kind in ("option", "counter", "none")
    assert got.kind != "counter" or (got.proposed is not None
                                     and got.proposed > scene.received_at)

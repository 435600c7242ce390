"""Reading replies precisely (issue 18): the reply set of tests/reply_set.py.

Every reply of the set (109 in seven languages, 45 with quoted history and
signatures, written before the reader was changed) has its expected reading;
the set as a whole must be read >= 95% right and <= 1% confidently wrong.
The held-out part, written after the change, is held to the same bar for
"right" and to at most one confidently wrong reply.
"""

from __future__ import annotations

import pytest

from inviteassist.funnel.replymatch import match_reply
from tests.reply_set import HELD_OUT, REPLIES, Reply, outcome_of, verdict


def read(reply: Reply) -> str:
    scene = reply.setting
    got = match_reply(reply.text, scene.options, received=scene.received_at,
                      timezone=scene.owner_zone, requester_zone=scene.requester_zone)
    return outcome_of(got.kind, got.label, got.proposed, scene)


@pytest.mark.parametrize("reply", REPLIES,
                         ids=[f"{r.lang}/{r.scenario}: {r.body[:40]}" for r in REPLIES])
def test_reply_is_read_as_expected(reply: Reply) -> None:
    assert read(reply) == reply.expect


def test_reply_set_covers_languages_quotes_and_outcomes() -> None:
    assert len(REPLIES) >= 100
    assert {r.lang for r in REPLIES} == {"en", "de", "fr", "es", "pt", "it", "nl"}
    assert sum(r.quote is not None for r in REPLIES) * 3 >= len(REPLIES)
    assert {r.expect for r in REPLIES} >= {"A", "B", "C", "none"}


@pytest.mark.parametrize(("name", "replies", "most_wrong"),
                         [("written before", REPLIES, len(REPLIES) // 100),
                          ("held out", HELD_OUT, 1)])
def test_reply_set_is_read_precisely(name: str, replies: tuple[Reply, ...],
                                     most_wrong: int) -> None:
    verdicts = [verdict(r.expect, read(r)) for r in replies]
    assert verdicts.count("right") >= 0.95 * len(replies), name
    assert verdicts.count("wrong") <= most_wrong, name

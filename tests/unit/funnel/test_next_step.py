"""The next step a request shows takes its unsent drafts into account."""

from __future__ import annotations

from datetime import timedelta

import pytest

from inviteassist.funnel.rules import Deadlines, draft_waits, next_step
from inviteassist.models import State
from tests.unit.funnel.test_funnel import MONDAY, OPTIONS, history, request

RULES = Deadlines(reply_days=5, nudge_days=3, stalled_days=7)


def _describe(option):
    return f"{option.label} {option.start:%a %H:%M}"


def test_an_unsent_confirmation_comes_before_the_call_it_confirms():
    scheduled = request(State.SCHEDULED)
    events = history((State.SENT, MONDAY, "sent"),
                     (State.SCHEDULED, MONDAY, f"picked option B: {OPTIONS[1].start.isoformat()}"))
    before = MONDAY + timedelta(hours=1)  # the call is the next day
    assert next_step(scheduled, events, before, RULES, _describe, ("confirmation",)) == (
        "send the confirmation in your Drafts folder, then the call B Wed 09:00")
    assert next_step(scheduled, events, before, RULES, _describe) == "call B Wed 09:00"


def test_an_unsent_nudge_is_the_next_step_of_a_sent_request():
    sent = request(State.SENT)
    events = history((State.SENT, MONDAY, "sent"))
    assert next_step(sent, events, MONDAY, RULES, _describe, ("nudge",)) == (
        "send the nudge in your Drafts folder (or delete it)")


def test_an_unaddressed_reply_says_paste_then_mark_sent():
    drafted = request(State.DRAFTED)
    events = history((State.DRAFTED, MONDAY, "reply draft"))
    step = next_step(drafted, events, MONDAY, RULES, _describe, ("reply",))
    assert step.startswith("paste into LinkedIn's message box")
    assert step.endswith("then `mark 1 sent`")


@pytest.mark.parametrize(("purpose", "state", "waits"), [
    ("reply", State.DRAFTED, True), ("reply", State.SENT, False),
    ("nudge", State.SENT, True), ("nudge", State.REPLIED, False),
    ("confirmation", State.SCHEDULED, True), ("confirmation", State.SPOKE, False),
    ("proposal", State.SENT, True), ("proposal", State.SCHEDULED, False),
    ("summary", State.DRAFTED, False)])
def test_a_draft_stops_waiting_once_the_request_moved_past_it(purpose, state, waits):
    assert draft_waits(purpose, state) is waits

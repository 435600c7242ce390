from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from inviteassist.funnel.rules import (
    CALL_PASSED,
    NUDGE_MISSED,
    NUDGED,
    Deadlines,
    deadlines,
    entered,
    next_step,
    on_auto_reply,
    on_meeting_reply,
    on_reply,
    on_sent,
    scheduled_option,
    state_since,
    sweep,
    transitions,
)
from inviteassist.models import Event, Option, Request, Requester, State

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY = datetime(2026, 11, 23, 9, tzinfo=BERLIN)
OPTIONS = tuple(Option(label, MONDAY + timedelta(days=i + 1),
                       MONDAY + timedelta(days=i + 1, minutes=30), f"uid-{label}")
                for i, label in enumerate("ABC"))


def request(state: State) -> Request:
    return Request(1, "linkedin", "k", Requester("Sam"), None, None, True, "<n@x>", "s",
                   MONDAY, state, OPTIONS)


def history(*states: tuple[State, datetime, str]) -> list[Event]:
    return [Event(1, at, state, cause) for state, at, cause in states]


def test_sending_moves_a_draft_on_once():
    assert [e.state for e in on_sent(request(State.DRAFTED), MONDAY, "<s>", "in Sent").events] \
        == [State.SENT]
    assert on_sent(request(State.REPLIED), MONDAY, "<s>", "in Sent").events == ()


def test_a_picked_option_schedules_keeps_its_hold_and_asks_for_a_confirmation():
    step = on_reply(request(State.SENT), MONDAY, "<r>", picked=OPTIONS[1])
    assert [e.state for e in step.events] == [State.REPLIED, State.SCHEDULED]
    assert (step.keep_uid, step.keep_until, step.confirm) == ("uid-B", OPTIONS[1].end,
                                                                OPTIONS[1])


def test_a_reply_to_an_unsent_draft_proves_it_was_sent():
    step = on_reply(request(State.DRAFTED), MONDAY, "<r>")
    assert [e.state for e in step.events] == [State.SENT, State.REPLIED]


def test_a_counter_proposal_is_a_fact_after_the_reply():
    step = on_reply(request(State.SENT), MONDAY, "<r>", counter=MONDAY + timedelta(days=3),
                    counter_free=True)
    assert [e.state for e in step.events] == [State.REPLIED, State.REPLIED]
    assert step.events[1].cause.startswith("counter-proposal") and "(free" in \
        step.events[1].cause


def test_a_declined_option_releases_only_that_hold():
    step = on_meeting_reply(request(State.SENT), MONDAY, "<r>", OPTIONS[0], "DECLINED", "REPLY")
    assert step.release_uid == "uid-A" and step.confirm is None


def test_an_out_of_office_changes_no_state():
    step = on_auto_reply(request(State.SENT), MONDAY, "<r>", "auto-reply", None)
    assert [e.state for e in step.events] == [State.SENT]


def test_facts_do_not_move_when_a_state_was_entered():
    events = history((State.DRAFTED, MONDAY, "drafted"),
                     (State.SENT, MONDAY + timedelta(hours=1), "sent"),
                     (State.SENT, MONDAY + timedelta(days=3), NUDGED))
    assert state_since(request(State.SENT), events) == MONDAY + timedelta(hours=1)


@pytest.mark.parametrize("states", [
    (), (State.SENT,), (State.SENT, State.SENT), (State.DRAFTED, State.SENT, State.SENT),
    (State.SENT, State.REPLIED, State.SENT, State.SENT, State.REPLIED),
    (State.REPLIED, State.REPLIED, State.SENT, State.REPLIED, State.REPLIED)])
def test_the_state_was_entered_by_the_last_transition(states):
    events = history(*((state, MONDAY + timedelta(hours=n), f"step {n}")
                       for n, state in enumerate(states)))
    changes = transitions(events)
    assert entered(events) is (changes[-1] if changes else None)


def test_one_nudge_then_silence_counted_from_sending():
    rules = Deadlines(reply_days=5, nudge_days=3)
    sent = history((State.SENT, MONDAY, "sent"))
    nudge = sweep(request(State.SENT), sent, MONDAY + timedelta(days=3), rules)
    assert nudge.nudge and [e.cause for e in nudge.events] == [NUDGED]
    nudged = [*sent, *nudge.events]
    assert not sweep(request(State.SENT), nudged, MONDAY + timedelta(days=6), rules).changes
    silent = sweep(request(State.SENT), nudged, MONDAY + timedelta(days=7), rules)
    assert [e.state for e in silent.events] == [State.SILENT] and silent.release_all


def test_a_reply_without_a_time_stalls():
    events = history((State.REPLIED, MONDAY, "reply"))
    step = sweep(request(State.REPLIED), events, MONDAY + timedelta(days=7), Deadlines())
    assert [e.state for e in step.events] == [State.STALLED]


def test_a_past_call_asks_whether_it_happened_once():
    events = history((State.SCHEDULED, MONDAY, f"picked option A: {OPTIONS[0].start}"))
    after = OPTIONS[0].end + timedelta(minutes=1)
    step = sweep(request(State.SCHEDULED), events, after, Deadlines())
    assert [e.cause for e in step.events] == [CALL_PASSED]
    again = sweep(replace(request(State.SCHEDULED)), [*events, *step.events], after,
                  Deadlines())
    assert again.events == ()


SECOND = timedelta(seconds=1)


@pytest.mark.parametrize(("state", "events", "rules"), [
    (State.DRAFTED, [(State.DRAFTED, MONDAY, "drafted")], Deadlines()),
    (State.SENT, [(State.SENT, MONDAY, "sent")], Deadlines(reply_days=5, nudge_days=3)),
    (State.SENT, [(State.SENT, MONDAY, "sent"), (State.SENT, MONDAY + timedelta(days=3),
                                                  NUDGED)], Deadlines(reply_days=5)),
    (State.SENT, [(State.SENT, MONDAY, "sent")], Deadlines(reply_days=2, nudge_days=None)),
    (State.REPLIED, [(State.REPLIED, MONDAY, "reply")], Deadlines(stalled_days=4)),
    (State.SCHEDULED, [(State.SCHEDULED, MONDAY, "picked option B: x")], Deadlines()),
])
def test_the_earliest_deadline_is_when_the_sweep_first_acts(state, events, rules):
    """`deadlines` lets a caller skip a request until its earliest one; that is
    only safe if the sweep does nothing a second before it and acts at it."""
    asked, history_ = request(state), history(*events)
    earliest = min(when for when, _ in deadlines(asked, history_, rules))
    assert not sweep(asked, history_, earliest - SECOND, rules).changes
    assert sweep(asked, history_, earliest, rules).changes


def test_a_closed_request_has_no_deadline():
    for state in (State.SPOKE, State.SILENT, State.IGNORED, State.CONNECTED, State.NO_SHOW):
        assert deadlines(request(state), history((state, MONDAY, "x")), Deadlines()) == []


def test_the_agreed_option_is_found_behind_facts_that_repeat_the_state():
    """The "confirm draft in Drafts" fact repeats `scheduled` but names no
    option; it must not hide the agreement before it."""
    start = datetime(2026, 12, 1, 10, tzinfo=ZoneInfo("UTC"))
    options = tuple(Option(label, start + timedelta(days=n), start + timedelta(days=n, hours=1),
                           f"u{label}") for n, label in enumerate("AB"))
    request = Request(1, "linkedin", "k", Requester("R"), None, None, True, None, "s", start,
                      State.SCHEDULED, options)
    events = [Event(1, start, State.SCHEDULED, "an email reply picked option B: 2026-12-02"),
              Event(1, start, State.SCHEDULED, "confirm draft in Drafts")]
    assert scheduled_option(request, events) == options[1]


# -- downtime: the sweep replays what should have happened, in order ------------

THREE_WEEKS_LATER = MONDAY + timedelta(days=21)


def replay(state: State, events: list[Event], now: datetime, rules: Deadlines) -> list[Event]:
    return list(sweep(request(state), events, now, rules).events)


def test_three_weeks_off_ends_silent_at_the_deadline_without_a_nudge():
    rules = Deadlines(reply_days=5, nudge_days=3)
    step = sweep(request(State.SENT), history((State.SENT, MONDAY, "sent")),
                 THREE_WEEKS_LATER, rules)
    assert not step.nudge and step.release_all
    assert [(e.cause, e.at) for e in step.events] == [
        (NUDGE_MISSED, MONDAY + timedelta(days=3)),           # Thursday, 3 business days
        ("no reply within 5 business days", MONDAY + timedelta(days=7))]  # next Monday
    assert step.events[-1].state is State.SILENT


def test_a_nudge_late_but_before_the_deadline_is_still_drafted():
    rules = Deadlines(reply_days=5, nudge_days=3)
    late = MONDAY + timedelta(days=4)  # Friday: nudge due Thursday, deadline next Monday
    step = sweep(request(State.SENT), history((State.SENT, MONDAY, "sent")), late, rules)
    assert step.nudge and [(e.cause, e.at) for e in step.events] == [(NUDGED, late)]


def test_a_reply_left_unanswered_over_downtime_stalls_at_its_own_time():
    events = history((State.REPLIED, MONDAY, "reply"))
    [stalled] = replay(State.REPLIED, events, THREE_WEEKS_LATER, Deadlines(stalled_days=7))
    assert (stalled.state, stalled.at) == (State.STALLED, MONDAY + timedelta(days=7))


def test_a_silent_request_is_not_also_expired_on_the_network():
    """After silence, the 21-day invitation lifetime no longer applies."""
    events = replay(State.SENT, history((State.SENT, MONDAY, "sent")),
                    MONDAY + timedelta(days=30), Deadlines(reply_days=5, nudge_days=None))
    assert [e.state for e in events] == [State.SILENT]


@pytest.mark.parametrize("days", [0, 3, 6, 7, 8, 21, 60])
def test_the_next_step_never_shows_a_past_date(days):
    now = MONDAY + timedelta(days=days)
    text = next_step(request(State.SENT), history((State.SENT, MONDAY, "sent")), now,
                     Deadlines(reply_days=5), lambda option: "")
    shown = [d for d in (MONDAY + timedelta(days=n) for n in range(70))
             if f"{d:%a %d %b}" in text]
    assert all(d.date() >= now.date() for d in shown), text

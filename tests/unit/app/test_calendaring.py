"""Calendar follow-ups against a real state file: which iTIP drafts a step
makes, with which SEQUENCE, and which calendar answers are refused."""

from __future__ import annotations

import logging
from datetime import timedelta
from email import message_from_bytes, policy

import pytest

from inviteassist.app.followthrough import FollowThrough
from inviteassist.app.marks import apply_mark
from inviteassist.app.templating import template_environment
from inviteassist.config.settings import load_settings
from inviteassist.detect.parse import parse_message
from inviteassist.errors import UserError
from inviteassist.funnel.rules import meeting_reply_problem
from inviteassist.models import (
    Classification,
    Event,
    Kind,
    MeetingReply,
    Request,
    Requester,
    State,
)
from inviteassist.store.db import Store
from tests.calendar_shapes import NOW, calendar_of, imip_parts, options
from tests.conftest import MINIMAL_CONFIG

REQUESTS_MODE = '\n[invitations]\nproposals = "requests"\n'
LATER = NOW + timedelta(hours=2)


@pytest.fixture
def world(tmp_path, write_config, request):
    mode = getattr(request, "param", "")
    settings = load_settings(write_config(MINIMAL_CONFIG + mode))
    store = Store.open(tmp_path / "state.sqlite3")
    record = Request(0, "linkedin", "invitation:1", Requester("Dana Wu", "dana@wu.example"),
                     "1", None, True, "<n1@linkedin.com>", "Dana wants to connect", NOW)
    with store.transaction():
        request_id = store.add_request(record, key=record.key, name_key=None)
        store.add_event(Event(request_id, NOW, State.SENT, "sent"))
        store.add_holds(request_id, options(), "Europe/Berlin", NOW + timedelta(days=5))
    follow = FollowThrough(settings, store, template_environment(settings))
    yield settings, store, follow, request_id
    store.close()


def calendar_reply(uid: str, partstat: str = "ACCEPTED", method: str = "REPLY",
                   attendee: str = "dana@wu.example", start=None):
    raw = (f"From: {attendee}\r\nTo: alex@morgan.example\r\nSubject: Accepted\r\n"
           f"Message-ID: <cal-{uid}-{method}-{attendee}@wu.example>\r\n\r\nAccepted.\r\n")
    reply = MeetingReply(uid=uid, method=method, partstat=partstat, attendee=attendee,
                         sequence=0, proposed_start=start)
    return parse_message(raw.encode()), Classification(Kind.MEETING_REPLY,
                                                       meeting_reply=reply)


def drafted(store: Store) -> list[tuple[str, str, str, int, str]]:
    """(purpose, METHOD, UID, SEQUENCE, PARTSTAT) of every pending draft."""
    found = []
    for draft in store.pending_drafts():
        message = message_from_bytes(draft.content, policy=policy.default)
        (part,) = imip_parts(message) or [None]
        if part is None:
            found.append((draft.purpose, "", "", -1, ""))
            continue
        calendar = calendar_of(part)
        (event,) = calendar.walk("VEVENT")
        found.append((draft.purpose, str(calendar["METHOD"]), str(event["UID"]),
                      event.decoded("SEQUENCE"), event["ATTENDEE"].params["PARTSTAT"]))
    return found


def state(store: Store, request_id: int) -> State:
    found = store.request(request_id)
    assert found is not None
    return found.state


def test_a_calendar_accept_gives_a_confirmation_that_keeps_the_accept(world):
    _, store, follow, request_id = world
    b = options()[1]
    assert follow.incoming(*calendar_reply(b.uid), LATER) is not None
    assert drafted(store) == [("confirm", "REQUEST", b.uid, 0, "ACCEPTED")]
    assert state(store, request_id) is State.SCHEDULED


@pytest.mark.parametrize("world", [REQUESTS_MODE], indirect=True)
def test_requests_mode_cancels_the_options_not_chosen(world):
    _, store, follow, _ = world
    a, b, c = options()
    follow.incoming(*calendar_reply(b.uid), LATER)
    assert drafted(store) == [("confirm", "REQUEST", b.uid, 0, "ACCEPTED"),
                              ("cancel", "CANCEL", a.uid, 1, "NEEDS-ACTION"),
                              ("cancel", "CANCEL", c.uid, 1, "NEEDS-ACTION")]


@pytest.mark.parametrize("world", [REQUESTS_MODE], indirect=True)
def test_requests_mode_cancels_every_option_when_the_request_goes_silent(world):
    _, store, follow, request_id = world
    follow.sweep(NOW + timedelta(days=10))  # the nudge
    follow.sweep(NOW + timedelta(days=20))
    assert state(store, request_id) is State.SILENT
    assert [(p, m, u) for p, m, u, _, _ in drafted(store) if p == "cancel"] == [
        ("cancel", "CANCEL", o.uid) for o in options()]


def test_publish_mode_cancels_nothing_when_the_request_goes_silent(world):
    _, store, follow, request_id = world
    follow.sweep(NOW + timedelta(days=10))
    follow.sweep(NOW + timedelta(days=20))
    assert state(store, request_id) is State.SILENT
    assert [d for d in drafted(store) if d[0] == "cancel"] == []


def test_reschedule_and_cancel_raise_the_sequence_of_the_agreed_uid(world):
    _, store, follow, request_id = world
    b = options()[1]
    follow.incoming(*calendar_reply(b.uid, partstat="ACCEPTED"), LATER)
    moved = b.start + timedelta(days=7)
    result = apply_mark(store, request_id, "reschedule", LATER, calendar=follow.calendar,
                        new_start=moved)
    assert result.calendar_drafts == 1
    assert store.options(request_id)[1].start == moved
    apply_mark(store, request_id, "cancel", LATER, calendar=follow.calendar)
    assert drafted(store)[1:] == [("reschedule", "REQUEST", b.uid, 1, "NEEDS-ACTION"),
                                  ("cancel", "CANCEL", b.uid, 2, "NEEDS-ACTION")]
    assert state(store, request_id) is State.IGNORED
    # cancelled once is enough
    assert apply_mark(store, request_id, "ignored", LATER, calendar=follow.calendar
                      ).calendar_drafts == 0


def test_a_reply_after_cancel_is_a_warning_and_changes_nothing(world):
    _, store, follow, request_id = world
    b = options()[1]
    follow.incoming(*calendar_reply(b.uid), LATER)
    apply_mark(store, request_id, "cancel", LATER, calendar=follow.calendar)
    before = len(store.pending_drafts())
    outcome = follow.incoming(*calendar_reply(b.uid, partstat="ACCEPTED", method="REPLY",
                                              attendee="dana@wu.example"),
                              LATER + timedelta(minutes=1))
    assert outcome is not None and outcome.outcome == "meeting-reply-ignored"
    assert "cancelled" in outcome.reason
    assert state(store, request_id) is State.IGNORED
    assert len(store.pending_drafts()) == before


@pytest.mark.parametrize(("attendee", "method", "start", "words"), [
    ("mallory@evil.example", "REPLY", None, "not invited"),
    ("dana@wu.example", "COUNTER", NOW - timedelta(days=1), "past time"),
])
def test_refused_calendar_answers_leave_the_state_alone(world, attendee, method, start, words):
    _, store, follow, request_id = world
    outcome = follow.incoming(*calendar_reply(options()[0].uid, method=method,
                                              attendee=attendee, start=start), LATER)
    assert outcome is not None and words in outcome.reason
    assert state(store, request_id) is State.SENT
    assert store.pending_drafts() == []


def test_a_reply_for_an_option_never_offered_is_a_warning_in_the_history(world, caplog):
    _, store, follow, request_id = world
    caplog.set_level(logging.WARNING, logger="inviteassist.app.followthrough")
    outcome = follow.incoming(*calendar_reply("never@morgan.example"), LATER)
    assert outcome is not None and "never offered" in outcome.reason
    assert "never offered" in caplog.text
    assert state(store, request_id) is State.SENT
    assert "never offered" in store.events(request_id)[-1].cause
    stranger = calendar_reply("never@morgan.example", attendee="who@else.example")
    assert follow.incoming(*stranger, LATER) is None  # about no request we know


def test_a_counter_for_a_future_time_is_no_problem():
    record = Request(1, "linkedin", "k", Requester("D", "d@x.example"), None, None, True,
                     None, "s", NOW)
    reply = MeetingReply("u", "COUNTER", None, "d@x.example",
                         proposed_start=NOW + timedelta(days=2))
    assert meeting_reply_problem(record, reply, cancelled=False, now=NOW) is None


@pytest.mark.parametrize("world", [REQUESTS_MODE], indirect=True)
def test_accepting_a_counter_proposal_confirms_the_new_time(world):
    _, store, follow, request_id = world
    a = options()[0]
    counter = a.start + timedelta(days=2, hours=4)
    follow.incoming(*calendar_reply(a.uid, partstat=None, method="COUNTER", start=counter),
                    LATER)
    assert state(store, request_id) is State.REPLIED
    result = apply_mark(store, request_id, "reschedule", LATER, calendar=follow.calendar)
    assert result.state is State.SCHEDULED and result.calendar_drafts == 3
    (confirm, *cancels) = drafted(store)
    assert confirm == ("confirm", "REQUEST", a.uid, 1, "NEEDS-ACTION")
    assert {uid for _, method, uid, _, _ in cancels} == {o.uid for o in options()[1:]}
    assert store.options(request_id)[0].start == counter
    message = message_from_bytes(store.pending_drafts()[0].content, policy=policy.default)
    (event,) = calendar_of(imip_parts(message)[0]).walk("VEVENT")
    assert event.decoded("DTSTART") == counter


def test_reschedule_without_a_time_or_counter_is_refused(world):
    _, store, follow, request_id = world
    with pytest.raises(UserError, match="counter-proposal"):
        apply_mark(store, request_id, "reschedule", LATER, calendar=follow.calendar)


def test_a_rescheduled_call_holds_its_new_time(world):
    _, store, follow, request_id = world
    b = options()[1]
    follow.incoming(*calendar_reply(b.uid), LATER)
    moved = b.start + timedelta(days=7)
    apply_mark(store, request_id, "reschedule", LATER, new_start=moved)
    held = store.active_holds(LATER)
    assert [(h.start, h.end) for h in held] == [(moved, moved + (b.end - b.start))]


def test_reschedule_to_a_past_time_is_refused(world):
    _, store, follow, request_id = world
    follow.incoming(*calendar_reply(options()[1].uid), LATER)
    with pytest.raises(UserError, match="already passed"):
        apply_mark(store, request_id, "reschedule", LATER, calendar=follow.calendar,
                   new_start=LATER - timedelta(hours=1))

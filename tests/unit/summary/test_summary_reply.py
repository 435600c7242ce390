"""Answering the summary by reply: which lines count, and whose replies count."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from inviteassist.app.summary_answers import handle_summary_reply
from inviteassist.config.settings import load_settings
from inviteassist.detect.parse import parse_message
from inviteassist.models import Event, Request, Requester, State
from inviteassist.store.db import Store
from inviteassist.store.summaries import SummaryRecord
from inviteassist.summary.reply import (
    AnswerLine,
    own_lines,
    parse_answer,
    parse_answers,
)
from tests.conftest import MINIMAL_CONFIG

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
OWNER = "alex@morgan.example"
SUMMARY_ID = "<inviteassist.summary.20261130.f00dfeed@morgan.example>"


@pytest.mark.parametrize(("line", "expected"), [
    ("spoke 12", AnswerLine("spoke 12", "spoke", (12,))),
    ("Spoke #12", AnswerLine("Spoke #12", "spoke", (12,))),
    ("no-show 7", AnswerLine("no-show 7", "no-show", (7,))),
    ("no show 7", AnswerLine("no show 7", "no-show", (7,))),
    ("noshow 7", AnswerLine("noshow 7", "no-show", (7,))),
    ("ignore 9", AnswerLine("ignore 9", "ignored", (9,))),
    ("sent 4", AnswerLine("sent 4", "sent", (4,))),
    ("connected 3", AnswerLine("connected 3", "connected", (3,))),
    ("spoke 3, 4 and 5", AnswerLine("spoke 3, 4 and 5", "spoke", (3, 4, 5))),
    ("spoke 12: great call", AnswerLine("spoke 12: great call", "spoke", (12,), "great call")),
    ("**spoke 12**", AnswerLine("**spoke 12**", "spoke", (12,))),
])
def test_command_lines_are_understood(line, expected):
    assert parse_answer(line) == expected


@pytest.mark.parametrize("line", ["Thanks!", "see you at 10", "meeting at 10",
                                  "12 spoke", "spoke", "spoke twelve"])
def test_prose_is_not_a_command(line):
    assert parse_answer(line) is None


def test_a_mistyped_command_word_is_reported_not_ignored():
    answer = parse_answer("spok 12")
    assert answer is not None and answer.word is None
    assert answer.problem.startswith("not understood")


def test_quoted_summary_and_signature_are_not_read():
    body = ("spoke 12\n\nno-show 7\n-- \nAlex\nspoke 99\n")
    assert own_lines(body) == ["spoke 12", "no-show 7"]
    quoted = "ignore 9\nOn Mon, 30 Nov 2026 Alex wrote:\n> spoke 12\n> sent 4\n"
    assert [a.text for a in parse_answers(quoted)] == ["ignore 9"]
    outlook = "sent 4\n\n-----Original Message-----\nspoke 1\n"
    assert [a.text for a in parse_answers(outlook)] == ["sent 4"]
    inline = "> #12 Sam (LinkedIn)\nspoke 12\n> #7 Kim\nno-show 7\n"
    assert [a.text for a in parse_answers(inline)] == ["spoke 12", "no-show 7"]


# -- the hook, against a real state file ----------------------------------------


@pytest.fixture
def settings(write_config):
    return load_settings(write_config(MINIMAL_CONFIG))


@pytest.fixture
def store(tmp_path):
    store = Store.open(tmp_path / "state.sqlite3")
    with store.transaction():
        for number, name in ((1, "Sam"), (2, "Kim")):
            request_id = store.add_request(Request(
                id=0, network="linkedin", key=f"k{number}",
                requester=Requester(name, None, None, None), invitation_id=str(number),
                note=None, genuine=True, notification_message_id=None,
                notification_subject="invite", created_at=NOW), key=f"k{number}",
                name_key=None)
            store.add_event(Event(request_id, NOW, State.SCHEDULED, "accepted option A"))
        store.record_summary(SummaryRecord(SUMMARY_ID, NOW, NOW, "smtp", False))
    yield store
    store.close()


def reply(body: str, *, sender: str = OWNER, in_reply_to: str | None = SUMMARY_ID,
          message_id: str = "<reply-1@morgan.example>"):
    threading = f"In-Reply-To: {in_reply_to}\nReferences: {in_reply_to}\n" if in_reply_to else ""
    raw = (f"From: Alex Morgan <{sender}>\nTo: {OWNER}\nSubject: Re: Follow-through summary\n"
           f"Message-ID: {message_id}\n{threading}Date: Mon, 30 Nov 2026 09:00:00 +0000\n"
           f"Content-Type: text/plain; charset=utf-8\n\n{body}")
    return parse_message(raw.encode())


def states(store):
    return {r.id: r.state for r in store.requests()}


def test_a_threaded_reply_from_the_owner_applies_its_marks(store, settings):
    assert handle_summary_reply(store, reply("spoke 1\nno-show 2\n"), settings, NOW)
    assert states(store) == {1: State.SPOKE, 2: State.NO_SHOW}
    assert store.events(1)[-1].cause == "marked spoke by the summary reply"
    assert [(a.line, a.applied, a.outcome) for a in store.answers_since(NOW)] == [
        ("spoke 1", True, "request 1: scheduled -> spoke"),
        ("no-show 2", True, "request 2: scheduled -> no-show")]


def test_the_same_text_from_another_sender_applies_nothing(store, settings):
    assert not handle_summary_reply(store, reply("spoke 1\nno-show 2\n",
                                                 sender="mallory@evil.example"), settings, NOW)
    assert states(store) == {1: State.SCHEDULED, 2: State.SCHEDULED}
    assert store.answers_since(NOW) == []


def test_a_reply_not_threaded_to_our_summary_applies_nothing(store, settings):
    for other in (None, "<someone-else@morgan.example>"):
        message = reply("spoke 1\n", in_reply_to=other)
        assert not handle_summary_reply(store, message, settings, NOW)
    assert states(store) == {1: State.SCHEDULED, 2: State.SCHEDULED}


def test_a_reply_seen_twice_is_applied_once(store, settings):
    handle_summary_reply(store, reply("spoke 1\n"), settings, NOW)
    assert handle_summary_reply(store, reply("spoke 1\n"), settings, NOW)
    assert [e.state for e in store.events(1)] == [State.SCHEDULED, State.SPOKE]


def test_unknown_ids_and_mistyped_lines_are_recorded_as_not_applied(store, settings):
    handle_summary_reply(store, reply("spoke 99\nspok 1\n"), settings, NOW)
    assert [(a.line, a.applied, a.outcome.split(":")[0])
            for a in store.answers_since(NOW)] == [
        ("spoke 99", False, "no request 99"), ("spok 1", False, "not understood")]
    assert states(store)[1] is State.SCHEDULED


def test_a_reply_without_commands_is_confirmed_as_such(store, settings):
    handle_summary_reply(store, reply("Thanks, looks good!\n"), settings, NOW)
    (answer,) = store.answers_since(NOW)
    assert not answer.applied and "no line such as" in answer.outcome


def test_replies_are_left_alone_when_the_owner_switched_them_off(store, settings):
    off = replace(settings, summary=replace(settings.summary, accept_replies=False))
    assert handle_summary_reply(store, reply("spoke 1\n"), off, NOW)
    assert states(store)[1] is State.SCHEDULED


def test_our_own_summary_in_the_inbox_is_recognised_and_not_classified(store, settings):
    own = reply("Nothing new.", in_reply_to=None, message_id=SUMMARY_ID)
    assert handle_summary_reply(store, own, settings, NOW)

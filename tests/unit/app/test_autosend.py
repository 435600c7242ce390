"""Auto-send: which drafts go out by themselves, at most once, within the limit."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage

import pytest

from inviteassist.app.autosend import AutoSender, plan_auto_sends, why_not
from inviteassist.config.settings import load_settings
from inviteassist.errors import OperationalError
from inviteassist.mail.deliver import Delivery
from inviteassist.models import Event, Request, Requester, State
from inviteassist.store.db import Store
from tests.conftest import MINIMAL_CONFIG

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


def a_request(number: int, *, email: str | None = "sam@example.com",
              genuine: bool | None = True) -> Request:
    return Request(id=number, network="linkedin", key=f"k{number}",
                   requester=Requester(f"Person {number}", email, None, None),
                   invitation_id=str(number), note=None, genuine=genuine,
                   notification_message_id=None, notification_subject="invite",
                   created_at=NOW)


@pytest.mark.parametrize(("purpose", "request_", "reason"), [
    ("reply", a_request(1), None),
    ("nudge", a_request(1), None),
    ("confirm", a_request(1), None),
    ("reschedule", a_request(1), None),
    ("cancel", a_request(1), None),
    ("summary", a_request(1), "never sent automatically"),
    ("reply", a_request(1, email=None), "address is not known"),
    ("reply", a_request(1, genuine=None), "not verified genuine"),
    ("reply", a_request(1, genuine=False), "not verified genuine"),
    ("reply", None, "request is unknown"),
])
def test_only_genuine_requests_with_a_known_address_are_sent(purpose, request_, reason):
    found = why_not(purpose, request_, recipients=["sam@example.com"])
    assert (found is None) if reason is None else (reason in found)


@pytest.mark.parametrize("recipients", [
    [], ["third.party@elsewhere.example"], ["sam@example.com", "bcc@elsewhere.example"],
])
def test_a_draft_to_an_address_no_evidence_vouches_for_is_never_sent(recipients):
    found = why_not("reply", a_request(1), recipients=recipients)
    assert found is not None and "no verified evidence" in found
    assert why_not("reply", a_request(1), recipients=["Sam@Example.com"]) is None


# -- against a real state file, with fake SMTP and Sent ----------------------------


@pytest.fixture
def settings(write_config):
    base = load_settings(write_config(MINIMAL_CONFIG))
    return replace(base, smtp=replace(base.smtp, host="smtp.example.com", auto_send=True,
                                      auto_send_daily_limit=2))


@pytest.fixture
def store(tmp_path):
    store = Store.open(tmp_path / "state.sqlite3")
    with store.transaction():
        for number, email, genuine in ((1, "a@x.org", True), (2, None, True),
                                       (3, "c@x.org", None), (4, "d@x.org", True),
                                       (5, "e@x.org", True)):
            request = a_request(number, email=email, genuine=genuine)
            rid = store.add_request(request, key=request.key, name_key=None)
            store.add_event(Event(rid, NOW, State.DETECTED, "invitation"))
            message = EmailMessage()
            message["From"], message["Subject"] = "alex@morgan.example", f"Re: {number}"
            message["Message-ID"] = f"<inviteassist.reply.{number}@morgan.example>"
            if email:
                message["To"] = email
            message.set_content(f"Hello {number}")
            store.add_draft(rid, "reply", message["Message-ID"], "Drafts",
                            message.as_bytes(), NOW)
    yield store
    store.close()


class FakeSmtp:
    def __init__(self, fail: bool = False) -> None:
        self.sent: list[EmailMessage] = []
        self.fail = fail

    def __call__(self, _settings, message: EmailMessage) -> Delivery:
        if self.fail:
            raise OperationalError("SMTP server down")
        self.sent.append(message)
        return Delivery("smtp", "SMTP smtp.example.com:465")


def file_copy(_settings, content: bytes, _when) -> Delivery:
    assert b"Message-ID" in content
    return Delivery("imap-append", "Sent UID 7")


def test_eligible_drafts_are_sent_filed_and_leave_the_outbox(settings, store):
    smtp = FakeSmtp()
    filed = AutoSender(settings, store, send=smtp, file=file_copy).send_pending(NOW)
    assert [m["To"] for m in smtp.sent] == ["a@x.org", "d@x.org"]  # limit 2; 2, 3 not eligible
    assert [f.request_id for f in filed] == [1, 4]
    pending = {d.request_id for d in store.pending_drafts()}
    assert pending == {2, 3, 5}  # left for the Drafts folder (5: over today's limit)
    assert store.events(1)[-1].state is State.SENT
    assert store.events(1)[-1].cause == "reply auto-sent by SMTP"
    assert store.request_for_messages(("<inviteassist.reply.1@morgan.example>",)) == 1


def test_the_daily_limit_starts_again_the_next_day(settings, store):
    smtp = FakeSmtp()
    AutoSender(settings, store, send=smtp, file=file_copy).send_pending(NOW)
    AutoSender(settings, store, send=smtp, file=file_copy).send_pending(NOW)
    assert len(smtp.sent) == 2
    AutoSender(settings, store, send=smtp, file=file_copy).send_pending(NOW + timedelta(days=1))
    assert [m["To"] for m in smtp.sent] == ["a@x.org", "d@x.org", "e@x.org"]


def test_nothing_is_sent_unless_the_owner_opted_in(settings, store):
    off = replace(settings, smtp=replace(settings.smtp, auto_send=False))
    smtp = FakeSmtp()
    assert AutoSender(off, store, send=smtp, file=file_copy).send_pending(NOW) == []
    assert smtp.sent == [] and len(store.pending_drafts()) == 5


def test_a_send_interrupted_midway_is_never_sent_again(settings, store):
    smtp = FakeSmtp()

    def killed(_settings, _message):
        raise KeyboardInterrupt  # the process dies inside the SMTP conversation

    with pytest.raises(KeyboardInterrupt):
        AutoSender(settings, store, send=killed, file=file_copy).send_pending(NOW)
    AutoSender(settings, store, send=smtp, file=file_copy).send_pending(NOW)
    assert "a@x.org" not in [m["To"] for m in smtp.sent]
    stages = {r.message_id: r.stage for r in store.auto_sends()}
    assert stages["<inviteassist.reply.1@morgan.example>"] == "uncertain"
    assert 1 in {d.request_id for d in store.pending_drafts()}  # goes to Drafts instead


def test_a_refused_send_may_be_tried_again(settings, store):
    with pytest.raises(OperationalError):
        AutoSender(settings, store, send=FakeSmtp(fail=True), file=file_copy).send_pending(NOW)
    smtp = FakeSmtp()
    AutoSender(settings, store, send=smtp, file=file_copy).send_pending(NOW)
    assert [m["To"] for m in smtp.sent] == ["a@x.org", "d@x.org"]


def test_a_message_sent_but_not_yet_filed_is_filed_on_the_next_run(settings, store):
    smtp = FakeSmtp()

    def sent_then_killed(_settings, _content, _when):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        AutoSender(settings, store, send=smtp, file=sent_then_killed).send_pending(NOW)
    AutoSender(settings, store, send=smtp, file=file_copy).send_pending(NOW)
    assert [m["To"] for m in smtp.sent] == ["a@x.org", "d@x.org"]  # a@x.org only once
    assert store.events(1)[-1].state is State.SENT


def test_plan_keeps_the_oldest_first_within_the_limit(store):
    drafts = store.pending_drafts()
    requests = {r.id: r for r in store.requests()}
    decisions = plan_auto_sends(drafts, requests, already_today=1, daily_limit=2)
    assert [d.draft.request_id for d in decisions if d.send] == [1]
    assert "daily limit of 2" in decisions[3].reason


def test_an_auto_sent_nudge_keeps_the_requests_state(settings, store):
    with store.transaction():
        store.add_event(Event(4, NOW, State.SENT, "seen in Sent"))
        store.add_draft(4, "nudge", "<inviteassist.nudge.4@morgan.example>", "Drafts",
                        b"To: d@x.org\nMessage-ID: <inviteassist.nudge.4@morgan.example>\n\nhi\n",
                        NOW)
    limitless = replace(settings, smtp=replace(settings.smtp, auto_send_daily_limit=10))
    AutoSender(limitless, store, send=FakeSmtp(), file=file_copy).send_pending(NOW)
    assert [(e.state, e.cause) for e in store.events(4)][-2:] == [
        (State.SENT, "reply auto-sent by SMTP"), (State.SENT, "nudge auto-sent by SMTP")]

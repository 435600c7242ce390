"""The summary delivered for real: aiosmtpd (STARTTLS/TLS + AUTH) and Dovecot APPEND,
and the owner's answer read back from the IMAP inbox."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest

from inviteassist.app.runtime import open_mailbox
from inviteassist.app.state_file import state_path
from inviteassist.app.summary_answers import handle_summary_reply
from inviteassist.cli.main import main
from inviteassist.config.settings import load_settings
from inviteassist.detect.parse import parse_message
from inviteassist.models import State
from inviteassist.store.db import Store
from tests.integration.imap_helpers import admin, deliver_demo, flags_and_bodies
from tests.servers.smtp import PASSWORD, SmtpServer

NOW = "2026-11-25T09:00"
LATER = "2026-11-30T08:00"
OWNER = "alex@morgan.example"


@pytest.fixture
def smtp_server(request) -> Iterator[SmtpServer]:
    server = SmtpServer(getattr(request, "param", "starttls"))
    server.start()
    yield server
    server.stop()


@pytest.fixture
def smtp_password(monkeypatch):
    monkeypatch.setenv("TEST_SMTP_PASSWORD", PASSWORD)


@pytest.fixture
def polled(dovecot, imap_account, imap_config):
    """The demo mailbox delivered and polled once: four requests drafted."""
    client = admin(dovecot, imap_account)
    deliver_demo(client)
    assert main(["-q", "poll", "--once", "--config", str(imap_config), "--now", NOW]) == 0
    yield client
    client.logout()


def with_smtp(config: Path, section: str) -> Path:
    config.write_text(config.read_text() + "\n" + section)
    return config


def send(config: Path, capsys, now: str = LATER) -> dict:
    capsys.readouterr()
    assert main(["-q", "summary", "--send", "--json", "--config", str(config),
                 "--now", now]) == 0
    return json.loads(capsys.readouterr().out)


def last_summary(config: Path):
    store = Store.open(state_path(load_settings(config)))
    try:
        return store.last_summary()
    finally:
        store.close()


def test_summary_goes_out_by_smtp_with_starttls_and_auth(polled, imap_config, smtp_server,
                                                         smtp_password, capsys):
    config = with_smtp(imap_config, smtp_server.config("starttls"))
    result = send(config, capsys)
    (received,) = smtp_server.received
    assert (received.tls, received.login) == (True, "alex")
    assert received.rcpt_tos == (OWNER,)
    message = received.message
    assert message["Message-ID"].strip() == result["message_id"] == last_summary(config).message_id
    assert result["delivery"] == "smtp"
    text = message.get_body(("plain",)).get_content()
    assert "Sofia Marquez" in text and "#2 " in text
    assert "Sofia Marquez" in message.get_body(("html",)).get_content()


@pytest.mark.parametrize("smtp_server", ["tls"], indirect=True)
@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")  # TLS throughout
def test_summary_goes_out_by_smtp_with_implicit_tls(polled, imap_config, smtp_server,
                                                    smtp_password, capsys):
    send(with_smtp(imap_config, smtp_server.config("tls")), capsys)
    (received,) = smtp_server.received
    assert (received.tls, received.login) == (True, "alex")


def test_an_unverifiable_certificate_stops_the_send(polled, imap_config, smtp_server,
                                                    smtp_password, capsys):
    section = smtp_server.config("starttls").replace(f'ca_file = "{smtp_server.cert}"\n', "")
    config = with_smtp(imap_config, section)
    assert main(["-q", "summary", "--send", "--config", str(config), "--now", LATER]) == 1
    assert "could not be verified" in capsys.readouterr().err
    assert smtp_server.received == [] and last_summary(config) is None


def test_a_wrong_smtp_password_is_one_clear_line(polled, imap_config, smtp_server,
                                                 monkeypatch, capsys):
    monkeypatch.setenv("TEST_SMTP_PASSWORD", "wrong")
    config = with_smtp(imap_config, smtp_server.config("starttls"))
    assert main(["-q", "summary", "--send", "--config", str(config), "--now", LATER]) == 1
    err = capsys.readouterr().err
    assert "SMTP login to 127.0.0.1" in err and "refused" in err and "wrong" not in err


def test_without_smtp_the_summary_is_appended_to_the_inbox(polled, imap_config, capsys):
    result = send(imap_config, capsys)
    assert result["delivery"] == "imap-append"
    inbox = flags_and_bodies(polled, "INBOX")
    newest = BytesParser(policy=policy.default).parsebytes(inbox[max(inbox)][1])
    assert newest["Message-ID"].strip() == result["message_id"]
    assert newest["Subject"].startswith("Follow-through summary")
    flags = inbox[max(inbox)][0]
    assert b"\\Seen" not in flags and b"\\Draft" not in flags  # it is news for the owner


def test_the_next_summary_starts_where_the_last_one_ended(polled, imap_config, capsys):
    send(imap_config, capsys)
    capsys.readouterr()
    main(["-q", "summary", "--print", "--json", "--config", str(imap_config),
          "--now", "2026-12-07T08:00"])
    printed = json.loads(capsys.readouterr().out)
    assert datetime.fromisoformat(printed["since"]) == datetime.fromisoformat(
        "2026-11-30T08:00+01:00")


def owner_reply(summary_id: str, body: str, *, sender: str = OWNER,
                number: int = 1) -> bytes:
    return (f"From: Alex Morgan <{sender}>\r\nTo: {OWNER}\r\nSubject: Re: Follow-through "
            f"summary\r\nMessage-ID: <answer-{number}@morgan.example>\r\n"
            f"In-Reply-To: {summary_id}\r\nReferences: {summary_id}\r\n"
            f"Date: Mon, 30 Nov 2026 09:00:00 +0100\r\nContent-Type: text/plain; "
            f"charset=utf-8\r\n\r\n{body}").encode()


def test_a_threaded_owner_reply_in_the_inbox_is_fetched_and_applied(polled, imap_config,
                                                                    capsys):
    summary_id = send(imap_config, capsys)["message_id"]
    polled.append("INBOX", owner_reply(summary_id, "ignore 1\r\nsent 2\r\n"))
    polled.append("INBOX", owner_reply(summary_id, "ignore 3\r\n",
                                       sender="mallory@evil.example", number=2))
    settings = load_settings(imap_config)
    store = Store.open(state_path(settings))
    mailbox = open_mailbox(settings)
    try:
        new = mailbox.new_messages("INBOX", store.cursor(settings.mailbox.account, "INBOX"))
        now = datetime.fromisoformat("2026-11-30T09:05+01:00")
        handled = [handle_summary_reply(store, parse_message(mailbox.fetch(ref)), settings, now)
                   for ref in new.refs]
        states = {r.id: r.state for r in store.requests()}
    finally:
        mailbox.close()
        store.close()
    # the summary itself (ours), the owner's answer, the stranger's (not ours)
    assert handled == [True, True, False]
    assert (states[1], states[2], states[3]) == (State.IGNORED, State.SENT, State.DRAFTED)
    capsys.readouterr()
    main(["-q", "summary", "--print", "--config", str(imap_config),
          "--now", "2026-11-30T10:00"])
    text = capsys.readouterr().out
    assert '"ignore 1": applied, request 1: drafted -> ignored' in text
    assert '"sent 2": applied, request 2: drafted -> sent' in text
    assert "ignore 3" not in text

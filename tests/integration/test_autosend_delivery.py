"""Auto-send for real: a draft goes out through aiosmtpd (STARTTLS + AUTH) and
its copy lands in Dovecot's Sent folder, read and not a draft."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from email.message import EmailMessage

import imapclient
import pytest

from inviteassist.app.autosend import AutoSender
from inviteassist.app.state_file import state_path
from inviteassist.config.settings import load_settings
from inviteassist.models import Event, Request, Requester, State
from inviteassist.store.db import Store
from tests.integration.imap_helpers import admin, flags_and_bodies
from tests.servers.smtp import PASSWORD, SmtpServer

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
DRAFT_ID = "<inviteassist.reply.0123456789abcdef@morgan.example>"


@pytest.fixture
def smtp_server(monkeypatch) -> Iterator[SmtpServer]:
    monkeypatch.setenv("TEST_SMTP_PASSWORD", PASSWORD)
    server = SmtpServer("starttls")
    server.start()
    yield server
    server.stop()


@pytest.fixture
def settings(server_config, smtp_server):
    server_config.write_text(server_config.read_text() + "\n" + smtp_server.config("starttls")
                             + "auto_send = true\n")
    return load_settings(server_config)


@pytest.fixture
def store(settings):
    store = Store.open(state_path(settings))
    with store.transaction():
        request = Request(id=0, network="linkedin", key="k1",
                          requester=Requester("Sam Example", "sam@example.com", None, None),
                          invitation_id="1", note=None, genuine=True,
                          notification_message_id=None, notification_subject="invite",
                          created_at=NOW)
        rid = store.add_request(request, key="k1", name_key=None)
        store.add_event(Event(rid, NOW, State.DETECTED, "invitation"))
        message = EmailMessage()
        message["From"], message["To"] = "Alex Morgan <alex@morgan.example>", "sam@example.com"
        message["Subject"], message["Message-ID"] = "Re: Sam, add me", DRAFT_ID
        message.set_content("Hello Sam,\nshall we speak first?\n")
        store.add_draft(rid, "reply", DRAFT_ID, "Drafts", message.as_bytes(), NOW)
    yield store
    store.close()


def test_an_eligible_draft_is_sent_by_smtp_and_filed_in_sent(settings, store, smtp_server,
                                                             imap_server, server_account):
    # on every server: a fresh Courier or Cyrus account has no Sent folder yet
    filed = AutoSender(settings, store).send_pending(NOW)
    assert [f.stage for f in filed] == ["filed"]
    (received,) = smtp_server.received
    assert (received.tls, received.login, received.rcpt_tos) == (True, "alex",
                                                                 ("sam@example.com",))
    client = admin(imap_server, server_account)
    sent = flags_and_bodies(client, imap_server.personal("Sent"))
    client.logout()
    ((flags, body),) = sent.values()
    assert DRAFT_ID.encode() in body
    assert imapclient.SEEN in flags and imapclient.DRAFT not in flags
    assert store.pending_drafts() == []
    assert store.requests()[0].state is State.SENT
    AutoSender(settings, store).send_pending(NOW)
    assert len(smtp_server.received) == 1  # never twice

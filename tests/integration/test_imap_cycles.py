"""What later cycles on one open IMAP connection cost and see (the daemon's case).

The inbox stays selected between cycles; a cycle asks NOOP and believes
"nothing new" only if no EXISTS came since the last look, whichever command's
answer carried it. These tests pin that down against each server (Dovecot,
Courier, Cyrus).
"""

from __future__ import annotations

import imaplib

import pytest

from inviteassist.app.clock import parse_now
from inviteassist.app.runtime import running
from inviteassist.config.settings import load_settings
from tests.integration.imap_helpers import admin
from tests.mailgen import linkedin_invitation

NOW = "2026-11-02T09:00"


class RoundTrips:
    """Reads that follow a send on any imaplib connection: waits for the server."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        self._sent = False
        send, readline, read = imaplib.IMAP4.send, imaplib.IMAP4.readline, imaplib.IMAP4.read

        def counted_send(conn, data):
            self._sent = True
            return send(conn, data)

        def counting(inner):
            def wrapped(conn, *args):
                if self._sent:
                    self.count += 1
                    self._sent = False
                return inner(conn, *args)
            return wrapped

        monkeypatch.setattr(imaplib.IMAP4, "send", counted_send)
        monkeypatch.setattr(imaplib.IMAP4, "readline", counting(readline))
        monkeypatch.setattr(imaplib.IMAP4, "read", counting(read))


@pytest.fixture
def runtime(server_config):
    settings = load_settings(server_config)
    with running(settings) as rt:
        yield rt, parse_now(NOW, settings.owner.timezone)


def test_an_idle_cycle_costs_at_most_two_round_trips(imap_server, server_account, runtime,
                                                     monkeypatch):
    client = admin(imap_server, server_account)
    client.append("INBOX", linkedin_invitation(1))
    rt, now = runtime
    assert rt.engine.run_cycle(now).count("drafted") == 1
    rt.engine.run_cycle(now)  # the inbox selected again after the draft's flush
    trips = RoundTrips(monkeypatch)
    for _ in range(3):
        before = trips.count
        assert rt.engine.run_cycle(now).processed == []
        assert trips.count - before <= 2
    client.logout()


def test_mail_announced_during_another_command_is_still_seen(imap_server, server_account, runtime):
    client = admin(imap_server, server_account)
    client.append("INBOX", linkedin_invitation(1))
    rt, now = runtime
    rt.engine.run_cycle(now)
    rt.engine.run_cycle(now)
    client.append("INBOX", linkedin_invitation(2))
    # Some other command on the engine's connection gets the server's EXISTS
    # for the new message before the next cycle's NOOP does.
    rt.mailbox.client.search(["UID", "1:*"])
    report = rt.engine.run_cycle(now)
    assert report.count("drafted") == 1
    client.append("INBOX", linkedin_invitation(3))
    assert rt.engine.run_cycle(now).count("drafted") == 1
    assert rt.engine.run_cycle(now).processed == []
    client.logout()

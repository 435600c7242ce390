"""A reply the owner sends is noticed within one cycle and dated by its Date."""

from __future__ import annotations

import email.utils
import time
from datetime import datetime
from email import policy
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from inviteassist.cli.commands.demo import prepare_workdir
from inviteassist.cli.main import main
from inviteassist.mail import imap_idle
from inviteassist.mail.imap_idle import IdleWatcher
from inviteassist.store.db import Store
from tests.integration.demo_helpers import request_id
from tests.integration.imap_helpers import DEMO, admin
from tests.integration.test_imap import imap_section

BERLIN = ZoneInfo("Europe/Berlin")


def test_the_idle_watcher_sees_new_mail_in_sent_by_status(dovecot, imap_account, password,
                                                          monkeypatch):
    monkeypatch.setattr(imap_idle, "STATUS_SECONDS", 0.2)
    watcher = IdleWatcher(imap_section(dovecot, imap_account), "INBOX", also_watch="Sent")
    client = admin(dovecot, imap_account)
    try:
        assert watcher.wait(1.0, lambda: False) is True  # just connected
        assert watcher.wait(1.5, lambda: False) is False  # nothing new: a baseline
        client.append("Sent", (DEMO / "1793607240.M1P1.demo:2,S").read_bytes())
        started = time.monotonic()
        assert watcher.wait(5.0, lambda: False) is True
        assert time.monotonic() - started < 2.0
        assert watcher.wait(1.0, lambda: False) is False
    finally:
        watcher.close()
        client.logout()


def test_a_missing_second_folder_is_left_alone(dovecot, imap_account, password, monkeypatch):
    monkeypatch.setattr(imap_idle, "STATUS_SECONDS", 0.1)
    watcher = IdleWatcher(imap_section(dovecot, imap_account), "INBOX", also_watch="Nope")
    try:
        assert watcher.wait(1.0, lambda: False) is True
        assert watcher.wait(1.0, lambda: False) is False
        assert watcher.also_watch is None
        client = admin(dovecot, imap_account)
        client.append("INBOX", (DEMO / "1793607240.M1P1.demo:2,S").read_bytes())
        client.logout()
        assert watcher.wait(5.0, lambda: False) is True, "IDLE on INBOX still works"
    finally:
        watcher.close()


@pytest.mark.parametrize(("date", "expected"), [
    (datetime(2026, 11, 25, 11, 17, tzinfo=BERLIN), datetime(2026, 11, 25, 11, 17, tzinfo=BERLIN)),
    (datetime(2026, 11, 26, 8, 0, tzinfo=BERLIN), datetime(2026, 11, 25, 18, 0, tzinfo=BERLIN)),
    (datetime(2026, 11, 20, 8, 0, tzinfo=BERLIN), datetime(2026, 11, 25, 18, 0, tzinfo=BERLIN)),
])
def test_the_sent_event_carries_the_sent_messages_date(tmp_path, date, expected):
    """A Date in the future or before the draft existed is not believed."""
    config = str(prepare_workdir(tmp_path))
    assert main(["poll", "--once", "--config", config, "--now", "2026-11-25T09:00"]) == 0
    drafts = sorted((tmp_path / "demo-mailbox" / ".Drafts" / "cur").iterdir())
    kwame = next(p for p in drafts if b"kwame@mensah-studio.example" in p.read_bytes())
    message = email.message_from_bytes(kwame.read_bytes(), policy=policy.default)
    del message["Date"]
    message["Date"] = email.utils.format_datetime(date)
    sent = tmp_path / "demo-mailbox" / ".Sent"
    for sub in ("cur", "new", "tmp"):
        (sent / sub).mkdir(parents=True)
    (sent / "cur" / "1795000000.M1P1.sent:2,S").write_bytes(message.as_bytes())
    assert main(["poll", "--once", "--config", config, "--now", "2026-11-25T18:00"]) == 0
    store = Store.open(Path(tmp_path / "state.sqlite3"))
    try:
        kwame = request_id(tmp_path, "Kwame Mensah")
        sent_events = [e for e in store.events(kwame) if e.state.value == "sent"]
    finally:
        store.close()
    assert [e.at.astimezone(BERLIN) for e in sent_events] == [expected]

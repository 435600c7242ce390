"""A large IMAP scan reads the next group while it drafts (`app.read_ahead`),
on the one connection it also appends the drafts with: it must draft and
record exactly what a scan reading one group at a time does, and leave the
owner's mail as it was."""

from __future__ import annotations

import sqlite3
import threading
import time
from email import message_from_bytes
from pathlib import Path

import pytest

from inviteassist.app import engine as engine_module
from inviteassist.app import triage_pool
from inviteassist.cli.main import main
from inviteassist.mail import imap as imap_module
from inviteassist.mail import imap_search
from inviteassist.mail.imap import ImapMailbox
from inviteassist.mail.protocol import MailboxUnavailable
from tests.integration.imap_helpers import admin, flags_and_bodies, write_imap_config
from tests.mailgen import linkedin_invitation

INVITATIONS = 120
OTHER_MAIL = 100
NOW = "2026-12-04T09:00"


def other_mail(n: int) -> bytes:
    return (f"From: Colleague {n} <colleague{n}@linkedin.com>\r\nTo: alex@morgan.example\r\n"
            f"Subject: lunch {n}\r\nMessage-ID: <lunch-{n}@linkedin.com>\r\n"
            f"Date: Thu, 03 Dec 2026 10:00:00 +0000\r\n\r\nSee you at noon.\r\n").encode()


def scan(tmp_path: Path, dovecot, monkeypatch, *, min_messages: int,
         split_from: int = 10**6, polls: int = 1) -> tuple[object, ...]:
    """A first scan of a fresh account holding the same mail (searched in
    parts from `split_from` messages, in `polls` tries); what it left."""
    account = dovecot.add_account()
    client = admin(dovecot, account)
    for n in range(max(INVITATIONS, OTHER_MAIL)):
        if n < INVITATIONS:
            client.append("INBOX", linkedin_invitation(n))
        if n < OTHER_MAIL:
            client.append("INBOX", other_mail(n))
    before = flags_and_bodies(client, "INBOX")
    monkeypatch.setenv("TEST_IMAP_PASSWORD", account.password)
    monkeypatch.setattr(triage_pool, "MIN_MESSAGES", min_messages)
    monkeypatch.setattr(imap_search, "SPLIT_FROM", split_from)
    monkeypatch.setattr(imap_search, "PART_MESSAGES", 60)
    folder = tmp_path / f"scan-{min_messages}-{split_from}-{polls}"
    folder.mkdir()
    config = write_imap_config(folder / "config.toml", dovecot.port, account)
    for _ in range(polls - 1):
        assert main(["-q", "poll", "--once", "--config", str(config), "--now", NOW]) != 0
    assert main(["-q", "poll", "--once", "--config", str(config), "--now", NOW]) == 0
    assert flags_and_bodies(client, "INBOX") == before
    drafts = flags_and_bodies(client, "Drafts")
    client.logout()
    with sqlite3.connect(folder / "state.sqlite3") as db:
        seen = sorted(db.execute("SELECT uid, message_id, kind, outcome FROM seen_messages"))
        requests = sorted(db.execute("SELECT request_key, name, state FROM requests"))
    message_ids = sorted(str(message_from_bytes(body)["Message-ID"])
                         for _, body in drafts.values())
    return message_ids, seen, requests


def test_a_scan_reading_ahead_drafts_and_records_as_one_reading_group_by_group(
        tmp_path, dovecot, monkeypatch):
    # Small groups: many reads ahead, each beside a flush of appends.
    monkeypatch.setattr(engine_module, "GROUP_SIZE", 20)
    readers: set[str] = set()
    fetch_batch = engine_module.Engine._fetch_batch

    def noting_reader(self, refs, stopping):  # type: ignore[no-untyped-def]
        readers.add(threading.current_thread().name)
        return fetch_batch(self, refs, stopping)

    monkeypatch.setattr(engine_module.Engine, "_fetch_batch", noting_reader)
    # The workers are forked at the first hand-over: no read may be under way
    # in another thread then (a fork copies only the forking thread).
    beside_fork: list[list[str]] = []
    start = triage_pool.TriagePool.start

    def noting_start(self, raws):  # type: ignore[no-untyped-def]
        if not self._forked:
            beside_fork.append([t.name for t in threading.enumerate()
                                if t.name.startswith("inviteassist-read-ahead")])
        return start(self, raws)

    monkeypatch.setattr(triage_pool.TriagePool, "start", noting_start)
    # Slow reads, so that reading ahead is still under way when a group's
    # drafts are appended: the two must take turns on the one connection.
    prefetch = ImapMailbox._prefetch

    def slow_prefetch(self, uid):  # type: ignore[no-untyped-def]
        time.sleep(0.1)
        return prefetch(self, uid)

    monkeypatch.setattr(ImapMailbox, "_prefetch", slow_prefetch)
    monkeypatch.setattr(imap_module, "FETCH_BATCH", 15)
    plain = scan(tmp_path, dovecot, monkeypatch, min_messages=10**6)
    assert readers == {threading.main_thread().name}
    ahead = scan(tmp_path, dovecot, monkeypatch, min_messages=1)
    assert any(name.startswith("inviteassist-read-ahead") for name in readers)
    assert beside_fork == [[]]
    message_ids, seen, _requests = ahead
    assert len(message_ids) == len(set(message_ids)) == INVITATIONS
    assert len(seen) == INVITATIONS + OTHER_MAIL
    assert ahead == plain


def noting_searches(monkeypatch) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """(thread, UID range) of each search the scans make."""
    searches: list[tuple[str, str]] = []
    search = ImapMailbox._search

    def noted(self, folder, validity, after, since, part):  # type: ignore[no-untyped-def]
        searches.append((threading.current_thread().name, str(part)))
        return search(self, folder, validity, after, since, part)

    monkeypatch.setattr(ImapMailbox, "_search", noted)
    return searches


def test_a_first_scan_searched_in_parts_drafts_and_records_as_one_search_does(
        tmp_path, dovecot, monkeypatch):
    monkeypatch.setattr(engine_module, "GROUP_SIZE", 20)
    searches = noting_searches(monkeypatch)
    whole = scan(tmp_path, dovecot, monkeypatch, min_messages=10**6)
    assert searches == [(threading.main_thread().name, "None")]
    searches.clear()
    # 220 messages in parts of about 60: the later three searched while drafting.
    parted = scan(tmp_path, dovecot, monkeypatch, min_messages=1, split_from=100)
    assert searches[0] == (threading.main_thread().name, "(1, 54)")
    assert [name for name, _ in searches[1:]] == ["inviteassist-read-ahead"] * 3
    searches.clear()
    monkeypatch.setattr(triage_pool, "worker_count", lambda: 1)  # no workers: parts in turn
    alone = scan(tmp_path, dovecot, monkeypatch, min_messages=10**6, split_from=100)
    assert {name for name, _ in searches} == {threading.main_thread().name}
    assert len(searches) == 4
    assert parted == whole == alone


def test_a_first_scan_broken_between_its_parts_is_finished_by_the_next_poll(
        tmp_path, dovecot, monkeypatch):
    """The cursor stays until every part is searched and recorded; the next
    poll reads the parts again and drafts only what the first did not."""
    monkeypatch.setattr(engine_module, "GROUP_SIZE", 20)
    whole = scan(tmp_path, dovecot, monkeypatch, min_messages=1)
    search = ImapMailbox._search
    broken: list[str] = []

    def breaking(self, folder, validity, after, since, part):  # type: ignore[no-untyped-def]
        if part is not None and part[0] > 100 and not broken:
            broken.append(str(part))
            raise MailboxUnavailable("IMAP search in INBOX failed: connection reset")
        return search(self, folder, validity, after, since, part)

    monkeypatch.setattr(ImapMailbox, "_search", breaking)
    resumed = scan(tmp_path, dovecot, monkeypatch, min_messages=1, split_from=100, polls=2)
    assert broken == ["(110, 164)"]
    assert resumed == whole


@pytest.fixture(autouse=True)
def _no_stray_threads():
    yield
    assert not [t for t in threading.enumerate() if t.name.startswith("inviteassist-read-ahead")]

"""The IMAP source against a real Dovecot on 127.0.0.1; the Mailbox contract
against every server (Dovecot, Courier, Cyrus)."""

from __future__ import annotations

import logging
import ssl
from datetime import UTC, datetime, timedelta
from pathlib import Path

import imapclient
import pytest

from inviteassist.app.clock import parse_now
from inviteassist.app.runtime import running
from inviteassist.cli.main import main
from inviteassist.config.sections import FoldersSection
from inviteassist.config.settings import load_settings
from inviteassist.errors import UserError
from inviteassist.mail import imap_search
from inviteassist.mail.imap import ImapMailbox
from inviteassist.mail.imap_connect import connect
from inviteassist.mail.imap_search import Interest, search_criteria
from inviteassist.mail.protocol import LoginFailed, MailboxUnavailable
from tests.contracts.mailbox import MailboxContract, draft_bytes
from tests.integration.imap_helpers import (
    DEMO,
    admin,
    deliver_demo,
    flags_and_bodies,
    imap_section,
)

NOW = "2026-11-25T09:00"


# -- the Mailbox contract ------------------------------------------------------

class TestImapContract(MailboxContract):
    """On each server: Dovecot, Courier, Cyrus (altnamespace no and yes)."""

    @pytest.fixture
    def mailbox(self, imap_server, server_account):
        box = ImapMailbox(imap_section(imap_server, server_account), FoldersSection(),
                          account="test", interest=Interest(("linkedin.com",)),
                          first_scan_days=30)
        yield box
        box.close()

    @pytest.fixture
    def other_client(self, imap_server, server_account):
        client = admin(imap_server, server_account)
        yield client
        client.logout()

    @pytest.fixture
    def deliver(self, other_client):
        return lambda folder, raw: other_client.append(folder, raw.replace(b"\n", b"\r\n"))

    @pytest.fixture
    def snapshot_folder(self, other_client):
        return lambda folder: flags_and_bodies(other_client, folder)


def test_the_drafts_of_one_flush_go_in_one_multiappend(dovecot, imap_account, password,
                                                        monkeypatch):
    box = ImapMailbox(imap_section(dovecot, imap_account), FoldersSection(), account="test",
                      interest=Interest(("linkedin.com",)), first_scan_days=30)
    client = box.client
    commands: list[int] = []
    multiappend = client.multiappend
    monkeypatch.setattr(client, "multiappend", lambda folder, messages: (
        commands.append(len(messages)), multiappend(folder, messages))[1])
    ids = [f"<together{n}@morgan.example>" for n in range(3)]
    locations = box.append_drafts("Drafts", [draft_bytes(i) for i in ids])
    assert commands == [3]
    assert [box.contains_message_id("Drafts", i) for i in ids] == locations
    box.close()


def test_a_refused_multiappend_is_an_error_and_stores_nothing(dovecot, monkeypatch):
    account = dovecot.quota_account()
    monkeypatch.setenv("TEST_IMAP_PASSWORD", account.password)
    box = ImapMailbox(imap_section(dovecot, account), FoldersSection(), account="test",
                      interest=Interest(("linkedin.com",)), first_scan_days=30)
    ids = ["<full1@morgan.example>", "<full2@morgan.example>"]
    big = [draft_bytes(i).replace(b"draft body", b"x" * 15_000) for i in ids]
    with pytest.raises(MailboxUnavailable, match="OVERQUOTA"):
        box.append_drafts("Drafts", big)
    assert [box.contains_message_id("Drafts", i) for i in ids] == [None, None]
    box.close()


def test_without_multiappend_each_draft_is_its_own_append(dovecot, imap_account, password,
                                                          monkeypatch):
    box = ImapMailbox(imap_section(dovecot, imap_account), FoldersSection(), account="test",
                      interest=Interest(("linkedin.com",)), first_scan_days=30)
    client = box.client
    offered = client.has_capability
    monkeypatch.setattr(client, "has_capability",
                        lambda name: name != "MULTIAPPEND" and offered(name))
    appends: list[str] = []
    append = client.append
    monkeypatch.setattr(client, "append", lambda folder, *rest, **named: (
        appends.append(folder), append(folder, *rest, **named))[1])
    ids = ["<single1@morgan.example>", "<single2@morgan.example>"]
    locations = box.append_drafts("Drafts", [draft_bytes(i) for i in ids])
    assert len(appends) == 2 and len(set(locations)) == 2
    assert all(location and "UID" in location for location in locations)
    assert [box.contains_message_id("Drafts", i) for i in ids] == locations
    box.close()


# -- the pipeline ----------------------------------------------------------------

def poll(config: Path) -> int:
    return main(["-q", "poll", "--once", "--config", str(config), "--now", NOW])


def test_a_cycle_drafts_into_drafts_and_changes_no_flag(dovecot, imap_account, imap_config,
                                                        capsys):
    client = admin(dovecot, imap_account)
    deliver_demo(client)
    before = flags_and_bodies(client, "INBOX")
    assert poll(imap_config) == 0
    assert "4 drafted" in capsys.readouterr().out
    assert flags_and_bodies(client, "INBOX") == before
    drafts = flags_and_bodies(client, "Drafts")
    assert len(drafts) == 4
    assert all(imapclient.DRAFT in flags for flags, _ in drafts.values())
    assert poll(imap_config) == 0
    assert capsys.readouterr().out.startswith("0 new message(s)")
    assert len(flags_and_bodies(client, "Drafts")) == 4
    client.logout()


def test_only_candidates_are_fetched(dovecot, imap_account, imap_config, capsys):
    client = admin(dovecot, imap_account)
    deliver_demo(client)
    poll(imap_config)
    # 9 demo messages, 2 of them ordinary mail from other domains: never fetched.
    # The lookalike (linkedln.com) is not matched by FROM "linkedin.com" either.
    assert capsys.readouterr().out.startswith("6 new message(s)")
    client.logout()


def test_the_second_cycle_asks_only_for_new_uids(dovecot, imap_account, imap_config, capsys):
    client = admin(dovecot, imap_account)
    deliver_demo(client)
    poll(imap_config)
    client.append("INBOX", (DEMO / "1793607240.M1P1.demo:2,S").read_bytes()
                  .replace(b"<1177882233", b"<9177882233"))
    capsys.readouterr()
    poll(imap_config)
    # A new copy of a known invitation: seen, recognised as the same request.
    assert capsys.readouterr().out.startswith("1 new message(s): 0 drafted, 1 already")
    client.logout()


def test_a_server_restart_mid_session_loses_nothing(dovecot, imap_account, imap_config):
    client = admin(dovecot, imap_account)
    files = sorted(DEMO.iterdir())
    client.append("INBOX", files[0].read_bytes())
    client.logout()
    settings = load_settings(imap_config)
    now = parse_now(NOW, settings.owner.timezone)
    with running(settings) as rt:
        assert rt.engine.run_cycle(now).count("drafted") == 1
        dovecot.restart()
        client = admin(dovecot, imap_account)
        for path in files[1:4]:
            client.append("INBOX", path.read_bytes())
        with pytest.raises(MailboxUnavailable):
            rt.engine.run_cycle(now)
        assert rt.engine.run_cycle(now).count("drafted") == 3
    assert len(flags_and_bodies(client, "Drafts")) == 4
    client.logout()


def test_a_kicked_session_recovers_on_the_next_cycle(dovecot, imap_account, imap_config):
    client = admin(dovecot, imap_account)
    deliver_demo(client)
    settings = load_settings(imap_config)
    now = parse_now(NOW, settings.owner.timezone)
    with running(settings) as rt:
        rt.engine.run_cycle(now)
        dovecot.doveadm("kick", imap_account.user)
        try:
            rt.engine.run_cycle(now)
        except MailboxUnavailable:
            rt.engine.run_cycle(now)
    client = admin(dovecot, imap_account)  # the kick ended this session too
    assert len(flags_and_bodies(client, "Drafts")) == 4
    client.logout()


def test_a_uidvalidity_change_rescans_without_drafting_twice(dovecot, imap_account,
                                                            imap_config, capsys):
    client = admin(dovecot, imap_account)
    deliver_demo(client)
    assert poll(imap_config) == 0
    client.logout()
    result = dovecot.doveadm("mailbox", "update", "-u", imap_account.user,
                             "--uid-validity", "12345", "INBOX")
    assert result.returncode == 0, result.stderr
    capsys.readouterr()
    assert poll(imap_config) == 0
    out = capsys.readouterr().out
    assert "0 drafted" in out
    client = admin(dovecot, imap_account)
    assert client.select_folder("INBOX")[b"UIDVALIDITY"] == 12345
    assert len(flags_and_bodies(client, "Drafts")) == 4
    client.logout()


# -- connection policy -------------------------------------------------------------

def test_tls_with_the_test_ca_works(dovecot, imap_account, password):
    client = connect(imap_section(dovecot, imap_account, security="tls",
                                  port=dovecot.tls_port, ca_file=str(dovecot.cert)))
    assert client.noop()
    client.logout()


def test_tls_without_the_ca_fails_with_a_clear_error(dovecot, imap_account, password):
    with pytest.raises(MailboxUnavailable, match=r"could not be verified.*ca_file"):
        connect(imap_section(dovecot, imap_account, security="tls", port=dovecot.tls_port))


def test_starttls_with_the_test_ca_works(dovecot, imap_account, password):
    client = connect(imap_section(dovecot, imap_account, security="starttls",
                                  ca_file=str(dovecot.cert)))
    assert isinstance(client._imap.sock, ssl.SSLSocket)
    client.logout()


def test_plaintext_to_a_remote_host_is_refused(dovecot, imap_account):
    with pytest.raises(UserError, match="refusing plaintext"):
        connect(imap_section(dovecot, imap_account, host="imap.example.com"))


def test_a_wrong_password_is_one_clear_line_and_exit_1(own_dovecot, imap_config, monkeypatch,
                                                       capsys):
    config = imap_config.read_text().replace(f"port = {dovecot_port(imap_config)}",
                                             f"port = {own_dovecot.port}")
    imap_config.write_text(config)
    monkeypatch.setenv("TEST_IMAP_PASSWORD", "wrong-password-123")
    assert poll(imap_config) == 1
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0
    assert "login" in err and "failed" in err
    assert "wrong-password-123" not in err


def test_a_wrong_password_raises_login_failed(own_dovecot, monkeypatch):
    monkeypatch.setenv("TEST_IMAP_PASSWORD", "nope")
    with pytest.raises(LoginFailed):
        connect(imap_section(own_dovecot, own_dovecot.add_account()))


def dovecot_port(config: Path) -> int:
    return load_settings(config).imap.port


@pytest.mark.parametrize("source", ["env", "command", "plain"])
def test_no_secret_reaches_a_log_line_at_debug(dovecot, imap_account, password, caplog,
                                               source, monkeypatch, tmp_path):
    secret_file = tmp_path / "pw"
    secret_file.write_text(password + "\nsecond line ignored\n")
    section = {"env": imap_section(dovecot, imap_account),
               "command": imap_section(dovecot, imap_account, password_env="",
                                       password_command=f"cat {secret_file}"),
               "plain": imap_section(dovecot, imap_account, password_env="",
                                     password=password)}[source]
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="imapclient")
    client = connect(section)
    client.noop()
    client.logout()
    assert caplog.records, "debug logging was captured"
    assert password not in caplog.text


def test_check_reports_the_imap_folders(imap_config, capsys):
    assert main(["check", "--config", str(imap_config)]) == 0
    out = capsys.readouterr().out
    assert "ok  mailbox" in out
    assert "Drafts" in out


def test_search_criteria_first_scan_asks_only_for_network_senders():
    interest = Interest(("linkedin.com", "xing.com"), ("sam@example.com",))
    assert search_criteria(interest, after_uid=None, since=None) == [
        "OR", "FROM", "linkedin.com", "FROM", "xing.com"]
    incremental = search_criteria(interest, after_uid=41, since=None)
    assert incremental[:2] == ["UID", "42:*"]
    assert "sam@example.com" in incremental
    assert incremental.count("OR") == 5


# -- a large first scan, searched in parts ---------------------------------------

def parted_mail(n: int) -> bytes:
    sender = "invitations@linkedin.com" if n % 3 else "friend@example.org"
    return (f"From: {sender}\r\nTo: alex@morgan.example\r\nSubject: note {n}\r\n"
            f"Message-ID: <parted-{n}@example.org>\r\n\r\nbody {n}\r\n").encode()


@pytest.mark.parametrize("old_mail", [0, 30])
def test_a_large_first_scan_searched_in_parts_finds_what_one_search_finds(
        imap_server, server_account, monkeypatch, old_mail):
    """40 messages of the last days, after `old_mail` older than the window:
    parts of about 9 messages cut the window only, each with candidates."""
    client = admin(imap_server, server_account)
    long_ago = datetime.now(UTC) - timedelta(days=200)
    for n in range(old_mail):
        client.append("INBOX", parted_mail(1000 + n), msg_time=long_ago)
    for n in range(40):
        client.append("INBOX", parted_mail(n))

    def first_scan(split_from: int) -> tuple[list[tuple[str, ...]], str | None]:
        monkeypatch.setattr(imap_search, "SPLIT_FROM", split_from)
        monkeypatch.setattr(imap_search, "PART_MESSAGES", 9)
        box = ImapMailbox(imap_section(imap_server, server_account), FoldersSection(),
                          account="test", interest=Interest(("linkedin.com",)),
                          first_scan_days=30)
        try:
            new = box.new_messages("INBOX", None)
            parts = [new.refs]
            for search in new.later:
                # A flush of drafts between the parts leaves Drafts selected.
                box.append_draft("Drafts", draft_bytes(f"<between{len(parts)}@morgan.example>"))
                parts.append(search())
            assert all(box.fetch(ref).startswith(b"From: invitations@linkedin.com")
                       for refs in parts for ref in refs)
            return [tuple(ref.uid for ref in refs) for refs in parts], new.cursor
        finally:
            box.close()

    [whole], whole_cursor = first_scan(split_from=10**6)
    parted, parted_cursor = first_scan(split_from=10)
    client.logout()
    assert len(parted) == 5  # 40 messages in the window, parts of about 9
    assert all(parted)  # the window is cut, not the old mail before it
    assert [uid for part in parted for uid in part] == list(whole) and len(whole) == 26
    assert [int(uid) for uid in whole] == sorted(int(uid) for uid in whole)
    assert parted_cursor == whole_cursor


def test_mail_that_arrives_while_a_scan_reopens_the_folder_is_new_next_cycle(
        dovecot, imap_account, password):
    """Looking into Drafts (before appending a draft) leaves the scanned
    folder; reading on opens it again, and the server's count of messages
    then already holds what arrived in between. The next cycle must still
    look for it."""
    client = admin(dovecot, imap_account)
    client.append("INBOX", parted_mail(1))
    box = ImapMailbox(imap_section(dovecot, imap_account), FoldersSection(), account="test",
                      interest=Interest(("linkedin.com",)), first_scan_days=30)
    first = box.new_messages("INBOX", None)
    client.append("INBOX", parted_mail(2))  # arrives during the cycle
    assert box.contains_message_id("Drafts", "<reopened@morgan.example>") is None
    box.fetch(first.refs[0])  # opens INBOX again
    second = box.new_messages("INBOX", first.cursor)
    client.logout()
    box.close()
    assert [box_ref.uid for box_ref in second.refs] == [str(int(first.refs[0].uid) + 1)]

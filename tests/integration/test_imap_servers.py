"""What differs between IMAP servers, run on each: Dovecot, Courier, Cyrus with
altnamespace no and yes. Folder names (personal namespace), SELECT answers
without UIDNEXT (Courier), APPEND to the folder open read-only (Courier
refuses it), UIDVALIDITY of empty folders (Courier changes it at every look).
"""

from __future__ import annotations

import time
from pathlib import Path

import imapclient
import pytest

from inviteassist.cli.main import main
from inviteassist.mail.imap_idle import IdleWatcher
from tests.integration.imap_helpers import (
    admin,
    flags_and_bodies,
    imap_section,
    write_imap_config,
)
from tests.mailgen import linkedin_invitation
from tests.servers.courier import Courier
from tests.servers.imap import start_unpacked

NOW = "2026-11-25T09:00"


def poll(config: Path) -> None:
    assert main(["-q", "poll", "--once", "--config", str(config), "--now", NOW]) == 0


def check(config: Path, capsys) -> list[str]:
    capsys.readouterr()
    assert main(["check", "--config", str(config)]) == 0
    return [line for line in capsys.readouterr().out.splitlines() if "mailbox" in line]


def old_reply_to_a_draft() -> bytes:
    """A human's months-old answer to another draft of ours: not a candidate of
    a first scan, and never to be read later as if it were new."""
    return (b"From: Pat Old <pat@example.org>\r\nTo: alex@morgan.example\r\n"
            b"Subject: Re: our call\r\nMessage-ID: <old-reply@example.org>\r\n"
            b"In-Reply-To: <inviteassist.1.old@morgan.example>\r\n"
            b"Date: Mon, 02 Nov 2026 10:00:00 +0100\r\n\r\nB works for me.\r\n")


def test_a_fresh_account_gets_drafts_in_its_personal_namespace(imap_server, server_account,
                                                               server_config, capsys):
    client = admin(imap_server, server_account)
    drafts = imap_server.personal("Drafts")
    client.append("INBOX", linkedin_invitation(1))
    poll(server_config)
    names = [name for _, _, name in client.list_folders()]
    assert drafts in names
    stored = flags_and_bodies(client, drafts)
    assert len(stored) == 1
    assert all(imapclient.DRAFT in flags for flags, _ in stored.values())
    if drafts != "Drafts":
        assert "Drafts" not in names
    client.logout()


def test_check_makes_a_missing_drafts_folder_and_says_how_it_found_it(
        imap_server, server_account, server_config, capsys):
    drafts = imap_server.personal("Drafts")
    first = check(server_config, capsys)
    second = check(server_config, capsys)
    if imap_server.name == "dovecot":  # Drafts comes with the account, marked \Drafts
        assert any(f"Drafts: {drafts} (SPECIAL-USE \\Drafts), 0 messages" in line
                   for line in first)
    else:
        assert any(f"Drafts: {drafts} was missing: created it" in line for line in first)
        assert any(f"Drafts: {drafts} (found by name), 0 messages" in line for line in second)
    if imap_server.name == "courier":  # no SPECIAL-USE there: never claim it
        assert not any("SPECIAL-USE" in line for line in first + second)


def test_new_mail_after_the_first_poll_is_drafted_and_old_mail_is_not_reread(
        imap_server, server_account, server_config, capsys):
    client = admin(imap_server, server_account)
    client.append("INBOX", linkedin_invitation(1))
    client.append("INBOX", old_reply_to_a_draft())
    capsys.readouterr()
    poll(server_config)
    client.append("INBOX", linkedin_invitation(2))
    assert main(["poll", "--once", "--config", str(server_config), "--now", NOW]) == 0
    out = capsys.readouterr().out
    assert out.startswith("1 new message(s): 1 drafted"), out
    assert len(flags_and_bodies(client, imap_server.personal("Drafts"))) == 2
    client.logout()


def test_an_empty_sent_folder_is_no_reason_for_a_rescan(imap_server, server_account,
                                                         server_config, capsys):
    client = admin(imap_server, server_account)
    if isinstance(imap_server, Courier):  # the case where Courier changes UIDVALIDITY
        imap_server.make_folder_on_disk(server_account, "Sent")
    elif not client.folder_exists(imap_server.personal("Sent")):
        client.create_folder(imap_server.personal("Sent"))
    client.logout()
    # Courier's UIDVALIDITY of such a folder is the time in seconds
    pause = 1.1 if isinstance(imap_server, Courier) else 0
    for _ in range(2):  # not quiet: the warning is what must not come
        assert main(["poll", "--once", "--config", str(server_config), "--now", NOW]) == 0
        time.sleep(pause)
    assert "UIDVALIDITY" not in capsys.readouterr().err


def test_idle_announces_new_mail_within_seconds(imap_server, server_account):
    # With the recommended settings (Courier: IMAP_ENHANCEDIDLE=1; Cyrus: idled)
    # news comes in well under a second; without them, after up to 60 s.
    watcher = IdleWatcher(imap_section(imap_server, server_account), "INBOX")
    assert watcher.wait(5, lambda: False)  # connected, in IDLE
    client = admin(imap_server, server_account)
    client.append("INBOX", linkedin_invitation(1))
    started = time.monotonic()
    assert watcher.wait(10, lambda: False)
    assert time.monotonic() - started < 5
    watcher.close()
    client.logout()


def test_check_names_the_folder_to_create_when_the_server_refuses(tmp_path, monkeypatch,
                                                                  capsys):
    server = start_unpacked("cyrus")  # one of its own: an admin takes a right away
    try:
        account = server.add_account()
        server.deny_create(account)
        monkeypatch.setenv("TEST_IMAP_PASSWORD", account.password)
        config = write_imap_config(tmp_path / "config.toml", server.port, account)
        assert main(["check", "--config", str(config)]) == 1
        err = capsys.readouterr().err
        assert "refused to create the folder INBOX.Drafts for Drafts" in err
        assert "create it in your mail program" in err
    finally:
        server.cleanup()


def test_a_drafts_folder_marked_special_use_is_used_whatever_its_name(
        imap_server, server_account, server_config, capsys):
    client = admin(imap_server, server_account)
    if not client.has_capability("CREATE-SPECIAL-USE"):
        client.logout()
        pytest.skip(f"{imap_server.name} cannot mark a folder \\Drafts over IMAP")
    entwuerfe = imap_server.personal("Entwürfe")
    typ, data = client._imap._simple_command(
        "CREATE", client._normalise_folder(entwuerfe), "(USE (\\Drafts))")
    assert typ == "OK", data
    lines = check(server_config, capsys)
    assert any(f"Drafts: {entwuerfe} (SPECIAL-USE \\Drafts)" in line for line in lines), lines
    client.append("INBOX", linkedin_invitation(1))
    poll(server_config)
    assert len(flags_and_bodies(client, entwuerfe)) == 1
    client.logout()


def test_check_says_why_drafts_may_be_a_minute_late(imap_server, server_config, capsys):
    capsys.readouterr()
    assert main(["check", "--config", str(server_config)]) == 0
    notes = [line for line in capsys.readouterr().out.splitlines() if "note:" in line]
    expected = {"dovecot": [], "courier": ["IMAP_ENHANCEDIDLE=1"],
                "cyrus": ["idled"], "cyrus-altnamespace": ["idled"]}[imap_server.name]
    assert [word for word in expected if any(word in note for note in notes)] == expected
    assert len(notes) == len(expected)


def test_a_configured_non_ascii_drafts_name_is_made_and_found(imap_server, server_account,
                                                              server_config, capsys):
    server_config.write_text(server_config.read_text() + '\n[folders]\ndrafts = "Entwürfe"\n')
    # Dovecot's Drafts is marked \Drafts, and SPECIAL-USE wins over a name
    expected = "Drafts" if imap_server.name == "dovecot" else imap_server.personal("Entwürfe")
    client = admin(imap_server, server_account)
    client.append("INBOX", linkedin_invitation(1))
    poll(server_config)
    assert len(flags_and_bodies(client, expected)) == 1
    how = "SPECIAL-USE \\Drafts" if imap_server.name == "dovecot" else "found by name"
    lines = check(server_config, capsys)
    assert any(f"Entwürfe: {expected} ({how}), 1 messages" in line for line in lines), lines
    client.logout()

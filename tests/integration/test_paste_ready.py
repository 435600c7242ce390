"""Address-less requests through the CLI: `report` says where to paste, and
`reply ID` prints the decoded text to paste (the demo mailbox, real Maildir)."""

from __future__ import annotations

import json
from email.message import EmailMessage
from pathlib import Path

import pytest

from inviteassist.cli.commands.demo import prepare_workdir
from inviteassist.cli.main import main

NOW = "2026-11-25T09:00"


@pytest.fixture
def config(tmp_path) -> str:
    prepare_workdir(tmp_path)
    path = str(tmp_path / "inviteassist.toml")
    assert main(["-q", "poll", "--once", "--config", path, "--now", NOW]) == 0
    return path


def requests(config: str, capsys) -> list[dict]:
    capsys.readouterr()
    assert main(["report", "--config", config, "--now", NOW, "--json"]) == 0
    return json.loads(capsys.readouterr().out)["requests"]


def test_report_says_paste_with_the_invitation_link_when_there_is_no_address(config, capsys):
    rows = requests(config, capsys)
    without = [r for r in rows if not r["email"] and r["network"] == "linkedin"]
    assert without, "the demo mailbox has address-less LinkedIn invitations"
    for row in without:
        assert row["next_step"].startswith("paste into LinkedIn's message box: "
                                           "https://www.linkedin.com/mynetwork/")
        assert f"inviteassist reply {row['id']}" in row["next_step"]
    for row in rows:
        if row["email"]:
            assert row["next_step"] == "send the draft in your Drafts folder"


def test_reply_prints_the_decoded_text_to_paste(config, capsys):
    row = next(r for r in requests(config, capsys) if not r["email"])
    assert main(["reply", str(row["id"]), "--config", config]) == 0
    out, err = capsys.readouterr()
    assert "message box" in err
    assert "=\n" not in out and "=E2" not in out and "Content-" not in out  # decoded
    assert "for you only" not in out and "Subject:" not in out
    assert "attached" not in out and "address" in out
    assert out.rstrip().endswith("Alex Morgan")


def test_reply_for_an_unknown_request_is_a_usage_error(config, capsys):
    assert main(["reply", "999", "--config", config]) == 2
    assert "no request 999" in capsys.readouterr().err


def reminder_with_address(name: str, invitation_id: str, address: str) -> bytes:
    message = EmailMessage()
    # Verified: a note's address counts only then, and joins only a verified request.
    message["Authentication-Results"] = "mx.morgan.example; dkim=pass header.d=linkedin.com"
    message["From"] = "invitations@linkedin.com"
    message["To"] = "Alex Morgan <alex@morgan.example>"
    message["Subject"] = f"{name}'s invitation is awaiting your response"
    message["Message-ID"] = "<reminder.1@linkedin.example>"
    message.set_content(
        f"{name} would like to connect on LinkedIn. How would you like to respond?\n\n"
        "Accept: https://www.linkedin.com/comm/start/accept-invitation?sharedKey=x&"
        f"invitationId={invitation_id}&trk=eml-first_guest_reminder_01\n\n"
        "Alex,\n\n"
        f"Looking forward to talking. My e-mail is {address}.\n\n"
        "You received an invitation to connect.\n")
    return message.as_bytes()


def test_an_address_in_a_reminders_note_is_kept(config, capsys):
    row = next(r for r in requests(config, capsys)
               if not r["email"] and r["invitation_id"] and r["genuine"])
    mailbox = Path(config).parent / "demo-mailbox" / "new"
    (mailbox / "1795999999.M99P1.demo").write_bytes(
        reminder_with_address(row["requester"], row["invitation_id"], "dana@example.org"))
    assert main(["-q", "poll", "--once", "--config", config, "--now", NOW]) == 0
    again = next(r for r in requests(config, capsys) if r["id"] == row["id"])
    assert again["email"] == "dana@example.org"
    assert any("dana@example.org learnt from a later invitation-reminder" in h["cause"]
               for h in again["history"])

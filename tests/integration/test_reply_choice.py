"""Config drives the pipeline: which networks are drafted, which template answers.

The demo Maildir plus one Facebook friend request, polled through the CLI with
[detection] draft_networks and [templates] replies set, and `inspect --json`
reporting `would_draft` under the same config.
"""

from __future__ import annotations

import email
import json
import sqlite3
from email import policy
from pathlib import Path

import pytest

from inviteassist.cli.commands.demo import prepare_workdir
from inviteassist.cli.main import main

NOW = "2026-11-25T09:00"
FACEBOOK_REQUEST = (
    b"From: Facebook <notification@facebookmail.com>\n"
    b"To: Alex Morgan <alex@morgan.example>\n"
    b"Subject: Ana Costa wants to be friends with you on Facebook\n"
    b"Message-ID: <fb-1@facebookmail.com>\n"
    b"Date: Tue, 24 Nov 2026 08:00:00 +0000\n\n"
    b"Ana Costa wants to be friends with you on Facebook.\n\n"
    b"Confirm request: https://www.facebook.com/n/?friends%2Frequests%2F\n"
)


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    prepare_workdir(tmp_path)
    (tmp_path / "demo-mailbox" / "new" / "1795100000.M10P1.demo").write_bytes(FACEBOOK_REQUEST)
    return tmp_path


def configure(workdir: Path, text: str) -> Path:
    config = workdir / "inviteassist.toml"
    config.write_text(config.read_text() + text)
    return config


def poll(config: Path) -> int:
    return main(["-q", "poll", "--once", "--config", str(config), "--now", NOW])


def drafts(workdir: Path) -> list[email.message.EmailMessage]:
    folder = workdir / "demo-mailbox" / ".Drafts" / "cur"
    return [email.message_from_bytes(p.read_bytes(), policy=policy.default)
            for p in sorted(folder.iterdir())] if folder.exists() else []


def outcomes(workdir: Path) -> dict[str, str]:
    with sqlite3.connect(workdir / "state.sqlite3") as db:
        return dict(db.execute("SELECT uid, outcome FROM seen_messages"))


def test_facebook_is_recognised_but_not_drafted_by_default(workdir: Path, capsys) -> None:
    assert poll(configure(workdir, "")) == 0
    capsys.readouterr()
    assert len(drafts(workdir)) == 4  # the four genuine LinkedIn invitations
    facebook = [o for key, o in outcomes(workdir).items() if "M10P1" in key]
    assert facebook == ["drafting-off"]


def test_drafting_for_facebook_is_switched_on_in_config(workdir: Path, capsys) -> None:
    config = configure(workdir, '\n[detection]\ndraft_networks = ["linkedin", "facebook"]\n')
    assert poll(config) == 0
    capsys.readouterr()
    replies = drafts(workdir)
    assert len(replies) == 5
    assert any("on Facebook" in d.get_body(("plain",)).get_content() for d in replies)


def test_a_decline_template_offers_holds_and_attaches_no_times(workdir: Path, capsys) -> None:
    config = configure(workdir, '\n[templates]\nreplies = { "linkedin/*" = "decline.txt.j2" }\n')
    assert poll(config) == 0
    capsys.readouterr()
    replies = drafts(workdir)
    assert len(replies) == 4
    for reply in replies:
        assert not [part for part in reply.iter_attachments()]
        assert "I will let this" in reply.get_body(("plain",)).get_content()
    with sqlite3.connect(workdir / "state.sqlite3") as db:
        assert db.execute("SELECT COUNT(*) FROM holds").fetchone() == (0,)


def test_inspect_says_would_draft_under_the_given_config(workdir: Path, capsys) -> None:
    message = workdir / "demo-mailbox" / "new" / "1795100000.M10P1.demo"
    assert main(["inspect", "--json", str(message)]) == 0
    assert json.loads(capsys.readouterr().out)["would_draft"] is False
    config = configure(workdir, '\n[detection]\ndraft_networks = ["facebook"]\n')
    assert main(["inspect", "--json", "--config", str(config), str(message)]) == 0
    result = json.loads(capsys.readouterr().out)
    assert (result["network"], result["kind"], result["would_draft"]) == (
        "facebook", "invitation", True)


def test_the_offline_draft_follows_the_reply_choice(workdir: Path, capsysbinary) -> None:
    config = configure(workdir, '\n[templates]\nreplies = { "*/*" = "decline.txt.j2" }\n')
    invitation = next((workdir / "demo-mailbox" / "cur").glob("1793724000.*"))
    assert main(["draft", "--config", str(config), "--now", NOW, str(invitation)]) == 0
    draft = email.message_from_bytes(capsysbinary.readouterr().out, policy=policy.default)
    assert "I will let this" in draft.get_body(("plain",)).get_content()
    assert not list(draft.iter_attachments())

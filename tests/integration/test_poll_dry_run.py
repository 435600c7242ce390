"""`poll --once --dry-run`: the real mailbox read, nothing appended, flagged or stored."""

from __future__ import annotations

import hashlib
import sqlite3
from contextlib import closing
from pathlib import Path

from inviteassist.cli.commands.demo import prepare_workdir
from inviteassist.cli.main import main
from tests.integration.demo_helpers import request_id
from tests.integration.imap_helpers import admin, deliver_demo, flags_and_bodies


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file under `folder` with a hash of its content. SQLite's WAL index
    files, which a read-only reader may create, count when they hold data."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()
            and not (p.name.endswith(("-shm", "-wal")) and p.stat().st_size in (0, 32768))}


def test_dry_run_on_maildir_prints_the_plan_and_changes_no_file(tmp_path, capsys):
    config = prepare_workdir(tmp_path)
    before = tree_digest(tmp_path)
    assert main(["poll", "--once", "--dry-run", "--config", str(config),
                 "--now", "2026-11-25T09:00"]) == 0
    out = capsys.readouterr().out
    assert tree_digest(tmp_path) == before, "no state file, no draft, no flag"
    assert out.count("would draft  #") == 4
    assert "to Kwame Mensah <kwame@mensah-studio.example>" in out
    assert "read 9 new message(s): 4 to draft" in out


def test_dry_run_after_real_cycles_shows_marks_and_nudges_but_keeps_the_state(tmp_path,
                                                                              capsys):
    config = prepare_workdir(tmp_path)
    assert main(["poll", "--once", "--config", str(config), "--now", "2026-11-25T09:00"]) == 0
    kwame = request_id(tmp_path, "Kwame Mensah")
    assert main(["mark", str(kwame), "sent", "--config", str(config), "--now",
                 "2026-11-25T10:00"]) == 0
    capsys.readouterr()
    before = tree_digest(tmp_path)
    assert main(["poll", "--once", "--dry-run", "--config", str(config),
                 "--now", "2026-12-01T09:00"]) == 0
    out = capsys.readouterr().out
    assert tree_digest(tmp_path) == before
    assert f"would draft  #{kwame} Kwame Mensah: nudge to Kwame Mensah" in out, out
    assert "would mark" not in out, "the nudge leaves the request sent"
    assert "read 0 new message(s)" in out
    assert main(["poll", "--once", "--config", str(config), "--now", "2026-12-01T09:00"]) == 0
    capsys.readouterr()
    before = tree_digest(tmp_path)
    assert main(["poll", "--once", "--dry-run", "--config", str(config),
                 "--now", "2026-12-14T09:00"]) == 0
    assert f"would mark   #{kwame} Kwame Mensah: sent -> silent" in capsys.readouterr().out
    assert tree_digest(tmp_path) == before


def test_dry_run_on_imap_appends_and_flags_nothing(dovecot, imap_account, imap_config,
                                                   capsys):
    client = admin(dovecot, imap_account)
    deliver_demo(client)
    inbox = flags_and_bodies(client, "INBOX")
    assert main(["poll", "--once", "--dry-run", "--config", str(imap_config)]) == 0
    out = capsys.readouterr().out
    assert out.count("would draft  #") == 4, out
    assert flags_and_bodies(client, "INBOX") == inbox
    assert flags_and_bodies(client, "Drafts") == {}
    assert not (imap_config.parent / "state.sqlite3").exists()
    client.logout()


def test_dry_run_says_what_auto_send_would_send_and_sends_nothing(tmp_path, capsys):
    config = prepare_workdir(tmp_path)
    assert main(["poll", "--once", "--config", str(config), "--now", "2026-11-25T09:00"]) == 0
    kwame = request_id(tmp_path, "Kwame Mensah")
    with closing(sqlite3.connect(tmp_path / "state.sqlite3")) as db:  # verified, not placed
        db.execute("UPDATE requests SET genuine = 1 WHERE id = ?", (kwame,))
        db.execute("UPDATE drafts SET appended_at = NULL, location = NULL WHERE request_id = ?",
                   (kwame,))
        db.commit()
    with config.open("a") as text:  # nothing listens on port 1: a real send would fail
        text.write('\n[smtp]\nhost = "127.0.0.1"\nport = 1\nsecurity = "plain"\n'
                   'username = "alex"\npassword_env = "NO_SUCH_PASSWORD"\nauto_send = true\n')
    capsys.readouterr()
    before = tree_digest(tmp_path)
    assert main(["poll", "--once", "--dry-run", "--config", str(config),
                 "--now", "2026-11-25T10:00"]) == 0
    out = capsys.readouterr().out
    assert "would send   Kwame Mensah <kwame@mensah-studio.example>: " in out, out
    assert "would draft" not in out, "sent instead of put in Drafts"
    assert tree_digest(tmp_path) == before

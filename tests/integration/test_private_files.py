"""Files we write are the owner's alone; the calendar worker inherits no secret (issue 16)."""

from __future__ import annotations

import os
import stat
import subprocess
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path

import pytest

from inviteassist.app.lock import exclusive_lock
from inviteassist.calendars import busy
from inviteassist.config.settings import load_settings
from inviteassist.mail.deliver import deliver_to_owner
from inviteassist.mail.maildir import MaildirMailbox
from inviteassist.store.db import Store
from tests.conftest import MINIMAL_CONFIG


@pytest.fixture(autouse=True)
def permissive_umask():
    """The owner's umask is often 022: our files must be private regardless."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_lock_file_is_private(tmp_path) -> None:
    state = tmp_path / "state.sqlite3"
    with exclusive_lock(state):
        assert mode(tmp_path / "state.sqlite3.lock") == 0o600


def test_an_older_world_readable_lock_file_is_made_private(tmp_path) -> None:
    lock = tmp_path / "state.sqlite3.lock"
    lock.write_text("1\n")
    lock.chmod(0o644)
    with exclusive_lock(tmp_path / "state.sqlite3"):
        assert mode(lock) == 0o600


def test_the_state_file_and_its_journal_are_private(tmp_path) -> None:
    path = tmp_path / "state.sqlite3"
    store = Store.open(path)
    with store.transaction():
        store.set_cursor("a", "INBOX", "1")
    journals = [p for p in tmp_path.iterdir() if p.name != "state.sqlite3"]
    assert mode(path) == 0o600
    assert journals and all(mode(p) == 0o600 for p in journals)
    store.close()


def test_drafts_and_summaries_in_a_maildir_are_private(tmp_path, write_config) -> None:
    for sub in ("cur", "new", "tmp"):
        (tmp_path / "mail" / sub).mkdir(parents=True)
    draft = MaildirMailbox(tmp_path / "mail", "test").append_draft("Drafts", b"Subject: d\n\nx\n")
    assert draft is not None and mode(Path(draft)) == 0o600
    summary = EmailMessage()
    summary["Subject"] = "Your summary"
    summary.set_content("nothing new")
    delivery = deliver_to_owner(load_settings(write_config(MINIMAL_CONFIG)), summary)
    assert delivery.method == "maildir" and mode(Path(delivery.location)) == 0o600


def test_the_worker_environment_holds_no_secret() -> None:
    parent = {"PATH": "/usr/bin", "HOME": "/home/alex", "TZ": "Europe/Berlin",
              "LANG": "de_DE.UTF-8", "IMAP_PASSWORD": "hunter2", "CALDAV_TOKEN": "t0k3n"}
    env = busy.worker_environment(parent)
    assert set(env) == {"PATH", "HOME", "TZ", "LANG", "PYTHONPATH"}
    assert "hunter2" not in env.values() and "t0k3n" not in env.values()


def test_the_real_worker_runs_without_the_daemons_secrets(monkeypatch) -> None:
    monkeypatch.setenv("IMAP_PASSWORD", "hunter2")
    seen: list[dict[str, str]] = []
    real_run = subprocess.run

    def recording_run(*args, **kwargs):  # the real child, its environment noted
        seen.append(kwargs["env"])
        return real_run(*args, **kwargs)

    monkeypatch.setattr(busy.subprocess, "run", recording_run)
    parsed = busy.expand_in_worker([b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"],
                                   datetime(2026, 11, 2, tzinfo=UTC),
                                   datetime(2026, 11, 9, tzinfo=UTC), zone="Europe/Berlin",
                                   owner_email=None, budget=busy.ExpandBudget())
    assert parsed.intervals == ()
    assert seen and "IMAP_PASSWORD" not in seen[0]

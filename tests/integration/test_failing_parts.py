"""One failing part fails alone: a template branch that breaks for one kind of
request, and a calendar that times out, on a real Maildir (and a real HTTP
server for the calendar)."""

from __future__ import annotations

import email
import json
import os
import signal
import subprocess
import sys
import time
from email import policy
from pathlib import Path

import pytest

from inviteassist.app.clock import parse_now
from inviteassist.app.runtime import running
from inviteassist.cli.main import main
from inviteassist.config.settings import load_settings
from inviteassist.models import State
from inviteassist.resources import shipped_path
from inviteassist.store.db import Store
from tests.conftest import MINIMAL_CONFIG
from tests.mailgen import linkedin_invitation

REPO = Path(__file__).resolve().parents[2]
NOW = "2026-11-23T09:00"
POISON = '{% if category == "recruiter" %}{{ recruiter_pitch }}{% endif %}\n'


def recruiter_invitation(n: int) -> bytes:
    return linkedin_invitation(n).replace(b"Engineer at Example", b"Technical Recruiter at "
                                                                 b"Example")


def maildir(root: Path, messages: dict[str, bytes]) -> Path:
    for sub in ("cur", "new", "tmp"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    for name, content in messages.items():
        (root / "new" / name).write_bytes(content)
    return root


@pytest.fixture
def poisoned(tmp_path) -> Path:
    """A config whose reply template breaks only for recruiters (check would say
    so; a daemon started with an older check, or an owner's edit, meets it)."""
    folder = tmp_path / "templates"
    folder.mkdir()
    shipped = (shipped_path("templates") / "reply.txt.j2").read_text()
    (folder / "reply.txt.j2").write_text(POISON + shipped)
    maildir(tmp_path / "mail", {"1.M1P1.t": linkedin_invitation(1),
                                "2.M2P1.t": recruiter_invitation(2),
                                "3.M3P1.t": linkedin_invitation(3)})
    config = tmp_path / "config.toml"
    config.write_text(MINIMAL_CONFIG + f'\n[templates]\nfolder = "{folder}"\n')
    return config


def cli(config: Path, *args: str) -> int:
    return main(["-q", *args, "--config", str(config)])


def test_a_template_failing_for_one_request_records_it_and_the_cycle_goes_on(poisoned,
                                                                             capsys):
    assert cli(poisoned, "poll", "--once", "--now", NOW) == 0
    out = capsys.readouterr().out
    assert "2 drafted" in out and "1 draft(s) failed" in out
    assert cli(poisoned, "report", "--json", "--now", NOW) == 0
    rows = {r["requester"]: r for r in json.loads(capsys.readouterr().out)["requests"]}
    recruiter = next(r for name, r in rows.items() if name.endswith(" 2"))
    assert recruiter["state"] == "detected"
    cause = recruiter["history"][-1]["cause"]
    assert cause.startswith("draft failed: ") and "reply.txt.j2:1: " in cause
    assert "recruiter_pitch" in cause and "fix the template" in recruiter["next_step"]
    assert sorted(r["state"] for r in rows.values()) == ["detected", "drafted", "drafted"]

    assert cli(poisoned, "status", "--json") == 0
    [failed] = json.loads(capsys.readouterr().out)["drafts_failed"]
    assert failed["id"] == recruiter["id"] and "recruiter_pitch" in failed["why"]
    assert cli(poisoned, "summary", "--print", "--now", "2026-11-23T18:00") == 0
    assert "could not be drafted" in capsys.readouterr().out

    # The owner fixes the template; the next start (or a reload) drafts it.
    (poisoned.parent / "templates" / "reply.txt.j2").write_text(
        (shipped_path("templates") / "reply.txt.j2").read_text())
    assert cli(poisoned, "poll", "--once", "--now", "2026-11-23T10:00") == 0
    assert "1 drafted" in capsys.readouterr().out
    store = Store.open(Path(load_settings(poisoned).state.path))
    assert {r.state for r in store.requests()} == {State.DRAFTED}
    assert len(store.drafts()) == 3
    store.close()


def test_check_renders_the_branch_for_every_category(poisoned, capsys):
    assert cli(poisoned, "check") == 2
    err = capsys.readouterr().err
    assert "reply.txt.j2: line 1: 'recruiter_pitch' is undefined" in err
    assert "category recruiter" in err


def slow_calendar_config(tmp_path: Path, url: str) -> Path:
    maildir(tmp_path / "mail", {f"{n}.M{n}P1.t": linkedin_invitation(n) for n in range(5)})
    config = tmp_path / "config.toml"
    config.write_text(MINIMAL_CONFIG + f'\n[calendar]\nics_urls = ["{url}"]\n'
                      "timeout_seconds = 1\ncache_minutes = 0\n"
                      f'cache_folder = "{tmp_path / "cache"}"\n')
    return config


def test_a_calendar_that_times_out_costs_one_timeout_per_cycle(tmp_path, calendar_server):
    calendar_server.delay = 3.0  # beyond the 1 s timeout
    calendar_server.files["/busy.ics"] = b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
    config = slow_calendar_config(tmp_path, calendar_server.url("/busy.ics"))
    settings = load_settings(config)
    now = parse_now(NOW, settings.owner.timezone)
    started = time.monotonic()
    with running(settings) as runtime:
        report = runtime.engine.run_cycle(now)
        first = time.monotonic() - started
        assert report.count("drafted") == 5
        assert calendar_server.requests["/busy.ics"] == 1
        assert first < 2 * 1.0 + 1.5, f"one timeout expected, the cycle took {first:.1f} s"
        # New mail in the next cycle: the failed source rests (back-off), no new wait.
        maildir(tmp_path / "mail", {"9.M9P1.t": linkedin_invitation(9)})
        again = time.monotonic()
        assert runtime.engine.run_cycle(now).count("drafted") == 1
        assert time.monotonic() - again < 1.0
        assert calendar_server.requests["/busy.ics"] == 1
        notes = [d.content for d in runtime.store.pending_drafts()]
    assert not notes  # all appended; each draft tells the owner the calendar failed
    drafts = list((tmp_path / "mail" / ".Drafts" / "cur").iterdir())
    assert len(drafts) == 6
    for path in drafts:
        message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        body = " ".join(message.get_body(("plain",)).get_content().split())
        assert "your calendar could not be read" in body, body


def test_sighup_after_fixing_the_template_drafts_the_failed_request(tmp_path):
    """A branch only real data reaches (check's sample headline has no
    "Recruiter"), so the daemon starts, fails that one draft, and drafts it
    once the owner fixes the file and sends SIGHUP."""
    folder = tmp_path / "templates"
    folder.mkdir()
    shipped = (shipped_path("templates") / "reply.txt.j2").read_text()
    (folder / "reply.txt.j2").write_text(
        '{% if "Recruiter" in (requester.headline or "") %}{{ pitch }}{% endif %}\n' + shipped)
    box = maildir(tmp_path / "mail", {"1.M1P1.t": linkedin_invitation(1),
                                      "2.M2P1.t": recruiter_invitation(2)})
    config = tmp_path / "config.toml"
    config.write_text(MINIMAL_CONFIG + f'\n[templates]\nfolder = "{folder}"\n'
                      f'\n[state]\npath = "{tmp_path / "state.sqlite3"}"\n'
                      "\n[daemon]\npoll_minutes = 60\n")
    daemon = subprocess.Popen(
        [sys.executable, "-m", "inviteassist", "-v", "run", "--config", str(config)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)})
    drafts = box / ".Drafts" / "cur"
    try:
        assert wait_until(lambda: drafts.exists() and len(list(drafts.iterdir())) == 1)
        assert wait_until(lambda: "draft failed" in status_text(config))
        (folder / "reply.txt.j2").write_text(shipped)
        daemon.send_signal(signal.SIGHUP)
        assert wait_until(lambda: len(list(drafts.iterdir())) == 2)
    finally:
        daemon.send_signal(signal.SIGTERM)
        log = daemon.communicate(timeout=10)[1]
    assert daemon.returncode == 0, log
    assert "draft failed" not in status_text(config)


def wait_until(condition, timeout: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def status_text(config: Path) -> str:
    return subprocess.run([sys.executable, "-m", "inviteassist", "status", "--config",
                           str(config)], capture_output=True, text=True, check=False, cwd=REPO,
                          env={**os.environ, "PYTHONPATH": str(REPO)}).stdout

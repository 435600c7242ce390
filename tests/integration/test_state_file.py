"""Every failure of the state file is one line naming the file and the fix,
exit 1; reading commands work on a file they cannot write; `backup` writes a
consistent copy. Through the real command line, on a real Maildir."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from inviteassist.cli.main import main
from inviteassist.store import failures, opening
from tests.conftest import MINIMAL_CONFIG
from tests.mailgen import linkedin_invitation

REPO = Path(__file__).resolve().parents[2]
NOW = "2026-11-23T09:00"
NOBODY = 65534


@pytest.fixture
def home() -> Iterator[Path]:
    """A folder another user may read (pytest's tmp_path is 0700 under root)."""
    path = Path(tempfile.mkdtemp(prefix="inviteassist-state-"))
    path.chmod(0o755)
    box = path / "mail"
    for sub in ("cur", "new", "tmp"):
        (box / sub).mkdir(parents=True)
    for n in range(3):
        (box / "new" / f"{n}.M{n}P1.test").write_bytes(linkedin_invitation(n))
    (path / "config.toml").write_text(MINIMAL_CONFIG + '\n[state]\npath = "state/s.sqlite3"\n')
    yield path
    subprocess.run(["chmod", "-R", "u+w", str(path)], check=False)
    subprocess.run(["rm", "-rf", str(path)], check=False)


def cli(home: Path, *args: str) -> int:
    extra = ("--now", NOW) if args[0] in ("poll", "report", "mark") else ()
    return main(["-q", *args, "--config", str(home / "config.toml"), *extra])


def state(home: Path) -> Path:
    return home / "state" / "s.sqlite3"


def one_line(capsys) -> str:
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err, err
    return err


@pytest.mark.parametrize("command", [("poll", "--once"), ("report",), ("status",),
                                     ("check",), ("mark", "1", "spoke"),
                                     ("backup", "/tmp/x.sqlite3")])
def test_a_garbage_state_file_is_one_line_and_exit_1(home, capsys, command):
    state(home).parent.mkdir()
    state(home).write_bytes(b"this is not a database, just some text\n" * 200)
    assert cli(home, *command) == 1
    line = one_line(capsys)
    assert str(state(home)) in line and "restore it from a backup" in line


def damage_pages(path: Path) -> None:
    """Overwrite everything after the first two pages with noise, as a disk might."""
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    assert len(data) > 4 * page, "the test needs a state file of several pages"
    for at in range(2 * page, len(data), 7):
        data[at] = (at * 31) % 251
    path.write_bytes(bytes(data))


def test_check_finds_damaged_pages_and_says_restore(home, capsys):
    assert cli(home, "poll", "--once") == 0
    damage_pages(state(home))
    capsys.readouterr()
    assert cli(home, "check") == 1
    line = one_line(capsys)
    assert str(state(home)) in line and "damaged" in line and "restore" in line
    for command in (("report",), ("poll", "--once")):  # whatever meets the damage
        code = cli(home, *command)
        err = capsys.readouterr().err.strip()
        assert code == 0 or (code == 1 and len(err.splitlines()) == 1
                             and str(state(home)) in err), err


def test_a_writer_waiting_beyond_the_lock_timeout_is_told_to_stop_the_other(
        home, capsys, monkeypatch):
    assert cli(home, "poll", "--once") == 0
    monkeypatch.setattr(opening, "LOCK_TIMEOUT", 0.3)
    monkeypatch.setattr(failures, "LOCK_TIMEOUT", 0.3)
    other = sqlite3.connect(state(home), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # the other writer
    try:
        capsys.readouterr()
        assert cli(home, "mark", "1", "spoke") == 1
        line = one_line(capsys)
        assert str(state(home)) in line and "stop the other writer" in line
        assert cli(home, "report") == 0  # reading is not blocked by a writer
    finally:
        other.execute("ROLLBACK")
        other.close()


# The program imported as root (its libraries, and the language profiles it
# reads on first use, live where nobody cannot read), then run as nobody: root
# may write anything, nobody may not. The command's own module is imported
# when it runs, so it is looked up (and imported) as root first.
AS_NOBODY = ("import os, sys; import inviteassist.cli.main as cli; "
             "cli.handler_for(cli.build_parser().parse_args(sys.argv[1:]).command); "
             "from inviteassist.text.language import note_language; "
             "note_language('warm up the profiles before dropping privileges'); "
             f"os.setgroups([]); os.setgid({NOBODY}); os.setuid({NOBODY}); "
             "sys.exit(cli.main(sys.argv[1:]))")


def as_another_user(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The command as a user who may read but not write the state."""
    extra = ("--now", NOW) if args[0] in ("poll", "report") else ()
    argv = ["-q", *args, "--config", str(home / "config.toml"), *extra]
    program = ["-c", AS_NOBODY] if os.geteuid() == 0 else ["-m", "inviteassist"]
    return subprocess.run([sys.executable, *program, *argv], capture_output=True, text=True,
                          check=False, cwd=REPO,
                          env={**os.environ, "PYTHONPATH": str(REPO), "HOME": str(home)})


@pytest.mark.parametrize("read_only", ["file", "folder"])
def test_reading_commands_work_on_a_state_they_cannot_write(home, capsys, read_only):
    assert cli(home, "poll", "--once") == 0
    folder = state(home).parent
    for path in folder.iterdir():  # the daemon has stopped: only the database remains
        path.chmod(0o444 if read_only == "file" else 0o644)
    folder.chmod(0o755 if read_only == "file" else 0o555)
    if os.geteuid():  # as root the files stay root's, which nobody may not write
        state(home).chmod(0o444)
    report = as_another_user(home, "report", "--json")
    assert report.returncode == 0, report.stderr
    assert len(json.loads(report.stdout)["requests"]) == 3
    status = as_another_user(home, "status")
    assert status.returncode == 0, status.stderr
    inspect = as_another_user(home, "inspect", "--json", str(next((home / "mail").rglob("*.t*"))))
    assert inspect.returncode == 0 and '"kind": "invitation"' in inspect.stdout, inspect.stderr
    poll = as_another_user(home, "poll", "--once")
    assert poll.returncode == 1, poll.stderr
    assert len(poll.stderr.strip().splitlines()) == 1, poll.stderr
    assert str(state(home)) in poll.stderr and "fix the permissions" in poll.stderr


def test_backup_is_a_consistent_copy_even_while_another_writes(home, capsys):
    assert cli(home, "poll", "--once") == 0
    writer = sqlite3.connect(state(home), isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("DELETE FROM events")  # uncommitted: the copy must not see it
    copy = home / "copy.sqlite3"
    try:
        assert cli(home, "backup", str(copy)) == 0
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    with sqlite3.connect(copy) as db:
        assert db.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        assert db.execute("SELECT count(*) FROM requests").fetchone()[0] == 3
        assert db.execute("SELECT count(*) FROM events").fetchone()[0] > 0
    assert oct(copy.stat().st_mode & 0o777) == "0o600"

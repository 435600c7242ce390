"""SIGTERM stops `inviteassist run` within 5 s at any moment of a cycle.

The daemon runs as a real subprocess on a mailbox full of invitations (a
Maildir with 300, or Dovecot behind a proxy that holds back every APPEND's
answer) and gets SIGTERM at a random moment after its cycle started working.
Each try must end with exit status 0 within 5 s and leave the state file
free for the next writer (`mark` must not meet "database is locked").
INVITEASSIST_STOP_TRIES sets the number of tries (default 20 per mailbox kind).
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.integration.imap_helpers import admin
from tests.mailgen import linkedin_invitation
from tests.servers.slowproxy import AppendDelayProxy

REPO = Path(__file__).resolve().parents[2]
TRIES = int(os.environ.get("INVITEASSIST_STOP_TRIES", "20"))
STOP_LIMIT = 5.0
MAILDIR_INVITATIONS = 300
IMAP_INVITATIONS = 120
APPEND_DELAY = 2.0  # the server's answer to each APPEND comes this late


class Daemon:
    """`inviteassist run` in a subprocess; its log read on a thread."""

    def __init__(self, config: Path, env: dict[str, str]) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "inviteassist", "-v", "run", "--config", str(config)],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=REPO,
            env={**os.environ, **env, "PYTHONPATH": str(REPO)})
        self.lines: list[str] = []
        self.working = threading.Event()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.append(line.rstrip("\n"))
            if " inviteassist.app.engine: uid " in line:  # DEBUG: -v on run
                self.working.set()

    def stop(self) -> float:
        """SIGTERM; seconds until the process ended (inf when it did not within 10 s)."""
        started = time.monotonic()
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            return float("inf")
        return time.monotonic() - started


def state_is_free(path: Path) -> bool:
    """Another writer can take the state file at once (as `mark` would)."""
    db = sqlite3.connect(path, timeout=0.5)
    try:
        db.execute("BEGIN IMMEDIATE")
        db.execute("ROLLBACK")
        return True
    except sqlite3.OperationalError:
        return False
    finally:
        db.close()


def config_text(mailbox: str, state: Path) -> str:
    return f"""
[owner]
name = "Alex Morgan"
email = "alex@morgan.example"
timezone = "Europe/Berlin"

{mailbox}

[availability.windows]
monday = ["09:00-17:00"]
tuesday = ["09:00-17:00"]
wednesday = ["09:00-17:00"]
thursday = ["09:00-17:00"]
friday = ["09:00-17:00"]

[daemon]
idle = false

[state]
path = "{state}"
"""


def stop_once(config: Path, state: Path, env: dict[str, str], rng: random.Random,
              latest: float) -> tuple[float, str]:
    """One try: start, wait until the cycle handles messages, SIGTERM at a
    random moment up to `latest` s later. Returns (stop time, log)."""
    daemon = Daemon(config, env)
    assert daemon.working.wait(timeout=60), "\n".join(daemon.lines)
    time.sleep(rng.uniform(0.0, latest))
    assert daemon.process.pid in processes_running(config)  # the check sees the daemon
    took = daemon.stop()
    log = "\n".join(daemon.lines)
    assert daemon.process.returncode == 0 or took == float("inf"), log
    assert state_is_free(state), f"the state file stays locked after the stop:\n{log}"
    assert not processes_running(config), f"processes of the daemon outlived it:\n{log}"
    return took, log


def processes_running(config: Path) -> list[int]:
    """Processes whose command line names `config`: the daemon and the triage
    workers it forked (a fork keeps its parent's command line)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            command = (entry / "cmdline").read_bytes()
        except OSError:  # not a process, or gone meanwhile
            continue
        if str(config).encode() in command and entry.name.isdigit():
            found.append(int(entry.name))
    return found


def check_times(kind: str, times: list[float], logs: list[str]) -> None:
    slow = [(n, t) for n, t in enumerate(times) if t > STOP_LIMIT]
    print(f"{kind}: {len(times)} stops, slowest {max(times):.2f} s, "
          f"median {sorted(times)[len(times) // 2]:.2f} s")
    assert not slow, f"{kind}: slow stops {slow}; log of the first:\n{logs[slow[0][0]]}"


def test_sigterm_stops_a_busy_maildir_cycle_within_five_seconds(tmp_path):
    template = tmp_path / "template"
    for sub in ("cur", "new", "tmp"):
        (template / sub).mkdir(parents=True)
    for n in range(MAILDIR_INVITATIONS):
        (template / "new" / f"{1790000000 + n}.M{n}P1.test").write_bytes(
            linkedin_invitation(n))
    rng = random.Random(18)
    times, logs = [], []
    for attempt in range(TRIES):
        box, state = tmp_path / f"box{attempt}", tmp_path / f"state{attempt}.sqlite3"
        shutil.copytree(template, box)
        config = tmp_path / f"config{attempt}.toml"
        config.write_text(config_text(f'[mailbox]\ntype = "maildir"\npath = "{box}"', state))
        took, log = stop_once(config, state, {}, rng, latest=2.0)
        times.append(took)
        logs.append(log)
    check_times("maildir", times, logs)


@pytest.fixture
def slow_imap(dovecot, imap_account):
    proxy = AppendDelayProxy(dovecot.port, APPEND_DELAY)
    yield proxy
    proxy.close()


def test_sigterm_stops_an_imap_cycle_with_slow_appends_within_five_seconds(
        tmp_path, dovecot, imap_account, slow_imap):
    client = admin(dovecot, imap_account)
    for n in range(IMAP_INVITATIONS):
        client.append("INBOX", linkedin_invitation(n))
    mailbox = (f'[mailbox]\ntype = "imap"\naccount = "{imap_account.user}"\n\n'
               f'[imap]\nhost = "127.0.0.1"\nport = {slow_imap.port}\nsecurity = "plain"\n'
               f'username = "{imap_account.user}"\npassword_env = "TEST_IMAP_PASSWORD"\n'
               f'timeout_seconds = 10')
    env = {"TEST_IMAP_PASSWORD": imap_account.password}
    rng = random.Random(1818)
    times, logs = [], []
    for attempt in range(TRIES):
        state = tmp_path / f"state{attempt}.sqlite3"
        config = tmp_path / f"config{attempt}.toml"
        config.write_text(config_text(mailbox, state))
        if client.folder_exists("Drafts"):  # each try appends its drafts afresh
            client.select_folder("Drafts")
            client.delete_messages(client.search(["ALL"]))
            client.expunge()
            client.unselect_folder()
        # half the tries stop while an APPEND's answer is held back
        if attempt % 2:
            daemon = Daemon(config, env)
            assert slow_imap.holding.wait(timeout=60), "\n".join(daemon.lines)
            took = daemon.stop()
            log = "\n".join(daemon.lines)
            assert daemon.process.returncode == 0, log
            assert state_is_free(state), log
        else:
            took, log = stop_once(config, state, env, rng, latest=1.0)
        times.append(took)
        logs.append(log)
    client.logout()
    check_times("imap", times, logs)


def test_a_second_sigterm_exits_at_once(tmp_path, dovecot, imap_account, slow_imap):
    client = admin(dovecot, imap_account)
    for n in range(5):
        client.append("INBOX", linkedin_invitation(n))
    client.logout()
    config = tmp_path / "config.toml"
    config.write_text(config_text(
        f'[mailbox]\ntype = "imap"\naccount = "{imap_account.user}"\n\n'
        f'[imap]\nhost = "127.0.0.1"\nport = {slow_imap.port}\nsecurity = "plain"\n'
        f'username = "{imap_account.user}"\npassword_env = "TEST_IMAP_PASSWORD"',
        tmp_path / "state.sqlite3"))
    daemon = Daemon(config, {"TEST_IMAP_PASSWORD": imap_account.password})
    assert slow_imap.holding.wait(timeout=60), "\n".join(daemon.lines)
    daemon.process.send_signal(signal.SIGTERM)
    time.sleep(0.2)
    started = time.monotonic()
    daemon.process.send_signal(signal.SIGTERM)
    assert daemon.process.wait(timeout=5) == 128 + signal.SIGTERM
    assert time.monotonic() - started < 1.0

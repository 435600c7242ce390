"""`inviteassist run` as a real subprocess against a real IMAP server."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import imapclient
import pytest

from tests.integration.imap_helpers import DEMO, admin

REPO = Path(__file__).resolve().parents[2]
INVITATION = DEMO / "1793607240.M1P1.demo:2,S"


class DaemonProcess:
    """The daemon in a subprocess, its stderr collected line by line."""

    def __init__(self, config: Path, password: str, flags: tuple[str, ...] = ("-v",)) -> None:
        env = {**os.environ, "TEST_IMAP_PASSWORD": password, "PYTHONPATH": str(REPO)}
        env.pop("JOURNAL_STREAM", None)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "inviteassist", *flags, "run", "--config", str(config)],
            stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env, cwd=REPO)
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.append(line.rstrip("\n"))

    @property
    def log(self) -> str:
        return "\n".join(self.lines)

    def wait_for(self, text: str, timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in self.log:
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.02)
        raise AssertionError(f"no {text!r} in the daemon's log:\n{self.log}")

    def terminate(self, timeout: float = 5.0) -> tuple[int, float]:
        started = time.monotonic()
        self.process.send_signal(signal.SIGTERM)
        code = self.process.wait(timeout=timeout)
        self._reader.join(timeout=2)
        return code, time.monotonic() - started

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def daemon_factory():
    """Daemons with the password the account fixture put in TEST_IMAP_PASSWORD."""
    started: list[DaemonProcess] = []

    def start(config: Path, secret: str | None = None) -> DaemonProcess:
        process = DaemonProcess(config, secret or os.environ["TEST_IMAP_PASSWORD"])
        started.append(process)
        return process

    yield start
    for process in started:
        process.kill()


def drafts_count(client: imapclient.IMAPClient, drafts: str) -> int:
    if not client.folder_exists(drafts):
        return 0
    return int(client.folder_status(drafts, [b"MESSAGES"])[b"MESSAGES"])


def test_idle_drafts_a_new_invitation_within_two_seconds(imap_server, server_account,
                                                         server_config, daemon_factory,
                                                         file_places):
    # on every server, with the recommended IDLE settings of Courier and Cyrus; the
    # places file is built, as the service's `inviteassist check` builds it before `run`
    drafts = imap_server.personal("Drafts")
    daemon = daemon_factory(server_config)
    daemon.wait_for("daemon started")
    daemon.wait_for("inviteassist.app.daemon")  # the first poll has run or is running
    time.sleep(0.5)
    client = admin(imap_server, server_account)
    delivered = time.monotonic()
    client.append("INBOX", INVITATION.read_bytes())
    while drafts_count(client, drafts) == 0 and time.monotonic() - delivered < 5:
        time.sleep(0.02)
    reaction = time.monotonic() - delivered
    assert drafts_count(client, drafts) == 1, daemon.log
    assert reaction < 2.0, f"drafted after {reaction:.2f} s"
    code, took = daemon.terminate()
    assert code == 0, daemon.log
    assert took < 5.0
    client.logout()
    print(f"delivery to draft under IDLE: {reaction * 1000:.0f} ms; stop took {took:.2f} s")


def test_a_second_daemon_on_the_same_state_is_refused(imap_config, daemon_factory):
    first = daemon_factory(imap_config)
    first.wait_for("daemon started")
    second = daemon_factory(imap_config)
    assert second.process.wait(timeout=10) == 1
    time.sleep(0.1)
    assert "another inviteassist daemon" in second.log
    assert first.terminate()[0] == 0


def test_a_wrong_password_backs_off_instead_of_spinning(own_dovecot, imap_config, tmp_path,
                                                        daemon_factory):
    account = own_dovecot.add_account()
    text = imap_config.read_text()
    for old, new in ((f"port = {_port(text)}", f"port = {own_dovecot.port}"),
                     (f'username = "{_user(text)}"', f'username = "{account.user}"')):
        text = text.replace(old, new)
    imap_config.write_text(text)
    daemon = daemon_factory(imap_config, "not-the-password")
    daemon.wait_for("login")
    time.sleep(4)
    assert daemon.process.poll() is None, "the daemon must keep running"
    failures = [line for line in daemon.lines if "failed" in line and "login" in line.lower()]
    # back-off 2 s, 4 s ... for the poll job and the IDLE connection: a handful, not hundreds
    assert 1 <= len(failures) <= 6, daemon.log
    assert "not-the-password" not in daemon.log
    assert daemon.terminate()[0] == 0


def _port(text: str) -> str:
    return text.split("port = ", 1)[1].split("\n", 1)[0]


def _user(text: str) -> str:
    return text.split('username = "', 1)[1].split('"', 1)[0]

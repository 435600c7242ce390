"""Network faults, lifecycle signals, status and secrets, with real servers."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest

from inviteassist.app.clock import parse_now
from inviteassist.app.daemon import POLL_JOB, Daemon
from inviteassist.app.runtime import running
from inviteassist.config.imap import ImapSection
from inviteassist.config.settings import load_settings
from inviteassist.mail.imap_connect import connect
from inviteassist.mail.protocol import MailboxUnavailable
from tests.conftest import MINIMAL_CONFIG
from tests.integration.imap_helpers import DEMO, admin, deliver_demo, flags_and_bodies
from tests.integration.test_daemon import DaemonProcess

REPO = Path(__file__).resolve().parents[2]


def cli(config: Path, *args: str, env: dict[str, str] | None = None
        ) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "inviteassist", *args, "--config",
                           str(config)], capture_output=True, text=True, check=False,
                          cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO), **(env or {})})


def test_an_unknown_host_is_one_clear_line():
    with pytest.raises(MailboxUnavailable,
                       match=r"cannot connect to IMAP server imap\.nowhere\.invalid:993"):
        connect(ImapSection(host="imap.nowhere.invalid", username="u", password="p",
                            timeout_seconds=2))


def session_pid(dovecot, user: str) -> int:
    """The pid of the newest imap process serving `user`, from Dovecot's log."""
    pids = re.findall(rf"Login: user=<{user}>.*?mpid=(\d+)", dovecot.log)
    return int(pids[-1])


def test_a_server_paused_past_the_timeout_is_survived(dovecot, imap_account, imap_config):
    client = admin(dovecot, imap_account)
    deliver_demo(client)
    client.logout()
    text = imap_config.read_text().replace("timeout_seconds = 5", "timeout_seconds = 1")
    imap_config.write_text(text)
    settings = load_settings(imap_config)
    now = parse_now("2026-11-25T09:00", settings.owner.timezone)
    with running(settings) as rt:
        rt.engine.run_cycle(now)
        pid = session_pid(dovecot, imap_account.user)
        os.kill(pid, signal.SIGSTOP)
        try:
            started = time.monotonic()
            with pytest.raises(MailboxUnavailable, match="timed out"):
                rt.engine.run_cycle(now)
            assert time.monotonic() - started < 5
        finally:
            os.kill(pid, signal.SIGCONT)
        assert rt.engine.run_cycle(now).processed == []
    client = admin(dovecot, imap_account)
    assert len(flags_and_bodies(client, "Drafts")) == 4
    client.logout()


def test_outages_are_recorded_and_status_shows_them(own_dovecot, imap_config, tmp_path):
    account = own_dovecot.add_account()
    text = re.sub(r"port = \d+", f"port = {own_dovecot.port}", imap_config.read_text())
    text = re.sub(r'username = "[^"]+"', f'username = "{account.user}"', text)
    imap_config.write_text(text.replace("[state]", "[daemon]\nmax_backoff_seconds = 2\n\n[state]"))
    daemon = DaemonProcess(imap_config, account.password)
    try:
        daemon.wait_for("daemon started")
        time.sleep(1.0)  # the first cycle
        status = json.loads(cli(imap_config, "status", "--json").stdout)
        assert status["running"] is True and status["pid"] == daemon.process.pid
        assert status["last_success_at"]
        own_dovecot.stop()
        daemon.wait_for("reconnecting in", timeout=20)
        time.sleep(0.5)
        status = json.loads(cli(imap_config, "status", "--json").stdout)
        assert status["open_outages"] and status["open_outages"][0]["kind"] == "mailbox"
        assert status["last_error"]
        own_dovecot.start()
        client = admin(own_dovecot, account)
        client.append("INBOX", (DEMO / "1793607240.M1P1.demo:2,S").read_bytes())
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not flags_and_bodies(client, "Drafts"):
            time.sleep(0.2)
        assert len(flags_and_bodies(client, "Drafts")) == 1, daemon.log
        client.logout()
        status = json.loads(cli(imap_config, "status", "--json").stdout)
        assert status["open_outages"] == []
        incidents = [line for line in daemon.lines if "reconnecting in" in line]
        assert 1 <= len(incidents) <= 10, daemon.log  # one per attempt, 2 s apart
        assert daemon.terminate()[0] == 0
    finally:
        daemon.kill()
    text_status = cli(imap_config, "status")
    assert text_status.returncode == 0
    assert "not running" in text_status.stdout


def test_sighup_reloads_and_a_broken_config_is_refused(imap_config, password):
    daemon = DaemonProcess(imap_config, password)
    try:
        daemon.wait_for("daemon started")
        good = imap_config.read_text()
        imap_config.write_text(good.replace('timezone = "Europe/Berlin"',
                                            'timezone = "Europe/Nowhere"'))
        daemon.process.send_signal(signal.SIGHUP)
        daemon.wait_for("reload rejected")
        assert "unknown time zone" in daemon.log
        assert daemon.process.poll() is None
        imap_config.write_text(good.replace("[state]", "[daemon]\npoll_minutes = 7\n\n[state]"))
        daemon.process.send_signal(signal.SIGHUP)
        daemon.wait_for("configuration reloaded")
        code, took = daemon.terminate()
        assert code == 0 and took < 5
    finally:
        daemon.kill()


def test_no_secret_in_any_output_or_the_state_file(dovecot, imap_account, imap_config,
                                                   password):
    client = admin(dovecot, imap_account)
    deliver_demo(client)
    client.logout()
    result = cli(imap_config, "-vv", "poll", "--once", env={"TEST_IMAP_PASSWORD": password})
    assert result.returncode == 0, result.stderr
    assert "LOGIN" in result.stderr, "the run was logged at DEBUG"
    everything = result.stdout + result.stderr
    for command in (("check",), ("report", "--json"), ("status", "--json")):
        everything += cli(imap_config, "-vv", *command,
                          env={"TEST_IMAP_PASSWORD": password}).stdout
    assert password not in everything
    state = Path(load_settings(imap_config).state.path)
    for path in state.parent.glob(state.name + "*"):
        assert password.encode() not in path.read_bytes()
    assert state.stat().st_mode & 0o777 == 0o600


def test_a_maildir_outage_is_recorded_backed_off_and_recovered(tmp_path):
    """Maildir failures are the same MailboxUnavailable as IMAP's, so the daemon's
    poll job records an outage and backs off for both, and closes it on recovery."""
    maildir = tmp_path / "mail"
    for sub in ("cur", "new", "tmp"):
        (maildir / sub).mkdir(parents=True)
    config = tmp_path / "config.toml"
    config.write_text(MINIMAL_CONFIG.replace('path = "mail"', f'path = "{maildir}"')
                      + f'\n[state]\npath = "{tmp_path / "state.sqlite3"}"\n', encoding="utf-8")
    settings = load_settings(config)
    daemon = Daemon(settings)
    with running(settings, threaded=True) as runtime:
        daemon.runtime = runtime
        daemon.scheduler.add_job(daemon._poll, "interval", id=POLL_JOB, minutes=5)
        daemon.scheduler.start(paused=True)  # jobs get run times; the test runs them
        daemon._poll()
        assert runtime.store.outages(daemon.now() - timedelta(days=1)) == []
        maildir.rename(tmp_path / "unmounted")
        daemon._poll()
        [outage] = runtime.store.outages(daemon.now() - timedelta(days=1))
        assert outage.kind == "mailbox" and outage.ended_at is None
        assert "not there any more" in outage.detail
        assert daemon.poll_backoff.delay > 0  # the next poll comes sooner, and backs off
        (tmp_path / "unmounted").rename(maildir)
        shutil.copy(DEMO / "1793607240.M1P1.demo:2,S", maildir / "cur")
        daemon._poll()
        [outage] = runtime.store.outages(daemon.now() - timedelta(days=1))
        assert outage.ended_at is not None
        assert daemon.poll_backoff.delay == 0
        daemon.scheduler.shutdown()
    assert list((maildir / ".Drafts" / "cur").glob("*"))

"""What `inviteassist run` says at default verbosity: a start line, a line per
busy cycle, one line per outage and one when the mailbox is back."""

from __future__ import annotations

import re
import time

from inviteassist import __version__
from tests.integration.imap_helpers import DEMO, admin
from tests.integration.test_daemon import DaemonProcess


def _own_account_config(own_dovecot, imap_config):
    account = own_dovecot.add_account()
    text = re.sub(r"port = \d+", f"port = {own_dovecot.port}", imap_config.read_text())
    text = re.sub(r'username = "[^"]+"', f'username = "{account.user}"', text)
    imap_config.write_text(text.replace("[state]", "[daemon]\nmax_backoff_seconds = 2\n\n[state]"))
    return account


def test_default_log_is_a_start_line_a_cycle_one_line_per_outage_and_recovery(
        own_dovecot, imap_config):
    account = _own_account_config(own_dovecot, imap_config)
    daemon = DaemonProcess(imap_config, account.password, flags=())
    try:
        daemon.wait_for("daemon started")
        start = next(line for line in daemon.lines if "daemon started" in line)
        assert re.match(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ INFO ", start), start
        for part in (__version__, f"config {imap_config}", f"{account.user}@127.0.0.1",
                     "state ", "next poll ", "IDLE on"):
            assert part in start, start
        client = admin(own_dovecot, account)
        client.append("INBOX", (DEMO / "1793607240.M1P1.demo:2,S").read_bytes())
        client.logout()
        daemon.wait_for("cycle: 1 new message(s): 1 drafted")
        own_dovecot.stop()
        daemon.wait_for("reconnecting in", timeout=20)
        time.sleep(7)  # several retries of both the poll job and the IDLE connection
        own_dovecot.start()
        daemon.wait_for("mailbox reachable again", timeout=30)
        assert daemon.terminate()[0] == 0
    finally:
        daemon.kill()
    failures = [line for line in daemon.lines if "WARNING" in line or "ERROR" in line]
    assert len(failures) == 1, daemon.log
    assert not any("apscheduler" in line for line in daemon.lines), daemon.log
    assert not any("DEBUG" in line for line in daemon.lines), daemon.log

"""IDLE latency on each test server: how long after a delivery the product's
IDLE watcher says "new mail".

Starts Dovecot, Courier and Cyrus (altnamespace no) as the tests do, prints
each server's CAPABILITY line after login, then delivers a message N times
and reports the median and the worst wait of `IdleWatcher.wait`. Courier and
Cyrus run with the recommended settings (IMAP_ENHANCEDIDLE=1 with gamin;
Cyrus's idled); `--defaults` runs them without (one poll every 60 s), which
takes minutes.

    python bench/idle_latency.py [--runs N] [--defaults]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import imapclient

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from inviteassist.config.imap import ImapSection
from inviteassist.mail.imap_idle import IdleWatcher
from tests.servers.courier import Courier
from tests.servers.cyrus import Cyrus
from tests.servers.dovecot import Dovecot

PASSWORD_ENV = "BENCH_IMAP_PASSWORD"


def measure(server: object, runs: int) -> tuple[str, list[float]]:
    account = server.add_account()  # type: ignore[attr-defined]
    os.environ[PASSWORD_ENV] = account.password
    port = server.port  # type: ignore[attr-defined]
    section = ImapSection(host="127.0.0.1", port=port, security="plain",
                          username=account.user, password_env=PASSWORD_ENV,
                          timeout_seconds=10)
    sender = imapclient.IMAPClient("127.0.0.1", port=port, ssl=False, timeout=10)
    sender.login(account.user, account.password)
    capability = " ".join(c.decode() for c in sender.capabilities())
    watcher = IdleWatcher(section, "INBOX")
    watcher.wait(1, lambda: False)  # connects and enters IDLE
    waits = []
    for n in range(runs):
        sender.append("INBOX", f"Subject: idle {n}\r\n\r\nbody\r\n".encode())
        started = time.monotonic()
        if not watcher.wait(120, lambda: False):
            raise RuntimeError("no news within 120 s")
        waits.append(time.monotonic() - started)
    watcher.close()
    sender.logout()
    return capability, waits


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--defaults", action="store_true",
                        help="Courier without IMAP_ENHANCEDIDLE, Cyrus without idled")
    args = parser.parse_args()
    servers = [("dovecot", Dovecot()),
               ("courier", Courier(enhanced_idle=not args.defaults)),
               ("cyrus", Cyrus(altnamespace=False, idled=not args.defaults))]
    try:
        for _, server in servers:
            server.start()  # type: ignore[attr-defined]
        for name, server in servers:
            capability, waits = measure(server, args.runs)
            print(f"{name}: CAPABILITY {capability}")
            print(f"{name}: IDLE news after delivery: median {statistics.median(waits):.2f} s,"
                  f" worst {max(waits):.2f} s over {len(waits)} deliveries")
    finally:
        for _, server in servers:
            server.cleanup()  # type: ignore[attr-defined]


if __name__ == "__main__":
    main()

"""Kill the real program at random moments; the mailbox must come out right.

200 invitations arrive in batches while `inviteassist poll --once` runs as a
subprocess and is SIGKILLed at a random moment of its cycle, at least 30
times (set INVITEASSIST_KILLS / INVITEASSIST_INVITATIONS for longer runs).
A proxy holds back the server's answer to every APPEND, and half the kills
wait for that moment, between "the draft is stored" and "the program knows
it". At the end: exactly one draft per request, every request recorded, no
flag of the owner's messages changed, and some drafts were found in place
after a kill rather than appended again.
"""

from __future__ import annotations

import email
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.integration.imap_helpers import admin, flags_and_bodies
from tests.mailgen import linkedin_invitation
from tests.servers.slowproxy import AppendDelayProxy

REPO = Path(__file__).resolve().parents[2]
KILLS = int(os.environ.get("INVITEASSIST_KILLS", "30"))
INVITATIONS = int(os.environ.get("INVITEASSIST_INVITATIONS", "200"))
APPEND_DELAY = 0.3  # widens the moment between "stored" and "told" (one per MULTIAPPEND)


def start_poll(config: Path, password: str, *flags: str) -> subprocess.Popen[str]:
    env = {**os.environ, "TEST_IMAP_PASSWORD": password, "PYTHONPATH": str(REPO)}
    return subprocess.Popen(
        [sys.executable, "-m", "inviteassist", *flags, "poll", "--once", "--config",
         str(config), "--now", "2026-11-02T09:00"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env, cwd=REPO)


def wait_for_work(process: subprocess.Popen[str]) -> tuple[bool, int]:
    """Read the log until the cycle handles its first message. Returns whether it
    got there, and how many drafts it found already appended by a killed run."""
    assert process.stderr is not None
    recovered = 0
    for line in process.stderr:
        recovered += "not appended again" in line
        if "DEBUG inviteassist.app.engine: uid " in line:
            return True, recovered
    return False, recovered


@pytest.fixture
def slow_appends(dovecot, imap_config):
    """Route the program through a proxy that holds back every APPEND's answer."""
    proxy = AppendDelayProxy(dovecot.port, APPEND_DELAY)
    imap_config.write_text(imap_config.read_text().replace(f"port = {dovecot.port}",
                                                           f"port = {proxy.port}"))
    yield proxy
    proxy.close()


def test_random_kills_never_duplicate_or_lose_a_draft(dovecot, imap_account, imap_config,
                                                      password, slow_appends):
    rng = random.Random(20261125)
    client = admin(dovecot, imap_account)
    delivered = kills = rounds = recovered = 0
    while kills < KILLS or delivered < INVITATIONS:
        rounds += 1
        assert rounds < KILLS * 10, "the program finished too fast to be killed"
        # Leave at least one invitation for each kill still to come.
        spare = INVITATIONS - delivered - max(KILLS - kills - 1, 0)
        batch = min(rng.randint(3, 12), max(spare, 1), INVITATIONS - delivered)
        for n in range(delivered, delivered + batch):
            client.append("INBOX", linkedin_invitation(n))
        delivered += batch
        process = start_poll(imap_config, password, "-vv")
        if batch:
            # Kill at a random moment of the work on the batch: while classifying,
            # drafting, committing or appending.
            working, found = wait_for_work(process)
            recovered += found
            if working and rng.random() < 0.5:  # the worst moment: stored, not told
                slow_appends.holding.wait(timeout=10)
            elif working:  # a few ms per message, then the held answer to the append
                time.sleep(rng.uniform(0.0, APPEND_DELAY + 0.01 * batch))
        else:  # a run that came too late for every invitation: kill it anywhere
            time.sleep(rng.uniform(0.0, 1.5))
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            kills += 1
        code = process.wait()
        assert code in (0, -signal.SIGKILL), process.stderr.read()[-5000:]
    before = flags_and_bodies(client, "INBOX")
    final = start_poll(imap_config, password, "-v")
    final_log, _ = final.communicate(timeout=120)[::-1]
    assert final.returncode == 0, final_log
    recovered += final_log.count("not appended again")

    drafts = flags_and_bodies(client, "Drafts")
    message_ids = [email.message_from_bytes(body)["Message-ID"] for _, body in drafts.values()]
    assert len(drafts) == INVITATIONS, f"{len(drafts)} drafts after {kills} kills"
    assert recovered > 0, "no kill landed between the server storing a draft and us knowing"
    assert len(set(message_ids)) == INVITATIONS
    assert flags_and_bodies(client, "INBOX") == before
    assert all(flags == () for flags, _ in before.values()), "no flag was ever set"
    report = subprocess.run(
        [sys.executable, "-m", "inviteassist", "report", "--json", "--config", str(imap_config)],
        capture_output=True, text=True, check=True, cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)})
    requests = json.loads(report.stdout)["requests"]
    assert len(requests) == INVITATIONS
    assert {r["state"] for r in requests} == {"drafted"}
    client.logout()
    print(f"{kills} kills over {rounds} runs, {len(drafts)} drafts for {INVITATIONS} "
          f"requests; {recovered} draft(s) found already appended after a kill")

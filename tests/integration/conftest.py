"""Fixtures that start real servers on 127.0.0.1 for the integration tests."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.servers.dovecot import Account, Dovecot


def _started() -> Dovecot:
    if shutil.which("dovecot") is None and not Path("/usr/sbin/dovecot").exists():
        pytest.fail("dovecot is not installed: apt-get install dovecot-imapd "
                    "(.ci/run does this)")
    server = Dovecot()
    server.start()
    return server


@pytest.fixture(scope="session")
def dovecot() -> Iterator[Dovecot]:
    """One private Dovecot for the session; tests get their own accounts."""
    server = _started()
    yield server
    server.cleanup()


@pytest.fixture
def own_dovecot() -> Iterator[Dovecot]:
    """A Dovecot for one test: for failed logins, which make Dovecot slow down
    every later login from the same address (its anti-guessing penalty)."""
    server = _started()
    yield server
    server.cleanup()


@pytest.fixture
def imap_account(dovecot: Dovecot) -> Account:
    """A fresh, empty account on the session's Dovecot."""
    return dovecot.add_account()

"""Fixtures that start real servers on 127.0.0.1 for the integration tests."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.integration.imap_helpers import write_imap_config
from tests.servers.dovecot import Account, Dovecot
from tests.servers.http_calendar import CalendarServer
from tests.servers.imap import UNPACKED, ImapServer, start_unpacked
from tests.servers.radicale import Radicale


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


@pytest.fixture
def password(monkeypatch, imap_account):
    monkeypatch.setenv("TEST_IMAP_PASSWORD", imap_account.password)
    return imap_account.password


@pytest.fixture
def imap_config(tmp_path, dovecot, imap_account, password) -> Path:
    return write_imap_config(tmp_path / "config.toml", dovecot.port, imap_account)


# -- every IMAP server the product is tested against ----------------------------

@pytest.fixture(scope="session", params=("dovecot", *UNPACKED))
def imap_server(request) -> Iterator[ImapServer]:
    """Dovecot, Courier and Cyrus (altnamespace no and yes), one instance each
    per session; a test using this runs once per server."""
    if request.param == "dovecot":
        yield request.getfixturevalue("dovecot")
        return
    server = start_unpacked(request.param)
    yield server
    server.cleanup()


@pytest.fixture
def server_account(imap_server, monkeypatch) -> Account:
    """A fresh account on `imap_server`, its password in TEST_IMAP_PASSWORD."""
    account = imap_server.add_account()
    monkeypatch.setenv("TEST_IMAP_PASSWORD", account.password)
    return account


@pytest.fixture
def server_config(tmp_path, imap_server, server_account) -> Path:
    return write_imap_config(tmp_path / "config.toml", imap_server.port, server_account)


# -- calendars: Radicale (CalDAV) and a plain HTTP server for .ics URLs -------

@pytest.fixture(scope="session")
def radicale() -> Iterator[Radicale]:
    """One private Radicale for the session; tests make their own calendars."""
    server = Radicale()
    server.start()
    yield server
    server.cleanup()


@pytest.fixture
def calendar_server() -> Iterator[CalendarServer]:
    """An HTTP server on 127.0.0.1 serving .ics files set by the test."""
    server = CalendarServer()
    server.start()
    yield server
    server.stop()

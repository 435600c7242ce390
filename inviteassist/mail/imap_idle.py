"""Waiting for new mail with IMAP IDLE on a connection of its own.

The engine's connection stays free for searching and fetching; this one
only sits in IDLE on the watched folder and says when something arrived.
A BYE, an EOF or any network error is a disconnect: imapclient's
`idle_check()` keeps returning nothing at once after a BYE, so an early
empty answer is probed before it is believed.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

import imapclient

from inviteassist.config.imap import ImapSection
from inviteassist.mail.imap_connect import NETWORK_ERRORS, connect
from inviteassist.mail.protocol import MailboxUnavailable

logger = logging.getLogger(__name__)

CHECK_SECONDS = 1.0          # how often the stop flag is looked at
RENEW_SECONDS = 10 * 60      # RFC 2177: re-issue IDLE well before 29 minutes
_NEWS = (b"EXISTS", b"RECENT")


# Servers whose IDLE, by default, tells of new mail only at a poll interval,
# known by their greeting; the setting that makes them tell at once.
SLOW_IDLE = (
    (b"Courier-IMAP", "Courier-IMAP tells of new mail during IDLE only every 60 s unless "
                      "its admin set IMAP_ENHANCEDIDLE=1"),
    (b"Cyrus IMAP", "Cyrus IMAP tells of new mail during IDLE at once only when it runs "
                    "idled, else every imapidlepoll seconds (60 by default)"),
)


def idle_caveat(greeting: bytes) -> str | None:
    """Why drafts may come up to a minute late on this server, if it is one
    whose default IDLE polls."""
    for marker, caveat in SLOW_IDLE:
        if marker in greeting:
            return f"{caveat}: drafts may then come up to a minute after the mail"
    return None


class IdleUnsupported(Exception):
    """The server does not offer IDLE: the daemon falls back to polling."""


class IdleWatcher:
    """IDLE on one folder; `wait()` returns True when new mail arrived."""

    def __init__(self, imap: ImapSection, folder: str) -> None:
        self.imap = imap
        self.folder = folder
        self._client: imapclient.IMAPClient | None = None
        self._idle_since = 0.0

    def _start(self) -> imapclient.IMAPClient:
        client = connect(self.imap)
        try:
            if not client.has_capability("IDLE"):
                raise IdleUnsupported(f"{self.imap.host} does not offer IMAP IDLE")
            client.select_folder(self.folder, readonly=True)
            client.idle()
        except BaseException:
            client.shutdown()
            raise
        self._idle_since = time.monotonic()
        return client

    def wait(self, timeout: float, stopping: Callable[[], bool]) -> bool:
        """Block up to `timeout` seconds; True as soon as the folder changes,
        and at once after (re)connecting: anything may have arrived meanwhile.

        Raises MailboxUnavailable on a disconnect (the caller backs off and
        calls again, which reconnects), IdleUnsupported when IDLE is absent.
        """
        deadline = time.monotonic() + timeout
        try:
            if self._client is None:
                self._client = self._start()
                return True
            while not stopping() and time.monotonic() < deadline:
                if self._check(self._client):
                    return True
        except NETWORK_ERRORS as exc:
            self.close()
            message = f"IDLE connection to {self.imap.host} lost: {exc}"
            raise MailboxUnavailable(message) from None
        except MailboxUnavailable:
            self.close()
            raise
        return False

    def _check(self, client: imapclient.IMAPClient) -> bool:
        started = time.monotonic()
        responses = client.idle_check(timeout=CHECK_SECONDS)
        if any(r and r[0] == b"BYE" for r in responses):
            raise MailboxUnavailable(f"{self.imap.host} ended the IDLE session (BYE)")
        if any(len(r) > 1 and r[1] in _NEWS for r in responses):
            self._renew(client)
            return True
        if not responses and time.monotonic() - started < CHECK_SECONDS / 2:
            self._renew(client)  # woke early with nothing: probe the connection
        elif time.monotonic() - self._idle_since > RENEW_SECONDS:
            self._renew(client)
        return False

    def _renew(self, client: imapclient.IMAPClient) -> None:
        """Leave and re-enter IDLE; raises if the connection is dead."""
        client.idle_done()
        client.idle()
        self._idle_since = time.monotonic()

    def close(self) -> None:
        client, self._client = self._client, None
        if client is None:
            return
        try:
            client.idle_done()
            client.logout()
        except NETWORK_ERRORS:
            logger.debug("ignoring an error while closing the IDLE connection")

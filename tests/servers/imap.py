"""The IMAP servers the product is tested against, behind one small interface."""

from __future__ import annotations

from typing import Protocol

from tests.servers.courier import Courier
from tests.servers.cyrus import Cyrus
from tests.servers.dovecot import Account

UNPACKED = ("courier", "cyrus", "cyrus-altnamespace")  # run from scripts/install-test-deps' cache


class ImapServer(Protocol):
    name: str
    port: int

    def personal(self, folder: str) -> str:
        """The server's name for a folder of the owner's own (Drafts, Sent)."""
        ...

    def add_account(self) -> Account: ...


def start_unpacked(name: str) -> Courier | Cyrus:
    """One of UNPACKED, started; raises with the server's log if it cannot start."""
    server = Courier() if name == "courier" else Cyrus(altnamespace=name == "cyrus-altnamespace")
    try:
        server.start()
    except BaseException:
        server.cleanup()
        raise
    return server

"""Helpers for tests against the private IMAP servers: a second client plays
the mail server's delivery and the owner's own mail program."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import imapclient

from inviteassist.config.imap import ImapSection
from tests.servers.dovecot import Account
from tests.servers.imap import ImapServer

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "examples" / "demo-mailbox" / "cur"


def admin(server: ImapServer, account: Account) -> imapclient.IMAPClient:
    """A second, ordinary client: plays the mail server's delivery and the owner's MUA."""
    client = imapclient.IMAPClient("127.0.0.1", port=server.port, ssl=False, timeout=5)
    client.login(account.user, account.password)
    return client


def flags_and_bodies(client: imapclient.IMAPClient, folder: str) -> dict[int, tuple]:
    client.select_folder(folder, readonly=True)
    uids = client.search(["ALL"])
    if not uids:
        return {}
    data = client.fetch(uids, ["FLAGS", "BODY.PEEK[]"])
    # \Recent belongs to a session, not to the message: leave it out
    return {uid: (tuple(sorted(f for f in d[b"FLAGS"] if f != b"\\Recent")), d[b"BODY[]"])
            for uid, d in data.items()}


def deliver_demo(client: imapclient.IMAPClient) -> int:
    """The demo mailbox, with its Seen flags, into INBOX."""
    files = sorted(DEMO.iterdir())
    for path in files:
        flags = [imapclient.SEEN] if path.name.endswith("S") else []
        client.append("INBOX", path.read_bytes().replace(b"\n", b"\r\n"), flags=flags)
    return len(files)


def imap_section(server: ImapServer, account: Account, **changes) -> ImapSection:
    base = ImapSection(host="127.0.0.1", port=server.port, security="plain",
                       username=account.user, password_env="TEST_IMAP_PASSWORD",
                       timeout_seconds=5)
    return replace(base, **changes)


def write_imap_config(path: Path, port: int, account: Account) -> Path:
    path.write_text(f"""
[owner]
name = "Alex Morgan"
email = "alex@morgan.example"
timezone = "Europe/Berlin"

[mailbox]
type = "imap"
account = "{account.user}"

[imap]
host = "127.0.0.1"
port = {port}
security = "plain"
username = "{account.user}"
password_env = "TEST_IMAP_PASSWORD"
timeout_seconds = 5

[availability.windows]
monday = ["09:30-12:00", "14:00-17:00"]
tuesday = ["09:30-12:00", "14:00-17:00"]
thursday = ["09:30-12:00", "14:00-17:00"]
friday = ["09:30-12:00"]

[state]
path = "state.sqlite3"
""")
    return path

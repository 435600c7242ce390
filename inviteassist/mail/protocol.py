"""What the engine needs from a mailbox, whatever holds it.

A back-end lists what is new in a folder since a cursor it chose, hands out one
message's bytes, appends a draft, and can tell whether a message with a given
Message-ID is already in a folder (the crash-recovery rule: look before
appending again). It never changes or moves the owner's existing messages.

Every back-end reports failures with the same two errors, so the daemon treats
an unreachable IMAP server and an unreadable Maildir alike: an outage record
and back-off.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from inviteassist.errors import OperationalError
from inviteassist.models import MessageRef

Search = Callable[[], tuple[MessageRef, ...]]  # the messages of one more part of a folder


@dataclass(frozen=True)
class NewMessages:
    """New messages in one folder, oldest first, and the cursor to store once
    all of them are recorded. A back-end that cannot order messages (Maildir)
    returns everything it holds and leaves de-duplication to the state file.

    `later`: for a large folder searched in parts (an IMAP first scan), the
    searches of the newer parts, still to run in order on the mailbox's
    connection; each gives the messages of its part, newer than those before.
    The engine runs them while it works on the messages already found."""

    refs: tuple[MessageRef, ...]
    cursor: str | None
    later: tuple[Search, ...] = ()


class Mailbox(Protocol):
    account: str

    def new_messages(self, folder: str, cursor: str | None) -> NewMessages:
        """Messages in `folder` that may be new since `cursor` (None: the first run)."""
        ...

    def fetch(self, ref: MessageRef) -> bytes:
        """The full raw bytes of one message, without changing its flags."""
        ...

    def contains_message_id(self, folder: str, message_id: str) -> str | None:
        """Where a message with this Message-ID is in `folder`, or None."""
        ...

    def append_draft(self, folder: str, content: bytes) -> str | None:
        """Store `content` in `folder` flagged as a draft; return where, if known."""
        ...

    def append_drafts(self, folder: str, contents: Sequence[bytes]) -> list[str | None]:
        """`append_draft` for several, in as few round trips as the store allows;
        where each went, in order."""
        ...

    def has_folder(self, folder: str) -> bool:
        ...

    def watch_senders(self, addresses: Sequence[str]) -> None:
        """Mail from these addresses is worth fetching too (requesters, the owner).
        Back-ends without a server-side prefilter ignore it."""
        ...

    def describe(self, folders: Sequence[str]) -> list[str]:
        """One line per folder saying where it is and whether it exists, for `check`;
        lines starting "note: " tell of the server's own limits."""
        ...

    def close(self) -> None:
        ...


class MailboxUnavailable(OperationalError):
    """The server cannot be reached or dropped the connection: retry later."""


class LoginFailed(OperationalError):
    """The server refused the credentials: retrying soon will not help."""

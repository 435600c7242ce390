"""An IMAP mailbox: incremental, read-only towards the owner's mail.

Per folder the cursor is `UIDVALIDITY:last UID seen`. A cycle selects the
folder read-only (EXAMINE), asks the server to SEARCH only the new UID range
for candidates (the networks' sender domains; in later cycles also replies
threaded to our drafts and calendar replies) and fetches full bodies only
for those, with BODY.PEEK so \\Seen never changes. Bodies are fetched in
batches, ahead of the engine's one-at-a-time `fetch`, to spare round trips.

The first run (no cursor) and a UIDVALIDITY change look back a window of
days instead; the engine de-duplicates such a rescan by Message-ID.

Round trips are what a cycle costs, so the connection remembers what it has
learnt: the folder it has open (a later cycle on it asks NOOP and a UID
range search, two cheap round trips, where EXAMINE would make the server
walk its whole index), which folders exist, and the SPECIAL-USE names, looked
up only when Drafts or Sent is first needed. Checking many drafts' Message-IDs
in a cycle reads the Drafts folder's Message-IDs once instead of searching it
per draft (and selecting it between the scanned folder's fetches, which costs
the server a walk of that folder's index each time). Drafts go up with
LITERAL+ when the server offers it (one round trip instead of two).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta

import imapclient
from imapclient.exceptions import IMAPClientError
from imapclient.imapclient import DRAFTS, SENT

from inviteassist.config.imap import ImapSection
from inviteassist.config.settings import FoldersSection
from inviteassist.mail.imap_connect import (
    NETWORK_ERRORS,
    append_location,
    appended_uid,
    appended_uids,
    byte_batches,
    connect,
    crlf,
)
from inviteassist.mail.protocol import MailboxUnavailable, NewMessages
from inviteassist.models import MessageRef

logger = logging.getLogger(__name__)

FETCH_BATCH = 100
BATCH_BYTES = 32 << 20  # the most one fetch batch may hold, at max_bytes per message
THREAD_MARKER = "inviteassist."  # every draft's Message-ID starts with it
_MESSAGE_ID = re.compile(rb"<[^<>\s]+>")
_MESSAGE_ID_HEADER = re.compile(rb"^Message-ID:\s*(<[^<>\s]+>)", re.I | re.M)
MULTIAPPEND_BYTES = 8 << 20  # the most one MULTIAPPEND carries: a refusal costs a retry of it
INDEX_BATCH = 1000  # Message-ID headers read per FETCH when indexing a folder


@dataclass(frozen=True)
class Interest:
    """What makes a message worth fetching: the server-side prefilter."""

    sender_domains: tuple[str, ...]
    sender_addresses: tuple[str, ...] = ()


@dataclass(frozen=True)
class Cursor:
    uidvalidity: int
    last_uid: int

    def encode(self) -> str:
        return f"{self.uidvalidity}:{self.last_uid}"

    @classmethod
    def decode(cls, text: str | None) -> Cursor | None:
        if not text or ":" not in text:
            return None
        validity, last = text.split(":", 1)
        return cls(int(validity), int(last))


def any_of(criteria: Sequence[list[str]]) -> list[str]:
    """IMAP's OR is binary: fold several criteria into nested ORs."""
    if not criteria:
        raise ValueError("no criteria")
    if len(criteria) == 1:
        return list(criteria[0])
    return ["OR", *criteria[0], *any_of(criteria[1:])]


def search_criteria(interest: Interest, *, after_uid: int | None,
                    since: date | None, sent: bool = False) -> list[str]:
    """UID SEARCH criteria for candidates.

    The first scan (`after_uid` None) asks only for the networks' senders: no
    reply to a draft can exist before there are drafts, and header searches
    over a whole large mailbox are what makes a first scan slow. Incremental
    scans cover few messages, so they also ask for replies threaded to our
    drafts, calendar replies and mail from known requesters.
    """
    wanted = [["FROM", domain] for domain in interest.sender_domains]
    if sent:
        # The owner's own mail: what answers a notification or is addressed
        # to a requester. A Sent folder is small, so this holds on a first scan.
        wanted = [["HEADER", "In-Reply-To", domain] for domain in interest.sender_domains]
        wanted += [["HEADER", "References", THREAD_MARKER]]
        wanted += [["TO", address] for address in interest.sender_addresses]
    elif after_uid is not None:
        wanted += [["FROM", address] for address in interest.sender_addresses]
        wanted += [["HEADER", "In-Reply-To", THREAD_MARKER],
                   ["HEADER", "References", THREAD_MARKER],
                   ["HEADER", "Content-Type", "calendar"]]
    criteria = any_of(wanted)
    if after_uid is not None:
        criteria = ["UID", f"{after_uid + 1}:*", *criteria]
    if since is not None:
        criteria = ["SINCE", since, *criteria]  # type: ignore[list-item]
    return criteria


class ImapMailbox:
    """The Mailbox protocol over one IMAP connection (opened lazily)."""

    def __init__(self, imap: ImapSection, folders: FoldersSection, *, account: str,
                 interest: Interest, first_scan_days: int, max_bytes: int = 1 << 20,
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self.imap = imap
        self.folders = folders
        self.account = account
        self.interest = interest
        self.first_scan_days = first_scan_days
        self.max_bytes = max_bytes  # a partial FETCH caps what one message costs
        self.clock = clock
        self._client: imapclient.IMAPClient | None = None
        self._selected: tuple[str, int] | None = None
        self._special: dict[str, str] | None = None
        self._existing: set[str] = set()
        self._ids: dict[str, dict[str, int]] = {}  # this cycle's: folder -> Message-ID -> UID
        self._asked: set[str] = set()  # folders searched for a Message-ID this cycle
        self._queue: list[int] = []
        self._bodies: dict[int, bytes] = {}

    # -- connection -----------------------------------------------------------

    @property
    def client(self) -> imapclient.IMAPClient:
        if self._client is None:
            self._client = connect(self.imap)
        return self._client

    def _find_special_folders(self, client: imapclient.IMAPClient) -> dict[str, str]:
        found: dict[str, str] = {}
        for configured, flag in ((self.folders.drafts, DRAFTS), (self.folders.sent, SENT)):
            real = client.find_special_folder(flag)
            if real and real != configured:
                logger.info("using %s (SPECIAL-USE %s) for %s", real, flag.decode(), configured)
                found[configured] = real
        return found

    def real_folder(self, folder: str) -> str:
        if folder not in (self.folders.drafts, self.folders.sent):
            return folder
        if self._special is None:
            self._special = self._find_special_folders(self.client)
        return self._special.get(folder, folder)

    def _folder_exists(self, real: str) -> bool:
        if real not in self._existing and self.client.folder_exists(real):
            self._existing.add(real)
        return real in self._existing

    @contextmanager
    def _guard(self, action: str) -> Iterator[None]:
        """Any network failure drops the connection and becomes MailboxUnavailable."""
        try:
            yield
        except NETWORK_ERRORS as exc:
            self._drop()
            raise MailboxUnavailable(f"IMAP {action} on {self.imap.host} failed: {exc}") from None

    def _drop(self) -> None:
        client, self._client, self._selected = self._client, None, None
        self._special, self._existing = None, set()
        self._ids, self._asked = {}, set()
        self._bodies.clear()
        if client is not None:
            try:
                client.shutdown()
            except NETWORK_ERRORS:
                logger.debug("ignoring an error while dropping the connection")

    def _examine(self, folder: str) -> dict[bytes, object]:
        """Select `folder` read-only; returns the server's SELECT data."""
        real = self.real_folder(folder)
        info: dict[bytes, object] = self.client.select_folder(real, readonly=True)
        self._selected = (folder, int(info[b"UIDVALIDITY"]))  # type: ignore[call-overload]
        self._unsolicited().clear()  # the SELECT's own EXISTS is no news
        return info

    def _unsolicited(self) -> dict[str, list[object]]:
        """The untagged responses imaplib has kept since the last SELECT (imapclient
        does not pop EXISTS or EXPUNGE): whatever the server announced about the
        selected folder during any command."""
        kept: dict[str, list[object]] = self.client._imap.untagged_responses
        return kept

    # -- reading --------------------------------------------------------------

    def new_messages(self, folder: str, cursor: str | None) -> NewMessages:
        self._ids, self._asked = {}, set()  # a new cycle: Message-IDs are asked afresh
        previous = Cursor.decode(cursor)
        with self._guard(f"search in {folder}"):
            if previous is not None and self._selected == (folder, previous.uidvalidity):
                validity = previous.uidvalidity
                high = self._newest_in_selected(previous.last_uid) or previous.last_uid
            elif (previous is not None and folder != self.folders.inbox
                  and self._unchanged(folder, previous)):
                return NewMessages((), previous.encode())
            else:
                info = self._examine(folder)
                validity = int(info[b"UIDVALIDITY"])  # type: ignore[call-overload]
                high = int(info.get(b"UIDNEXT", 1)) - 1  # type: ignore[call-overload]
            if previous is not None and previous.uidvalidity != validity:
                logger.warning("UIDVALIDITY of %s changed (%s -> %s): rescanning the last "
                               "%s days, de-duplicated by Message-ID", folder,
                               previous.uidvalidity, validity, self.first_scan_days)
            incremental = previous is not None and previous.uidvalidity == validity
            after = previous.last_uid if incremental and previous else None
            if after is not None and after >= high:
                return NewMessages((), Cursor(validity, after).encode())
            since = None if incremental else (
                self.clock() - timedelta(days=self.first_scan_days)).date()
            uids = sorted(u for u in self.client.search(
                search_criteria(self.interest, after_uid=after, since=since,
                                sent=folder == self.folders.sent))
                if after is None or u > after)
        self._queue = uids
        self._bodies.clear()
        refs = tuple(MessageRef(self.account, folder, validity, str(uid)) for uid in uids)
        return NewMessages(refs, Cursor(validity, max([high, *uids])).encode())

    def _newest_in_selected(self, after: int) -> int | None:
        """On the folder still open from an earlier cycle: the highest UID above
        `after`, or None. NOOP brings the session's view up to date (a search
        alone would answer from the old view). A new message always comes with
        an EXISTS, announced during the NOOP or any command since the last look,
        so without one a single round trip settles it."""
        self.client.noop()
        news = self._unsolicited()
        changed = "EXISTS" in news or "EXPUNGE" in news
        news.clear()  # and nothing piles up in a connection that is never reselected
        if not changed:
            return None
        newer = [uid for uid in self.client.search(["UID", f"{after + 1}:*"]) if uid > after]
        return max(newer) if newer else None

    def _unchanged(self, folder: str, previous: Cursor) -> bool:
        """A folder other than the inbox, not selected: STATUS says whether
        anything arrived without selecting it, so that the inbox (the large
        folder, whose selection costs the server most) stays selected."""
        status = self.client.folder_status(self.real_folder(folder),
                                           [b"UIDNEXT", b"UIDVALIDITY"])
        return (int(status[b"UIDVALIDITY"]) == previous.uidvalidity
                and int(status[b"UIDNEXT"]) - 1 <= previous.last_uid)

    def fetch(self, ref: MessageRef) -> bytes:
        uid = int(ref.uid)
        if uid not in self._bodies:
            with self._guard(f"fetch from {ref.folder}"):
                if self._selected != (ref.folder, ref.uidvalidity):
                    self._examine(ref.folder)
                    if self._selected != (ref.folder, ref.uidvalidity):
                        raise MailboxUnavailable(
                            f"UIDVALIDITY of {ref.folder} changed during the cycle")
                self._prefetch(uid)
        body = self._bodies.pop(uid, None)
        if body is None:
            raise MailboxUnavailable(f"message UID {uid} vanished from {ref.folder}")
        return body

    def _prefetch(self, uid: int) -> None:
        """Fetch `uid` and the next queued UIDs in one command."""
        start = self._queue.index(uid) if uid in self._queue else None
        size = max(1, min(FETCH_BATCH, BATCH_BYTES // self.max_bytes))
        batch = self._queue[start:start + size] if start is not None else [uid]
        self._bodies.clear()
        part = f"BODY.PEEK[]<0.{self.max_bytes}>".encode()
        for fetched, data in self.client.fetch(batch, [part]).items():
            body = data.get(b"BODY[]<0>")
            if isinstance(body, bytes):
                self._bodies[int(fetched)] = body

    def contains_message_id(self, folder: str, message_id: str) -> str | None:
        """Where a message with `message_id` is in `folder`, or None.

        The first question in a cycle is one SEARCH. A second one reads the
        folder's Message-IDs once, and the rest of the cycle answers from them
        (and from the cycle's own appends) without a round trip: a flush of
        many drafts then costs one pass over Drafts instead of one each, and
        the scanned folder need not be selected again after every flush.
        """
        key = message_id.strip().lower()
        with self._guard(f"search in {folder}"):
            real = self.real_folder(folder)
            if folder in self._ids:
                uid = self._ids[folder].get(key)
            elif not self._folder_exists(real):
                return None
            else:
                if self._selected is None or self._selected[0] != folder:
                    self._examine(folder)
                if folder in self._asked:
                    self._ids[folder] = self._index_message_ids()
                    uid = self._ids[folder].get(key)
                else:
                    self._asked.add(folder)
                    found = self.client.search(["HEADER", "Message-ID", message_id])
                    uid = int(found[0]) if found else None
        return f"{real} UID {uid}" if uid is not None else None

    def _index_message_ids(self) -> dict[str, int]:
        ids: dict[str, int] = {}
        uids = self.client.search(["ALL"])
        for start in range(0, len(uids), INDEX_BATCH):
            fetched = self.client.fetch(uids[start:start + INDEX_BATCH],
                                        [b"BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)]"])
            for uid, data in fetched.items():
                header = data.get(b"BODY[HEADER.FIELDS (MESSAGE-ID)]")
                for found in _MESSAGE_ID.findall(header if isinstance(header, bytes) else b""):
                    ids.setdefault(found.decode("ascii", "replace").lower(), int(uid))
        return ids

    # -- writing --------------------------------------------------------------

    def append_draft(self, folder: str, content: bytes) -> str | None:
        return self.append_drafts(folder, [content])[0]

    def append_drafts(self, folder: str, contents: Sequence[bytes]) -> list[str | None]:
        if not contents:
            return []
        with self._guard(f"append to {folder}"):
            real = self.real_folder(folder)
            if not self._folder_exists(real):
                self.client.create_folder(real)
                self._existing.add(real)
            uids = self._append(real, [crlf(content) for content in contents])
        if folder in self._ids:
            for content, uid in zip(contents, uids, strict=True):
                header = _MESSAGE_ID_HEADER.search(content.split(b"\n\n", 1)[0])
                if header:
                    self._ids[folder][header.group(1).decode("ascii", "replace").lower()] = \
                        uid or 0
        return [append_location(real, uid) for uid in uids]

    def _append(self, real: str, contents: list[bytes]) -> list[int | None]:
        """APPEND with the \\Draft flag; the UIDs the server gave, in order.
        With MULTIAPPEND and LITERAL+ every draft goes in one command, and a
        non-synchronising literal spares the wait for the server's go-ahead:
        one round trip for the lot, stored all or none (RFC 3502)."""
        client = self.client
        if not (client.has_capability("MULTIAPPEND") and client.has_capability("LITERAL+")):
            return [appended_uid(client.append(real, content, flags=[imapclient.DRAFT]))
                    for content in contents]
        uids: list[int | None] = []
        for batch in byte_batches(contents, MULTIAPPEND_BYTES):
            status, data = client.multiappend(
                real, [{"msg": content, "flags": [imapclient.DRAFT]} for content in batch])
            answer = data[0] if data else b""
            if status != "OK":  # imapclient raises only for BAD; NO (quota, size) is ours
                raise IMAPClientError(f"MULTIAPPEND refused: {status} {answer!r}")
            uids += appended_uids(answer, len(batch))
        return uids

    def has_folder(self, folder: str) -> bool:
        with self._guard(f"look for {folder}"):
            return self._folder_exists(self.real_folder(folder))

    def watch_senders(self, addresses: Sequence[str]) -> None:
        self.interest = replace(self.interest, sender_addresses=tuple(addresses))

    def describe(self, folders: Sequence[str]) -> list[str]:
        lines = [f"logged in to {self.imap.host} as {self.imap.username}"]
        with self._guard("folder check"):
            for folder in folders:
                real = self.real_folder(folder)
                via = f" (SPECIAL-USE for {folder})" if real != folder else ""
                if self.client.folder_exists(real):
                    count = self.client.folder_status(real, [b"MESSAGES"])[b"MESSAGES"]
                    lines.append(f"{real}{via}: {count} messages")
                else:
                    lines.append(f"{real}{via}: not there yet, created at the first draft")
        return lines

    def close(self) -> None:
        if self._client is not None:
            try:
                self._client.logout()
            except NETWORK_ERRORS:
                logger.debug("ignoring an error at logout")
            self._client = None

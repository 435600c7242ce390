"""An IMAP mailbox: incremental, read-only towards the owner's mail.

Per folder the cursor is `UIDVALIDITY:UIDNEXT - 1` at scan time (UIDNEXT
from STATUS where SELECT leaves it out, as Courier does). A cycle selects the
folder read-only (EXAMINE), asks the server to SEARCH only the new UID range
for candidates (the networks' sender domains; in later cycles also replies
threaded to our drafts and calendar replies) and fetches full bodies only
for those, with BODY.PEEK so \\Seen never changes. Bodies are fetched in
batches, ahead of the engine's one-at-a-time `fetch`, to spare round trips.

The first run (no cursor) and a UIDVALIDITY change look back a window of
days instead; the engine de-duplicates such a rescan by Message-ID. A large
window is searched in parts, oldest first (`NewMessages.later`): two small
FETCHes by sequence number find where the window begins and cut it into
UID ranges of about equal numbers of messages, and the engine searches the
later ones while it drafts from the first.

Round trips are what a cycle costs, so the connection remembers what it has
learnt: the folder it has open (a later cycle on it asks NOOP and a UID
range search, two cheap round trips, where EXAMINE would make the server
walk its whole index), which folders exist, and where Drafts and Sent are, looked
up only when Drafts or Sent is first needed. Checking many drafts' Message-IDs
in a cycle reads the Drafts folder's Message-IDs once instead of searching it
per draft (and selecting it between the scanned folder's fetches, which costs
the server a walk of that folder's index each time). Drafts go up with
LITERAL+ when the server offers it (one round trip instead of two), and
never into the folder open read-only (Courier refuses that): it is closed
first. Where Drafts and Sent are comes from imap_folders.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from functools import partial
from typing import Any

import imapclient
from imapclient.exceptions import IMAPClientAbortError, IMAPClientError
from imapclient.imapclient import DRAFTS, SENT

from inviteassist.config.imap import ImapSection
from inviteassist.config.sections import FoldersSection
from inviteassist.mail.imap_connect import (
    NETWORK_ERRORS,
    append_location,
    appended_uid,
    appended_uids,
    byte_batches,
    connect,
    crlf,
    logout_quietly,
)
from inviteassist.mail.imap_folders import (
    FolderPlace,
    list_folders,
    locate,
    personal_namespace,
)
from inviteassist.mail.imap_idle import idle_caveat
from inviteassist.mail.imap_search import (
    SAMPLES,
    Cursor,
    Interest,
    UidRange,
    part_count,
    search_criteria,
    spread,
    uid_parts,
    window_start,
)
from inviteassist.mail.protocol import MailboxUnavailable, NewMessages
from inviteassist.models import MessageRef

logger = logging.getLogger(__name__)

FETCH_BATCH = 100
BATCH_BYTES = 32 << 20  # the most one fetch batch may hold, at max_bytes per message
_MESSAGE_ID = re.compile(rb"<[^<>\s]+>")
_MESSAGE_ID_HEADER = re.compile(rb"^Message-ID:\s*(<[^<>\s]+>)", re.I | re.M)
MULTIAPPEND_BYTES = 8 << 20  # the most one MULTIAPPEND carries: a refusal costs a retry of it
INDEX_BATCH = 1000  # Message-ID headers read per FETCH when indexing a folder


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
        self._places: dict[str, FolderPlace] | None = None  # Drafts, Sent -> where
        self._existing: set[str] = set()
        self._ids: dict[str, dict[str, int]] = {}  # this cycle's: folder -> Message-ID -> UID
        self._asked: set[str] = set()  # folders searched for a Message-ID this cycle
        self._queue: list[int] = []
        self._bodies: dict[int, bytes] = {}
        self._reopened = False  # selected again after its search: _reselect

    # -- connection -----------------------------------------------------------

    @property
    def client(self) -> imapclient.IMAPClient:
        if self._client is None:
            self._client = connect(self.imap)
        return self._client

    def place(self, folder: str) -> FolderPlace:
        """Where the configured Drafts or Sent folder is, found once per connection."""
        if self._places is None:
            listing = list_folders(self.client)
            namespace = personal_namespace(self.client)
            self._places = {}
            for configured, flag in ((self.folders.drafts, DRAFTS), (self.folders.sent, SENT)):
                found = locate(configured, flag, listing, namespace)
                self._places[configured] = found
                if not found.exists:
                    logger.info("%s: no such folder yet (%s once made)", configured, found.name)
                    continue
                self._existing.add(found.name)
                if found.name != configured:
                    logger.info("%s: using %s (%s)", configured, found.name, found.how)
        return self._places[folder]

    def real_folder(self, folder: str) -> str:
        if folder not in (self.folders.drafts, self.folders.sent):
            return folder
        return self.place(folder).name

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
        self._places, self._existing = None, set()
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
        self._reopened = False
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
        messages = 0  # in the folder, when it was just opened
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
                high = self._uidnext(folder, info) - 1
                messages = int(info.get(b"EXISTS", 1))  # type: ignore[call-overload]
                if messages == 0:
                    return NewMessages((), Cursor(validity, high).encode())
            after = self._read_after(folder, previous, validity)
            if after is not None and after >= high:
                return NewMessages((), Cursor(validity, after).encode())
            since = None if after is not None else (
                self.clock() - timedelta(days=self.first_scan_days)).date()
            # Only a look back over the window (a first scan) is searched in parts.
            parts: list[UidRange | None] = [None]
            if since is not None:
                parts = [*self._window_parts(messages, high, since)] or parts
        self._queue = []
        self._bodies.clear()
        search = partial(self._search, folder, validity, after, since)
        refs = search(parts[0])
        later = tuple(partial(search, part) for part in parts[1:])
        last = max([high, *(int(ref.uid) for ref in refs)])
        return NewMessages(refs, Cursor(validity, last).encode(), later)

    def _window_parts(self, messages: int, high: int, since: date) -> list[UidRange]:
        """The UID ranges a look back to `since` searches one after the other,
        or none for a window too small to gain from parts. Two small FETCHes
        by sequence number place them: the arrival dates of a few messages
        spread over the folder say where the window begins, and the UIDs of
        messages spread over the window cut it into parts of about equal
        numbers of messages."""
        if part_count(messages) < 2:
            return []
        dated = sorted((sequence, data[b"INTERNALDATE"].date())
                       for sequence, data in self._by_sequence(
                           spread(1, messages, SAMPLES), b"INTERNALDATE").items()
                       if isinstance(data.get(b"INTERNALDATE"), datetime))
        start = window_start(dated, since)
        count = part_count(messages - start + 1)
        if count < 2:
            return []
        cuts = self._by_sequence(spread(start, messages, count + 1)[1:-1], b"UID")
        return uid_parts(high, [int(data[b"UID"]) for data in cuts.values()
                                if isinstance(data.get(b"UID"), int)])

    def _by_sequence(self, sequences: list[int], item: bytes) -> dict[int, dict[bytes, Any]]:
        """FETCH `item` of messages by sequence number: every number up to
        EXISTS is a message, where a UID may have been expunged."""
        client = self.client
        client.use_uid = False
        try:
            found: dict[int, dict[bytes, Any]] = client.fetch(sequences, [item])
            return found
        finally:
            client.use_uid = True

    def _search(self, folder: str, validity: int, after: int | None, since: date | None,
                part: UidRange | None) -> tuple[MessageRef, ...]:
        """The candidates of `folder` (of UID range `part`, or all), in UID
        order; queued for the batched fetches ahead of the engine's."""
        with self._guard(f"search in {folder}"):
            if part is not None and self._selected != (folder, validity):
                self._reselect(folder, validity)  # an append may have left it
            uids = sorted(u for u in self.client.search(
                search_criteria(self.interest, after_uid=after, since=since,
                                sent=folder == self.folders.sent, uids=part))
                if after is None or u > after)
        self._queue += uids
        return tuple(MessageRef(self.account, folder, validity, str(uid)) for uid in uids)

    def _uidnext(self, folder: str, info: dict[bytes, object]) -> int:
        """UIDNEXT from the SELECT answer, else from STATUS: Courier's SELECT
        leaves it out, as RFC 3501 allows."""
        if b"UIDNEXT" in info:
            given: int = int(info[b"UIDNEXT"])  # type: ignore[call-overload]
            return given
        status = self.client.folder_status(self.real_folder(folder), [b"UIDNEXT"])
        return int(status[b"UIDNEXT"])

    def _read_after(self, folder: str, previous: Cursor | None, validity: int) -> int | None:
        """The UID after which messages are new, or None for a look back over
        the first-scan window (a first run, or a UIDVALIDITY change of a folder
        that held messages). A folder that had never held any when last seen
        has nothing to rescan: Courier gives empty folders a new UIDVALIDITY
        at every look, and everything there now is new."""
        if previous is None:
            return None
        if previous.uidvalidity == validity or previous.last_uid == 0:
            return previous.last_uid
        logger.warning("UIDVALIDITY of %s changed (%s -> %s): rescanning the last "
                       "%s days, de-duplicated by Message-ID", folder,
                       previous.uidvalidity, validity, self.first_scan_days)
        return None

    def _newest_in_selected(self, after: int) -> int | None:
        """On the folder still open from an earlier cycle: the highest UID above
        `after`, or None. NOOP brings the session's view up to date (a search
        alone would answer from the old view). A new message always comes with
        an EXISTS, announced during the NOOP or any command since the last look,
        so without one a single round trip settles it."""
        self.client.noop()
        news = self._unsolicited()
        changed = "EXISTS" in news or "EXPUNGE" in news or self._reopened
        news.clear()  # and nothing piles up in a connection that is never reselected
        self._reopened = False
        if not changed:
            return None
        newer = [uid for uid in self.client.search(["UID", f"{after + 1}:*"]) if uid > after]
        return max(newer) if newer else None

    def _unchanged(self, folder: str, previous: Cursor) -> bool:
        """A folder other than the inbox, not selected: STATUS says whether
        anything arrived without selecting it, so that the inbox (the large
        folder, whose selection costs the server most) stays selected. An
        empty folder has nothing to read, whatever its UIDVALIDITY says."""
        status = self.client.folder_status(self.real_folder(folder),
                                           [b"MESSAGES", b"UIDNEXT", b"UIDVALIDITY"])
        return int(status[b"MESSAGES"]) == 0 or (
            int(status[b"UIDVALIDITY"]) == previous.uidvalidity
            and int(status[b"UIDNEXT"]) - 1 <= previous.last_uid)

    def fetch(self, ref: MessageRef) -> bytes:
        uid = int(ref.uid)
        if uid not in self._bodies:
            with self._guard(f"fetch from {ref.folder}"):
                if self._selected != (ref.folder, ref.uidvalidity):
                    self._reselect(ref.folder, ref.uidvalidity)
                self._prefetch(uid)
        body = self._bodies.pop(uid, None)
        if body is None:
            raise MailboxUnavailable(f"message UID {uid} vanished from {ref.folder}")
        return body

    def _reselect(self, folder: str, validity: int) -> None:
        """Open `folder` again within a cycle. Its SELECT answer counts what
        arrived since the cycle's search, and is no news to `_examine`: the
        next cycle must search anyway (`_newest_in_selected`)."""
        self._examine(folder)
        self._reopened = True
        if self._selected != (folder, validity):
            raise MailboxUnavailable(f"UIDVALIDITY of {folder} changed during the cycle")

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
                # the answer's key varies: Courier quotes the field name
                header = next((value for key, value in data.items()
                               if key.startswith(b"BODY[HEADER.FIELDS")), b"")
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
                self._create(folder, real)
            self._leave(real)
            uids = self._append(real, [crlf(content) for content in contents])
        if folder in self._ids:
            for content, uid in zip(contents, uids, strict=True):
                header = _MESSAGE_ID_HEADER.search(content.split(b"\n\n", 1)[0])
                if header:
                    self._ids[folder][header.group(1).decode("ascii", "replace").lower()] = \
                        uid or 0
        return [append_location(real, uid) for uid in uids]

    def _create(self, folder: str, real: str) -> None:
        try:
            self.client.create_folder(real)
        except IMAPClientAbortError:
            raise  # the connection is lost: not a refusal, the guard drops it
        except IMAPClientError as exc:  # a NO: the name or the right is refused
            raise MailboxUnavailable(
                f"{self.imap.host} refused to create the folder {real} for {folder} "
                f"({str(exc).strip()}): create it in your mail program, or name an "
                "existing folder in [folders]") from None
        logger.info("created %s on %s for %s", real, self.imap.host, folder)
        self._existing.add(real)

    def _leave(self, real: str) -> None:
        """Close `real` if it is the folder open read-only: Courier refuses an
        APPEND to it ("Current box is selected READ-ONLY")."""
        if self._selected is None or self.real_folder(self._selected[0]) != real:
            return
        if self.client.has_capability("UNSELECT"):
            self.client.unselect_folder()
        else:
            self.client.close_folder()  # expunges nothing in a folder opened with EXAMINE
        self._selected = None

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
        """One line per folder. A missing Drafts folder is made now, in the
        server's personal namespace, so that a server refusing it says so here
        and not at the first draft."""
        lines = [f"logged in to {self.imap.host} as {self.imap.username}"]
        with self._guard("folder check"):
            for folder in folders:
                lines.append(f"{folder}: {self._describe_one(folder)}")
            caveat = idle_caveat(self.client.welcome or b"")
        return [*lines, f"note: {caveat}"] if caveat else lines

    def _describe_one(self, folder: str) -> str:
        special = folder in (self.folders.drafts, self.folders.sent)
        place = self.place(folder) if special else None
        real = place.name if place else folder
        if self._folder_exists(real):
            count = self.client.folder_status(real, [b"MESSAGES"])[b"MESSAGES"]
            return f"{real} ({place.how}), {count} messages" if place else f"{count} messages"
        if folder == self.folders.drafts:
            self._create(folder, real)
            return f"{real} was missing: created it, drafts go there"
        missing = "no such folder" + (f", nor {real}" if real != folder else "")
        if folder == self.folders.sent:
            return f"{missing}: sent replies are noticed once your mail program keeps them there"
        return f"{missing}: nothing to watch there"

    def close(self) -> None:
        if self._client is not None:
            logout_quietly(self._client)
            self._client = None

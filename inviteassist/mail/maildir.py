"""A local Maildir as a mailbox source.

Folders follow the two layouts in common use: Maildir++ (the root is INBOX,
other folders are hidden `.Name` maildirs inside it) and one maildir per
folder side by side (`root/INBOX`, `root/Drafts`, as mbsync writes them).
Messages are read in place and never renamed, so the owner's mail client sees
no change; drafts are written to `tmp/` and renamed into `cur/` with the
Draft flag, the delivery procedure Maildir guarantees atomic. Everything we
write into a Maildir (drafts, summaries) is readable by its owner alone.
"""

from __future__ import annotations

import email.parser
import email.policy
import itertools
import os
import socket
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from inviteassist.errors import OperationalError
from inviteassist.mail.protocol import MailboxUnavailable, NewMessages
from inviteassist.models import MessageRef

_SUBDIRS = ("cur", "new", "tmp")
_counter = itertools.count()
_HEADER_PARSER = email.parser.BytesHeaderParser(policy=email.policy.compat32)


def deliver_private(maildir: Path, content: bytes, *, draft: bool = False) -> Path:
    """Write `content` into `maildir` as a file only its owner can read (0600
    from its creation on): to `tmp/`, then renamed into `cur/` with the Draft
    flag (`draft`) or into `new/`. Returns the final path."""
    name = f"{time.time_ns()}.P{os.getpid()}Q{next(_counter)}.{socket.gethostname()}"
    temporary = maildir / "tmp" / name
    final = maildir / "cur" / f"{name}:2,D" if draft else maildir / "new" / name
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(content)
        handle.flush()
        os.fsync(handle.fileno())
    temporary.rename(final)
    return final


def _is_maildir(path: Path) -> bool:
    return all((path / sub).is_dir() for sub in _SUBDIRS)


def _unique_part(name: str) -> str:
    """The stable part of a Maildir file name: everything before the ':2,' info."""
    return name.split(":", 1)[0]


def _message_id_of(file: str) -> str | None:
    """The Message-ID of `file`; None when it vanished (a mail client moved it)."""
    try:
        with Path(file).open("rb") as handle:
            headers = _HEADER_PARSER.parse(handle)
    except FileNotFoundError:
        return None
    return (headers.get("Message-ID") or "").strip()


def _messages_in(path: Path) -> Iterator[os.DirEntry[str]]:
    """The message files of a Maildir folder: regular files in `new/` and `cur/`."""
    for sub in ("new", "cur"):
        with os.scandir(path / sub) as listing:
            yield from (entry for entry in listing
                        if entry.is_file() and not entry.name.startswith("."))


@contextmanager
def _disk(action: str, folder: str) -> Iterator[None]:
    """A disk failure (permissions, a full disk, an unmounted folder) is an
    outage like a lost IMAP connection: the daemon records it and backs off."""
    try:
        yield
    except OSError as exc:
        raise MailboxUnavailable(f"cannot {action} Maildir folder '{folder}': "
                                 f"{exc.strerror or exc}") from None


class MaildirMailbox:
    """A Maildir tree rooted at `root`; `account` names it in the state file."""

    def __init__(self, root: Path, account: str = "default", max_bytes: int = 1 << 20) -> None:
        if not root.is_dir():
            raise OperationalError(
                f"the Maildir {root} does not exist: set [mailbox] path to your Maildir")
        self.root = root
        self.account = account
        self.max_bytes = max_bytes
        self._files: dict[str, dict[str, Path]] = {}
        self._message_ids: dict[Path, dict[str, str]] = {}  # folder -> file -> Message-ID

    # -- folders --------------------------------------------------------------

    def folder_path(self, folder: str, *, create: bool = False) -> Path:
        if not self.root.is_dir():  # unmounted, moved or deleted since start-up
            raise MailboxUnavailable(f"the Maildir {self.root} is not there any more")
        candidates = self._candidates(folder)
        for candidate in candidates:
            if _is_maildir(candidate):
                return candidate
        if create:
            target = candidates[0]
            for sub in _SUBDIRS:
                (target / sub).mkdir(parents=True, exist_ok=True, mode=0o700)
            return target
        tried = ", ".join(str(c) for c in candidates)
        raise OperationalError(f"no Maildir folder '{folder}' (looked for {tried})")

    def _candidates(self, folder: str) -> list[Path]:
        if folder.upper() == "INBOX":
            return [self.root, self.root / "INBOX"]
        plus = self.root / ("." + folder.replace("/", "."))
        side = self.root / folder
        return [plus, side] if _is_maildir(self.root) else [side, plus]

    # -- reading --------------------------------------------------------------

    def new_messages(self, folder: str, cursor: str | None) -> NewMessages:
        """Every message in the folder, oldest delivery first.

        Maildir has no UIDs to compare against a cursor, so this lists all and
        the engine skips what the state file has seen; the cursor stays None.
        """
        with _disk("list", folder):
            entries = sorted((entry.stat().st_mtime, entry.name)
                             for entry in _messages_in(self.folder_path(folder)))
        refs = tuple(MessageRef(self.account, folder, 0, _unique_part(name))
                     for _, name in entries)
        return NewMessages(refs=refs, cursor=None)

    def _file_of(self, folder: str, uid: str) -> Path | None:
        """The file of `uid`, from the folder's last listing while it still holds
        (a flag change renames the file; then the folder is listed again)."""
        known = self._files.get(folder, {}).get(uid)
        if known is not None and known.exists():
            return known
        files = {_unique_part(entry.name): Path(entry.path)
                 for entry in _messages_in(self.folder_path(folder))}
        self._files[folder] = files
        return files.get(uid)

    def fetch(self, ref: MessageRef) -> bytes:
        with _disk("read", ref.folder):
            found = self._file_of(ref.folder, ref.uid)
            if found is None:
                raise OperationalError(f"message {ref.uid} vanished from {ref.folder}")
            with found.open("rb") as handle:
                return handle.read(self.max_bytes)

    def contains_message_id(self, folder: str, message_id: str) -> str | None:
        """Answered from the Message-IDs of the folder's files, each file read
        once: every question lists the folder (names only) and reads just the
        files that are new since the last one, whoever put them there."""
        try:
            path = self.folder_path(folder)
        except OperationalError:
            return None
        known = self._message_ids.setdefault(path, {})
        with _disk("list", folder):
            present = {entry.path for entry in _messages_in(path)}
        for gone in known.keys() - present:
            del known[gone]
        for file in sorted(present - known.keys()):
            found = _message_id_of(file)
            if found is not None:
                known[file] = found
        wanted = message_id.strip()
        return min((file for file, found in known.items() if found == wanted), default=None)

    # -- writing --------------------------------------------------------------

    def append_drafts(self, folder: str, contents: Sequence[bytes]) -> list[str | None]:
        return [self.append_draft(folder, content) for content in contents]

    def append_draft(self, folder: str, content: bytes) -> str | None:
        with _disk("write a draft to", folder):
            final = deliver_private(self.folder_path(folder, create=True), content, draft=True)
        return str(final)

    def has_folder(self, folder: str) -> bool:
        return any(_is_maildir(candidate) for candidate in self._candidates(folder))

    def watch_senders(self, addresses: Sequence[str]) -> None:
        """Every message is read anyway: nothing to narrow."""

    def describe(self, folders: Sequence[str]) -> list[str]:
        lines = []
        for folder in folders:
            try:
                lines.append(f"{folder}: {self.folder_path(folder)}")
            except OperationalError:
                lines.append(f"{folder}: not there yet, created at the first draft")
        return lines

    def close(self) -> None:
        """Nothing to release: every operation opens and closes its own files."""

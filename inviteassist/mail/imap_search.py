"""What an IMAP cycle asks the server for: the prefilter and the cursor.

The cursor of a folder is `UIDVALIDITY:last UID`, where the last UID is the
folder's UIDNEXT - 1 when it was scanned (never the last UID that matched:
the messages between were looked at too). The search criteria ask the server
for candidates only, so that bodies are fetched for few messages.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

THREAD_MARKER = "inviteassist."  # every draft's Message-ID starts with it
# A first scan whose window holds this many messages searches it in parts
# (consecutive UID ranges), so that the engine starts on the oldest part's
# candidates while the server searches the rest, instead of waiting for one
# search of the whole window.
SPLIT_FROM = 5_000
PART_MESSAGES = 2_500  # about this many messages a part
MAX_PARTS = 16  # each part is a round trip: a far server pays for many
SAMPLES = 16  # messages whose dates place the window in the folder

UidRange = tuple[int, int]


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


def spread(first: int, last: int, count: int) -> list[int]:
    """About `count` sequence numbers spread evenly over first..last, both
    ends included, in order and without repeats."""
    if last <= first or count < 2:
        return [first]
    return sorted({first + (last - first) * step // (count - 1) for step in range(count)})


def window_start(dated: Sequence[tuple[int, date]], since: date) -> int:
    """The sequence number from which a look back to `since` must read,
    from (sequence number, arrival date) samples in order: the last sample
    that arrived before `since`, so that the window begins after it (mail
    arrives in order; should it not, the parts are uneven, never wrong)."""
    start = dated[0][0] if dated else 1
    for sequence, day in dated:
        if day >= since:
            break
        start = sequence
    return start


def part_count(messages: int) -> int:
    """How many searches a window of `messages` is cut into."""
    return 1 if messages < SPLIT_FROM else min(MAX_PARTS, -(-messages // PART_MESSAGES))


def uid_parts(highest: int, cuts: Sequence[int]) -> list[UidRange]:
    """UID ranges covering 1..`highest` (UIDNEXT - 1) exactly, oldest first,
    a new one starting at each UID of `cuts`. Mail arriving during the scan
    is above them and is new at the next cycle."""
    starts = sorted({cut for cut in cuts if 1 < cut <= highest})
    return list(zip([1, *starts], [cut - 1 for cut in starts] + [highest], strict=True))


def search_criteria(interest: Interest, *, after_uid: int | None,
                    since: date | None, sent: bool = False,
                    uids: UidRange | None = None) -> list[str]:
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
    if uids is not None:
        criteria = ["UID", f"{uids[0]}:{uids[1]}", *criteria]
    return criteria

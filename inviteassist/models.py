"""Plain data shared by the pure core and its edges.

Every type here is a frozen dataclass or an enum: values flow between modules,
nothing here does I/O or reads the clock. Datetimes are always timezone-aware.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum


class Kind(StrEnum):
    """What a message is, as far as the funnel cares (DESIGN section 5)."""

    INVITATION = "invitation"
    INVITATION_REMINDER = "invitation-reminder"
    INVITATION_ACCEPTED = "invitation-accepted"
    MESSAGE_NOTIFICATION = "message-notification"
    MEETING_REPLY = "meeting-reply"
    OTHER = "other"


REQUEST_KINDS = frozenset({Kind.INVITATION, Kind.INVITATION_REMINDER})


class State(StrEnum):
    """Funnel states (DESIGN section 2); a request's state is its latest event's."""

    DETECTED = "detected"
    DRAFTED = "drafted"
    SENT = "sent"
    REPLIED = "replied"
    SCHEDULED = "scheduled"
    SPOKE = "spoke"
    CONNECTED = "connected"
    IGNORED = "ignored"
    SILENT = "silent"
    STALLED = "stalled"
    NO_SHOW = "no-show"

    @classmethod
    def from_word(cls, word: str) -> State | None:
        """The state the owner means by `word`: `ignore`, `noshow`, `No-Show` too."""
        spoken = " ".join(word.strip().lower().split())
        try:
            return cls(STATE_ALIASES.get(spoken, spoken))
        except ValueError:
            return None


# What owners type for a state, beside its own name.
STATE_ALIASES = {"ignore": "ignored", "noshow": "no-show", "no show": "no-show"}


@dataclass(frozen=True)
class MessageRef:
    """Where a message lives: account, folder, UIDVALIDITY and UID.

    Maildir has no UIDs: it uses the file's unique name as `uid` and 0 as
    `uidvalidity`.
    """

    account: str
    folder: str
    uidvalidity: int
    uid: str


@dataclass(frozen=True)
class Envelope:
    """The header facts of one message that the core needs, already decoded."""

    message_id: str | None
    subject: str
    from_name: str
    from_addr: str
    reply_to: str | None
    to_addrs: tuple[str, ...]
    date: datetime | None
    in_reply_to: str | None
    references: tuple[str, ...]


@dataclass(frozen=True)
class Requester:
    name: str | None
    email: str | None = None
    headline: str | None = None
    profile_url: str | None = None
    location: str | None = None  # the notification's line under the headline, as written


@dataclass(frozen=True)
class MeetingReply:
    """An iTIP REPLY or COUNTER: which event (UID, SEQUENCE), who, what answer.

    `proposed_start`/`proposed_end` are the new time a COUNTER asks for (for a
    REPLY, the event's own time when the reply carries it).
    """

    uid: str
    method: str
    partstat: str | None
    attendee: str | None
    sequence: int | None = None
    proposed_start: datetime | None = None
    proposed_end: datetime | None = None


@dataclass(frozen=True)
class Classification:
    """The detector's verdict on one message, with the reasons behind it."""

    kind: Kind
    network: str | None = None
    genuine: bool | None = None
    requester: Requester | None = None
    invitation_id: str | None = None
    note: str | None = None
    meeting_reply: MeetingReply | None = None
    reasons: tuple[str, ...] = ()
    category: str | None = None  # recruiter, sales, founder, student, other (requests only)
    # The requester's language as the message tells it (an ISO 639-1 code): the
    # note's, else the language of the network's wording around it.
    language: str | None = None
    # Why a genuine-looking notification is someone else's, replayed to us (see
    # detect.addresses); such a notification is recorded, never drafted.
    replay: str | None = None
    # For the owner, when the requester's address was dropped: why To is empty.
    address_note: str | None = None
    # Requester facts as the message wrote them, before display cleaning
    # (field name -> text), for `inspect --json`.
    original: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Interval:
    """A half-open span of time [start, end) with aware datetimes."""

    start: datetime
    end: datetime

    def overlaps(self, other: Interval) -> bool:
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True)
class Option:
    """One proposed call time. `uid` is the iCalendar UID of its .ics file."""

    label: str
    start: datetime
    end: datetime
    uid: str

    @property
    def interval(self) -> Interval:
        return Interval(self.start, self.end)


@dataclass(frozen=True)
class Owner:
    name: str
    email: str
    timezone: str


@dataclass(frozen=True)
class Request:
    """One connection request from one person on one network, as stored."""

    id: int
    network: str
    key: str
    requester: Requester
    invitation_id: str | None
    note: str | None
    genuine: bool | None
    notification_message_id: str | None
    notification_subject: str
    created_at: datetime
    state: State = State.DETECTED
    options: tuple[Option, ...] = field(default=())
    language: str | None = None  # the language the reply was written in
    # The requester's zone as the reply assumed it (config, location line or
    # note), and the place named for it: follow-ups keep to it.
    requester_zone: str | None = None
    requester_place: str | None = None


@dataclass(frozen=True)
class Event:
    """One funnel transition: the history from which a request's state derives."""

    request_id: int
    at: datetime
    state: State
    cause: str
    source_message_id: str | None = None


@dataclass(frozen=True)
class Outage:
    """A stretch of time in which the mailbox (or another service) failed."""

    kind: str
    detail: str
    started_at: datetime
    ended_at: datetime | None

    def length(self, now: datetime) -> timedelta:
        return (self.ended_at or now) - self.started_at


@dataclass(frozen=True)
class CalendarProblem:
    """A calendar source that failed (`failed`) or read with a warning."""

    at: datetime
    source: str
    failed: bool
    problem: str


@dataclass(frozen=True)
class AnswerRecord:
    """One line of the owner's reply to a summary, and what became of it."""

    reply_message_id: str
    summary_message_id: str
    at: datetime
    line: str
    request_id: int | None
    applied: bool
    outcome: str


@dataclass(frozen=True)
class SpoofedNotice:
    """A notification that claimed a network but failed authentication."""

    at: datetime
    message_id: str | None
    reason: str

"""`poll --once --dry-run`: the whole cycle against the real mailbox, changing nothing.

The cycle runs unchanged on a throw-away copy of the state file, with a
mailbox that reads the real one but only records what would be appended, an
auto-sender that only records what would be sent, and no hold calendar.
What the copy gained (new requests, new events) and what was recorded is the
plan printed for the owner; the copy is deleted afterwards.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage
from pathlib import Path

from inviteassist.app.autosend import AutoSender
from inviteassist.app.engine import CycleReport, Engine
from inviteassist.app.runtime import open_mailbox
from inviteassist.app.state_file import state_path
from inviteassist.app.templating import template_environment
from inviteassist.calendars.wiring import busy_calendar
from inviteassist.compose.readback import parse_draft
from inviteassist.config.settings import Settings
from inviteassist.mail.deliver import Delivery
from inviteassist.mail.protocol import Mailbox, NewMessages
from inviteassist.models import MessageRef
from inviteassist.store.db import Store


@dataclass(frozen=True)
class PlannedDraft:
    request_id: int | None
    requester: str
    purpose: str
    to: str
    subject: str

    def line(self) -> str:
        to = self.to or "nobody (no address: paste it into the network's message box)"
        return f"would draft  #{self.request_id} {self.requester}: {self.purpose} to {to}, " \
               f"subject {self.subject!r}"


@dataclass(frozen=True)
class PlannedMark:
    request_id: int
    requester: str
    previous: str | None  # None: a new request
    state: str
    cause: str

    def line(self) -> str:
        change = f"{self.previous} -> {self.state}" if self.previous else \
            f"new request, {self.state}"
        return f"would mark   #{self.request_id} {self.requester}: {change} ({self.cause})"


@dataclass
class DryRunPlan:
    report: CycleReport
    drafts: list[PlannedDraft] = field(default_factory=list)
    marks: list[PlannedMark] = field(default_factory=list)
    sends: list[str] = field(default_factory=list)  # "To: subject"

    def lines(self) -> list[str]:
        """What the cycle would do, one line each, for people: a draft that
        leaves its request's state as it was (or makes it `drafted`) shows alone."""
        drafted = {d.request_id for d in self.drafts}
        out = [d.line() for d in self.drafts]
        out += [m.line() for m in self.marks if not (
            m.request_id in drafted and m.state in ("drafted", m.previous))]
        out += [f"would send   {line}" for line in self.sends]
        report = self.report
        out.append(f"read {len(report.processed)} new message(s): {report.count('drafted')} "
                   f"to draft, {report.count('duplicate')} already handled, "
                   f"{report.count('spoofed')} spoofed, {report.count('malformed')} malformed")
        return out


class RecordingMailbox:
    """Reads from the real mailbox; appends are recorded, never made."""

    def __init__(self, real: Mailbox) -> None:
        self.real = real
        self.account = real.account
        self.appended: list[bytes] = []

    def new_messages(self, folder: str, cursor: str | None) -> NewMessages:
        return self.real.new_messages(folder, cursor)

    def fetch(self, ref: MessageRef) -> bytes:
        return self.real.fetch(ref)

    def contains_message_id(self, folder: str, message_id: str) -> str | None:
        return self.real.contains_message_id(folder, message_id)

    def append_draft(self, folder: str, content: bytes) -> str | None:
        return self.append_drafts(folder, [content])[0]

    def append_drafts(self, folder: str, contents: Sequence[bytes]) -> list[str | None]:
        self.appended.extend(contents)
        return [f"not appended to {folder} (dry run)" for _ in contents]

    def has_folder(self, folder: str) -> bool:
        return self.real.has_folder(folder)

    def watch_senders(self, addresses: Sequence[str]) -> None:
        self.real.watch_senders(addresses)

    def describe(self, folders: Sequence[str]) -> list[str]:
        return self.real.describe(folders)

    def close(self) -> None:
        self.real.close()


def dry_run_cycle(settings: Settings, now: datetime) -> DryRunPlan:
    """One full cycle as of `now` against a copy of the state; nothing written."""
    with tempfile.TemporaryDirectory(prefix="inviteassist-dry-run-") as folder:
        copy = Path(folder) / "state.sqlite3"
        if state_path(settings).exists():
            original = Store.open_read_only(state_path(settings))
            try:
                original.backup_to(copy)
            finally:
                original.close()
        store = Store.open(copy)
        mailbox = RecordingMailbox(open_mailbox(settings))
        try:
            return _plan(settings, store, mailbox, now)
        finally:
            store.close()
            mailbox.close()


def _plan(settings: Settings, store: Store, mailbox: RecordingMailbox,
          now: datetime) -> DryRunPlan:
    counted = store.all_events()
    before = {r.id: (r.state.value, len(counted.get(r.id, []))) for r in store.requests()}
    sends: list[str] = []

    def record_send(_settings: Settings, message: EmailMessage) -> Delivery:
        sends.append(f"{message['To']}: {message['Subject']}")
        return Delivery("smtp", "not sent (dry run)")

    def record_filing(_settings: Settings, _content: bytes, _now: datetime) -> Delivery:
        return Delivery("imap-append", "not filed (dry run)")

    engine = Engine(settings, store, mailbox, template_environment(settings),
                    busy=busy_calendar(settings), holds=None)
    engine.outbox.sender = AutoSender(settings, store, send=record_send, file=record_filing)
    report = engine.run_cycle(now)
    plan = DryRunPlan(report, sends=sends)
    names = {r.id: r.requester.name or "?" for r in store.requests()}
    purposes = {d.message_id: (d.request_id, d.purpose) for d in store.drafts()}
    for content in mailbox.appended:
        message = parse_draft(content)
        message_id = str(message["Message-ID"] or "").strip()
        request_id, purpose = purposes.get(message_id, (None, "draft"))
        plan.drafts.append(PlannedDraft(
            request_id, names.get(request_id or 0, "?"), purpose,
            str(message["To"] or ""), str(message["Subject"] or "")))
    history = store.all_events()
    for request in store.requests():
        previous, seen = before.get(request.id, (None, 0))
        events = history.get(request.id, [])
        if len(events) > seen:
            plan.marks.append(PlannedMark(request.id, names[request.id], previous,
                                          request.state.value, events[-1].cause))
    return plan


"""Auto-send (opt-in, `[smtp] auto_send = true`): drafts go out by SMTP.

Takes the drafts waiting in the outbox (stored, not yet appended to Drafts)
and sends the eligible ones by SMTP, then files a copy in Sent and marks the
draft done, so the outbox flush does not also put it in Drafts. Eligible:
a reply, nudge or confirmation, addressed to nobody but the requester whose
address is known and whose notification was verified genuine, within the
daily limit (counted
from midnight in the owner's zone). Everything else waits in Drafts as
before.

Sending is at most once: a row is written (stage `sending`) before the SMTP
conversation and moved to `sent` after it; a crash in between leaves
`sending`, which the next run marks `uncertain` and hands back to the Drafts
folder rather than risk a second copy in the requester's inbox. A message
sent but not yet filed (`sent`) is filed on the next run.

`plan_auto_sends` is pure; `AutoSender` does the I/O. The engine calls
`AutoSender.send_pending(now)` at the start of each outbox flush.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import getaddresses

from inviteassist.compose.readback import parse_draft
from inviteassist.config.settings import Settings
from inviteassist.errors import OperationalError
from inviteassist.mail.deliver import Delivery, file_in_sent, send_smtp
from inviteassist.models import Event, Request, State
from inviteassist.schedule.timefmt import load_zone
from inviteassist.store.db import Store
from inviteassist.store.outbox import PendingDraft
from inviteassist.store.summaries import AutoSendRecord

logger = logging.getLogger(__name__)

# The follow-ups' purposes as compose.followup names them ("confirm", not
# "confirmation"): the calendar updates go out like the confirmation.
SENDABLE_PURPOSES = frozenset({"reply", "nudge", "confirm", "reschedule", "cancel"})

Send = Callable[[Settings, EmailMessage], Delivery]
File = Callable[[Settings, bytes, datetime], Delivery]


@dataclass(frozen=True)
class SendDecision:
    draft: PendingDraft
    send: bool
    reason: str


def local_midnight(now: datetime, timezone: str) -> datetime:
    """The midnight that began `now`'s day in `timezone` (the daily cap counts from it)."""
    local = now.astimezone(load_zone(timezone))
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


def why_not(purpose: str | None, request: Request | None, *,
            recipients: Sequence[str]) -> str | None:
    """Why a draft must wait in Drafts, or None when it may be auto-sent.

    `recipients` are the draft's own To/Cc/Bcc: it goes out only to the
    requester's address, which detection keeps only when verified evidence
    vouches for it (`detect.addresses`), never to an address added elsewhere.
    """
    if purpose not in SENDABLE_PURPOSES:
        return f"a {purpose or 'unknown'} draft is never sent automatically"
    if request is None:
        return "its request is unknown"
    if not request.requester.email:
        return "the requester's address is not known"
    if request.genuine is not True:
        return "the notification was not verified genuine"
    vouched = request.requester.email.lower()
    if not recipients or any(r.lower() != vouched for r in recipients):
        return "the draft is addressed to someone no verified evidence vouches for"
    return None


def draft_recipients(content: bytes) -> list[str]:
    """Every address in the To, Cc and Bcc of a stored draft."""
    message = parse_draft(content)
    return [address for _, address in getaddresses(
        [str(value) for name in ("To", "Cc", "Bcc") for value in message.get_all(name, [])])
        if address]


def plan_auto_sends(drafts: Sequence[PendingDraft], requests: Mapping[int, Request], *,
                    already_today: int, daily_limit: int) -> list[SendDecision]:
    """Which pending drafts to send now, oldest first, within the daily limit."""
    decisions = []
    room = max(0, daily_limit - already_today)
    for draft in drafts:
        reason = why_not(draft.purpose, requests.get(draft.request_id),
                         recipients=draft_recipients(draft.content))
        if reason is None and room == 0:
            reason = f"the daily limit of {daily_limit} auto-sent messages is reached"
        if reason is None:
            room -= 1
        decisions.append(SendDecision(draft, reason is None, reason or "eligible"))
    return decisions


class AutoSender:
    """Sends eligible outbox drafts; `send` and `file` are the SMTP and Sent edges."""

    def __init__(self, settings: Settings, store: Store, *, send: Send = send_smtp,
                 file: File = file_in_sent) -> None:
        self.settings = settings
        self.store = store
        self.send = send
        self.file = file

    def send_pending(self, now: datetime) -> list[AutoSendRecord]:
        """Finish interrupted sends, then send what is eligible; returns those filed."""
        if not self.settings.smtp.auto_send:
            return []
        drafts = self.store.pending_drafts()
        self._recover(now, drafts)
        tried = {r.message_id for r in self.store.auto_sends() if r.stage != "failed"}
        pending = [d for d in drafts if d.message_id not in tried]
        if not pending:  # runs after every group of messages: cheap when idle
            return []
        found = {d.request_id: self.store.request(d.request_id) for d in pending}
        requests = {rid: r for rid, r in found.items() if r is not None}
        today = local_midnight(now, self.settings.owner.timezone)
        decisions = plan_auto_sends(
            pending, requests,
            already_today=sum(1 for r in self.store.auto_sends(since=today)
                              if r.stage != "failed"),
            daily_limit=self.settings.smtp.auto_send_daily_limit)
        filed = []
        for decision in decisions:
            if not decision.send:
                logger.debug("draft %s stays in Drafts: %s", decision.draft.message_id,
                             decision.reason)
                continue
            filed.append(self._send_one(decision.draft, now))
        return filed

    def _recover(self, now: datetime, drafts: list[PendingDraft]) -> None:
        pending = {d.message_id: d for d in drafts}
        for record in self.store.auto_sends():
            draft = pending.get(record.message_id)
            if record.stage == "sending":
                logger.warning("draft %s may or may not have been sent before an interruption:"
                               " it goes to Drafts instead, check before sending it",
                               record.message_id)
                with self.store.transaction():
                    self.store.set_auto_send_stage(record.message_id, "uncertain")
            elif record.stage == "sent" and draft is not None:
                self._file(draft, now)

    def _send_one(self, draft: PendingDraft, now: datetime) -> AutoSendRecord:
        with self.store.transaction():
            self.store.begin_auto_send(AutoSendRecord(draft.message_id, draft.request_id,
                                                      draft.id, "sending", now, None))
        try:
            delivery = self.send(self.settings, parse_draft(draft.content))
        except OperationalError:
            with self.store.transaction():  # certainly not sent: free to try again
                self.store.set_auto_send_stage(draft.message_id, "failed")
            raise
        with self.store.transaction():
            self.store.set_auto_send_stage(draft.message_id, "sent", delivery.location)
        return self._file(draft, now)

    def _file(self, draft: PendingDraft, now: datetime) -> AutoSendRecord:
        """Copy in Sent, the draft marked done, the request's history updated: a
        reply makes the request `sent`; a nudge or confirmation is a fact."""
        copy = self.file(self.settings, draft.content, now)
        location = f"sent by SMTP; copy in {copy.location}"
        with self.store.transaction():
            self.store.mark_draft_appended(draft.id, location, now)
            self.store.link_message(draft.request_id, draft.message_id, "sent", now)
            request = self.store.request(draft.request_id)
            state = (State.SENT if draft.purpose == "reply" or request is None
                     else request.state)
            self.store.add_event(Event(draft.request_id, now, state,
                                       f"{draft.purpose} auto-sent by SMTP", draft.message_id))
            self.store.set_auto_send_stage(draft.message_id, "filed", copy.location)
        logger.info("draft %s auto-sent and filed in %s", draft.message_id, copy.location)
        return AutoSendRecord(draft.message_id, draft.request_id, draft.id, "filed", now,
                              copy.location)

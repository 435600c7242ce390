"""The outbox: drafts recorded in the state file, placed in the Drafts folder
exactly once (steps 2 and 3 of the cycle described in `engine`).

A draft is stored with everything else about its message in one transaction;
`Outbox.flush` then looks for each pending draft's Message-ID in its folder
(a kill after an append but before the mark leaves it there), appends only
those absent, and marks them all appended, with their `drafted` events, in
one transaction. With `[smtp] auto_send`, eligible drafts are sent first.
"""

from __future__ import annotations

import logging
from datetime import datetime

from inviteassist.app.autosend import AutoSender
from inviteassist.config.settings import Settings
from inviteassist.errors import OperationalError
from inviteassist.mail.protocol import Mailbox
from inviteassist.models import Event, State
from inviteassist.store.db import Store
from inviteassist.store.outbox import PendingDraft

logger = logging.getLogger(__name__)


class Outbox:
    def __init__(self, settings: Settings, store: Store, mailbox: Mailbox) -> None:
        self.settings = settings
        self.store = store
        self.mailbox = mailbox
        self.sender = AutoSender(settings, store)  # a dry run swaps in one that only records

    def flush(self, now: datetime) -> dict[int, str | None]:
        """Append every pending draft exactly once.

        Returns where each newly appended draft went, by request id; a draft
        found already in place (appended before a crash) is not counted.
        """
        if self.settings.smtp.auto_send:
            self._auto_send(now)
        appended: dict[int, str | None] = {}
        placed: list[tuple[PendingDraft, str | None]] = []
        try:
            missing: dict[str, list[PendingDraft]] = {}
            for draft in self.store.pending_drafts():
                location = self.mailbox.contains_message_id(draft.folder, draft.message_id)
                if location is None:
                    missing.setdefault(draft.folder, []).append(draft)
                else:
                    logger.info("draft %s was already in %s: not appended again",
                                draft.message_id, draft.folder)
                    placed.append((draft, location))
            for folder, drafts in missing.items():
                locations = self.mailbox.append_drafts(folder, [d.content for d in drafts])
                for draft, location in zip(drafts, locations, strict=True):
                    appended[draft.request_id] = location
                    placed.append((draft, location))
        finally:
            self._mark_appended(placed, now)
        return appended

    def _auto_send(self, now: datetime) -> None:
        """Opt-in: send eligible drafts by SMTP. A failure leaves them for Drafts."""
        try:
            self.sender.send_pending(now)
            with self.store.transaction():
                self.store.end_outage("auto-send", now)
        except OperationalError as exc:
            logger.error("auto-send failed, the drafts go to Drafts instead: %s", exc)
            with self.store.transaction():
                self.store.begin_outage("auto-send", str(exc), now)

    def _drafted_event(self, draft: PendingDraft, now: datetime) -> Event:
        """The first reply makes a request `drafted`; a follow-up draft is a fact."""
        if draft.purpose == "reply":
            return Event(draft.request_id, now, State.DRAFTED,
                         f"reply draft in {draft.folder}", draft.message_id)
        request = self.store.request(draft.request_id)
        state = request.state if request else State.DRAFTED
        return Event(draft.request_id, now, state, f"{draft.purpose} draft in {draft.folder}",
                     draft.message_id)

    def _mark_appended(self, placed: list[tuple[PendingDraft, str | None]],
                       now: datetime) -> None:
        """Step 3 for every draft placed, in one transaction (also after a failure
        part-way, so that the drafts placed before it are not checked again)."""
        if not placed:
            return
        with self.store.transaction():
            for draft, location in placed:
                self.store.mark_draft_appended(draft.id, location, now)
                self.store.add_event(self._drafted_event(draft, now))

"""The waiting list: the real proposal for requests told "my calendar is full".

A reply that could offer no time, even `max_horizon_days` ahead, says the
calendar is full (templates/full.txt.j2) and puts its request on the waiting
list (`store.waiting`). At the start of each cycle, before new mail takes
any time, `WaitingList.propose` drafts the proposal for waiting requests,
oldest first, planned for the zone each was told about, holding its times
like any reply. The first one that still finds no time ends the round:
the least-bad fallback means it found no free slot at all, so none after
it would either. Requests closed meanwhile (ignored, scheduled, spoken …)
leave the list without a proposal.
"""

from __future__ import annotations

import logging
from datetime import datetime

import jinja2

from inviteassist.app.calendaring import invitations_of
from inviteassist.app.offering import hold_expiry, make_offer
from inviteassist.calendars.busy import BusyProvider
from inviteassist.compose.headers import draft_message_id
from inviteassist.compose.reply import ReplyInput, draft_reply
from inviteassist.compose.templates import choose_template
from inviteassist.config.owner import owner_of
from inviteassist.config.settings import Settings
from inviteassist.detect.categories import categorise
from inviteassist.models import Owner, Request, State
from inviteassist.schedule.timefmt import format_local
from inviteassist.store.db import Store
from inviteassist.store.waiting import Waiting

logger = logging.getLogger(__name__)

CLOSED = frozenset({State.IGNORED, State.SCHEDULED, State.SPOKE, State.CONNECTED,
                    State.NO_SHOW})
PROPOSAL = "proposal"  # the drafts' purpose


class WaitingList:
    def __init__(self, settings: Settings, store: Store, templates: jinja2.Environment) -> None:
        self.settings = settings
        self.store = store
        self.templates = templates

    @property
    def owner(self) -> Owner:
        return owner_of(self.settings)

    def propose(self, now: datetime, busy: BusyProvider | None) -> int:
        """Draft proposals for waiting requests while times are free; how many.
        `busy` is the cycle's calendar reader (each source read once per cycle)."""
        drafted, tried = 0, set()
        # The oldest first, one at a time: a full calendar stops at the first,
        # and an idle cycle then reads one entry, not the whole list.
        while (oldest := self.store.waiting(limit=1)) and oldest[0].request_id not in tried:
            entry = oldest[0]
            tried.add(entry.request_id)
            request = self.store.request(entry.request_id)
            if request is None or request.state in CLOSED:
                with self.store.transaction():
                    self.store.leave_waiting(entry.request_id, now, "closed meanwhile")
                continue
            if not self._propose_one(request, entry, now, busy):
                break
            drafted += 1
        if drafted:
            logger.info("drafted %d proposal(s) for requests on the waiting list", drafted)
        return drafted

    def _propose_one(self, request: Request, entry: Waiting, now: datetime,
                     busy: BusyProvider | None) -> bool:
        offer = make_offer(self.settings, busy, self.store.active_holds(now), now,
                           uid_seed=request.key, complete_reasons=False,
                           requester_zone=entry.requester_zone)
        if not offer.options:
            return False
        owner = self.owner
        keywords = self.settings.detection_rules().category_keywords
        category = categorise(request.requester.headline, request.note, keywords).category
        promised = (f"the proposal promised on {format_local(entry.since, owner.timezone)}, "
                    "when your calendar was full: the requester is waiting for it",)
        message_id = draft_message_id(request.key, PROPOSAL, owner.email)
        reply = draft_reply(self.templates, ReplyInput(
            owner=owner, network=request.network, requester=request.requester,
            note=request.note, notification_subject=request.notification_subject,
            notification_message_id=request.notification_message_id,
            notification_references=(), options=offer.options, message_id=message_id,
            now=now, owner_notes=promised + offer.owner_notes,
            template=choose_template(self.settings.templates.replies, request.network,
                                     category),
            category=category, invitations=invitations_of(self.settings),
            requester_timezone=entry.requester_zone, requester_place=entry.requester_place,
            language=request.language, default_language=self.settings.templates.language,
            formal=self.settings.templates.formal))
        with self.store.transaction():
            self.store.add_holds(request.id, offer.options, owner.timezone,
                                 hold_expiry(self.settings, now), now=now)
            self.store.add_draft(request.id, PROPOSAL, message_id, self.settings.folders.drafts,
                                 reply.content, now)
            self.store.link_message(request.id, message_id, "draft", now)
            self.store.leave_waiting(request.id, now, "proposal drafted")
        return True

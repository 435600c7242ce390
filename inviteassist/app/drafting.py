"""Drafting the reply to one new request: its times, its text, and its record.

The engine hands over a classified notification that needs a reply. The
drafter plans the options (in the requester's zone and hours, widening the
horizon, else a "calendar full" reply and the waiting list), renders the
template, and records the request, its holds and the draft's bytes in one
transaction. A template that fails keeps the request as "draft failed"
(retried once templates reload) and the cycle goes on.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

import jinja2

from inviteassist.app.calendaring import invitations_of
from inviteassist.app.offering import (
    Offer,
    full_calendar_note,
    hold_expiry,
    make_offer,
    requester_zone_for,
    zone_notes,
)
from inviteassist.calendars.busy import BusyProvider
from inviteassist.compose.headers import draft_message_id
from inviteassist.compose.reply import ReplyInput, draft_reply
from inviteassist.compose.templates import (
    FULL_TEXT,
    TemplateFailure,
    choose_template,
    offers_times,
)
from inviteassist.config.owner import owner_of
from inviteassist.config.settings import Settings
from inviteassist.detect.parse import ParsedMessage
from inviteassist.funnel.decide import Decision, RequestIdentity, owner_notes_for
from inviteassist.funnel.rules import DRAFT_FAILED
from inviteassist.models import Classification, Event, MessageRef, Request, State
from inviteassist.schedule.planner import Proposal
from inviteassist.schedule.requester_zone import RequesterZone
from inviteassist.store.db import Store
from inviteassist.store.messages import SeenRecord

logger = logging.getLogger(__name__)

DRAFT_FAILED_OUTCOME = "draft-failed"  # a template failed: retried once templates reload


@dataclass(frozen=True)
class Processed:
    """What happened to one message in a cycle, for the command line to show."""

    ref: MessageRef
    subject: str
    sender: str
    kind: str
    outcome: str
    reason: str
    request_id: int | None = None
    draft_location: str | None = None


class ReplyDrafter:
    """Drafts replies for one engine; remembers per cycle which templates offer times."""

    def __init__(self, settings: Settings, store: Store, templates: jinja2.Environment) -> None:
        self.settings = settings
        self.store = store
        self.templates = templates
        self._offers_times: dict[str, bool] = {}  # parsing a template is slow
        # What every draft of this drafter's settings shares, built once.
        self._owner = owner_of(settings)
        self._invitations = invitations_of(settings)

    def new_cycle(self) -> None:
        """Forget what the templates offer: the owner may have edited one since."""
        self._offers_times.clear()

    def draft(self, ref: MessageRef, parsed: ParsedMessage, verdict: Classification,
              identity: RequestIdentity, decision: Decision, now: datetime,
              busy: BusyProvider | None, existing: int | None = None) -> Processed:
        """Draft the reply for a new request (or one whose template failed before:
        `existing`). A template that fails records the request as "draft failed"."""
        try:
            return self._compose_and_record(ref, parsed, verdict, identity, decision, now,
                                            busy, existing)
        except TemplateFailure as exc:
            return self._draft_failed(ref, parsed, verdict, identity, decision, now, existing,
                                      exc)

    def _compose_and_record(self, ref: MessageRef, parsed: ParsedMessage,
                            verdict: Classification, identity: RequestIdentity,
                            decision: Decision, now: datetime, busy: BusyProvider | None,
                            existing: int | None) -> Processed:
        env = parsed.envelope
        owner = self._owner
        requester = verdict.requester
        assert requester is not None  # identify_request needs one
        template = choose_template(self.settings.templates.replies, identity.network,
                                   verdict.category)
        if template not in self._offers_times:
            self._offers_times[template] = offers_times(self.templates, template)
        zone = requester_zone_for(self.settings, requester, verdict.note)
        # A template that offers no times (a decline) needs no calendar at all.
        offer = make_offer(self.settings, busy, self.store.active_holds(now), now,
                           uid_seed=identity.key, complete_reasons=False,
                           requester_zone=zone.zone) \
            if self._offers_times[template] else Offer(Proposal((), ()))
        options = offer.options
        notes = owner_notes_for(verdict) + zone_notes(zone, owner.timezone) + offer.owner_notes
        full = self._offers_times[template] and offer.busy_known and not options
        if full:
            logger.warning("uid %s: no free time within %s days: 'calendar full' reply, the "
                           "request waits for a time", ref.uid, offer.horizon_days)
            template = FULL_TEXT
            notes += (full_calendar_note(offer, self.settings),)
        message_id = draft_message_id(identity.key, "reply", owner.email)
        reply = draft_reply(self.templates, ReplyInput(
            owner=owner, network=identity.network, requester=requester, note=verdict.note,
            notification_subject=env.subject, notification_message_id=env.message_id,
            notification_references=env.references, options=options, message_id=message_id,
            now=now, owner_notes=notes, template=template, category=verdict.category,
            invitations=self._invitations,
            requester_timezone=zone.zone, requester_place=zone.label,
            language=verdict.language, default_language=self.settings.templates.language,
            formal=self.settings.templates.formal))
        with self.store.transaction():
            if existing is None:  # a new request is added with the zone
                request_id = self._add_request(parsed, verdict, identity, decision, now,
                                               reply.language, zone)
            else:
                request_id = existing
                self.store.set_requester_zone(request_id, zone.zone, zone.label)
            self.store.add_holds(request_id, options, owner.timezone,
                                 hold_expiry(self.settings, now), now=now)
            if full:
                self.store.add_waiting(request_id, now, zone.zone, zone.label)
            for problem in offer.problems:
                self.store.add_calendar_problem(problem)
            self.store.add_draft(request_id, "reply", message_id,
                                 self.settings.folders.drafts, reply.content, now)
            self.store.link_message(request_id, message_id, "draft", now)
            if env.message_id:
                self.store.link_message(request_id, env.message_id, "notification", now)
            self.store.record_seen(SeenRecord(ref, env.message_id, verdict.kind.value,
                                              decision.outcome, decision.reason, request_id),
                                   now)
        return Processed(ref, env.subject, env.from_addr, verdict.kind.value,
                         decision.outcome, decision.reason, request_id)

    def _add_request(self, parsed: ParsedMessage, verdict: Classification,
                     identity: RequestIdentity, decision: Decision, now: datetime,
                     language: str | None = None, zone: RequesterZone | None = None) -> int:
        env = parsed.envelope
        assert verdict.requester is not None
        request_id = self.store.add_request(Request(
            id=0, network=identity.network, key=identity.key, requester=verdict.requester,
            invitation_id=verdict.invitation_id, note=verdict.note, genuine=verdict.genuine,
            notification_message_id=env.message_id, notification_subject=env.subject,
            created_at=now, language=language,
            requester_zone=zone.zone if zone else None,
            requester_place=zone.label if zone else None),
            key=identity.key, name_key=identity.name_key)
        self.store.add_event(Event(request_id, now, State.DETECTED, decision.reason,
                                   env.message_id))
        return request_id

    def _draft_failed(self, ref: MessageRef, parsed: ParsedMessage, verdict: Classification,
                      identity: RequestIdentity, decision: Decision, now: datetime,
                      existing: int | None, exc: TemplateFailure) -> Processed:
        """The request is kept, `detected`, with why its draft failed; the cycle goes on."""
        env = parsed.envelope
        reason = DRAFT_FAILED + exc.brief()
        logger.error("uid %s: %s", ref.uid, reason)
        with self.store.transaction():
            request_id = existing or self._add_request(parsed, verdict, identity, decision,
                                                       now)
            self.store.add_event(Event(request_id, now, State.DETECTED, reason,
                                       env.message_id))
            self.store.record_seen(SeenRecord(ref, env.message_id, verdict.kind.value,
                                              DRAFT_FAILED_OUTCOME, reason, request_id), now)
        return Processed(ref, env.subject, env.from_addr, verdict.kind.value,
                         DRAFT_FAILED_OUTCOME, reason, request_id)

"""Calendar messages after the proposals: drafts them into the outbox with the
right METHOD and SEQUENCE, and records each in the state file.

- a time agreed: one REQUEST for the chosen UID (SEQUENCE raised, or kept
  with PARTSTAT=ACCEPTED when the requester accepted by calendar: RFC 5546
  raises SEQUENCE only for a significant change and RFC 6638 3.2.8 resets an
  answer only then); with `proposals = "requests"` a CANCEL for every other
  option;
- the request closed (silent, stalled, ignored, no-show, cancelled): a CANCEL
  for the agreed call, and with "requests" for the proposals still standing;
- a reschedule: a REQUEST with SEQUENCE raised, the answer asked again.
The caller holds the store's transaction, so a draft and its record are one.
"""

from __future__ import annotations

import logging
from datetime import datetime

import jinja2

from inviteassist.compose.calltext import Invitations
from inviteassist.compose.followup import FollowUpInput, compose_followup
from inviteassist.compose.headers import draft_message_id
from inviteassist.compose.templates import TemplateFailure
from inviteassist.config.invitations import sending_address
from inviteassist.config.owner import owner_of
from inviteassist.config.settings import Settings
from inviteassist.funnel.rules import DRAFT_FAILED, NOT_YET_SENT, scheduled_option
from inviteassist.models import Event, Option, Owner, Request, State
from inviteassist.store.db import Store

logger = logging.getLogger(__name__)


def logins_of(settings: Settings) -> tuple[str, ...]:
    """The accounts that send and receive, SMTP first (it sends)."""
    smtp = settings.smtp.username if settings.smtp.host else ""
    imap = settings.imap.username if settings.mailbox.type == "imap" else ""
    return tuple(login for login in (smtp, imap) if login)


def invitations_of(settings: Settings) -> Invitations:
    owner = settings.owner
    organizer = Owner(owner.name, sending_address(owner.email, logins_of(settings)),
                      owner.timezone)
    return Invitations(organizer=organizer, location=settings.call.location,
                       url=settings.call.video_url,
                       as_requests=settings.invitations.proposals == "requests")


def record_followup_failure(store: Store, request: Request, purpose: str,
                            exc: TemplateFailure, now: datetime, reply_to: str | None) -> None:
    """A follow-up whose template fails is a fact in the history (in the state
    the request has now), not a crash of the cycle."""
    cause = f"{purpose} {DRAFT_FAILED}{exc.brief()}"
    logger.error("request %s: %s", request.id, cause)
    current = store.request(request.id)
    store.add_event(Event(request.id, now, current.state if current else request.state, cause,
                          reply_to))


class CalendarMail:
    """Drafts the iTIP follow-ups of one mailbox's requests."""

    def __init__(self, settings: Settings, store: Store, templates: jinja2.Environment) -> None:
        self.settings = settings
        self.store = store
        self.templates = templates
        self.invitations = invitations_of(settings)
        self.owner = owner_of(settings)

    def agreed(self, request: Request, option: Option, now: datetime, reply_to: str | None,
               *, accepted: bool) -> int:
        """The confirmation, then (requests mode) the other options withdrawn;
        returns how many drafts were made."""
        base = self._sequence(option.uid)
        drafts = self._draft(request, "confirm", option, now, reply_to,
                             sequence=base if accepted else base + 1,
                             partstat="ACCEPTED" if accepted else "NEEDS-ACTION")
        if self._proposals_were_requests(request):
            for other in request.options:
                if other.uid != option.uid:
                    drafts += self._cancel(request, other, now, reply_to, withdrawn=True)
        return drafts

    def rescheduled(self, request: Request, option: Option, now: datetime) -> int:
        """The agreed call at its new time: SEQUENCE raised, the answer asked again."""
        return self._draft(request, "reschedule", option, now, None,
                    sequence=self._sequence(option.uid) + 1, partstat="NEEDS-ACTION")

    def closed(self, request: Request, now: datetime) -> int:
        """A request ends without the call: cancel what the requester's calendar
        holds (nothing when our reply never went out)."""
        if request.state in NOT_YET_SENT:
            return 0
        agreed = (scheduled_option(request, self.store.events(request.id))
                  if request.state is State.SCHEDULED else None)
        drafts = 0
        if agreed is not None:
            drafts += self._cancel(request, agreed, now, None, withdrawn=False)
        if self._proposals_were_requests(request):
            for option in request.options:
                if agreed is None or option.uid != agreed.uid:
                    drafts += self._cancel(request, option, now, None, withdrawn=True)
        return drafts

    def _proposals_were_requests(self, request: Request) -> bool:
        return self.invitations.as_requests and bool(request.requester.email)

    def _cancel(self, request: Request, option: Option, now: datetime, reply_to: str | None,
                *, withdrawn: bool) -> int:
        last = self.store.last_itip(option.uid)
        if last is not None and last.method == "CANCEL":
            return 0
        return self._draft(request, "cancel", option, now, reply_to,
                           sequence=(last.sequence if last else 0) + 1,
                           partstat="NEEDS-ACTION", withdrawn=withdrawn)

    def _sequence(self, uid: str) -> int:
        """The SEQUENCE last sent for `uid`: 0 when only the proposal went out."""
        last = self.store.last_itip(uid)
        return last.sequence if last else 0

    def _draft(self, request: Request, purpose: str, option: Option, now: datetime,
               reply_to: str | None, *, sequence: int, partstat: str,
               withdrawn: bool = False) -> int:
        message_id = draft_message_id(f"{request.key}\0{option.uid}\0{now.isoformat()}",
                                      purpose, self.owner.email)
        try:
            message = compose_followup(self.templates, FollowUpInput(
                owner=self.owner, request=request, purpose=purpose, chosen=option,
                in_reply_to=reply_to or request.notification_message_id, message_id=message_id,
                now=now, default_language=self.settings.templates.language,
                formal=self.settings.templates.formal, invitations=self.invitations,
                sequence=sequence, partstat=partstat, withdrawn=withdrawn))
        except TemplateFailure as exc:  # the agreement stands; only this draft is missing
            record_followup_failure(self.store, request, purpose, exc, now, reply_to)
            return 0
        method = "CANCEL" if purpose == "cancel" else "REQUEST"
        self.store.add_draft(request.id, purpose, message_id, self.settings.folders.drafts,
                             message.as_bytes(), now)
        self.store.link_message(request.id, message_id, purpose, now)
        self.store.record_itip(request.id, option.uid, method, sequence, now)
        logger.info("request %s: %s drafted for option %s (SEQUENCE %s)", request.id,
                    purpose, option.label, sequence)
        return 1

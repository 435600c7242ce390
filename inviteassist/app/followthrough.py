"""Follow-through on the I/O side: find the request a message is about, ask
`funnel` what it means, and carry the answer out in the state file.

A message is evidence about a request when it is
- in the Sent folder and threaded to the request's messages or addressed to
  the requester: the owner sent the reply;
- threaded to the request's messages, or from the requester's address: a
  reply (an auto-reply or bounce is only noted; the text is matched against
  the offered options);
- a calendar reply whose UID is one of our options;
- the network's "X messaged you" notification naming the requester.
Follow-up drafts (the calendar messages of `calendaring`, the one nudge) go
through the same outbox as the first reply.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from string import ascii_uppercase

import jinja2

from inviteassist.app.calendaring import CalendarMail, record_followup_failure
from inviteassist.app.offering import hold_expiry, make_offer
from inviteassist.app.tracking import deadlines_from
from inviteassist.calendars.busy import BusyProvider
from inviteassist.compose.followup import FollowUpInput, compose_followup
from inviteassist.compose.headers import draft_message_id
from inviteassist.compose.templates import TemplateFailure
from inviteassist.config.schema import zone_for
from inviteassist.config.settings import Settings
from inviteassist.detect.autoreply import judge_auto_reply
from inviteassist.detect.parse import ParsedMessage
from inviteassist.funnel.decide import normalise_name
from inviteassist.funnel.replymatch import match_reply
from inviteassist.funnel.rules import (
    OPEN,
    Step,
    deadlines,
    meeting_reply_problem,
    on_auto_reply,
    on_ignored_meeting_reply,
    on_meeting_reply,
    on_reply,
    on_sent,
    sweep,
)
from inviteassist.models import Classification, Event, Kind, Option, Owner, Request
from inviteassist.store.db import Store

logger = logging.getLogger(__name__)

def _label(index: int) -> str:
    """A, B … Z, then A1, B1 …: a request's options keep distinct labels."""
    return ascii_uppercase[index % 26] + (str(index // 26) if index >= 26 else "")


def sent_time(date: datetime | None, events: list[Event], now: datetime) -> datetime:
    """When the owner sent a message: its Date, unless it lies in the future or
    before the request's last event (a wrong clock); then the moment seen."""
    if date is None or date.tzinfo is None or date > now:
        return now
    return date if not events or date >= events[-1].at else now


@dataclass(frozen=True)
class Outcome:
    """What a follow-through message was, for the seen-messages record."""

    outcome: str
    reason: str
    request_id: int


class FollowThrough:
    def __init__(self, settings: Settings, store: Store, templates: jinja2.Environment,
                 busy: BusyProvider | None = None) -> None:
        self.settings = settings
        self.store = store
        self.templates = templates
        self.busy = busy  # for the fresh times of a nudge
        self._due: dict[int, datetime] = {}  # open requests' next deadline, by id
        self._events_seen: int | None = None  # the last event `_due` accounts for
        self.calendar = CalendarMail(settings, store, templates)
        self.owner: Owner = self.calendar.owner  # asked for every message a scan reads


    # -- messages ---------------------------------------------------------------

    def sent_copy(self, parsed: ParsedMessage, now: datetime) -> Outcome | None:
        """A message in the Sent folder: did the owner answer a request?"""
        env = parsed.envelope
        request_id = self.store.request_for_messages(
            tuple(filter(None, (env.in_reply_to, *env.references, env.message_id))))
        for address in env.to_addrs if request_id is None else ():
            request_id = self.store.request_for_address(address)
            if request_id is not None:
                break
        request = self.store.request(request_id) if request_id is not None else None
        if request is None:
            return None
        if not request.requester.email and len(env.to_addrs) == 1:
            with self.store.transaction():  # the nudge goes where the owner's reply went
                self.store.remember_address(request.id, env.to_addrs[0])
        at = sent_time(env.date, self.store.events(request.id), now)
        self._apply(request, on_sent(request, at, env.message_id, "your reply is in Sent"),
                    now, env.message_id, "sent")
        return Outcome("sent-copy", "the owner's reply to a request", request.id)

    def incoming(self, parsed: ParsedMessage, verdict: Classification,
                 now: datetime) -> Outcome | None:
        """A message in a watched folder that may be about a known request."""
        if verdict.kind is Kind.MEETING_REPLY and verdict.meeting_reply:
            return self._meeting_reply(parsed, verdict, now)
        if verdict.kind is Kind.MESSAGE_NOTIFICATION and verdict.network:
            if verdict.genuine is False or verdict.replay:
                return None  # a spoofed or replayed notification answers for nobody
            return self._network_message(parsed, verdict, now)
        if verdict.kind is not Kind.OTHER or verdict.genuine is False:
            return None
        request = self._thread_or_sender(parsed)
        if request is None:
            return None
        env = parsed.envelope
        auto = judge_auto_reply(parsed.message)
        if auto is not None:
            self._apply(request, on_auto_reply(request, now, env.message_id, auto.kind,
                                               auto.return_date), now, env.message_id, "reply")
            return Outcome(auto.kind, "; ".join(auto.reasons) or auto.kind, request.id)
        requester = request.requester
        match = match_reply(parsed.text, request.options,
                            received=env.date or now, timezone=self.owner.timezone,
                            requester_zone=zone_for(
                                self.settings.availability.requester_timezones,
                                requester.email, requester.profile_url, requester.name)
                            or request.requester_zone)
        picked = next((o for o in request.options if o.label == match.label), None)
        step = on_reply(request, now, env.message_id,
                        picked=picked if match.kind == "option" else None,
                        counter=match.proposed if match.kind == "counter" else None,
                        counter_free=self._is_free(match.proposed, request.id))
        self._apply(request, step, now, env.message_id, "reply")
        return Outcome(f"reply-{match.kind}", "; ".join(match.reasons) or "a reply",
                       request.id)

    def _thread_or_sender(self, parsed: ParsedMessage) -> Request | None:
        env = parsed.envelope
        request_id = self.store.request_for_messages(
            tuple(filter(None, (env.in_reply_to, *env.references))))
        sender = env.from_addr.lower()
        if request_id is None and sender and sender != self.owner.email.lower():
            request_id = self.store.request_for_address(sender)
            if request_id is None and env.reply_to:
                request_id = self.store.request_for_address(env.reply_to)
        return self.store.request(request_id) if request_id is not None else None

    def _meeting_reply(self, parsed: ParsedMessage, verdict: Classification,
                       now: datetime) -> Outcome | None:
        reply = verdict.meeting_reply
        assert reply is not None
        found = self.store.request_for_option(reply.uid) if reply.uid else None
        request = self.store.request(found[0]) if found else None
        env = parsed.envelope
        if request is None or found is None:
            unknown = f"a calendar {reply.method} for a time never offered (UID {reply.uid[:80]!r})"
            known = self.store.request_for_address(reply.attendee or env.from_addr)
            return self._ignored(self.store.request(known) if known else None, unknown, now,
                                 env.message_id)
        option = next(o for o in request.options if o.label == found[1])
        last = self.store.last_itip(option.uid)
        problem = meeting_reply_problem(request, reply, now=now, cancelled=bool(
            last and last.method == "CANCEL"))
        if problem is not None:
            return self._ignored(request, problem, now, env.message_id)
        step = on_meeting_reply(request, now, env.message_id, option, reply.partstat,
                                reply.method, reply.proposed_start)
        self._apply(request, step, now, env.message_id, "reply")
        return Outcome(f"meeting-reply-{(reply.partstat or reply.method).lower()}",
                       f"calendar {reply.method} for option {option.label}", request.id)

    def _ignored(self, request: Request | None, problem: str, now: datetime,
                 message_id: str | None) -> Outcome | None:
        """A calendar answer we do not act on: a warning, and a fact in the
        history of the request it concerns (when known); the state stays."""
        if request is None:
            logger.warning("%s: ignored", problem)
            return None
        logger.warning("request %s: %s: state unchanged", request.id, problem)
        self._apply(request, on_ignored_meeting_reply(request, now, message_id, problem), now,
                    message_id, "reply")
        return Outcome("meeting-reply-ignored", problem, request.id)

    def _network_message(self, parsed: ParsedMessage, verdict: Classification,
                         now: datetime) -> Outcome | None:
        name = normalise_name(verdict.requester.name if verdict.requester else None)
        request_id = self.store.find_request(verdict.network or "", invitation_id=None,
                                             profile_url=None, name_key=name)
        request = self.store.request(request_id) if request_id is not None else None
        if request is None:
            return None
        snippet = (verdict.note or "").strip().replace("\n", " ")[:200]
        what = f"a {verdict.network} message" + (f": “{snippet}”" if snippet else "")
        env = parsed.envelope
        self._apply(request, on_reply(request, now, env.message_id, what=what), now,
                    env.message_id, "reply")
        return Outcome("network-message", what, request.id)

    def _nudge_options(self, request: Request, now: datetime) -> tuple[tuple[Option, ...], bool]:
        """The offered times still held and ahead; when none is, fresh ones
        (labelled after the earlier ones, held by the caller), and True."""
        held = self.store.held_option_uids(request.id, now)
        ahead = tuple(o for o in request.options if o.uid in held and o.start > now)
        if ahead:
            return ahead, False
        offer = make_offer(self.settings, self.busy, self.store.active_holds(now), now,
                           uid_seed=f"{request.key}\0nudge\0{now.isoformat()}",
                           complete_reasons=False, requester_zone=request.requester_zone)
        first = len(request.options)
        return tuple(replace(o, label=_label(first + n))
                     for n, o in enumerate(offer.options)), True

    def _is_free(self, moment: datetime | None, request_id: int) -> bool | None:
        if moment is None:
            return None
        call_end = moment + timedelta(minutes=self.settings.availability.call_minutes)
        held = self.store.active_holds(moment)
        return not any(h.start < call_end and moment < h.end for h in held)

    # -- the clock ---------------------------------------------------------------

    def sweep(self, now: datetime) -> int:
        """Deadlines for every open request; returns how many changed.

        The first sweep reads every open request (closed ones, years of
        them, are never read). Later ones read only those whose deadline has
        come and those with new events since (from this process or another,
        such as `mark`): an idle cycle then costs one query, not two per
        request.
        """
        history: dict[int, list[Event]] | None = None
        if self._events_seen is None:  # the first sweep reads the open requests at once
            mark = self.store.last_event_id()
            requests = self.store.requests(states=OPEN)
            history = self.store.all_events([r.id for r in requests])
        else:
            mark, touched = self.store.requests_changed_after(self._events_seen)
            due = {request_id for request_id, when in self._due.items() if when <= now}
            requests = [r for i in sorted(touched | due) if (r := self.store.request(i))]
        self._events_seen = None  # should this sweep fail part-way, the next reads all
        rules = deadlines_from(self.settings)
        changed = 0
        # Told "my calendar is full", they wait for us: no nudge, never silent.
        waiting = {entry.request_id for entry in self.store.waiting()} if requests else set()
        for request in requests:
            self._due.pop(request.id, None)
            if request.state not in OPEN or request.id in waiting:
                continue
            events = (history.get(request.id, []) if history is not None
                      else self.store.events(request.id))
            step = sweep(request, events, now, rules)
            if step.changes:  # its new events bring it back at the next sweep
                self._apply(request, step, now, None, None)
                changed += 1
                continue
            ahead = [when for when, _ in deadlines(request, events, rules)]
            if ahead:
                self._due[request.id] = min(ahead)
        self._events_seen = mark
        return changed

    # -- carrying a step out ---------------------------------------------------------

    def _apply(self, request: Request, step: Step, now: datetime, message_id: str | None,
               role: str | None) -> None:
        with self.store.transaction():
            if message_id and role:
                self.store.link_message(request.id, message_id, role, now)
            for event in step.events:
                self.store.add_event(event)
                logger.info("request %s: %s (%s)", request.id, event.state.value, event.cause)
            if step.release_all:
                self.store.release_holds(request.id, now, step.events[-1].cause
                                         if step.events else "closed")
                self.calendar.closed(request, now)
            if step.keep_uid:
                self.store.release_holds(request.id, now, "another time was agreed",
                                         keep_uid=step.keep_uid)
                if step.keep_until:
                    self.store.extend_hold(step.keep_uid, step.keep_until)
            if step.release_uid:
                self.store.release_holds(request.id, now, "declined", only_uid=step.release_uid)
            if step.confirm is not None:
                self.calendar.agreed(request, step.confirm, now, message_id,
                                     accepted=step.accepted)
            if step.nudge:
                self._queue(request, "nudge", now, message_id)

    def _queue(self, request: Request, purpose: str, now: datetime,
               reply_to: str | None) -> None:
        """A follow-up without a calendar object (the nudge)."""
        message_id = draft_message_id(f"{request.key}\0{now.isoformat()}", purpose,
                                      self.owner.email)
        options, fresh = self._nudge_options(request, now)
        try:
            message = compose_followup(self.templates, FollowUpInput(
                owner=self.owner, request=request, purpose=purpose, chosen=None,
                in_reply_to=reply_to or request.notification_message_id,
                message_id=message_id, now=now,
                default_language=self.settings.templates.language,
                formal=self.settings.templates.formal, invitations=self.calendar.invitations,
                options=options, fresh=fresh))
        except TemplateFailure as exc:  # the facts stand; only this draft is missing
            record_followup_failure(self.store, request, purpose, exc, now, reply_to)
            return
        if fresh and options:  # held only once the nudge that offers them exists
            self.store.add_holds(request.id, options, self.owner.timezone,
                                 hold_expiry(self.settings, now), now=now)
        self.store.add_draft(request.id, purpose, message_id, self.settings.folders.drafts,
                             message.as_bytes(), now)
        self.store.link_message(request.id, message_id, purpose, now)

"""The funnel's rules: (a request, what just happened or the clock) -> new events.

Pure: every function takes the request, its history and `now`, and returns
a `Step` saying which events to add, which holds to release or keep, and
which follow-up draft to prepare. The engine carries the step out in one
transaction. A fact that changes no state (an out-of-office, a
counter-proposal, "the call time has passed") is an event that repeats the
current state, so the history keeps it and the state stays derived.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from inviteassist.detect.networks.pages import INVITATION_PAGES, network_name
from inviteassist.models import Event, MeetingReply, Option, Request, State
from inviteassist.schedule.grid import add_business_days

# A reply proves the draft went out: before these states a reply adds `sent`.
NOT_YET_SENT = frozenset({State.DETECTED, State.DRAFTED})
# States in which a reply or a picked time still moves the request on.
AWAITING = frozenset({State.DETECTED, State.DRAFTED, State.SENT, State.REPLIED, State.SILENT,
                      State.STALLED})
# Open requests: the clock may still move them (deadlines, nudges, calls to
# check) and drafts of theirs may still wait; the others are history.
OPEN = frozenset({State.DETECTED, State.DRAFTED, State.SENT, State.REPLIED, State.SCHEDULED})
INVITATION_LIFETIME = timedelta(days=21)  # LinkedIn withdraws unanswered invitations
CALL_PASSED = "call time passed: did it happen?"
COUNTER = "counter-proposal"
EXPIRED = "invitation expired on the network"
NUDGED = "nudge drafted"
DRAFT_FAILED = "draft failed: "  # + `file:line: reason`; retried after a template change
NUDGE_MISSED = ("no nudge: its moment passed together with the reply deadline "
                "(inviteassist was not running)")


@dataclass(frozen=True)
class Deadlines:
    """The tracking rules, from [tracking] in the config."""

    reply_days: int = 5           # business days after sending before `silent`
    nudge_days: int | None = 3    # business days before one nudge; None: never
    stalled_days: int = 7         # calendar days from a reply to `stalled`


@dataclass(frozen=True)
class Step:
    events: tuple[Event, ...] = ()
    release_all: bool = False
    keep_uid: str | None = None           # release all but this one (a time was agreed)
    release_uid: str | None = None        # release only this one (an option declined)
    keep_until: datetime | None = None    # hold the kept option until the call is over
    confirm: Option | None = None         # draft a confirmation for this option
    accepted: bool = False                # the requester accepted `confirm` by calendar
    nudge: bool = False                   # draft the one nudge
    notes: tuple[str, ...] = field(default=())

    @property
    def changes(self) -> bool:
        return bool(self.events or self.release_all or self.release_uid or self.confirm
                    or self.nudge)


def transitions(events: Sequence[Event]) -> list[Event]:
    """The events that changed the state; the others are facts that repeat it
    (a counter-proposal, "call time passed", an out-of-office)."""
    return [e for i, e in enumerate(events) if i == 0 or events[i - 1].state is not e.state]


def entered(events: Sequence[Event]) -> Event | None:
    """The event by which the request entered its current state: the last of
    `transitions`, found from the end (listings ask it of every request)."""
    if not events:
        return None
    i = len(events) - 1
    state = events[i].state
    while i > 0 and events[i - 1].state is state:
        i -= 1
    return events[i]


def state_since(request: Request, events: Sequence[Event]) -> datetime:
    """When the request entered its current state (facts since do not count)."""
    event = entered(events)
    return event.at if event else request.created_at


def _event(request: Request, at: datetime, state: State, cause: str,
           message_id: str | None = None) -> Event:
    return Event(request.id, at, state, cause, message_id)


def _fact(request: Request, at: datetime, cause: str, message_id: str | None = None) -> Event:
    return _event(request, at, request.state, cause, message_id)


def on_sent(request: Request, at: datetime, message_id: str | None, how: str) -> Step:
    """The owner's reply went out (seen in Sent, or marked)."""
    if request.state not in NOT_YET_SENT:
        return Step()
    return Step(events=(_event(request, at, State.SENT, how, message_id),))


def _proof_of_sending(request: Request, at: datetime, message_id: str | None) -> list[Event]:
    if request.state in NOT_YET_SENT:
        return [_event(request, at, State.SENT, "a reply came back, so the draft was sent",
                       message_id)]
    return []


def on_reply(request: Request, at: datetime, message_id: str | None, *,
             picked: Option | None = None, counter: datetime | None = None,
             counter_free: bool | None = None, what: str = "an email reply") -> Step:
    """A human answer from the requester: it may pick one of our options."""
    if request.state not in AWAITING:
        return Step(events=(_fact(request, at, f"{what} after the request was "
                                  f"{request.state.value}", message_id),))
    events = _proof_of_sending(request, at, message_id)
    if picked is not None:
        return _agreed(request, at, message_id, picked, f"{what} picked option {picked.label}",
                       events)
    if request.state is not State.REPLIED:
        events.append(_event(request, at, State.REPLIED, what, message_id))
    if counter is not None:
        free = {True: "free", False: "busy", None: "not checked"}[counter_free]
        events.append(Event(request.id, at, State.REPLIED,
                            f"{COUNTER}: {counter.isoformat()} ({free} in your calendar)",
                            message_id))
    return Step(events=tuple(events))


def _agreed(request: Request, at: datetime, message_id: str | None, option: Option,
            cause: str, before: list[Event], *, accepted: bool = False) -> Step:
    events = [*before]
    if request.state is not State.REPLIED and not any(e.state is State.REPLIED for e in events):
        events.append(_event(request, at, State.REPLIED, cause, message_id))
    events.append(_event(request, at, State.SCHEDULED,
                         f"{cause}: {option.start.isoformat()}", message_id))
    return Step(events=tuple(events), keep_uid=option.uid, keep_until=option.end,
                confirm=option, accepted=accepted)


def on_meeting_reply(request: Request, at: datetime, message_id: str | None, option: Option,
                     partstat: str | None, method: str,
                     proposed: datetime | None = None) -> Step:
    """A calendar answer (iTIP REPLY or COUNTER) to one of our options."""
    status = (partstat or "").upper()
    events = _proof_of_sending(request, at, message_id)
    if method.upper() == "COUNTER" or (proposed is not None and status != "ACCEPTED"):
        return on_reply(request, at, message_id, counter=proposed,
                        what=f"a calendar counter-proposal to option {option.label}")
    if status == "ACCEPTED" and request.state in AWAITING:
        return _agreed(request, at, message_id, option,
                       f"calendar accepted option {option.label}", events, accepted=True)
    if status == "DECLINED":
        if request.state is not State.REPLIED and request.state in AWAITING:
            events.append(_event(request, at, State.REPLIED,
                                 f"calendar declined option {option.label}", message_id))
        else:
            events.append(_fact(request, at, f"calendar declined option {option.label}",
                                message_id))
        return Step(events=tuple(events), release_uid=option.uid)
    return on_reply(request, at, message_id,
                    what=f"a calendar reply ({status or 'no status'}) to option {option.label}")


def meeting_reply_problem(request: Request, reply: MeetingReply, *, cancelled: bool,
                          now: datetime) -> str | None:
    """Why a calendar answer to one of our options must not move the request,
    or None: it answers a time we cancelled, it comes from someone we did not
    invite, or it counter-proposes a time already past."""
    method = reply.method.upper()
    if cancelled:
        return f"a calendar {method} for a time that was cancelled"
    invited = (request.requester.email or "").lower()
    if invited and reply.attendee and reply.attendee.lower() != invited:
        return f"a calendar {method} from {reply.attendee}, who was not invited"
    if method == "COUNTER" and reply.proposed_start is not None and reply.proposed_start <= now:
        return f"a calendar counter-proposal for a past time ({reply.proposed_start.isoformat()})"
    return None


def on_ignored_meeting_reply(request: Request, at: datetime, message_id: str | None,
                             problem: str) -> Step:
    """A calendar answer we will not act on: kept as a fact, state unchanged."""
    return Step(events=(_fact(request, at, f"ignored: {problem}", message_id),))


def on_auto_reply(request: Request, at: datetime, message_id: str | None, kind: str,
                  return_date: date | None) -> Step:
    """Out-of-office or bounce: kept as a fact, never counted as a reply."""
    back = f", back on {return_date.isoformat()}" if return_date else ""
    return Step(events=(_fact(request, at, f"{kind}{back}", message_id),))


def deadlines(request: Request, events: list[Event],
              rules: Deadlines) -> list[tuple[datetime, str]]:
    """(when, what) for each thing the clock will do to this request, as its
    history stands: `sweep` acts on those that are due, and a caller that
    knows the earliest need not look at the request again before it."""
    causes = {e.cause for e in events}
    since = state_since(request, events)
    ahead: list[tuple[datetime, str]] = []
    if (request.network == "linkedin" and EXPIRED not in causes
            and request.state in (State.DETECTED, State.DRAFTED, State.SENT)):
        ahead.append((request.created_at + INVITATION_LIFETIME, EXPIRED))
    if request.state is State.SENT:
        if (rules.nudge_days is not None and not causes & {NUDGED, NUDGE_MISSED}
                and rules.nudge_days < rules.reply_days):
            ahead.append((add_business_days(since, rules.nudge_days), NUDGED))
        else:  # silence is looked at once the nudge is out (or when there is none)
            ahead.append((add_business_days(since, rules.reply_days), State.SILENT.value))
    elif request.state is State.REPLIED:
        ahead.append((since + timedelta(days=rules.stalled_days), State.STALLED.value))
    elif request.state is State.SCHEDULED and CALL_PASSED not in causes:
        chosen = scheduled_option(request, events)
        if chosen is not None:
            ahead.append((chosen.end, CALL_PASSED))
    return ahead


def sweep(request: Request, events: list[Event], now: datetime, rules: Deadlines) -> Step:
    """What the passing of time does to one request, replayed in order: each
    deadline passed is applied at its own time (after downtime, silence is
    dated at the deadline, not at the poll that noticed it), and a nudge whose
    moment passed together with the reply deadline is not drafted."""
    found: list[Event] = []
    release = nudge = False
    current, history = request, list(events)
    for _ in range(8):  # each round closes one deadline; a request has few
        due = sorted((when, what) for when, what in deadlines(current, history, rules)
                     if when <= now)
        if not due:
            break
        when, what = due[0]
        if what == State.SILENT.value:
            event = _event(current, when, State.SILENT,
                           f"no reply within {rules.reply_days} business days")
            release = True
        elif what == State.STALLED.value:
            event = _event(current, when, State.STALLED,
                           f"replied but agreed no time within {rules.stalled_days} days")
            release = True
        elif what == NUDGED and reply_deadline(current, history, rules) <= now:
            event = _fact(current, when, NUDGE_MISSED)
        elif what == NUDGED:
            event = _fact(current, now, NUDGED)  # drafted now, while it still helps
            nudge = True
        else:
            event = _fact(current, when, what)
        found.append(event)
        history.append(event)
        current = replace(current, state=event.state)
    return Step(events=tuple(found), release_all=release, nudge=nudge)


def reply_deadline(request: Request, events: Sequence[Event], rules: Deadlines) -> datetime:
    """When a sent request with no answer becomes silent."""
    return add_business_days(state_since(request, events), rules.reply_days)


def scheduled_option(request: Request, events: Sequence[Event]) -> Option | None:
    """The option the latest `scheduled` event agreed on. Facts that repeat
    the state ("confirm draft in Drafts") name no option and are passed over."""
    for event in reversed(events):
        if event.state is State.SCHEDULED:
            for option in request.options:
                if f"option {option.label}:" in event.cause:
                    return option
    return None


# The state in which each kind of draft still has a point: once the request
# has moved on (the reply marked sent, an answer after the nudge, the call
# held), the draft left in Drafts is not the owner's next step any more.
DRAFT_WAITS_IN = {"reply": (State.DETECTED, State.DRAFTED), "nudge": (State.SENT,),
                  "confirmation": (State.SCHEDULED,),
                  # the times promised with a "calendar full" reply (app.waiting)
                  "proposal": (State.DETECTED, State.DRAFTED, State.SENT)}


def draft_waits(purpose: str, state: State) -> bool:
    """Whether an unsent draft of `purpose` still waits for the owner."""
    return state in DRAFT_WAITS_IN.get(purpose, ())


def draft_failure(request: Request, events: Sequence[Event]) -> str | None:
    """Why the reply could not be drafted (`file:line: reason`), while it still cannot."""
    if request.state is State.DETECTED and events and events[-1].cause.startswith(DRAFT_FAILED):
        return events[-1].cause.removeprefix(DRAFT_FAILED)
    return None


def next_step(request: Request, events: Sequence[Event], now: datetime, rules: Deadlines,
              describe: Callable[[Option], str], waiting: Sequence[str] = ()) -> str:
    """What should happen next for this request, in a few words for the owner.
    `waiting`: the purposes of its unsent drafts that still wait (`draft_waits`)."""
    state = request.state
    chosen = scheduled_option(request, events) if state is State.SCHEDULED else None
    if "confirmation" in waiting:
        call = f", then the call {describe(chosen)}" if chosen and now < chosen.end else ""
        return f"send the confirmation in your Drafts folder{call}"
    if "nudge" in waiting:
        return "send the nudge in your Drafts folder (or delete it)"
    if "proposal" in waiting:
        return "send the proposal of times in your Drafts folder"
    failure = draft_failure(request, events)
    if failure is not None:
        return f"fix the template ({failure}), then reload (SIGHUP) or restart the daemon"
    if state is State.DETECTED:
        return "draft being prepared"
    if state is State.DRAFTED:
        if not request.requester.email:
            page = INVITATION_PAGES.get(request.network)
            return (f"paste into {network_name(request.network)}'s message box"
                    f"{': ' + page if page else ''} (`inviteassist reply {request.id}` "
                    f"prints the text), then `mark {request.id} sent`")
        return "send the draft in your Drafts folder"
    if state is State.SENT:
        deadline = reply_deadline(request, events, rules)
        if deadline <= now:  # the sweep has not run since: never show a past date
            return "no reply by the deadline: becomes silent at the next poll"
        return f"waiting for a reply until {deadline:%a %d %b}"
    if state is State.REPLIED:
        since = state_since(request, events)
        if any(e.cause.startswith(COUNTER) for e in events if e.at >= since):
            return "answer their counter-proposal"
        return "agree a time with them"
    if state is State.SCHEDULED:
        if chosen is not None and now < chosen.end:
            return f"call {describe(chosen)}"
        return "did the call happen? mark spoke or no-show"
    if state is State.SPOKE:
        return "connect, then mark connected"
    return "nothing"

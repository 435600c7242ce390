"""What a reply offers: busy time asked, options planned, and what to tell the owner.

`make_offer` is shared by the engine and the `draft`, `propose` and `check`
commands, so that a preview can never differ from what the daemon offers. It
asks the busy provider for the horizon, plans options around busy time and
other requests' holds, and turns calendar trouble into notes for the owner
(shown in the draft) and `CalendarProblem` rows (kept for the summary). When
the busy time is unknown under `on_failure = "propose-nothing"`, the offer has
no options at all.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from inviteassist.calendars.busy import BusyProvider, BusyUnavailable, SourceError, SourceReport
from inviteassist.compose.headers import message_domain
from inviteassist.config.settings import Settings
from inviteassist.models import CalendarProblem, Interval, Option
from inviteassist.schedule.grid import add_business_days
from inviteassist.schedule.planner import Proposal, Skip, plan_options
from inviteassist.store.db import Store
from inviteassist.store.holds import HeldCall

logger = logging.getLogger(__name__)


class HoldMirror(Protocol):
    """Somewhere the active holds are shown (`dav.DavHolds`)."""

    @property
    def label(self) -> str: ...

    def sync(self, holds: Sequence[HeldCall], now: datetime) -> tuple[int, int]: ...


@dataclass(frozen=True)
class Offer:
    proposal: Proposal
    owner_notes: tuple[str, ...] = ()
    problems: tuple[CalendarProblem, ...] = ()
    busy_known: bool = True

    @property
    def options(self) -> tuple[Option, ...]:
        return self.proposal.options


def make_offer(settings: Settings, busy: BusyProvider | None, held: Sequence[Interval],
               now: datetime, *, uid_seed: str, complete_reasons: bool = True) -> Offer:
    """The options to offer now, with notes and problems from the calendars.
    `complete_reasons` False (drafting) stops the search at enough options."""
    rules = settings.availability_rules()
    try:
        intervals = busy.intervals(*busy_window(settings, now)) if busy is not None else ()
    except BusyUnavailable as exc:
        names = ", ".join(r.source for r in exc.failures)
        logger.warning("%s", exc)
        return Offer(Proposal((), ()), (
            f"your calendar could not be read ({names}: "
            f"{'; '.join(r.problems[0] for r in exc.failures)}), so no times are proposed "
            "rather than risk a clash; add times yourself, or fix the calendar and draft "
            "again",), _problems(exc.failures, now), busy_known=False)
    reports = busy.reports if busy is not None else ()
    notes = tuple(f"the calendar {r.source} could not be read ({r.problems[0]}) and was "
                  "left out: check the times against it" for r in reports if not r.ok)
    proposal = plan_options(rules, now, intervals, held, uid_seed=uid_seed,
                            uid_domain=message_domain(settings.owner.email),
                            complete_reasons=complete_reasons)
    return Offer(proposal, notes, _problems(reports, now))


def busy_window(settings: Settings, now: datetime) -> tuple[datetime, datetime]:
    """The span whose busy time an offer made `now` needs."""
    return now, now + timedelta(days=settings.availability.horizon_days)


def _problems(reports: Sequence[SourceReport], now: datetime) -> tuple[CalendarProblem, ...]:
    return tuple(CalendarProblem(now, r.source, not r.ok, problem)
                 for r in reports for problem in r.problems)


def sync_holds(store: Store, mirror: HoldMirror | None, now: datetime) -> None:
    """Make the mirror show exactly the active holds; a failure is logged and
    kept for the summary, never raised (holds stay valid in the store)."""
    if mirror is None:
        return
    try:
        mirror.sync(store.held_calls(now), now)
    except SourceError as exc:
        logger.warning("%s: %s", mirror.label, exc)
        with store.transaction():
            store.add_calendar_problem(CalendarProblem(now, mirror.label, True, str(exc)))


def hold_expiry(settings: Settings, now: datetime) -> datetime:
    """When holds offered now lapse: [availability] hold_business_days, or the
    reply deadline when that is 0."""
    days = settings.availability.hold_business_days or settings.tracking.reply_deadline_days
    return add_business_days(now, days)


def no_time_message(offer: Offer, settings: Settings) -> str:
    """One clear sentence on why nothing can be offered, with the way out."""
    horizon = settings.availability.horizon_days
    if not offer.busy_known:
        return offer.owner_notes[0]
    counts = offer.proposal.reason_counts()
    if not counts:
        return (f"no time can be offered: no availability window holds a "
                f"{settings.availability.call_minutes}-minute call in the next {horizon} days "
                "(widen [availability.windows] or shorten call_minutes)")
    detail = ", ".join(f"{count} {reason.value}" for reason, count in counts.items())
    fix = {Skip.BUSY: "your calendar is full: widen the windows or the horizon",
           Skip.HELD: "earlier requests hold the free times: wait for them or widen the "
                      "windows",
           Skip.BLACKOUT: "the blackout dates cover the horizon",
           Skip.NOTICE: "the minimum notice reaches past the horizon"}
    main = max(counts, key=lambda reason: counts[reason])
    return (f"no free time in the next {horizon} days: of {sum(counts.values())} candidate "
            f"times, {detail} ({fix.get(main, 'review [availability]')})")

"""What a reply offers: busy time asked, options planned, and what to tell the owner.

`make_offer` is shared by the engine and the `draft`, `propose` and `check`
commands, so that a preview can never differ from what the daemon offers. It
asks the busy provider for the horizon, plans options around busy time and
other requests' holds, and turns calendar trouble into notes for the owner
(shown in the draft) and `CalendarProblem` rows (kept for the summary). When
the busy time is unknown under `on_failure = "propose-nothing"`, the offer has
no options at all.

With the requester's zone known, options fall inside the owner's windows and
the requester's hours. Nothing free: look further ahead, up to
`max_horizon_days`; still nothing inside their hours: the least-bad times,
said in the owner's note; nothing at all: no options (the caller writes the
"calendar full" reply and puts the request on the waiting list).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Protocol

from inviteassist.calendars.busy import BusyProvider, BusyUnavailable, SourceError, SourceReport
from inviteassist.compose.headers import message_domain
from inviteassist.config.schema import zone_for
from inviteassist.config.settings import Settings
from inviteassist.models import CalendarProblem, Interval, Option, Requester
from inviteassist.schedule.grid import add_business_days
from inviteassist.schedule.places import PlaceIndex
from inviteassist.schedule.planner import (
    AvailabilityRules,
    Proposal,
    RequesterHours,
    Skip,
    plan_options,
)
from inviteassist.schedule.requester_zone import (
    RequesterZone,
    configured_zone,
    infer_requester_zone,
)
from inviteassist.schedule.timefmt import describe_zone, load_zone, same_time
from inviteassist.store.db import Store
from inviteassist.store.holds import HeldCall
from inviteassist.store.places_file import place_index

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
    horizon_days: int | None = None  # how far ahead the options were looked for

    @property
    def options(self) -> tuple[Option, ...]:
        return self.proposal.options


def requester_zone_for(settings: Settings, requester: Requester,
                       note: str | None) -> RequesterZone:
    """The requester's zone: configured, else from the location line or the
    note; a failure of the lookup leaves it unknown (the owner's zone)."""
    configured = zone_for(settings.availability.requester_timezones, requester.email,
                          requester.profile_url, requester.name)
    if configured:
        return configured_zone(configured)
    try:
        return _inferred_zone(requester.location, note, place_index())
    except Exception as exc:  # bad input or a broken dataset must not stop a draft
        logger.warning("the requester's time zone could not be looked up: %s", exc)
        return RequesterZone(None, None, "unknown", f"the place lookup failed ({exc})")


@lru_cache(maxsize=512)
def _inferred_zone(location: str | None, note: str | None, index: PlaceIndex) -> RequesterZone:
    """`infer_requester_zone`, kept per exact inputs: a scan meets the same
    location lines (and notes, or none) again and again."""
    return infer_requester_zone(location, note, index)


def warm_place_index() -> None:
    """Open the place names now (built into the cache folder first if `check`
    has not: a second or two of CPU, once per installed dataset), so that the
    first invitation with a location is not the one that waits; a failure only
    leaves zones unknown later. The daemon runs this on a thread of its own."""
    try:
        place_index()
    except Exception as exc:
        logger.warning("place names could not be loaded: %s", exc)


def zone_notes(zone: RequesterZone, owner_zone: str) -> tuple[str, ...]:
    """What the owner should check about the requester's zone; nothing when the
    guess keeps the owner's own time, as it then changes no time offered."""
    if zone.source in ("location", "note"):
        if zone.zone is not None and same_time(zone.zone, owner_zone):
            return ()
        return (f"the requester's {zone.detail}: check it, or set "
                "[availability.requester_timezones]",)
    if zone.source == "unknown" and zone.detail != "no location given":
        return (f"the requester's time zone is unknown ({zone.detail}), so the times are "
                "in yours only",)
    return ()


def make_offer(settings: Settings, busy: BusyProvider | None, held: Sequence[Interval],
               now: datetime, *, uid_seed: str, complete_reasons: bool = True,
               requester_zone: str | None = None) -> Offer:
    """The options to offer now, with notes and problems from the calendars.
    `complete_reasons` False (drafting) stops the search at enough options;
    `requester_zone` (when known) keeps options inside the requester's hours."""
    rules = _availability_rules(settings)
    widest = widest_horizon(settings)
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
    hours = settings.requester_hours(requester_zone) if requester_zone else None
    planned = _plan_widening(rules, widest, now, intervals, held, hours, uid_seed=uid_seed,
                             uid_domain=message_domain(settings.owner.email),
                             complete_reasons=complete_reasons)
    proposal, horizon = planned
    notes += _planning_notes(proposal, horizon, rules, hours, now)
    return Offer(proposal, notes, _problems(reports, now), horizon_days=horizon)


def _plan_widening(rules: AvailabilityRules, widest: int, now: datetime,
                   busy: Sequence[Interval], held: Sequence[Interval],
                   hours: RequesterHours | None, *, uid_seed: str, uid_domain: str,
                   complete_reasons: bool) -> tuple[Proposal, int]:
    """Inside the requester's hours within the horizon, then up to `widest`
    days; then the least-bad times, within the horizon, then up to `widest`.
    Nothing at all: the widest search inside their hours, with every reason
    (for the owner's note, even when drafting)."""
    horizons = list(dict.fromkeys((rules.horizon_days, widest)))
    attempts = [(days, False) for days in horizons]
    if hours is not None:
        attempts += [(days, True) for days in horizons]
    wide = _at_horizon(rules, widest)
    failed: Proposal | None = None
    for days, least_bad in attempts:
        proposal = plan_options(_at_horizon(rules, days), now, busy, held,
                                uid_seed=uid_seed, uid_domain=uid_domain,
                                complete_reasons=complete_reasons, requester=hours,
                                least_bad=least_bad)
        if proposal.options:
            return proposal, days
        if days == widest and not least_bad and complete_reasons:
            failed = proposal
    if failed is None:
        failed = plan_options(wide, now, busy, held, uid_seed=uid_seed, uid_domain=uid_domain,
                              requester=hours)
    return failed, widest


# The rules of the settings last offered with, and those rules at the horizons
# tried: every offer of a cycle plans with the same few, and building one (its
# checks included) costs about as much as a plan the planner has kept.
_rules_of: tuple[Settings, AvailabilityRules] | None = None
_horizons_of: tuple[AvailabilityRules, dict[int, AvailabilityRules]] | None = None


def _availability_rules(settings: Settings) -> AvailabilityRules:
    """`settings.availability_rules()`, built once per settings object."""
    global _rules_of
    kept = _rules_of  # read once: another thread may replace it meanwhile
    if kept is None or kept[0] is not settings:
        kept = _rules_of = (settings, settings.availability_rules())
    return kept[1]


def _at_horizon(rules: AvailabilityRules, days: int) -> AvailabilityRules:
    """`rules` looking `days` ahead, built once per rules object and horizon."""
    global _horizons_of
    kept = _horizons_of  # read once, as above
    if kept is None or kept[0] is not rules:
        kept = _horizons_of = (rules, {})
    found = kept[1].get(days)
    if found is None:
        found = rules if days == rules.horizon_days else replace(rules, horizon_days=days)
        kept[1][days] = found
    return found


def _planning_notes(proposal: Proposal, horizon: int, rules: AvailabilityRules,
                    hours: RequesterHours | None, now: datetime) -> tuple[str, ...]:
    """What the owner should know about how the options were found."""
    notes: list[str] = []
    if proposal.options and horizon > rules.horizon_days:
        notes.append(f"nothing was free in the next {rules.horizon_days} days, so these "
                     f"times reach up to {horizon} days ahead")
    if proposal.outside_requester_hours and hours is not None:
        zone = describe_zone(now.astimezone(load_zone(hours.timezone)))
        notes.append(
            f"none of your free times falls between {hours.start:%H:%M} and "
            f"{hours.end:%H:%M} for the requester ({hours.timezone}, {zone}) in the next "
            f"{horizon} days: these are the least early or late for them; consider "
            "suggesting another time yourself")
    return tuple(notes)


def widest_horizon(settings: Settings) -> int:
    """How many days ahead an offer may look when the usual horizon is full."""
    return max(settings.availability.horizon_days, settings.availability.max_horizon_days)


def busy_window(settings: Settings, now: datetime) -> tuple[datetime, datetime]:
    """The span whose busy time an offer made `now` needs, widening included."""
    return now, now + timedelta(days=widest_horizon(settings))


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


def full_calendar_note(offer: Offer, settings: Settings) -> str:
    """The owner's note on a 'calendar full' reply (see templates/full.txt.j2)."""
    return (f"{no_time_message(offer, settings)}; so this reply says your calendar is full, "
            "and the proposal is drafted as soon as times free up")


def no_time_message(offer: Offer, settings: Settings) -> str:
    """One clear sentence on why nothing can be offered, with the way out."""
    horizon = offer.horizon_days or settings.availability.horizon_days
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

"""Reads what a summary needs out of the state file: the edge before `summary`.

`gather_summary_input` collects every request with its events, category,
agreed time and paste-ready reply text, plus the spoofed notifications,
calendar problems, outages and answers of the period, into the
`SummaryInput` that `summary.build_summary` turns into a summary
(`prepare_summary` does both, for `summary --print` and the summary sent). The
period starts where the last summary sent ended (or a week back, for the
first one). `chosen_option` is pure.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from inviteassist.app.unsent import waiting_drafts
from inviteassist.compose.readback import paste_ready_text
from inviteassist.config.owner import owner_of
from inviteassist.config.settings import Settings
from inviteassist.detect.categories import categorise
from inviteassist.funnel.rules import scheduled_option
from inviteassist.models import Event, Option, Request, State
from inviteassist.store.db import Store
from inviteassist.summary.build import RequestRecord, Summary, SummaryInput, build_summary

FIRST_PERIOD = timedelta(days=7)


def period_start(store: Store, now: datetime) -> datetime:
    """Where the next summary's period begins: the last summary's send time."""
    last = store.last_summary()
    return last.sent_at if last is not None and last.sent_at < now else now - FIRST_PERIOD


def chosen_option(request: Request, events: tuple[Event, ...],
                  kept_uids: set[str]) -> Option | None:
    """The agreed time of a scheduled request: the option its `scheduled` event
    names, else the one option still held."""
    if request.state is not State.SCHEDULED:
        return None
    named = scheduled_option(request, list(events))
    if named is not None:
        return named
    kept = [o for o in request.options if o.uid in kept_uids]
    return kept[0] if len(kept) == 1 else None


def gather_summary_input(store: Store, settings: Settings, since: datetime,
                         now: datetime) -> SummaryInput:
    keywords = settings.detection_rules().category_keywords
    records = []
    waiting = {entry.request_id: entry.since for entry in store.waiting()}
    requests = store.requests()
    unsent = waiting_drafts(store, requests)
    history = store.all_events()
    kept = store.kept_option_uids()
    pasted = store.draft_contents([r.id for r in requests if r.state is State.DRAFTED
                                   and not r.requester.email])
    for request in requests:
        events = tuple(history.get(request.id, []))
        category = categorise(request.requester.headline, request.note, keywords).category
        records.append(RequestRecord(
            request, events, category,
            chosen_option(request, events, kept.get(request.id, set())),
            paste_ready_text(pasted.get(request.id)), waiting.get(request.id),
            tuple((d.purpose, d.created_at) for d in unsent.get(request.id, []))))
    return SummaryInput(
        owner=owner_of(settings), since=since, now=now, requests=tuple(records),
        spoofed=tuple(store.spoofed_since(since)),
        calendar_problems=tuple(p for p in store.calendar_problems(since) if p.at < now),
        outages=tuple(store.outages(since)),
        answers=tuple(a for a in store.answers_since(since) if a.at < now))


def prepare_summary(settings: Settings, store: Store, now: datetime, *,
                    everything: bool = False) -> Summary:
    return build_summary(gather_summary_input(store, settings, period_start(store, now), now),
                         everything=everything)

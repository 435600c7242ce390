"""Sending the summary: shared by `summary --send` and the daemon.

`send_summary` builds the summary of the period since the last one sent
(`summary_gather.prepare_summary`), renders it, delivers it (SMTP, or into
the owner's inbox) and then records its Message-ID, by which the owner's
answers are recognised; a summary with nothing new is skipped when the owner
asked for that. `schedule_summary` puts the job on the daemon's scheduler
with the configured cron expression in the owner's zone.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import jinja2
from apscheduler.schedulers.base import BaseScheduler

from inviteassist.app.summary_gather import prepare_summary
from inviteassist.config.delivery import cron_trigger
from inviteassist.config.owner import owner_of
from inviteassist.config.settings import Settings
from inviteassist.errors import InviteAssistError
from inviteassist.mail.deliver import Delivery, deliver_to_owner
from inviteassist.store.db import Store
from inviteassist.store.summaries import SummaryRecord
from inviteassist.summary.build import Summary
from inviteassist.summary.render import compose_summary, summary_message_id

logger = logging.getLogger(__name__)

SUMMARY_JOB = "summary"
DELIVERY_OUTAGE = "summary delivery"


@dataclass(frozen=True)
class SummaryOutcome:
    summary: Summary
    delivery: Delivery | None = None
    message_id: str | None = None

    @property
    def sent(self) -> bool:
        return self.delivery is not None

    def describe(self) -> str:
        if self.delivery is None:
            return f"summary skipped: {self.summary.headline}"
        return (f"summary sent ({self.delivery.method}, {self.delivery.location}): "
                f"{self.summary.headline}")


def send_summary(settings: Settings, store: Store, templates: jinja2.Environment,
                 now: datetime, *, token: str | None = None) -> SummaryOutcome:
    """Deliver the summary now, or skip it when empty and `skip_empty` is set."""
    summary = prepare_summary(settings, store, now)
    if summary.nothing_new and settings.summary.skip_empty:
        return SummaryOutcome(summary)
    owner = owner_of(settings)
    message_id = summary_message_id(owner.email, now, token or secrets.token_hex(10))
    message = compose_summary(templates, summary, owner,
                              to=settings.summary.to or owner.email, message_id=message_id,
                              html=settings.summary.html)
    delivery = deliver_to_owner(settings, message)
    with store.transaction():
        store.record_summary(SummaryRecord(message_id, summary.since, now, delivery.method,
                                           summary.nothing_new))
    return SummaryOutcome(summary, delivery, message_id)


def run_summary_job(settings: Settings, store: Store, templates: jinja2.Environment,
                    now: datetime) -> None:
    """The daemon's job: send, log one line; a failure is logged and kept as an
    outage of "summary delivery", which the next summary reports."""
    try:
        outcome = send_summary(settings, store, templates, now)
    except InviteAssistError as exc:
        logger.error("the summary could not be delivered: %s", exc)
        with store.transaction():
            store.begin_outage(DELIVERY_OUTAGE, str(exc), now)
        return
    with store.transaction():
        store.end_outage(DELIVERY_OUTAGE, now)
    logger.info("%s", outcome.describe())


def schedule_summary(scheduler: BaseScheduler, settings: Settings,
                     job: Callable[[], None]) -> None:
    """Add (or replace) the summary job; an empty schedule removes it."""
    if not settings.summary.schedule:
        if scheduler.get_job(SUMMARY_JOB):
            scheduler.remove_job(SUMMARY_JOB)
        return
    scheduler.add_job(job, cron_trigger(settings.summary.schedule, settings.owner.timezone),
                      id=SUMMARY_JOB, replace_existing=True, max_instances=1, coalesce=True,
                      misfire_grace_time=3600)

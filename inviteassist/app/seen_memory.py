"""Forgetting old seen messages (`[state] keep_seen_days`): the daemon's daily job.

Years of mail leave millions of rows in `seen_messages`. Those the state
still needs stay: a message of an open request, a draft to retry, and every
message processed inside the window a rescan reads again (config validation
keeps keep_seen_days longer than [mailbox] first_scan_days, so the
Message-ID de-duplication holds there).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from inviteassist.app.drafting import DRAFT_FAILED_OUTCOME
from inviteassist.config.settings import Settings
from inviteassist.funnel.rules import OPEN
from inviteassist.store.db import Store

logger = logging.getLogger(__name__)

FORGET_JOB = "forget-seen"


def forget_old_seen(settings: Settings, store: Store, now: datetime) -> int:
    """Forget what keep_seen_days allows (nothing when it is 0); how many."""
    days = settings.state.keep_seen_days
    if not days:
        return 0
    forgotten = store.forget_seen_before(now - timedelta(days=days), OPEN,
                                         DRAFT_FAILED_OUTCOME)
    if forgotten:
        logger.info("forgot %d seen message(s) processed more than %d days ago "
                    "([state] keep_seen_days)", forgotten, days)
    return forgotten

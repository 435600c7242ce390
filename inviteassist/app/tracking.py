"""The [tracking] section of the config as the funnel's Deadlines: for the
follow-through sweep and for `report`'s next steps."""

from __future__ import annotations

from inviteassist.config.settings import Settings
from inviteassist.funnel.rules import Deadlines


def deadlines_from(settings: Settings) -> Deadlines:
    t = settings.tracking
    return Deadlines(reply_days=t.reply_deadline_days, nudge_days=t.nudge_after_days or None,
                     stalled_days=t.stalled_after_days)

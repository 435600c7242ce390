"""The owner as the rest of the program sees them: name, address and zone."""

from __future__ import annotations

from inviteassist.config.settings import Settings
from inviteassist.models import Owner


def owner_of(settings: Settings) -> Owner:
    return Owner(settings.owner.name, settings.owner.email, settings.owner.timezone)

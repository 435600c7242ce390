"""Mailbox sources: the protocol every back-end follows, and a factory."""

from __future__ import annotations

from inviteassist.mailbox.protocol import Mailbox, NewMessages

__all__ = ["Mailbox", "NewMessages"]

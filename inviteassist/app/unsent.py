"""Which of our drafts still wait in Drafts for the owner: replies, nudges and
confirmations alike, so that `status`, `report`, `report ID` and the summary
count and show the same ones."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from inviteassist.funnel.rules import draft_waits
from inviteassist.models import Request
from inviteassist.store.db import Store
from inviteassist.store.outbox import UnsentDraft

# The outbox's purpose words, as the owner reads them.
PURPOSE_WORDS = {"confirm": "confirmation"}


def waiting_drafts(store: Store, requests: Iterable[Request]) -> dict[int, list[UnsentDraft]]:
    """Unsent drafts whose request has not moved past them, by request id."""
    states = {r.id: r.state for r in requests}
    found: dict[int, list[UnsentDraft]] = {}
    for stored in store.unsent_drafts():
        draft = replace(stored, purpose=PURPOSE_WORDS.get(stored.purpose, stored.purpose))
        state = states.get(draft.request_id)
        if state is not None and draft_waits(draft.purpose, state):
            found.setdefault(draft.request_id, []).append(draft)
    return found


def purposes(drafts: Iterable[UnsentDraft]) -> tuple[str, ...]:
    return tuple(d.purpose for d in drafts)

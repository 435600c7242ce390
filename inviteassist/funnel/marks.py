"""The words the owner uses for facts about a request, and the states they mean.

Shared by `mark ID WORD` on the command line (its --help lists them with
their meaning, `MARK_HELP`) and by answers to the summary. `canonical_mark`
reads the spellings owners type (`ignore`, `noshow`, `No-Show`).
"""

from __future__ import annotations

from inviteassist.models import STATE_ALIASES, State

MARKS: dict[str, State] = {
    "sent": State.SENT,
    "spoke": State.SPOKE,
    "no-show": State.NO_SHOW,
    "connected": State.CONNECTED,
    "ignored": State.IGNORED,
    "reschedule": State.SCHEDULED,
    "cancel": State.IGNORED,
}
MARK_HELP: dict[str, str] = {
    "sent": "you sent the reply yourself (e.g. in the network's message box)",
    "spoke": "the call took place",
    "no-show": "the call was agreed but the requester did not come (also: noshow)",
    "connected": "you accepted the connection",
    "ignored": "no reply needed; its held times are freed (also: ignore)",
    "reschedule": "move the agreed call (--at ISO, else their counter-proposal)",
    "cancel": "the call is off; a calendar cancellation is drafted",
}
# Marks that end the request: its offered times are free again.
CLOSING = frozenset({State.IGNORED, State.CONNECTED, State.SPOKE, State.NO_SHOW})
# Marks that end it without the call: the requester's calendar entry is cancelled.
CANCELLING = frozenset({State.IGNORED, State.NO_SHOW})


def canonical_mark(word: str) -> str | None:
    """The mark the owner means by `word` (`ignore` -> `ignored`), or None."""
    spoken = " ".join(word.strip().lower().split())
    spoken = STATE_ALIASES.get(spoken, spoken)  # a mark's spellings are its state's
    return spoken if spoken in MARKS else None


def mark_words() -> str:
    return ", ".join(MARKS)

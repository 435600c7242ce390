"""The words the owner uses for facts about a request, and the states they mean.

Shared by `mark ID WORD` on the command line (its --help lists them with
their meaning) and by answers to the summary. Each state also answers to the
spellings in `models.STATE_ALIASES` (`ignore`, `noshow`).
"""

from __future__ import annotations

from inviteassist.models import State

MARKS: dict[State, str] = {
    State.SENT: "you sent the reply yourself (e.g. in the network's message box)",
    State.SPOKE: "the call took place",
    State.NO_SHOW: "the call was agreed but the requester did not come (also: noshow)",
    State.CONNECTED: "you accepted the connection",
    State.IGNORED: "no reply needed; its held times are freed (also: ignore)",
}
# Marks that end the request: its offered times are free again.
CLOSING = frozenset({State.IGNORED, State.CONNECTED, State.SPOKE, State.NO_SHOW})


def mark_words() -> str:
    return ", ".join(MARKS)

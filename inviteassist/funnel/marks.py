"""The words the owner uses for facts about a request, and the states they mean.

Shared by `mark ID WORD` on the command line and by answers to the summary.
"""

from __future__ import annotations

from inviteassist.models import State

MARKS: dict[str, State] = {
    "sent": State.SENT,
    "spoke": State.SPOKE,
    "no-show": State.NO_SHOW,
    "connected": State.CONNECTED,
    "ignored": State.IGNORED,
    "ignore": State.IGNORED,
    "cancel": State.IGNORED,
    "reschedule": State.SCHEDULED,
}
# Marks that end the request: its offered times are free again.
CLOSING = frozenset({State.IGNORED, State.CONNECTED, State.SPOKE, State.NO_SHOW})
# Marks that end it without the call: the requester's calendar entry is cancelled.
CANCELLING = frozenset({State.IGNORED, State.NO_SHOW})

"""Decides what to do with one classified message: draft, record or skip.

Pure: the caller looks up whether the request is already known and passes
the answer in. The same decision serves the engine and `inspect`'s
`would_draft`, so the two can never disagree.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum

from inviteassist.models import REQUEST_KINDS, Classification

# Networks whose requests get a draft unless config says otherwise.
DEFAULT_DRAFT_NETWORKS: tuple[str, ...] = ("linkedin",)


class Action(StrEnum):
    DRAFT = "draft"      # a new request: propose times, draft the reply
    RECORD = "record"    # worth remembering, nothing to send (reminder, accepted …)
    SKIP = "skip"        # not ours, or refused (spoofed, unverified under 'skip')


@dataclass(frozen=True)
class Decision:
    action: Action
    outcome: str
    reason: str


@dataclass(frozen=True)
class RequestIdentity:
    """The facts that identify a request, strongest first (DESIGN section 1)."""

    network: str
    key: str
    invitation_id: str | None
    profile_url: str | None
    name_key: str | None


def normalise_name(name: str | None) -> str | None:
    """Case-, accent- and spacing-insensitive form of a person's name."""
    if not name:
        return None
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", folded.lower())
    return " ".join(words) or None


def identify_request(c: Classification) -> RequestIdentity | None:
    """How this request is known: by invitation id, else profile URL, else name."""
    if c.network is None:
        return None
    profile = c.requester.profile_url if c.requester else None
    name_key = normalise_name(c.requester.name if c.requester else None)
    for prefix, value in (("invitation", c.invitation_id), ("profile", profile),
                          ("name", name_key)):
        if value:
            return RequestIdentity(c.network, f"{prefix}:{value}", c.invitation_id, profile,
                                   name_key)
    return None


def decide(c: Classification, *, already_known: bool, unverified_policy: str,
           draft_networks: Collection[str] = DEFAULT_DRAFT_NETWORKS) -> Decision:
    """The action for one message; `already_known` says its request was seen before;
    only requests on `draft_networks` are drafted, the others are recorded."""
    if c.genuine is False:
        return Decision(Action.SKIP, "spoofed",
                        "imitates a network or failed sender authentication: never drafted")
    if c.replay and c.kind in REQUEST_KINDS:
        return Decision(Action.RECORD, "replay",
                        f"{c.replay} ([owner] addresses): someone else's notification, "
                        "not drafted")
    if c.kind not in REQUEST_KINDS:
        return Decision(Action.RECORD if c.network else Action.SKIP, c.kind.value,
                        f"{c.kind.value}: not a connection request")
    if c.network is None:
        return Decision(Action.SKIP, "not-a-network", "no known network sent this")
    if c.network not in draft_networks:
        return Decision(Action.RECORD, "drafting-off",
                        f"drafting for {c.network} is off ([detection] draft_networks)")
    if identify_request(c) is None:
        return Decision(Action.SKIP, "unidentifiable",
                        "no invitation id, profile or name to identify the requester")
    if already_known:
        return Decision(Action.RECORD, "duplicate", "request already handled: no second draft")
    if c.genuine is None and unverified_policy == "skip":
        return Decision(Action.SKIP, "unverified",
                        "no authentication evidence and [detection] unverified = 'skip'")
    return Decision(Action.DRAFT, "drafted", "new connection request")


def owner_notes_for(c: Classification) -> tuple[str, ...]:
    """Remarks shown only to the owner inside the draft."""
    notes: tuple[str, ...] = ()
    if c.genuine is None:
        notes = ("the sender of this notification could not be verified (no DKIM/DMARC "
                 "result from your server); check it came from the network before sending",)
    return notes + ((c.address_note,) if c.address_note else ())


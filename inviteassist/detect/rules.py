"""The owner's detection rules: custom networks and category keywords, frozen.

Owns `DetectionRules`, the one object that carries what the owner configured
into `classify()` (which stays pure: rules in, classification out: custom
networks, category keywords, the owner's own addresses), the
`CustomNetworkRule` record, and `RuleError`. A custom network is recognised by
its sender domain (label-wise, like the built-in ones) plus a subject and/or
body regex; an optional name regex with a `(?P<name>...)` group extracts the
requester. Turning a `[[detection.custom_networks]]` table into a rule (and
raising `RuleError` naming the key) is `networks.custom.build_custom_rule`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from inviteassist.detect.categories import builtin_keywords
from inviteassist.models import Kind

BUILTIN_NETWORKS = frozenset({"linkedin", "facebook", "xing"})
RULE_KINDS: Mapping[str, Kind] = {
    kind.value: kind
    for kind in (Kind.INVITATION, Kind.INVITATION_ACCEPTED, Kind.MESSAGE_NOTIFICATION)
}


class RuleError(ValueError):
    """One problem in a custom network rule: which key, what, and the fix."""

    def __init__(self, key: str | None, problem: str, fix: str) -> None:
        self.key, self.problem, self.fix = key, problem, fix
        super().__init__(f"{key or 'rule'}: {problem} ({fix})")


@dataclass(frozen=True)
class CustomNetworkRule:
    """A network the owner added in config (see module doc)."""

    network: str
    sender_domain: str
    subject: re.Pattern[str] | None = None
    body: re.Pattern[str] | None = None
    name_pattern: re.Pattern[str] | None = None
    kind: Kind = Kind.INVITATION


@dataclass(frozen=True)
class DetectionRules:
    """What the owner configured for detection; the default is no custom rule
    and the built-in category keywords."""

    custom_networks: tuple[CustomNetworkRule, ...] = ()
    category_keywords: Mapping[str, tuple[str, ...]] = field(default_factory=builtin_keywords)
    # The owner's own addresses: never a requester's address.
    own_addresses: tuple[str, ...] = ()
    # `[owner] addresses`: where the networks write to; when given, a
    # notification addressed elsewhere is a replay.
    network_addresses: tuple[str, ...] = ()

"""The owner's detection rules: custom networks and category keywords, frozen.

Owns `DetectionRules`, the one object that carries what the owner configured
into `classify()` (which stays pure: rules in, classification out: custom
networks, category keywords, the owner's own addresses), the
`CustomNetworkRule` record, and `RuleError`. A custom network is recognised by
its sender domain (label-wise, like the built-in ones) plus a subject and/or
body regex; an optional name regex with a `(?P<name>...)` group extracts the
requester. `build_custom_rule` turns a `[[detection.custom_networks]]` table
into a rule, raising `RuleError` naming the key; `networks.custom` turns a
rule into a detector.
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
_NETWORK_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,30}$")
_DOMAIN = re.compile(r"^(?=.{3,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9-]{1,63})+$")
_KEYS = frozenset({"name", "sender_domain", "subject", "body", "name_pattern", "kind"})


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


def build_custom_rule(table: Mapping[str, object]) -> CustomNetworkRule:
    """Validate one config table into a rule, or raise `RuleError`."""
    unknown = sorted(set(table) - _KEYS)
    if unknown:
        raise RuleError(unknown[0], "is not a rule key",
                        f"use only {', '.join(sorted(_KEYS))}")
    network = _text(table, "name", required=True).lower()
    if not _NETWORK_NAME.match(network) or network in BUILTIN_NETWORKS:
        raise RuleError("name", f"{network!r} cannot name a custom network",
                        "use lower-case letters, digits, '-' or '_', not linkedin/facebook/xing")
    domain = _text(table, "sender_domain", required=True).lower().strip(".")
    if not _DOMAIN.match(domain):
        raise RuleError("sender_domain", f"{domain!r} is not a domain name",
                        'write the domain the notifications come from, e.g. "meetup.com"')
    subject, body = _regex(table, "subject"), _regex(table, "body")
    if subject is None and body is None:
        raise RuleError("subject", "a rule needs a subject or a body pattern",
                        'add subject = "wants to connect" (a regular expression)')
    name_pattern = _regex(table, "name_pattern")
    if name_pattern is not None and "name" not in name_pattern.groupindex:
        raise RuleError("name_pattern", "has no (?P<name>...) group",
                        'write it like "^(?P<name>.+?) wants to connect"')
    kind_word = _text(table, "kind") or Kind.INVITATION.value
    if kind_word not in RULE_KINDS:
        raise RuleError("kind", f"{kind_word!r} is not a rule kind",
                        f"use one of {', '.join(RULE_KINDS)}")
    return CustomNetworkRule(network, domain, subject, body, name_pattern, RULE_KINDS[kind_word])


def _text(table: Mapping[str, object], key: str, *, required: bool = False) -> str:
    value = table.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or not value.strip():
        raise RuleError(key, "must be a non-empty string", f'write {key} = "..."')
    return value.strip()


def _regex(table: Mapping[str, object], key: str) -> re.Pattern[str] | None:
    text = _text(table, key)
    if not text:
        return None
    try:
        return re.compile(text, re.IGNORECASE | re.MULTILINE)
    except re.error as exc:
        raise RuleError(key, f"is not a valid regular expression: {exc}",
                        "check brackets and escape special characters with \\\\") from None

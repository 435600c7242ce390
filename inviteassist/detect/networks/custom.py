"""Networks the owner adds in config: a rule table -> a detector.

Owns the validation that turns one `[[detection.custom_networks]]` table into
a `CustomNetworkRule` (raising `RuleError` naming the key at fault), and the
translation of a rule into a `network.NetworkSpec`, so a custom network is
read exactly like Facebook or XING: the sender's domain must belong to the
rule's domain label-wise, every pattern the rule gives must match (subject
AND body when both are set), and the name comes from the name pattern
searched in the subject, then each body line, else from a person-like From
display name. Regexes run on capped text (subject 1,000 characters, body
50,000), which bounds their time for sane patterns.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from functools import partial

from inviteassist.detect.networks import spec as network
from inviteassist.detect.parse import ParsedMessage
from inviteassist.detect.rules import BUILTIN_NETWORKS, RULE_KINDS, CustomNetworkRule, RuleError
from inviteassist.models import Classification, Kind

_NETWORK_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,30}$")
_DOMAIN = re.compile(r"^(?=.{3,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9-]{1,63})+$")
_KEYS = frozenset({"name", "sender_domain", "subject", "body", "name_pattern", "kind"})


def spec_for(rule: CustomNetworkRule) -> network.NetworkSpec:
    """The network description a rule stands for."""
    return network.NetworkSpec(
        network=rule.network,
        domain=rule.sender_domain,
        brand_domain=None,
        brand_name=rule.network,
        subject={rule.kind: rule.subject} if rule.subject else {},
        body={rule.kind: rule.body} if rule.body else {},
        names=(rule.name_pattern,) if rule.name_pattern else (),
        all_required=True,
        normalised=False,
    )


def detector_for(rule: CustomNetworkRule) -> Callable[[ParsedMessage], Classification | None]:
    """A detector function for one rule (for `detect.DETECTORS`' shape)."""
    return partial(network.detect, spec_for(rule))


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

"""Converters for the detection options that plain types cannot express.

Owns the validation `config` delegates for two structured options:
`[[detection.custom_networks]]` (each table validated into a
`detect.rules.CustomNetworkRule`, names unique) and `[templates] replies`
(which reply template serves which network and requester category, keyed
'network/category' with '*' wildcards), and `[owner] addresses` (a list of
addresses). Like those in `config.schema`, a converter
turns one raw TOML value into its typed form or calls `fail(problem, fix)`,
which raises the UserError naming file, line and key.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from inviteassist.config.schema import EMAIL, Fail
from inviteassist.detect.categories import CATEGORIES, OTHER
from inviteassist.detect.rules import CustomNetworkRule, RuleError, build_custom_rule

_REPLY_KEY = re.compile(r"^(?P<network>\*|[a-z0-9][a-z0-9_-]{0,30})/(?P<category>[a-z*]+)$")
_TEMPLATE_NAME = re.compile(r"^[A-Za-z0-9_.-]{1,100}\.j2$")


def convert_custom_networks(value: Any, fail: Fail) -> tuple[CustomNetworkRule, ...]:
    """`[[detection.custom_networks]]` tables -> validated rules (names unique)."""
    if not isinstance(value, list) or not all(isinstance(t, dict) for t in value):
        raise fail("must be a list of tables",
                   "write each rule as a [[detection.custom_networks]] table")
    rules: list[CustomNetworkRule] = []
    for number, table in enumerate(value, start=1):
        try:
            rule = build_custom_rule(table)
        except RuleError as exc:
            raise fail(f"rule {number}: {exc.key or 'rule'} {exc.problem}", exc.fix) from None
        if any(r.network == rule.network for r in rules):
            raise fail(f"rule {number}: name {rule.network!r} is used twice",
                       "give every custom network its own name")
        rules.append(rule)
    return tuple(rules)


def convert_replies(value: Any, fail: Fail) -> dict[str, str]:
    """`[templates] replies` -> {'network/category': 'template.txt.j2'}."""
    if not isinstance(value, dict):
        raise fail("must be a table", 'write it as replies = { "*/sales" = "decline.txt.j2" }')
    result: dict[str, str] = {}
    for key, name in value.items():
        match = _REPLY_KEY.match(key)
        if not match or match.group("category") not in (*CATEGORIES, OTHER, "*"):
            raise fail(f"{key!r} is not 'network/category'",
                       f"use e.g. \"linkedin/recruiter\" or \"*/sales\"; categories: "
                       f"{', '.join((*CATEGORIES, OTHER))}")
        if not isinstance(name, str) or not _TEMPLATE_NAME.match(name):
            raise fail(f"{key!r}: {name!r} is not a template file name",
                       'name a file such as "decline.txt.j2" from your templates folder')
        result[key] = name
    return result


def convert_emails(value: Any, fail: Fail) -> tuple[str, ...]:
    """A list of plain addresses, lower-cased (compared without case)."""
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise fail("must be a list of addresses", 'write it as ["me@example.com"]')
    for address in value:
        if not EMAIL.fullmatch(address):
            raise fail(f"{address!r} is not an email address", "write it as name@example.com")
    return tuple(dict.fromkeys(address.lower() for address in value))


# Schema `kind` -> converter, like config.schema.KINDS.
DETECTION_KINDS: Mapping[str, Callable[[Any, Fail], Any]] = {
    "custom_networks": convert_custom_networks,
    "template_choice": convert_replies,
    "emails": convert_emails,
}

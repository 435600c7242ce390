"""Networks the owner adds in config: a rule -> a detector.

Owns the translation of a `CustomNetworkRule` (validated from its config
table by `detect.rules.build_custom_rule`) into a `network.NetworkSpec`, so a
custom network is read exactly like Facebook or XING: the sender's domain
must belong to the rule's domain label-wise, every pattern the rule gives
must match (subject AND body when both are set), and the name comes from the
name pattern searched in the subject, then each body line, else from a
person-like From display name. Regexes run on capped text (subject 1,000 characters, body
50,000), which bounds their time for sane patterns.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from inviteassist.detect.networks import spec as network
from inviteassist.detect.parse import ParsedMessage
from inviteassist.detect.rules import CustomNetworkRule
from inviteassist.models import Classification


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

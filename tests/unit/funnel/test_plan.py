from __future__ import annotations

from datetime import datetime

import pytest

from inviteassist.funnel.decide import (
    Action,
    decide,
    identify_request,
    normalise_name,
)
from inviteassist.models import Classification, Kind, Requester
from inviteassist.schedule.grid import add_business_days

SAM = Requester("Sam Example", profile_url="https://www.linkedin.com/in/sam/")


def invitation(**changes) -> Classification:
    base = {"kind": Kind.INVITATION, "network": "linkedin", "genuine": True,
            "requester": SAM, "invitation_id": "6132102326155633227"}
    base.update(changes)
    return Classification(**base)


# (classification, already known, unverified policy, expected action, expected outcome)
DECISIONS = [
    (invitation(), False, "draft", Action.DRAFT, "drafted"),
    (invitation(kind=Kind.INVITATION_REMINDER), False, "draft", Action.DRAFT, "drafted"),
    (invitation(), True, "draft", Action.RECORD, "duplicate"),
    (invitation(kind=Kind.INVITATION_REMINDER), True, "draft", Action.RECORD, "duplicate"),
    (invitation(genuine=False), False, "draft", Action.SKIP, "spoofed"),
    (invitation(genuine=None), False, "draft", Action.DRAFT, "drafted"),
    (invitation(genuine=None), False, "skip", Action.SKIP, "unverified"),
    (invitation(network=None), False, "draft", Action.SKIP, "not-a-network"),
    (invitation(requester=None, invitation_id=None), False, "draft", Action.SKIP,
     "unidentifiable"),
    (invitation(kind=Kind.INVITATION_ACCEPTED), False, "draft", Action.RECORD,
     "invitation-accepted"),
    (Classification(Kind.OTHER), False, "draft", Action.SKIP, "other"),
]


@pytest.mark.parametrize(("verdict", "known", "policy", "action", "outcome"), DECISIONS)
def test_decisions(verdict, known, policy, action, outcome):
    decision = decide(verdict, already_known=known, unverified_policy=policy)
    assert (decision.action, decision.outcome) == (action, outcome)


def test_a_request_is_identified_by_invitation_id_first_then_profile_then_name():
    assert identify_request(invitation()).key == "invitation:6132102326155633227"
    assert identify_request(invitation(invitation_id=None)).key == (
        "profile:https://www.linkedin.com/in/sam/")
    no_profile = invitation(invitation_id=None, requester=Requester("  Séverine  O'Brien "))
    assert identify_request(no_profile).key == "name:severine o brien"
    assert identify_request(invitation(network=None)) is None


def test_names_normalise_across_case_accents_and_spacing():
    assert normalise_name("ZOË  van der Berg") == normalise_name("Zoe van der berg")
    assert normalise_name("") is None
    assert normalise_name("—") is None


@pytest.mark.parametrize(("start", "days", "end"), [
    ("2026-11-25T10:00", 1, "2026-11-26T10:00"),   # Wednesday -> Thursday
    ("2026-11-27T10:00", 1, "2026-11-30T10:00"),   # Friday -> Monday
    ("2026-11-28T10:00", 1, "2026-11-30T10:00"),   # Saturday -> Monday
    ("2026-11-25T10:00", 5, "2026-12-02T10:00"),
])
def test_business_days_skip_weekends(start, days, end):
    assert add_business_days(datetime.fromisoformat(start), days) == (
        datetime.fromisoformat(end))

"""A draft is addressed only to an address the evidence vouches for, and a
notification addressed to someone else is a replay (issue 16, "Why" 1-2)."""

from __future__ import annotations

from email.message import EmailMessage

import pytest

from inviteassist.detect.addresses import written_as_address
from inviteassist.detect.classify import classify
from inviteassist.detect.parse import ParsedMessage, parse_message
from inviteassist.detect.rules import DetectionRules
from inviteassist.funnel.decide import Action, decide, owner_notes_for
from inviteassist.models import Classification

OWNER = "jamie@rivera.example"
PASS = "mail.rivera.example; dkim=pass header.d=linkedin.com; dmarc=pass header.from=linkedin.com"
# LinkedIn's real signatures do not cover Reply-To.
LINKEDIN_SIGNATURE = "v=1; a=rsa-sha256; d=linkedin.com; s=d2048; h=From:To:Subject:Date; b=x"
COVERING_SIGNATURE = LINKEDIN_SIGNATURE.replace("h=From:", "h=From:Reply-To:")
BODY = ("Hi Jamie,\n\nI'd like to join your LinkedIn network.\n\nOliver Grant\nRecruiter\n\n"
        "Accept: https://www.linkedin.com/comm/mynetwork/invite-accept/invitationId/"
        "7000000000000000777/?x=1\n")
RULES = DetectionRules(own_addresses=(OWNER,))


def notification(*, to: str = f"Jamie Rivera <{OWNER}>", body: str = BODY,
                 **headers: str) -> ParsedMessage:
    message = EmailMessage()
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message["From"] = "Oliver Grant via LinkedIn <invitations@linkedin.com>"
    message["To"] = to
    message["Subject"] = "Oliver Grant wants to connect"
    message.set_content(body)
    return parse_message(message.as_bytes())


def email_of(c: Classification) -> str | None:
    return c.requester.email if c.requester else None


def test_the_issue_spoof_is_spoofed_and_never_addressed() -> None:
    spoof = notification(
        Return_Path="<www-data@vps-8812.cheaphost.example>",
        Received="from linkedin.com (vps-8812.cheaphost.example [203.0.113.9]) by "
                 "mail.rivera.example (Postfix) with ESMTP id 9A; Mon, 3 Nov 2025 12:00 +0000",
        Message_ID="<a1b2@vps-8812.cheaphost.example>", X_Mailer="PHPMailer 6.8.0",
        Reply_To="oliver.grant.hr@recruit-desk.example")
    verdict = classify(spoof, rules=RULES)
    assert verdict.genuine is False
    assert email_of(verdict) is None
    decision = decide(verdict, already_known=False, unverified_policy="draft")
    assert (decision.action, decision.outcome) == (Action.SKIP, "spoofed")


def test_a_reply_to_on_an_unverified_message_is_never_used_and_the_owner_is_told() -> None:
    verdict = classify(notification(Reply_To="oliver.grant.hr@recruit-desk.example"),
                       rules=RULES)
    assert verdict.genuine is None
    assert email_of(verdict) is None
    notes = " ".join(owner_notes_for(verdict))
    assert "To is empty" in notes and "recruit-desk.example" in notes
    assert "could not be verified" in notes


def test_a_replayed_genuine_notification_with_an_added_reply_to_is_not_addressed() -> None:
    """LinkedIn's signature does not cover Reply-To: anyone may add one later."""
    replayed = notification(Authentication_Results=PASS, DKIM_Signature=LINKEDIN_SIGNATURE,
                            Reply_To="third.party@elsewhere.example")
    verdict = classify(replayed, rules=RULES)
    assert verdict.genuine is True
    assert email_of(verdict) is None
    assert any("signature does not cover the Reply-To" in r for r in verdict.reasons)


def test_a_signed_reply_to_of_a_verified_message_is_used() -> None:
    signed = notification(Authentication_Results=PASS, DKIM_Signature=COVERING_SIGNATURE,
                          Reply_To="Oliver <oliver@grant.example>")
    assert email_of(classify(signed, rules=RULES)) == "oliver@grant.example"


def test_the_relay_of_a_verified_message_is_used() -> None:
    relay = "3f2a9c1e-0000-4000-8000-000000000001@reply.linkedin.com"
    verified = notification(Authentication_Results=PASS, Reply_To=relay)
    assert email_of(classify(verified, rules=RULES)) == relay
    assert email_of(classify(notification(Reply_To=relay), rules=RULES)) is None


def test_the_owners_own_address_is_never_the_requesters() -> None:
    own = notification(Authentication_Results=PASS, DKIM_Signature=COVERING_SIGNATURE,
                       Reply_To=f"Oliver <{OWNER}>")
    verdict = classify(own, rules=RULES)
    assert email_of(verdict) is None
    assert "your own address" in " ".join(owner_notes_for(verdict))


def test_an_address_in_a_display_name_is_never_taken_for_the_address() -> None:
    encoded = "=?utf-8?q?oliver=40recruit-desk.example_=3C?= <not-an-address>"
    tricked = notification(Authentication_Results=PASS, DKIM_Signature=COVERING_SIGNATURE,
                           Reply_To=encoded)
    assert email_of(classify(tricked, rules=RULES)) is None


@pytest.mark.parametrize(("raw", "address", "expected"), [
    ("Dana <dana@lee.example>", "dana@lee.example", True),
    ("dana@lee.example", "dana@lee.example", True),
    ("dana@lee.example (Dana)", "dana@lee.example", True),
    ('"dana@lee.example" <x@y.example>', "dana@lee.example", False),
    ("=?utf-8?q?dana=40lee.example?= <x@y.example>", "dana@lee.example", False),
    ("=?utf-8?q?dana=40lee.example?=", "dana@lee.example", False),
])
def test_written_as_address(raw: str, address: str, expected: bool) -> None:
    assert written_as_address(raw, address) is expected


def test_the_note_address_counts_only_on_a_verified_message() -> None:
    body = BODY.replace("I'd like to join your LinkedIn network.",
                        "Write to me at oliver@grant.example please.")
    assert email_of(classify(notification(body=body), rules=RULES)) is None
    verified = notification(body=body, Authentication_Results=PASS)
    assert email_of(classify(verified, rules=RULES)) == "oliver@grant.example"


def test_a_notification_addressed_elsewhere_is_a_replay_when_addresses_are_listed() -> None:
    rules = DetectionRules(own_addresses=(OWNER, "jamie.work@rivera.example"),
                           network_addresses=("jamie.work@rivera.example",))
    elsewhere = notification(to="Someone <someone@else.example>", Authentication_Results=PASS)
    verdict = classify(elsewhere, rules=rules)
    assert verdict.replay and "else.example" in verdict.replay
    decision = decide(verdict, already_known=False, unverified_policy="draft")
    assert (decision.action, decision.outcome) == (Action.RECORD, "replay")
    for to in (f"<{OWNER}>", "<Jamie.Work@rivera.example>"):
        assert classify(notification(to=to, Authentication_Results=PASS), rules=rules).replay \
            is None
    assert classify(elsewhere, rules=RULES).replay is None  # nothing listed: no check


def test_hidden_characters_are_stripped_at_the_edge_and_the_original_kept() -> None:
    body = BODY.replace("Oliver Grant\nRecruiter", "Oliver Grant\nRecruiter \u202eat\x9b Acme")
    message = EmailMessage()
    message["From"] = "Oliver\u200b Gr\u202eant via LinkedIn <invitations@linkedin.com>"
    message["To"] = OWNER
    message["Subject"] = "Oliver wants to connect\u202e"
    message.set_content(body.replace("join your", "join\u2066 your"))
    verdict = classify(parse_message(message.as_bytes()), rules=RULES)
    assert verdict.requester is not None
    shown = [verdict.requester.name or "", verdict.requester.headline or "", verdict.note or ""]
    for text in shown:
        assert not any(ch in text for ch in "\u200b\u202e\u2066\x9b"), text
    original = dict(verdict.original)
    assert "\u202e" in original["name"] and "\u2066" in original["note"]
    assert parse_message(message.as_bytes()).envelope.subject == "Oliver wants to connect"

"""Sender evidence an attacker cannot bend: where a result sits, who wrote it,
which signer it names, and what the envelope says when no result helps."""

from __future__ import annotations

from email import policy
from email.message import EmailMessage
from email.parser import BytesParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inviteassist.detect.authenticity import judge_sender
from inviteassist.detect.trace import read_trace

LINKEDIN = "linkedin.com"
OUR_TOP = ("Received: from mx.rivera.example (localhost [127.0.0.1]) by mail.rivera.example "
           "(Dovecot) with LMTP; Mon, 3 Nov 2025 12:00:05 +0000")
OUR_MX = ("Received: from mail-sor-f41.linkedin.com (mail-sor-f41.linkedin.com "
          "[108.174.0.1]) by mail.rivera.example (Postfix) with ESMTPS id 4F1; "
          "Mon, 3 Nov 2025 12:00:04 +0000")
FROM_VPS = ("Received: from linkedin.com (vps-8812.cheaphost.example [203.0.113.9]) by "
            "mail.rivera.example (Postfix) with ESMTP id 9A2; Mon, 3 Nov 2025 12:00:04 +0000")
THEIR_HOP = ("Received: from app1.sender.example by relay.sender.example with SMTP; "
             "Mon, 3 Nov 2025 11:59:00 +0000")
PASS = "dkim=pass header.d=linkedin.com; dmarc=pass header.from=linkedin.com"


def message(*lines: str) -> EmailMessage:
    raw = "\n".join((*lines, "From: Oliver Grant via LinkedIn <invitations@linkedin.com>",
                     "To: Jamie Rivera <jamie@rivera.example>", "Subject: x", "", "body", ""))
    parsed = BytesParser(policy=policy.default).parsebytes(raw.encode())
    assert isinstance(parsed, EmailMessage)
    return parsed


def test_a_result_below_a_received_line_is_never_trusted_even_with_our_id() -> None:
    forged = message(OUR_MX, f"Authentication-Results: mail.rivera.example; {PASS}")
    verdict = judge_sender(forged, LINKEDIN, ("mail.rivera.example",))
    assert verdict.genuine is None
    assert any("below your server's Received" in reason for reason in verdict.reasons)


@pytest.mark.parametrize("delivery", [
    OUR_TOP,
    "Received: from mail.rivera.example\n\tby mail.rivera.example with LMTP\n\tid 8Xk "
    "(envelope-from <s-1@bounce.linkedin.com>)\n\tfor <jamie@rivera.example>; "
    "Mon, 3 Nov 2025 12:00:05 +0000",
])
@pytest.mark.parametrize("configured", [(), ("mail.rivera.example",)])
def test_our_result_above_our_first_received_is_trusted(
        delivery: str, configured: tuple[str, ...]) -> None:
    """Local delivery (Dovecot LMTP) on top, the MX's result below it."""
    genuine = message(delivery, f"Authentication-Results: mail.rivera.example; {PASS}", OUR_MX)
    assert judge_sender(genuine, LINKEDIN, configured).genuine is True


def test_without_configured_ids_the_attackers_topmost_result_is_not_trusted() -> None:
    """authserv_ids empty (the default): the id is derived from the topmost
    Received, and an attacker's result, which can only sit below it, is ignored."""
    forged = message(FROM_VPS, f"Authentication-Results: mx.attacker.example; {PASS}")
    verdict = judge_sender(forged, LINKEDIN, ())
    assert verdict.genuine is not True


def test_without_configured_ids_our_own_result_counts_by_the_derived_id() -> None:
    genuine = message(f"Authentication-Results: mail.rivera.example; {PASS}", OUR_MX)
    assert read_trace(genuine, ()).our_ids == ("mail.rivera.example",)
    assert read_trace(genuine, ()).derived
    assert judge_sender(genuine, LINKEDIN, ()).genuine is True


def test_a_result_above_the_boundary_from_another_id_does_not_count() -> None:
    odd = message(f"Authentication-Results: mx.attacker.example; {PASS}", OUR_MX)
    assert judge_sender(odd, LINKEDIN, ()).genuine is None


def test_a_forged_reverse_name_does_not_extend_our_part_of_the_trace() -> None:
    """Sendmail marks a reverse name that does not resolve back: the sender
    chose it, so the hop is still the entry from outside."""
    entry = ("Received: from x (mail.rivera.example [203.0.113.9] (may be forged)) by "
             "mail.rivera.example (8.17/8.17) with ESMTP id 1; Mon, 3 Nov 2025 12:00 +0000")
    forged = message(entry, f"Authentication-Results: mail.rivera.example; {PASS}",
                     "Received: by mail.rivera.example; Mon, 3 Nov 2025 11:00:00 +0000")
    assert judge_sender(forged, LINKEDIN, ()).genuine is not True


def test_servers_with_different_names_are_listed_in_authserv_ids() -> None:
    """Final delivery on mail., the MX (which checks DKIM) on mx.: both listed."""
    lmtp = ("Received: from mx.rivera.example (mx.rivera.example [10.0.0.2]) by "
            "mail.rivera.example (Dovecot) with LMTP; Mon, 3 Nov 2025 12:00:05 +0000")
    mx = OUR_MX.replace("by mail.rivera.example", "by mx.rivera.example")
    genuine = message(lmtp, f"Authentication-Results: mx.rivera.example; {PASS}", mx)
    assert judge_sender(genuine, LINKEDIN, ("mx.rivera.example",)).genuine is None
    both = ("mx.rivera.example", "mail.rivera.example")
    assert judge_sender(genuine, LINKEDIN, both).genuine is True


def test_dkim_counts_only_for_the_networks_signing_domain() -> None:
    tricked = message("Authentication-Results: mail.rivera.example; dkim=pass "
                      "header.d=evil.example header.i=@linkedin.com", OUR_MX)
    assert judge_sender(tricked, LINKEDIN, ("mail.rivera.example",)).genuine is not True


SPOOF_ENVELOPE = (
    "Return-Path: <www-data@vps-8812.cheaphost.example>",
    FROM_VPS,
    "Message-ID: <a1b2c3@vps-8812.cheaphost.example>",
    "X-Mailer: PHPMailer 6.8.0 (https://github.com/PHPMailer/PHPMailer)",
)


def test_the_issue_spoof_is_spoofed_with_reasons() -> None:
    verdict = judge_sender(message(*SPOOF_ENVELOPE), LINKEDIN, ())
    assert verdict.genuine is False
    joined = " | ".join(verdict.reasons)
    for phrase in ("Return-Path domain vps-8812.cheaphost.example is not linkedin.com",
                   "connecting host vps-8812.cheaphost.example is not linkedin.com",
                   "Message-ID domain", "PHPMailer"):
        assert phrase in joined
    assert all(len(reason) <= 80 for reason in verdict.reasons)


@pytest.mark.parametrize("lines", [
    pytest.param(("X-Mailer: PHPMailer 6.8.0",), id="bulk mailer alone, nothing for"),
    pytest.param(("Return-Path: <www-data@vps.example>", "Message-ID: <1@vps.example>"),
                 id="two domains against"),
    pytest.param(("X-PHP-Originating-Script: 33:mailer.php",), id="web script"),
])
def test_evidence_against_makes_a_message_spoofed(lines: tuple[str, ...]) -> None:
    assert judge_sender(message(*lines), LINKEDIN, ()).genuine is False


@pytest.mark.parametrize("lines", [
    pytest.param((), id="no envelope at all"),
    pytest.param(("Return-Path: <s-1@bounce.linkedin.com>", OUR_MX,
                  "Message-ID: <1@ltx1-app1.prod.linkedin.com>"), id="envelope agrees"),
    pytest.param(("Return-Path: <s-1@bounce.linkedin.com>", FROM_VPS,
                  "Message-ID: <1@ltx1-app1.prod.linkedin.com>"),
                 id="one against, two for: not enough to accuse"),
])
def test_an_envelope_never_makes_a_message_genuine(lines: tuple[str, ...]) -> None:
    assert judge_sender(message(*lines), LINKEDIN, ()).genuine is None


def test_signed_headers_are_those_every_network_signature_covers() -> None:
    signature = ("DKIM-Signature: v=1; a=rsa-sha256; d=linkedin.com; s=d2048; "
                 "h=From:To:Subject:Reply-To:Message-ID; bh=x; b=y")
    foreign = "DKIM-Signature: v=1; d=evil.example; h=From; bh=x; b=y"
    genuine = message(f"Authentication-Results: mail.rivera.example; {PASS}", OUR_MX,
                      signature, foreign)
    verdict = judge_sender(genuine, LINKEDIN, ())
    assert "reply-to" in verdict.signed_headers
    unsigned = message(f"Authentication-Results: mail.rivera.example; {PASS}", OUR_MX,
                       signature.replace("Reply-To:", ""))
    assert "reply-to" not in judge_sender(unsigned, LINKEDIN, ()).signed_headers


# -- fuzz: whatever the order, a result our server did not add never makes a message genuine

_FORGED_RESULTS = st.sampled_from([
    f"mail.rivera.example; {PASS}",
    "mail.rivera.example; dkim=pass header.d=linkedin.com",
    "mail.rivera.example; dmarc=pass header.from=linkedin.com",
    "mx.attacker.example; dkim=pass header.d=linkedin.com",
    "mail.rivera.example 1; dkim=pass header.d=mailb.linkedin.com",
    "dkim=pass header.d=linkedin.com",
    "mail.rivera.example; dkim=pass header.d=evil.example header.i=@linkedin.com",
    "MAIL.Rivera.Example.; DKIM=PASS header.d=LinkedIn.com",
])
_SENDER_LINES = st.sampled_from([
    THEIR_HOP,
    "Return-Path: <s-1@bounce.linkedin.com>",
    "Message-ID: <1@ltx1-app1.prod.linkedin.com>",
    "DKIM-Signature: v=1; d=linkedin.com; h=From:Reply-To; bh=x; b=y",
    "X-Received: by 2002:a05::1 with SMTP id x",
    "Received: by mail.rivera.example with SMTP; Mon, 3 Nov 2025 11:00:00 +0000",
    "Received: from a by mail.rivera.example with LMTP; Mon, 3 Nov 2025 11:00:00 +0000",
    "Received: from a (localhost [127.0.0.1]) by mail.rivera.example; 3 Nov 2025 11:00 +0000",
])


@settings(max_examples=300, deadline=None, database=None)
@given(
    ours=st.lists(st.sampled_from([OUR_TOP, "Authentication-Results: mail.rivera.example; "
                                   "dkim=none; dmarc=none"]), max_size=2),
    mx=st.sampled_from([OUR_MX, FROM_VPS]),
    below=st.lists(st.one_of(_FORGED_RESULTS.map(lambda v: f"Authentication-Results: {v}"),
                             _SENDER_LINES), max_size=6),
    configured=st.sampled_from([(), ("mail.rivera.example",), ("MAIL.rivera.example", "x")]),
)
def test_results_not_added_by_our_server_never_make_a_message_genuine(
        ours: list[str], mx: str, below: list[str], configured: tuple[str, ...]) -> None:
    """Our server wrote `ours` above its Received line `mx` (none of them
    passing); the sender wrote everything in `below`, in any order."""
    verdict = judge_sender(message(*ours, mx, *below), LINKEDIN, configured)
    assert verdict.genuine is not True


@settings(max_examples=200, deadline=None, database=None)
@given(order=st.permutations([
    OUR_MX, f"Authentication-Results: mx.attacker.example; {PASS}", THEIR_HOP,
    "Return-Path: <s-1@bounce.linkedin.com>", "Authentication-Results: dkim=pass "
    "header.d=linkedin.com"]))
def test_no_ordering_of_forged_lines_under_a_received_line_is_trusted(order: list[str]) -> None:
    """With our delivery line on top (as every delivered message has), no
    shuffling of the sender's lines below it makes the message genuine."""
    verdict = judge_sender(message(OUR_TOP, *order), LINKEDIN, ())
    assert verdict.genuine is not True

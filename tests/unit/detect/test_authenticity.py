"""Sender verdicts from Authentication-Results, and the domain rule behind them."""

from __future__ import annotations

from email import policy
from email.message import EmailMessage
from email.parser import BytesParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inviteassist.detect.authenticity import (
    SenderVerdict,
    judge_sender,
    parse_authentication_results,
)
from inviteassist.detect.domains import domain_of, imitates, is_within

LINKEDIN = "linkedin.com"


def message_with(*results: str) -> EmailMessage:
    head = "".join(f"Authentication-Results: {value}\n" for value in results)
    raw = f"{head}From: Dana via LinkedIn <invitations@linkedin.com>\nSubject: x\n\nbody\n"
    parsed = BytesParser(policy=policy.default).parsebytes(raw.encode())
    assert isinstance(parsed, EmailMessage)
    return parsed


VERDICTS = [
    # (Authentication-Results headers, top first; configured authserv-ids; verdict)
    pytest.param([], (), None, id="no header"),
    pytest.param(["mx.example; dkim=pass header.d=linkedin.com"], (), True, id="dkim pass"),
    pytest.param(["mx.example; dkim=pass header.i=@linkedin.com"], (), True,
                 id="header.i alone lies within the signing domain"),
    pytest.param(["mx.example; dkim=pass header.d=evil.example header.i=@linkedin.com"], (),
                 None, id="header.i cannot lend the network's name to another signer"),
    pytest.param(["mx.example; dkim=pass header.d=mailb.linkedin.com"], (), True, id="subdomain"),
    pytest.param(["mx.example; DKIM=Pass header.d=LinkedIn.COM."], (), True, id="case and dot"),
    pytest.param(['mx.example; dkim=pass header.d="linkedin.com"'], (), True, id="quoted"),
    pytest.param(["mx.example; dkim=pass (ok; 2048-bit (rsa) key) header.d=linkedin.com"], (), True,
                 id="comment with semicolon"),
    pytest.param(["mx.example;\r\n\tdkim = pass\r\n\theader.d = linkedin.com"], (), True,
                 id="folded with spaces"),
    pytest.param(["mx.example; dmarc=pass (p=REJECT) header.from=linkedin.com"], (), True,
                 id="dmarc pass"),
    pytest.param(["mx.example; dkim=fail header.d=linkedin.com"], (), False, id="dkim fail"),
    pytest.param(["mx.example; dmarc=fail header.from=linkedin.com"], (), False, id="dmarc fail"),
    pytest.param(["mx.example; dkim=pass header.d=linkedin.com; "
                  "dmarc=fail header.from=linkedin.com"], (), False, id="dmarc before dkim"),
    pytest.param(["mx.example; dkim=fail header.d=linkedin.com; dkim=pass header.d=linkedin.com"],
                 (), True, id="one passing signature suffices"),
    pytest.param(["mx.example; dkim=pass header.d=linkedin.com.evil.example"], (), None,
                 id="suffix lookalike"),
    pytest.param(["mx.example; dkim=pass header.d=notlinkedin.com"], (), None,
                 id="prefix lookalike"),
    pytest.param(["mx.example; dkim=pass header.d=linkedln.com"], (), None, id="homoglyph"),
    pytest.param(["mx.example; dkim=fail header.d=evil.example"], (), None,
                 id="other domain fails"),
    pytest.param(["mx.example; dkim=permerror header.d=linkedin.com"], (), None, id="permerror"),
    pytest.param(["mx.example; dkim=fail"], (), None, id="fail without domain"),
    pytest.param(["mx.example; none"], (), None, id="none"),
    pytest.param(["mx.example; spf=pass smtp.mailfrom=bounce.linkedin.com"], (), None,
                 id="spf is not evidence"),
    pytest.param(["mx.example; dkim=none", "mx.example; dkim=pass header.d=linkedin.com"], (),
                 None, id="only the topmost header counts"),
    pytest.param(["mx.example 1; dkim=pass header.d=linkedin.com"], ("mx.example",), True,
                 id="authserv-id with version"),
    pytest.param(["attacker.example; dkim=pass header.d=linkedin.com",
                  "MX.example; dkim=fail header.d=linkedin.com"], ("mx.example",), False,
                 id="configured id picks its own header"),
    pytest.param(["mx.example; dkim=fail header.d=linkedin.com",
                  "mx.example; dkim=pass header.d=linkedin.com"], ("mx.example",), False,
                 id="topmost of the configured ones"),
    pytest.param(["other.example; dkim=pass header.d=linkedin.com"], ("mx.example",), None,
                 id="configured id absent"),
    pytest.param(["spf=pass (sender IP is 192.0.2.1) smtp.mailfrom=linkedin.com; dkim=pass "
                  "(signature was verified) header.d=linkedin.com;dmarc=pass action=none "
                  "header.from=linkedin.com;compauth=pass reason=100"], (), True,
                 id="exchange online without authserv-id"),
    pytest.param(["((((;;;===\"\\"], (), None, id="garbage"),
]


@pytest.mark.parametrize(("results", "authserv_ids", "genuine"), VERDICTS)
def test_verdict(results: list[str], authserv_ids: tuple[str, ...], genuine: bool | None) -> None:
    verdict = judge_sender(message_with(*results), LINKEDIN, authserv_ids)
    assert verdict.genuine is genuine
    assert verdict.reasons
    assert all(0 < len(reason) <= 80 for reason in verdict.reasons)


def test_reasons_name_the_evidence() -> None:
    verdict = judge_sender(
        message_with("mx.morgan.example; dkim=pass header.d=linkedin.com"), LINKEDIN, ()
    )
    assert verdict == SenderVerdict(True, ("dkim=pass d=linkedin.com by mx.morgan.example",))
    failing = judge_sender(
        message_with("mx.morgan.example; dmarc=fail header.from=linkedin.com"),
        LINKEDIN, ("mx.morgan.example",),
    )
    assert failing == SenderVerdict(False, ("dmarc=fail from=linkedin.com by mx.morgan.example",))
    assert judge_sender(message_with(), LINKEDIN, ()).reasons == (
        "no Authentication-Results header",
    )
    assert judge_sender(message_with("a.example; none"), LINKEDIN, ("mx.example",)).reasons == (
        "no Authentication-Results from mx.example",
    )


def test_parse_authentication_results_structure() -> None:
    parsed = parse_authentication_results(
        'mx.example 1; dkim=pass (good) reason="ok; fine" header.d=linkedin.com '
        "header.s=d2048; spf=softfail smtp.mailfrom=x@bounce.example"
    )
    assert parsed.authserv_id == "mx.example"
    assert [(r.method, r.result) for r in parsed.results] == [("dkim", "pass"), ("spf", "softfail")]
    assert parsed.results[0].properties == {
        "reason": "ok; fine", "header.d": "linkedin.com", "header.s": "d2048",
    }


@settings(max_examples=200, deadline=None, database=None)
@given(st.lists(st.text(max_size=200), max_size=4), st.lists(st.text(max_size=20), max_size=3))
def test_judge_sender_never_raises(results: list[str], authserv_ids: list[str]) -> None:
    message = EmailMessage()
    for value in results:
        message["Authentication-Results"] = " ".join(value.splitlines())
    verdict = judge_sender(message, LINKEDIN, authserv_ids)
    assert verdict.genuine in (True, False, None)


@pytest.mark.parametrize(("host", "inside"), [
    ("linkedin.com", True),
    ("www.linkedin.com", True),
    ("mailb.linkedin.com", True),
    ("LinkedIn.COM.", True),
    ("linkedin.com.evil.example", False),
    ("notlinkedin.com", False),
    ("linkedin-mail.com", False),
    ("linkedln.com", False),
    ("linkedin.co", False),
    ("com", False),
    ("", False),
    ("evil.example\x00.linkedin.com", False),
    ("evil example.linkedin.com", False),
])
def test_is_within_compares_labels_not_substrings(host: str, inside: bool) -> None:
    assert is_within(host, LINKEDIN) is inside


@pytest.mark.parametrize(("host", "lookalike"), [
    ("linkedln.com", True),
    ("llnkedin.com", True),
    ("linkedin-mail.com", True),
    ("linkedin.com.evil.example", True),
    ("notlinkedin.com", True),
    ("1inkedin.net", True),
    ("linkdin.com", True),
    ("xn--lnkedin-rog.com", True),  # Cyrillic i
    ("xn--bcher-kva.example", False),
    ("linkedin.com", False),
    ("mailb.linkedin.com", False),
    ("example.com", False),
    ("linked.example", False),
    ("okafor-consulting.example", False),
])
def test_imitates_spots_lookalikes_only(host: str, lookalike: bool) -> None:
    assert imitates(host, LINKEDIN) is lookalike


@pytest.mark.parametrize(("address", "domain"), [
    ("invitations@linkedin.com", "linkedin.com"),
    ("Dana@Example.COM", "example.com"),
    ("@linkedin.com", "linkedin.com"),
    ('"a@linkedin.com"@evil.example', "evil.example"),
    ("no-at-sign", ""),
])
def test_domain_of(address: str, domain: str) -> None:
    assert domain_of(address) == domain

"""Mutated real-looking mail through detection AND drafting: nothing escapes.

Every mutation must either be refused as malformed or classified; when it is
drafted, no header of the draft may carry a CR or LF that came from input.
"""

from __future__ import annotations

import time
from datetime import datetime
from email import policy
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inviteassist.compose.headers import draft_message_id
from inviteassist.compose.reply import ReplyInput
from inviteassist.compose.templates import build_environment
from inviteassist.detect.classify import classify
from inviteassist.detect.parse import MalformedMessage, parse_message
from inviteassist.funnel.decide import Action, decide, identify_request
from inviteassist.models import Owner
from tests.conftest import FIXTURES
from tests.mailgen import linkedin_invitation
from tests.reply_messages import composed

SAMPLES = [p.read_bytes() for p in sorted((FIXTURES / "mail").glob("*.eml"))]
SAMPLES.append(linkedin_invitation(1))
OWNER = Owner("Alex Morgan", "alex@morgan.example", "Europe/Berlin")
NOW = datetime(2026, 11, 25, 9, tzinfo=ZoneInfo("Europe/Berlin"))
ENV = build_environment(None)
HANG_GUARD_SECONDS = 10  # catches a hang or a blow-up, not a speed target

NASTY = [b"\r\n", b"\n", b"\r", b"\x00", b"=?utf-8?q?a=0D=0Ab?=", b"<script>", b"\xff\xfe",
         b"=?utf-8?b?SGksDQpCY2M6IGV2aWxAZXhhbXBsZS5jb20=?=", b"\t", b" ", b":", b";",
         b"boundary=\"x\"", b"Content-Type: text/html\n", b"%", b"\"", b"\\"]


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(SAMPLES)))
    for _ in range(draw(st.integers(1, 8))):
        where = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["insert", "delete", "flip", "repeat"]))
        if action == "insert":
            data[where:where] = draw(st.sampled_from(NASTY))
        elif action == "delete":
            del data[where:where + draw(st.integers(1, 200))]
        elif action == "flip" and where < len(data):
            data[where] = draw(st.integers(0, 255))
        else:
            chunk = data[where:where + draw(st.integers(1, 50))]
            data[where:where] = chunk * draw(st.integers(1, 200))
    return bytes(data)


def draft_or_none(raw: bytes) -> bytes | None:
    try:
        parsed = parse_message(raw)
    except MalformedMessage:
        return None
    verdict = classify(parsed)
    identity = identify_request(verdict)
    if decide(verdict, already_known=False, unverified_policy="draft").action is not (
            Action.DRAFT) or identity is None or verdict.requester is None:
        return None
    env = parsed.envelope
    message = composed(ENV, ReplyInput(
        owner=OWNER, network=identity.network, requester=verdict.requester,
        note=verdict.note, notification_subject=env.subject,
        notification_message_id=env.message_id, notification_references=env.references,
        options=(), message_id=draft_message_id(identity.key, "reply", OWNER.email), now=NOW))
    return message.as_bytes(policy=policy.SMTP)


def assert_clean_headers(draft: bytes) -> None:
    head = draft.split(b"\r\n\r\n", 1)[0]
    for line in head.split(b"\r\n"):
        assert b"\r" not in line and b"\n" not in line
        assert line[:1] in b" \t" or b":" in line, f"not a header line: {line!r}"
    names = [line.split(b":", 1)[0].lower() for line in head.split(b"\r\n")
             if line[:1] not in b" \t"]
    assert b"bcc" not in names


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutated_mail_never_escapes_and_never_breaks_a_header(raw):
    started = time.monotonic()
    draft = draft_or_none(raw)
    assert time.monotonic() - started < HANG_GUARD_SECONDS
    if draft is not None:
        assert_clean_headers(draft)


def test_a_header_injection_in_the_name_and_subject_is_neutralised():
    raw = linkedin_invitation(3).replace(
        b"Subject: ", b"Subject: =?utf-8?q?Hi=0D=0ABcc:_victim@example.com?= ", 1)
    draft = draft_or_none(raw)
    assert draft is not None
    assert_clean_headers(draft)


def test_huge_subjects_and_html_bombs_are_handled():
    huge = linkedin_invitation(4).replace(b"Subject: ", b"Subject: " + b"x" * 1_000_000, 1)
    bomb = (b"From: a@linkedin.com\nSubject: x\nContent-Type: text/html\n\n"
            + b"<div>" * 200_000 + b"hello")
    for raw in (huge, bomb):
        started = time.monotonic()
        draft_or_none(raw)
        assert time.monotonic() - started < HANG_GUARD_SECONDS

"""Bad input: bounded time, a reason saying what was wrong, names made safe."""

from __future__ import annotations

import time
from email.message import EmailMessage

import pytest

from inviteassist.detect.classify import classify, classify_bytes
from inviteassist.detect.clean import clean_text_line
from inviteassist.detect.content import MAX_BODY_BYTES, MAX_HTML_CHARS
from inviteassist.detect.parse import MAX_SUBJECT_CHARS, parse_message
from inviteassist.models import Kind

TIME_CAP_SECONDS = 5.0  # a generous cap: a blow-up takes minutes, a normal message ms
ACCEPT = ("https://www.linkedin.com/comm/mynetwork/invite-accept/invitationId/"
          "7000000000000000042/sharedKey/Zz9/")


def invitation(name_line: str, *, sender: str = "invitations@linkedin.com",
               headline: str = "CTO at Example Labs") -> bytes:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "Alex Morgan <alex@morgan.example>"
    message["Subject"] = "Invitation"
    message.set_content(f"Hi Alex,\n\nWe met in Leeds.\n\n{name_line}\n{headline}\n\n"
                        f"Accept: {ACCEPT}\n")
    return message.as_bytes()


def timed(raw: bytes):
    started = time.monotonic()
    result = classify_bytes(raw)
    assert time.monotonic() - started < TIME_CAP_SECONDS
    return result


def test_a_megabyte_subject_is_cut_and_said_so() -> None:
    raw = b"From: a@b.example\nSubject: " + b"x" * 1_000_000 + b"\n\nHello.\n"
    result = timed(raw)
    assert f"bad input: subject cut to {MAX_SUBJECT_CHARS} characters" in result.reasons
    assert len(parse_message(raw).envelope.subject) <= MAX_SUBJECT_CHARS


BOMBS = {
    "nested divs": "<div>" * 200_000 + "x" + "</div>" * 200_000,
    "unclosed links": "<a href='https://www.linkedin.com/in/x/'>" * 100_000,
    "nested tables": "<table><tr><td>" * 60_000,
    "entities": "&amp;" * 400_000,
    "hidden nesting": "<p style='display:none'>" * 100_000 + "visible",
}


@pytest.mark.parametrize("bomb", BOMBS.values(), ids=list(BOMBS))
def test_html_bombs_finish_in_bounded_time(bomb: str) -> None:
    message = EmailMessage()
    message["From"] = "LinkedIn <invitations@linkedin.com>"
    message["Subject"] = "x"
    message.set_content(bomb, subtype="html")
    result = timed(message.as_bytes())
    assert result.kind in (Kind.OTHER, Kind.INVITATION)
    if len(bomb) > MAX_HTML_CHARS:
        assert f"bad input: HTML body cut at {MAX_HTML_CHARS} characters" in result.reasons


def test_a_huge_plain_body_finishes_in_bounded_time() -> None:
    raw = invitation("Dana Lee").replace(b"We met in Leeds.", b"word " * 300_000)
    assert timed(raw).kind is Kind.INVITATION


def test_a_body_beyond_the_cap_is_cut_and_said_so() -> None:
    raw = invitation("Dana Lee").replace(b"We met in Leeds.", b"word " * 600_000)
    result = timed(raw)
    assert f"bad input: body part cut at {MAX_BODY_BYTES} bytes" in result.reasons


@pytest.mark.parametrize(("raw", "reason"), [
    (b"From: a@b.example\nContent-Type: text/plain; charset=x-nope\n\nhi\n",
     "bad input: unknown charset 'x-nope' read as UTF-8"),
    (b"From: a@b.example\nContent-Type: text/plain; charset=utf-8\n\nbad \xff\xfe byte\n",
     "bad input: undecodable bytes in utf-8 replaced"),
    (b"From: a@b.example\nContent-Transfer-Encoding: base64\n\n=*=\xff!!",
     "bad input: damaged base64 payload (decoded what could be)"),
    (b"From: a@b.example\nContent-Type: multipart/mixed; boundary=\"q\"\n\nno parts here\n",
     "bad input: broken MIME structure (StartBoundaryNotFound)"),
])
def test_each_repair_is_named_in_the_reasons(raw: bytes, reason: str) -> None:
    assert reason in classify_bytes(raw).reasons


@pytest.mark.parametrize(("raw_name", "clean"), [
    ("Dana Lee<script>alert(1)</script>", "Dana Lee"),
    ("Dana <b>Lee</b>", "Dana Lee"),
    ("Dana &lt;Lee&gt;", "Dana Lee"),
    ("<scr<script>ipt>Dana", "scr"),  # an unclosed script block takes the rest with it
    ("Dana\r\nBcc: evil@example.com", "Dana Bcc: evil@example.com"),
    ("=?utf-8?q?Dana=0D=0ABcc:_x@y.example?=", "= ?utf-8?q?Dana=0D=0ABcc:_x@y.example?="),
    ("D" * 500, "D" * 80),
    ("Zoë O'Brien & Co", "Zoë O'Brien & Co"),
])
def test_names_become_one_line_of_plain_text(raw_name: str, clean: str) -> None:
    assert clean_text_line(raw_name, 80)[0] == clean


def test_a_cleaned_name_is_reported_and_never_carries_markup_or_line_breaks() -> None:
    raw = invitation("x").replace(b"\nx\n", b"\n\n").replace(
        b"From: invitations@linkedin.com",
        b"From: =?utf-8?q?Dana_Lee=0D=0A<script>x</script>?= via LinkedIn"
        b" <invitations@linkedin.com>")
    result = classify(parse_message(raw))
    assert result.requester is not None
    assert result.requester.name == "Dana Lee"
    assert "requester name cleaned: markup removed" in result.reasons


def test_a_headline_with_markup_is_cleaned_too() -> None:
    result = classify_bytes(invitation("Dana Lee", headline="CTO <img src=x onerror=y> Labs"))
    assert result.requester is not None and result.requester.headline == "CTO Labs"
    assert "headline cleaned: markup removed" in result.reasons


def test_a_requester_address_that_is_not_plain_is_dropped() -> None:
    message = EmailMessage()
    message["From"] = "Dana Lee <invitations@linkedin.com>"
    message["Reply-To"] = "Dana <\"dana lee\"@lee.example>"
    message["Subject"] = "Invitation"
    message.set_content(f"Hi Alex,\n\nDana Lee\nCTO\n\nAccept: {ACCEPT}\n")
    result = classify_bytes(message.as_bytes())
    assert result.requester is not None and result.requester.email is None


def test_a_charset_name_with_a_nul_byte_is_an_unknown_charset() -> None:
    raw = b"From: a@b.example\nContent-Type: text/plain; charset=\x00\"utf-8\"\n\nhi\n"
    result = classify_bytes(raw)
    assert any(r.startswith("bad input: unknown charset") for r in result.reasons)

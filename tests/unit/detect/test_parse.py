"""parse_message: envelope decoding, best body, HTML rendering, hostile input."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inviteassist.detect.classify import classify
from inviteassist.detect.html_text import Link, html_to_text, render_html
from inviteassist.detect.parse import (
    MalformedMessage,
    ParsedMessage,
    parse_message,
    repair_header_block,
)

CET = timezone(timedelta(hours=1))
FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "mail"


def message(headers: str, body: str = "Hello.\n") -> bytes:
    return (headers.strip("\n") + "\n\n" + body).encode("utf-8")


def test_envelope_of_a_linkedin_notification() -> None:
    parsed = parse_message((FIXTURES / "linkedin_2016_form.eml").read_bytes())
    envelope = parsed.envelope
    assert envelope.subject == "Jamie, please add me to your LinkedIn network"
    assert envelope.from_name == "Priya Natarajan"
    assert envelope.from_addr == "invitations@linkedin.com"
    assert envelope.to_addrs == ("jamie@rivera.example",)
    assert envelope.reply_to is None
    assert envelope.message_id == (
        "<1093847561.4410293.1762171200123@ltx1-app2041.prod.linkedin.com>"
    )
    assert envelope.date == datetime(2025, 11, 3, 12, 0, tzinfo=UTC)


def test_threading_headers_keep_angle_brackets() -> None:
    parsed = parse_message(message(
        "From: Dana <dana@example.com>\n"
        "Message-ID: <reply-1@example.com>\n"
        "In-Reply-To: <draft-7@morgan.example>\n"
        "References: <first@example.com>\n <draft-7@morgan.example>\n"
    ))
    assert parsed.envelope.message_id == "<reply-1@example.com>"
    assert parsed.envelope.in_reply_to == "<draft-7@morgan.example>"
    assert parsed.envelope.references == ("<first@example.com>", "<draft-7@morgan.example>")


@pytest.mark.parametrize(("value", "expected"), [
    ("Mon, 2 Nov 2026 08:14:00 +0100", datetime(2026, 11, 2, 8, 14, tzinfo=CET)),
    ("Mon, 2 Nov 2026 08:14:00 -0000", datetime(2026, 11, 2, 8, 14, tzinfo=UTC)),
    ("Mon, 2 Nov 2026 08:14:00 +0000 (UTC)", datetime(2026, 11, 2, 8, 14, tzinfo=UTC)),
    ("yesterday-ish", None),
    ("Someday, 45 Brumaire 99999 25:61:00 +9999", None),
])
def test_date_is_aware_or_none(value: str, expected: datetime | None) -> None:
    parsed = parse_message(message(f"From: a@example.com\nDate: {value}"))
    assert parsed.envelope.date == expected
    assert parsed.envelope.date is None or parsed.envelope.date.tzinfo is not None


def test_encoded_words_are_decoded_and_line_breaks_removed() -> None:
    parsed = parse_message(message(
        "From: =?utf-8?q?J=C3=BCrgen_M=C3=BCller?= via LinkedIn <invitations@linkedin.com>\n"
        "Subject: =?utf-8?b?SsO8cmdlbiBtw7ZjaHRlIHNpY2ggdmVybmV0emVu?=\n"
        "Reply-To: =?iso-8859-1?q?J=FCrgen?= <juergen@example.com>\n"
        "To: Alex <alex@morgan.example>, b@example.com\n"
    ))
    envelope = parsed.envelope
    assert envelope.from_name == "Jürgen Müller via LinkedIn"
    assert envelope.subject == "Jürgen möchte sich vernetzen"
    assert envelope.reply_to == "juergen@example.com"
    assert envelope.to_addrs == ("alex@morgan.example", "b@example.com")


def test_header_values_never_carry_control_characters() -> None:
    parsed = parse_message(
        b"From: Eve\x00 <eve@example.com>\nSubject: =?utf-8?q?a=0D=0ABcc:_victim@example.com?=\n\nx"
    )
    assert "\n" not in parsed.envelope.subject and "\r" not in parsed.envelope.subject
    assert "\x00" not in parsed.envelope.from_name


def test_plain_text_is_preferred_over_html() -> None:
    parsed = parse_message((FIXTURES / "linkedin_2016_form.eml").read_bytes())
    assert parsed.body.source == "text/plain"
    assert parsed.text.startswith("Hi Jamie,\n\nI'd like to join your LinkedIn network.")
    assert Link("Accept", parsed.links[1].url) == parsed.links[1]


def test_html_only_body_is_rendered_as_readable_lines() -> None:
    parsed = parse_message((FIXTURES / "linkedin_html_only.eml").read_bytes())
    assert parsed.body.source == "text/html"
    lines = [line for line in parsed.text.split("\n") if line]
    assert lines[:5] == [
        "Jamie Rivera",
        "Hi Jamie, I'd like to join your LinkedIn network.",
        "Chen Wei",
        "Product Manager at Harbour Freight Labs",
        "Singapore",
    ]
    assert "display:none" not in parsed.text and "{" not in parsed.text
    assert [link.label for link in parsed.links if link.label][:4] == [
        "Jamie Rivera", "Chen Wei", "Accept", "View profile",
    ]


@pytest.mark.parametrize(("markup", "expected"), [
    ("<style>p{color:red}</style><p>One</p><p>Two</p>", "One\n\nTwo"),
    ("<script>alert(1)</script>Text", "Text"),
    ('<span style="display: none !important">preview</span>Shown', "Shown"),
    ('<div style="max-height:0;overflow:hidden">pre</div><div>Body</div>', "Body"),
    ('<div hidden>gone</div>kept', "kept"),
    ("a<br>b<br/>c", "a\nb\nc"),
    ("<table><tr><td>Name</td></tr><tr><td>Title</td></tr></table>", "Name\nTitle"),
    ("A&nbsp;&amp;&nbsp;B &#8203;", "A & B"),
    ("<pre>  keep\n  lines</pre>", "keep\nlines"),
    ("<p>unclosed <b>bold <i>italic</p>after", "unclosed bold italic\n\nafter"),
    ("<div style='display:none'><p>hidden<div>still</div></p></div>visible", "visible"),
])
def test_html_to_text(markup: str, expected: str) -> None:
    assert html_to_text(markup) == expected


def test_html_links_keep_their_visible_label() -> None:
    rendered = render_html(
        '<a href="https://x.example/a?b=1&amp;c=2"> Go <b>there</b> </a><a>none</a>'
    )
    assert rendered.links == (Link("Go there", "https://x.example/a?b=1&c=2"),)


def test_plain_text_links_take_the_label_before_them() -> None:
    parsed = parse_message(message(
        "From: a@example.com",
        "Accept: https://www.linkedin.com/a?x=1&amp;y=2.\nView profile\nhttps://www.linkedin.com/in/x/\n",
    ))
    assert parsed.links == (
        Link("Accept", "https://www.linkedin.com/a?x=1&y=2"),
        Link("View profile", "https://www.linkedin.com/in/x/"),
    )


@pytest.mark.parametrize("charset", ["x-does-not-exist", "rot13", "idna", "us-ascii", "utf-8"])
def test_bad_or_wrong_charsets_fall_back_to_utf8_with_replacement(charset: str) -> None:
    raw = (
        f"From: a@example.com\nContent-Type: text/plain; charset={charset}\n\n".encode()
        + "Grüße \u2014 ok".encode() + b"\xff\n"
    )
    assert parse_message(raw).text == "Grüße \u2014 ok\ufffd\n"


def test_declared_charset_is_honoured() -> None:
    raw = b"From: a@example.com\nContent-Type: text/plain; charset=iso-8859-1\n\nGr\xfc\xdfe\n"
    assert parse_message(raw).text == "Grüße\n"


def test_header_block_that_lost_its_indentation_is_repaired() -> None:
    raw = (
        b"Received: from a.example\nby b.example with ESMTP\n"
        b"Date: Thu, 16 Sep 2010 11:31:07 -0700\n"
        b"From: Facebook <notification@facebookmail.com>\nSubject: x\n\nbody\n"
    )
    assert b"\n by b.example" in repair_header_block(raw)
    parsed = parse_message(raw)
    assert parsed.envelope.from_addr == "notification@facebookmail.com"
    assert parsed.envelope.subject == "x"


@pytest.mark.parametrize(("raw", "reason"), [
    (b"", "empty message"),
    (b" \r\n\t\n", "empty message"),
    (b"just some words without any header\n", "no header block"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "no header block"),
])
def test_unusable_bytes_raise_malformed_message(raw: bytes, reason: str) -> None:
    with pytest.raises(MalformedMessage) as caught:
        parse_message(raw)
    assert caught.value.reason == reason
    assert isinstance(caught.value, ValueError)


def test_non_bytes_input_is_malformed() -> None:
    with pytest.raises(MalformedMessage):
        parse_message("From: a@example.com\n\nx")  # type: ignore[arg-type]


HTML = b"From: a@linkedin.com\nContent-Type: text/html\n\n"
HOSTILE = {
    "huge header line": b"Subject: " + b"=?utf-8?q?a?= " * 100_000 + b"\nFrom: x@linkedin.com\n\nb",
    "huge body line": b"From: a@linkedin.com\nSubject: x\n\nHi Alex, " + b"x" * 2_000_000,
    "unclosed html": HTML + b"<div><a href='x'>" * 20_000,
    "stray end tags": HTML + b"<i>" * 20_000 + b"</b>" * 20_000,
    "deep multipart": b"From: a@b.example\nContent-Type: multipart/mixed; boundary=b0\n\n"
    + b"".join(b"--b%d\nContent-Type: multipart/mixed; boundary=b%d\n\n" % (i, i + 1)
               for i in range(500)),
    "multipart without boundary": b"From: a@b.example\nContent-Type: multipart/alternative\n\nx",
    "broken base64": b"From: a@b.example\nContent-Transfer-Encoding: base64\n\n=*=\xff!!",
    "angle bomb": b"From: " + b"<" * 50_000 + b"a@linkedin.com\n\nx",
    "address list bomb": b"From: a@b.example\nTo: " + b"a@b.example, " * 20_000 + b"\n\nx",
    "nul bytes": b"From: a\x00@linkedin.com\x00\nSubject: \x00\x00\n\n\x00Hi Alex,\x00",
    "bad encoded words": b"From: =?x-unknown?B?!!!?= <a@b.example>\nSubject: =?utf-8?b?////?=\n\nx",
    "eight-bit headers": b"From: J\xfcrgen <j@b.example>\nSubject: caf\xc3\xa9 \xff\n\nx",
    "only headers": b"From: a@b.example",
    "crlf": b"From: a@b.example\r\nSubject: x\r\n\r\nbody\r\n",
    "bare cr": b"From: a@b.example\rSubject: x\r\rbody",
}


@pytest.mark.parametrize("raw", HOSTILE.values(), ids=list(HOSTILE))
def test_hostile_input_parses_and_classifies_without_raising(raw: bytes) -> None:
    try:
        parsed = parse_message(raw)
    except MalformedMessage:
        return
    exercise(parsed)


def exercise(parsed: ParsedMessage) -> None:
    assert isinstance(parsed.envelope.subject, str)
    assert isinstance(parsed.text, str)
    classify(parsed, authserv_ids=("mx.example",))


HEADER_NAMES = st.sampled_from([
    "From", "To", "Reply-To", "Subject", "Date", "Message-ID", "References", "In-Reply-To",
    "Content-Type", "Content-Transfer-Encoding", "Authentication-Results", "X-LinkedIn-Class",
])


@settings(
    max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(st.binary(max_size=2_000))
def test_arbitrary_bytes_never_raise_anything_but_malformed(raw: bytes) -> None:
    try:
        parsed = parse_message(raw)
    except MalformedMessage:
        return
    exercise(parsed)


@settings(
    max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(
    st.lists(st.tuples(HEADER_NAMES, st.binary(max_size=200)), min_size=1, max_size=8),
    st.binary(max_size=1_000),
)
def test_garbage_header_values_never_raise(headers: list[tuple[str, bytes]], body: bytes) -> None:
    raw = b"".join(name.encode() + b": " + value + b"\n" for name, value in headers) + b"\n" + body
    try:
        parsed = parse_message(raw)
    except MalformedMessage:
        return
    exercise(parsed)


HTML_BITS = st.sampled_from([
    "<", ">", "</", "<a href='https://www.linkedin.com/in/x/'>", "</a>", "<p>", "</p>", "<br>",
    "<style>", "</style>", "<div style='display:none'>", "</div>", "<!--", "-->", "<![CDATA[",
    "&", "&#", "&#x;", "&amp", "\x00", "<pre>", "</pre>", "<!DOCTYPE", "<?php", "'", '"', "=",
])


@settings(max_examples=300, deadline=None, database=None)
@given(st.lists(st.one_of(HTML_BITS, st.text(max_size=5)), max_size=60))
def test_html_rendering_never_raises(bits: list[str]) -> None:
    rendered = render_html("".join(bits))
    assert isinstance(rendered.text, str)
    assert "\x00" not in rendered.text

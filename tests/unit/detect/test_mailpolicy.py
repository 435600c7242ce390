"""The shared email policy parses a header value once and behaves as policy.default."""

from __future__ import annotations

from email import message_from_bytes, policy
from email.headerregistry import DateHeader
from email.message import EmailMessage

import pytest

from inviteassist.mailpolicy import MAX_REMEMBERED_CHARS, POLICY

RAW = (b"From: =?utf-8?q?J=C3=BCrgen?= <j@example.org>\nTo: alex@morgan.example\n"
       b"Subject: Hello\nContent-Type: text/plain; charset=utf-8\n\nbody\n")


def test_a_repeated_value_is_parsed_once():
    first = message_from_bytes(RAW, policy=POLICY)
    second = message_from_bytes(RAW, policy=POLICY)
    assert first["Content-Type"] is second["Content-Type"]
    assert first["From"] is first["From"]


def test_reading_gives_what_policy_default_gives():
    ours = message_from_bytes(RAW, policy=POLICY)
    stdlib = message_from_bytes(RAW, policy=policy.default)
    for name in ("From", "To", "Subject", "Content-Type"):
        assert str(ours[name]) == str(stdlib[name])
    assert ours["From"].addresses == stdlib["From"].addresses
    assert ours.get_content_type() == "text/plain" and ours.get_content() == "body\n"


def test_a_long_value_is_parsed_but_not_kept():
    subject = "x" * (MAX_REMEMBERED_CHARS + 1)
    raw = f"Subject: {subject}\n\nbody\n".encode()
    first = message_from_bytes(raw, policy=POLICY)
    assert str(first["Subject"]) == subject
    assert first["Subject"] is not first["Subject"]


def test_composing_keeps_names_and_refuses_line_breaks():
    message = EmailMessage(policy=POLICY)
    message["X-InviteAssist"] = "reply"
    message["Subject"] = "Grüße"
    assert b"X-InviteAssist: reply" in message.as_bytes()
    assert b"Subject: =?utf-8?q?Gr=C3=BC=C3=9Fe?=" in message.as_bytes()
    with pytest.raises(ValueError):
        message["Bcc"] = "a@example.org\nX-Evil: 1"


def test_a_header_name_gets_one_class_for_all_its_values():
    first = message_from_bytes(RAW, policy=POLICY)
    other = message_from_bytes(RAW.replace(b"Subject: Hello", b"Subject: Goodbye"),
                               policy=POLICY)
    assert type(first["Subject"]) is type(other["Subject"])
    assert type(first["Subject"]).__name__ == type(policy.default.header_factory(
        "Subject", "Hello")).__name__


def test_a_name_mapped_anew_is_parsed_with_its_new_class():
    registry = type(POLICY.header_factory)()
    sent_on = "Tue, 1 Dec 2026 10:00:00 +0000"
    assert not hasattr(registry("X-Sent-On", sent_on), "datetime")
    registry.map_to_type("x-sent-on", DateHeader)
    assert registry("X-Sent-On", sent_on).datetime.day == 1

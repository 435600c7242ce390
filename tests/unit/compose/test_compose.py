from __future__ import annotations

import email
from datetime import datetime, timedelta
from email import policy
from zoneinfo import ZoneInfo

import icalendar
import pytest

from inviteassist.compose.headers import draft_message_id, header_safe
from inviteassist.compose.reply import ReplyInput, reply_subject
from inviteassist.compose.templates import build_environment
from inviteassist.errors import UserError
from inviteassist.models import Option, Owner, Requester
from tests.reply_messages import composed

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 25, 9, 0, tzinfo=BERLIN)
OWNER = Owner("Alex Morgan", "alex@morgan.example", "Europe/Berlin")


def options(count: int = 3) -> tuple[Option, ...]:
    first = datetime(2026, 11, 30, 10, 0, tzinfo=BERLIN)
    return tuple(Option(label, first + timedelta(days=i), first + timedelta(days=i, minutes=30),
                        f"uid-{label}@morgan.example")
                 for i, label in zip(range(count), "ABC", strict=False))


def reply_input(**changes) -> ReplyInput:
    base = {
        "owner": OWNER, "network": "linkedin",
        "requester": Requester("Gregory Hollis", None, "Managing Director",
                               "https://www.linkedin.com/in/ghollis/"),
        "note": "I'd like to join your LinkedIn network.",
        "notification_subject": "Alex, please add me to your LinkedIn network",
        "notification_message_id": "<n1@linkedin.com>",
        "notification_references": (), "options": options(),
        "message_id": draft_message_id("invitation:1", "reply", OWNER.email), "now": NOW}
    base.update(changes)
    return ReplyInput(**base)


def roundtrip(message) -> email.message.EmailMessage:
    parsed = email.message_from_bytes(message.as_bytes(policy=policy.SMTP),
                                      policy=policy.default)
    assert parsed.defects == []
    for part in parsed.walk():
        assert part.defects == []
    return parsed


@pytest.fixture
def env():
    return build_environment(None)


def test_the_reply_threads_to_the_notification_and_lists_every_option(env):
    parsed = roundtrip(composed(env, reply_input()))
    assert parsed["Subject"] == "Your invitation to connect on LinkedIn"  # to the requester
    assert parsed["In-Reply-To"] == "<n1@linkedin.com>"
    assert parsed["References"] == "<n1@linkedin.com>"
    assert parsed["From"] == "Alex Morgan <alex@morgan.example>"
    assert parsed["To"] is None
    body = parsed.get_body(("plain",)).get_content()
    assert "Hello Gregory," in body
    assert "A) Monday 30 November 2026, 10:00–10:30 CET (UTC+01:00)" in body
    assert "C) Wednesday 2 December 2026" in body
    assert "for you only" not in body


def test_one_publish_calendar_per_option_when_the_address_is_unknown(env):
    parsed = roundtrip(composed(env, reply_input()))
    attachments = list(parsed.iter_attachments())
    assert [a.get_filename() for a in attachments] == [
        "option-A-2026-11-30-1000.ics", "option-B-2026-12-01-1000.ics",
        "option-C-2026-12-02-1000.ics"]
    for attachment, option in zip(attachments, options(), strict=True):
        assert attachment.get_content_type() == "text/calendar"
        assert attachment.get_param("method") == "PUBLISH"
        calendar = icalendar.Calendar.from_ical(attachment.get_content())
        (event,) = calendar.walk("VEVENT")
        assert str(event["UID"]) == option.uid
        assert event.decoded("DTSTART") == option.start
        assert "ATTENDEE" not in event


def test_a_known_address_becomes_the_recipient_but_not_an_attendee(env):
    requester = Requester("Gregory Hollis", "greg@hollis.example")
    parsed = roundtrip(composed(env, reply_input(requester=requester)))
    assert parsed["To"] == "Gregory Hollis <greg@hollis.example>"
    attachment = next(parsed.iter_attachments())
    assert attachment.get_param("method") == "PUBLISH"
    event = icalendar.Calendar.from_ical(attachment.get_content()).walk("VEVENT")[0]
    assert "ATTENDEE" not in event


def test_line_breaks_in_notification_fields_never_reach_a_header(env):
    hostile = "Hi\r\nBcc: victim@example.com\nX-Evil: 1"
    requester = Requester("Eve\r\nBcc: x@example.com", "eve@example.com")
    parsed = roundtrip(composed(env, reply_input(notification_subject=hostile,
                                                      requester=requester)))
    assert parsed["Bcc"] is None and parsed["X-Evil"] is None
    assert "\n" not in parsed["Subject"]
    assert parsed["Subject"] == "Your invitation to connect on LinkedIn"


def test_a_template_without_a_subject_line_answers_re_the_notification(tmp_path):
    (tmp_path / "plain.txt.j2").write_text("Hello {{ requester.name }}\n")
    hostile = "Hi\r\nBcc: victim@example.com\nX-Evil: 1"
    parsed = roundtrip(composed(build_environment(tmp_path), reply_input(
        notification_subject=hostile, template="plain.txt.j2")))
    assert parsed["Subject"] == "Re: Hi Bcc: victim@example.com X-Evil: 1"
    assert parsed["Bcc"] is None and parsed["X-Evil"] is None


def test_a_subject_line_built_from_hostile_values_stays_one_header(tmp_path):
    (tmp_path / "mine.txt.j2").write_text("Subject: Hi {{ requester.name }}\nBody\n")
    requester = Requester("Eve\r\nBcc: x@example.com\rX-Evil: 1", "eve@example.com")
    parsed = roundtrip(composed(build_environment(tmp_path), reply_input(
        requester=requester, template="mine.txt.j2")))
    assert parsed["Bcc"] is None and parsed["X-Evil"] is None
    assert parsed["Subject"].startswith("Hi Eve")
    assert "\n" not in parsed["Subject"] and "\r" not in parsed["Subject"]


def test_owner_notes_appear_for_the_owner_only_when_given(env):
    parsed = roundtrip(composed(env, reply_input(owner_notes=("sender not verified",))))
    body = parsed.get_body(("plain",)).get_content()
    assert "[inviteassist, for you only, delete before sending: sender not verified]" in body


def test_draft_message_ids_are_stable_per_request_and_purpose():
    first = draft_message_id("invitation:1", "reply", "alex@morgan.example")
    assert first == draft_message_id("invitation:1", "reply", "alex@morgan.example")
    assert first != draft_message_id("invitation:2", "reply", "alex@morgan.example")
    assert first != draft_message_id("invitation:1", "confirm", "alex@morgan.example")
    assert first.endswith("@morgan.example>")


@pytest.mark.parametrize(("subject", "expected"), [
    ("Please add me", "Re: Please add me"), ("RE: already", "RE: already"),
    ("a\x00b\tc", "Re: a b c")])
def test_reply_subjects(subject, expected):
    assert reply_subject(subject) == expected


def test_header_safe_removes_every_control_character():
    assert header_safe("a\r\n\x1b[31mb\x7f") == "a [31mb"


def test_an_owner_template_overrides_the_shipped_one(tmp_path):
    (tmp_path / "reply.txt.j2").write_text("Hi {{ requester.first_name }}, call {{ "
                                           "options[0].label }}?\n")
    parsed = roundtrip(composed(build_environment(tmp_path), reply_input()))
    assert parsed.get_body(("plain",)).get_content().replace("\r\n", "\n") == (
        "Hi Gregory, call A?\n")


@pytest.mark.parametrize(("text", "words"), [
    ("Hello\n{{ requester.nickname }}\n", ["reply.txt.j2", "line 2", "nickname"]),
    ("Hello\n{% for x in options %}\n", ["reply.txt.j2", "line 2", "check the"]),
])
def test_a_broken_owner_template_is_a_one_line_error_with_file_and_line(tmp_path, text,
                                                                        words):
    (tmp_path / "reply.txt.j2").write_text(text)
    with pytest.raises(UserError) as caught:
        composed(build_environment(tmp_path), reply_input())
    message = str(caught.value)
    assert "\n" not in message
    assert str(tmp_path) in message
    for word in words:
        assert word in message

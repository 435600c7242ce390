"""Meeting replies: iTIP REPLY / COUNTER parts read for UID, attendee and time."""

from __future__ import annotations

from datetime import UTC, datetime
from email.message import EmailMessage
from zoneinfo import ZoneInfo

import pytest

from inviteassist.detect.classify import classify
from inviteassist.detect.itip import parse_line, parse_properties
from inviteassist.detect.parse import parse_message
from inviteassist.models import Kind

UID = "inviteassist-abc123@morgan.example"


def calendar(method: str | None, *lines: str) -> str:
    head = ["BEGIN:VCALENDAR", "VERSION:2.0"] + ([f"METHOD:{method}"] if method else [])
    return "\r\n".join([*head, "BEGIN:VEVENT", *lines, "END:VEVENT", "END:VCALENDAR", ""])


def event(partstat: str = "ACCEPTED", attendee: str = "sam@example.com", *extra: str) -> tuple:
    return (f"UID:{UID}", "SEQUENCE:2",
            f"ATTENDEE;CN=\"Example, Sam\";PARTSTAT={partstat}:mailto:{attendee}",
            "DTSTART;TZID=Europe/Berlin:20261201T100000",
            "DTEND;TZID=Europe/Berlin:20261201T103000", *extra)


def mail(text: str, *, method_param: str | None = None, sender: str = "sam@example.com",
         subject: str = "Accepted: Call") -> EmailMessage:
    message = EmailMessage()
    message["From"] = f"Sam Example <{sender}>"
    message["To"] = "Alex Morgan <alex@morgan.example>"
    message["Subject"] = subject
    params = {"method": method_param} if method_param else {}
    message.set_content(text, subtype="calendar", params=params)
    return message


def classify_mail(message: EmailMessage):
    return classify(parse_message(message.as_bytes()))


@pytest.mark.parametrize("partstat", ["ACCEPTED", "DECLINED", "TENTATIVE", "DELEGATED"])
def test_reply_reports_uid_attendee_partstat_and_sequence(partstat: str) -> None:
    result = classify_mail(mail(calendar("REPLY", *event(partstat)), method_param="REPLY"))
    assert result.kind is Kind.MEETING_REPLY
    reply = result.meeting_reply
    assert reply is not None
    assert (reply.uid, reply.method, reply.partstat, reply.attendee, reply.sequence) == (
        UID, "REPLY", partstat, "sam@example.com", 2)


def test_counter_carries_the_proposed_time() -> None:
    text = calendar("COUNTER", *event("TENTATIVE")).replace("20261201T100000", "20261203T150000")
    reply = classify_mail(mail(text)).meeting_reply
    assert reply is not None and reply.method == "COUNTER"
    assert reply.proposed_start == datetime(2026, 12, 3, 15, tzinfo=ZoneInfo("Europe/Berlin"))


def test_utc_and_floating_times() -> None:
    utc = calendar("REPLY", f"UID:{UID}", "ATTENDEE;PARTSTAT=ACCEPTED:mailto:sam@example.com",
                   "DTSTART:20261201T090000Z")
    assert classify_mail(mail(utc)).meeting_reply.proposed_start == datetime(  # type: ignore[union-attr]
        2026, 12, 1, 9, tzinfo=UTC)
    floating = utc.replace("DTSTART:20261201T090000Z", "DTSTART:20261201T090000")
    result = classify_mail(mail(floating))
    assert result.meeting_reply is not None and result.meeting_reply.proposed_start is None
    assert "DTSTART has no time zone (floating time)" in result.reasons


def test_method_line_wins_over_the_parameter_and_requests_are_not_replies() -> None:
    request = calendar("REQUEST", *event("NEEDS-ACTION"))
    assert classify_mail(mail(request, method_param="REPLY")).kind is Kind.OTHER
    cancel = calendar("CANCEL", *event())
    assert classify_mail(mail(cancel)).kind is Kind.OTHER
    assert classify_mail(mail(calendar(None, *event()), method_param="REPLY")).kind is (
        Kind.MEETING_REPLY)


def test_the_attendee_who_sent_the_reply_is_chosen() -> None:
    text = calendar("REPLY", f"UID:{UID}",
                    "ATTENDEE;PARTSTAT=NEEDS-ACTION:mailto:other@example.com",
                    "ATTENDEE;PARTSTAT=DECLINED:mailto:sam@example.com")
    reply = classify_mail(mail(text)).meeting_reply
    assert reply is not None and (reply.attendee, reply.partstat) == ("sam@example.com",
                                                                      "DECLINED")


def test_the_subject_plays_no_part() -> None:
    text = calendar("REPLY", *event())
    one = classify_mail(mail(text, subject="Accepted: Call"))
    other = classify_mail(mail(text, subject="Invitation Declined: something else"))
    assert one.meeting_reply == other.meeting_reply


def test_folded_lines_and_quoted_parameters() -> None:
    text = ("BEGIN:VCALENDAR\r\nMETHOD:REPLY\r\nBEGIN:VEVENT\r\nUID:abc-\r\n def\r\nATTENDEE;CN"
            "=\"Doe; Jane: PhD\";DELEGATED-TO=\"mailto:a@x.example\",\"mailto:b@x.example\";PARTS"
            "TAT=ACCEPTED:mailto:jane@\r\n\tdoe.example\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    properties = parse_properties(text)
    attendee = next(p for p in properties if p.name == "ATTENDEE")
    assert attendee.params["CN"] == "Doe; Jane: PhD"
    assert attendee.value == "mailto:jane@doe.example"
    reply = classify_mail(mail(text)).meeting_reply
    assert reply is not None and (reply.uid, reply.attendee) == ("abc-def", "jane@doe.example")


@pytest.mark.parametrize("line", ["", ":", ";X=1:v", "NAME;BROKEN", "NAME;P=\"open:v",
                                  "\x00\x01", "A" * 20_000])
def test_damaged_lines_are_no_property(line: str) -> None:
    assert parse_line(line) is None


def test_garbage_calendar_parts_never_raise() -> None:
    for text in ("", "METHOD:REPLY", "BEGIN:VEVENT\r\n" * 5_000, "METHOD:REPLY\r\n\xff\x00",
                 calendar("REPLY", "UID:", "ATTENDEE:mailto:not-an-address")):
        result = classify_mail(mail(text))
        assert result.kind in (Kind.MEETING_REPLY, Kind.OTHER)

"""Auto-replies and bounces are told apart from a person's reply.

Messages are built here: header evidence (strong, weak, and the Auto-Submitted
that a calendar client's answer carries), out-of-office subjects in seven
languages, bounce forms, and the return dates out-of-office bodies give.
"""

from __future__ import annotations

import email
from datetime import date
from email.message import EmailMessage, Message
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText

import pytest

from inviteassist.detect.autoreply import AutoReply, judge_auto_reply, read_return_date

SENT = "Fri, 27 Nov 2026 09:20:00 +0100"


def message(headers: dict[str, str] | None = None, body: str = "Thanks, talk soon.",
            subject: str = "Re: Let's speak first") -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = "Jo Example <jo@example.org>"
    msg["To"] = "sam@example.com"
    msg["Subject"] = subject
    msg["Date"] = SENT
    for name, value in (headers or {}).items():
        del msg[name]
        msg[name] = value
    msg.set_content(body)
    return msg


def kind(verdict: AutoReply | None) -> str | None:
    return verdict.kind if verdict else None


HEADER_CASES = [
    ("Auto-Submitted auto-replied", {"Auto-Submitted": "auto-replied"}, "auto-reply"),
    ("Auto-Submitted auto-generated", {"Auto-Submitted": "auto-generated"}, "auto-reply"),
    ("Auto-Submitted no is a person", {"Auto-Submitted": "no"}, None),
    ("X-Autoreply", {"X-Autoreply": "yes"}, "auto-reply"),
    ("X-Autorespond", {"X-Autorespond": "Jo is away"}, "auto-reply"),
    ("Precedence auto_reply", {"Precedence": "auto_reply"}, "auto-reply"),
    ("Precedence bulk", {"Precedence": "bulk"}, "auto-reply"),
    ("Precedence junk", {"Precedence": "junk"}, "auto-reply"),
    ("Precedence list is a person on a list", {"Precedence": "list"}, None),
    ("X-Auto-Response-Suppress alone is a person",
     {"X-Auto-Response-Suppress": "All"}, None),
    ("X-Auto-Response-Suppress with an empty Return-Path",
     {"X-Auto-Response-Suppress": "All", "Return-Path": "<>"}, "auto-reply"),
    ("an empty Return-Path alone is a person", {"Return-Path": "<>"}, None),
    ("no evidence is a person", {}, None),
]


@pytest.mark.parametrize(("name", "headers", "expected"), HEADER_CASES,
                         ids=[c[0] for c in HEADER_CASES])
def test_header_evidence_decides_auto_reply(name: str, headers: dict[str, str],
                                            expected: str | None) -> None:
    assert kind(judge_auto_reply(message(headers))) == expected


AUTO_SUBJECTS = [
    "Automatic reply: Let's speak first", "Out of Office: Let's speak first",
    "Abwesenheitsnotiz: Kennenlernen", "Automatische Antwort: Kennenlernen",
    "Réponse automatique : Échange", "Absence : Échange", "Respuesta automática: Charla",
    "Fuera de la oficina: Charla", "Resposta automática: Conversa",
    "Risposta automatica: Chiamata", "Fuori sede: Chiamata",
    "Automatisch antwoord: Gesprek", "Afwezig: Gesprek", "[EXT] Automatic reply: call",
]


@pytest.mark.parametrize("subject", AUTO_SUBJECTS)
def test_out_of_office_subject_is_an_auto_reply(subject: str) -> None:
    verdict = judge_auto_reply(message(subject=subject))
    assert kind(verdict) == "auto-reply"
    assert verdict is not None and any("subject" in r for r in verdict.reasons)


@pytest.mark.parametrize("subject", ["Re: Let's speak first", "Re: Out of office next week?",
                                     "Re: Absence of a reply", "Absenteeism study"])
def test_a_person_writing_about_absence_is_no_auto_reply(subject: str) -> None:
    assert judge_auto_reply(message(subject=subject)) is None


def test_out_of_office_subject_is_read_when_encoded() -> None:
    msg = message()
    del msg["Subject"]
    msg["Subject"] = "=?utf-8?q?R=C3=A9ponse_automatique_=3A_=C3=89change?="
    assert kind(judge_auto_reply(msg)) == "auto-reply"


def delivery_report(sender: str = "MAILER-DAEMON@mx.example.net") -> Message:
    report = MIMEMultipart("report", report_type="delivery-status")
    report["From"] = sender
    report["Subject"] = "Delivery report"
    report.attach(MIMEText("Your message could not be delivered."))
    status = Message()
    status.set_type("message/delivery-status")
    status.set_payload("Reporting-MTA: dns; mx.example.net\n")
    report.attach(status)
    return report


BOUNCE_CASES = [
    ("multipart/report delivery-status", delivery_report("robot@mx.example.net")),
    ("MAILER-DAEMON sender", message({"From": "MAILER-DAEMON@mx.example.net"})),
    ("postmaster sender", message({"From": "Mail System <postmaster@example.org>"})),
    ("undelivered subject", message(subject="Undelivered Mail Returned to Sender")),
    ("delivery status notification subject",
     message(subject="Delivery Status Notification (Failure)")),
    ("undeliverable subject", message(subject="Undeliverable: Let's speak first")),
]


@pytest.mark.parametrize(("name", "msg"), BOUNCE_CASES, ids=[c[0] for c in BOUNCE_CASES])
def test_bounce_is_recognised(name: str, msg: Message) -> None:
    verdict = judge_auto_reply(msg)
    assert verdict is not None and verdict.kind == "bounce"
    assert verdict.return_date is None


def test_bounce_wins_over_auto_reply_evidence() -> None:
    msg = delivery_report()
    msg["Auto-Submitted"] = "auto-replied"
    assert kind(judge_auto_reply(msg)) == "bounce"


def test_read_receipt_is_an_auto_reply() -> None:
    receipt = MIMEMultipart("report", report_type="disposition-notification")
    receipt["From"] = "jo@example.org"
    receipt["Subject"] = "Read: Let's speak first"
    receipt.attach(MIMEText("Your message was read."))
    assert kind(judge_auto_reply(receipt)) == "auto-reply"


def test_calendar_accept_with_auto_submitted_is_a_person_answering() -> None:
    msg = message({"Auto-Submitted": "auto-generated"},
                  subject="Accepted: Call @ Wed 2 Dec 2026 14:00")
    msg.add_attachment("BEGIN:VCALENDAR\r\nMETHOD:REPLY\r\nBEGIN:VEVENT\r\nUID:b@test\r\n"
                       "END:VEVENT\r\nEND:VCALENDAR\r\n", subtype="calendar",
                       filename="invite.ics")
    assert judge_auto_reply(msg) is None


def test_reasons_say_what_was_found() -> None:
    verdict = judge_auto_reply(message({"X-Autoreply": "yes", "Precedence": "bulk"}))
    assert verdict is not None
    assert "X-Autoreply" in verdict.reasons and "Precedence: bulk" in verdict.reasons


# ---- return dates ----------------------------------------------------------------

RETURN_CASES = [
    ("I am out of the office and back on 3 December.", date(2026, 12, 3)),
    ("I will be back in the office on Monday, 30 November.", date(2026, 11, 30)),
    ("I will be back in the office on Monday.", date(2026, 11, 30)),
    ("Ich bin bis zum 03.12.2026 nicht im Büro.", date(2026, 12, 3)),
    ("Ab dem 4.12. bin ich wieder erreichbar.", date(2026, 12, 4)),
    ("Je serai de retour le 3 décembre.", date(2026, 12, 3)),
    ("Je suis absent jusqu'au 3 décembre inclus.", date(2026, 12, 3)),
    ("Estaré fuera de la oficina hasta el 3 de diciembre.", date(2026, 12, 3)),
    ("Estou fora do escritório até 3 de dezembro.", date(2026, 12, 3)),
    ("Sono fuori ufficio fino al 3 dicembre.", date(2026, 12, 3)),
    ("Ik ben afwezig tot en met 3 december.", date(2026, 12, 3)),
    ("Away from 1 December until 3 December, back on Friday 4 December.", date(2026, 12, 4)),
    ("I'm away on holiday with limited access to email.", None),
    ("Back on 5 January.", date(2027, 1, 5)),
]


@pytest.mark.parametrize(("body", "expected"), RETURN_CASES, ids=[c[0] for c in RETURN_CASES])
def test_out_of_office_return_date_is_read(body: str, expected: date | None) -> None:
    sent = SENT if expected != date(2027, 1, 5) else "Mon, 21 Dec 2026 10:00:00 +0100"
    msg = message({"Auto-Submitted": "auto-replied"}, body=body)
    msg.replace_header("Date", sent)
    verdict = judge_auto_reply(msg)
    assert verdict is not None and verdict.return_date == expected


def test_return_date_in_the_quoted_original_is_not_read() -> None:
    body = ("I am out of the office.\n\nOn Fri, Nov 27, 2026 at 9:15 AM, Sam "
            "<sam@example.com> wrote:\n> I am back on 9 December, let's talk then.\n")
    verdict = judge_auto_reply(message({"X-Autoreply": "yes"}, body=body))
    assert verdict is not None and verdict.return_date is None


def test_return_date_without_a_year_needs_the_message_date() -> None:
    assert read_return_date("Back on 3 December.", None) == (
        None, ["'3 December' has no year and the message no Date"])
    assert read_return_date("Back on 3 December 2026.", None)[0] == date(2026, 12, 3)


def test_a_compat32_message_is_read_too() -> None:
    raw = (f"From: jo@example.org\nSubject: Out of office\nDate: {SENT}\n\n"
           "Back on 3 December.\n")
    verdict = judge_auto_reply(email.message_from_string(raw))
    assert verdict is not None and verdict.return_date == date(2026, 12, 3)

"""A fixed state for summary tests: every section filled, hostile and non-ASCII names.

Shared by the golden template tests and the headless-browser test. The
period is Monday 23 November 2026 08:00 to Monday 30 November 08:00, Berlin.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from inviteassist.models import (
    AnswerRecord,
    CalendarProblem,
    Event,
    Option,
    Outage,
    Owner,
    Request,
    Requester,
    SpoofedNotice,
    State,
)
from inviteassist.summary.build import RequestRecord, SummaryInput

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 30, 8, 0, tzinfo=BERLIN)
SINCE = NOW - timedelta(days=7)
OWNER = Owner("Alex Morgan", "alex@morgan.example", "Europe/Berlin")
HOSTILE = 'Bob <script>alert("x")</script> & Co'


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=BERLIN)


def option(label: str, day: int, hour: int, request: int) -> Option:
    start = datetime(2026, 11 if day > 15 else 12, day, hour, tzinfo=BERLIN)
    return Option(label, start, start + timedelta(minutes=30), f"opt-{request}-{label}@test")


def record(number: int, name: str, history: list[tuple[State, datetime, str]], *,
           network: str = "linkedin", email: str | None = None, headline: str | None = None,
           category: str = "other", genuine: bool | None = True,
           options: tuple[Option, ...] = (), chosen: Option | None = None,
           paste: str | None = None) -> RequestRecord:
    created = history[0][1]
    request = Request(
        id=number, network=network, key=f"key-{number}",
        requester=Requester(name, email, headline,
                            f"https://www.{network}.com/in/person-{number}/"),
        invitation_id=None, note=None, genuine=genuine, notification_message_id=None,
        notification_subject="invitation", created_at=created, state=history[-1][0],
        options=options)
    events = tuple(Event(number, moment, state, cause) for state, moment, cause in history)
    return RequestRecord(request, events, category, chosen, paste)


def fixed_input() -> SummaryInput:
    ada_options = (option("A", 25, 10, 6), option("B", 26, 14, 6))
    mia_call = option("B", 27, 10, 4)
    requests = (
        record(1, "Zoë Ångström", [(State.DETECTED, at(28, 9), "invitation"),
                                   (State.DRAFTED, at(28, 9, 1), "reply draft in Drafts")],
               headline="Recruiter at Ålesund <Talent>", category="recruiter",
               paste="Hello Zoë,\n\nshall we speak first?\n\n  A) Tuesday 1 December, 10:00"),
        record(2, HOSTILE, [(State.DETECTED, at(29, 18), "invitation"),
                            (State.DRAFTED, at(29, 18, 1), "reply draft in Drafts")],
               email="bob@example.com", genuine=None),
        record(3, "José Núñez", [(State.DRAFTED, at(20, 9), "reply draft"),
                                 (State.SENT, at(20, 12), "seen in Sent"),
                                 (State.REPLIED, at(24, 16), "an email reply"),
                                 (State.REPLIED, at(24, 16),
                                  "counter-proposal: 2026-12-03T15:00:00+01:00 (free in "
                                  "your calendar)")],
               email="jose@example.es", category="founder"),
        record(4, "Mia Müller", [(State.DRAFTED, at(16, 9), "reply draft"),
                                 (State.SENT, at(16, 10), "seen in Sent"),
                                 (State.REPLIED, at(23, 9), "email reply"),
                                 (State.SCHEDULED, at(23, 9, 5),
                                  "an email reply picked option B: 2026-11-27T10:00:00+01:00"),
                                 (State.SCHEDULED, at(27, 10, 30),
                                  "call time passed: did it happen?")],
               email="mia@example.de", options=(mia_call,), chosen=mia_call),
        record(5, "Chen Wei 陈伟", [(State.DRAFTED, at(2, 9), "reply draft"),
                                   (State.SENT, at(2, 11), "seen in Sent"),
                                   (State.REPLIED, at(3, 11), "email reply"),
                                   (State.SCHEDULED, at(3, 12), "accepted option A"),
                                   (State.SPOKE, at(26, 17), "marked spoke by the owner")],
               email="chen@example.cn", category="founder"),
        record(6, "Ada Lovelace", [(State.DRAFTED, at(12, 9), "reply draft"),
                                   (State.SENT, at(12, 10), "seen in Sent"),
                                   (State.SILENT, at(24, 10), "no reply within 5 business "
                                                             "days"),
                                   (State.SILENT, at(29, 10), "invitation expired on the "
                                                             "network")],
               options=ada_options),
        record(7, "Old Timer", [(State.DRAFTED, at(1, 9), "reply draft"),
                                (State.SENT, at(1, 10), "seen in Sent"),
                                (State.REPLIED, at(1, 20), "email reply"),
                                (State.CONNECTED, at(5, 9), "marked connected")],
               email="old@example.com", category="recruiter"),
        record(8, "Kai Schmidt", [(State.DRAFTED, at(10, 9), "reply draft"),
                                  (State.SENT, at(10, 9, 30), "seen in Sent"),
                                  (State.REPLIED, at(11, 9, 30), "email reply"),
                                  (State.STALLED, at(27, 9), "replied, no time agreed")],
               network="xing", email="kai@example.de"),
    )
    return SummaryInput(
        owner=OWNER, since=SINCE, now=NOW, requests=requests,
        spoofed=(SpoofedNotice(at(25, 7), "<fake@evil.example>",
                               "dkim=fail for linkedin.com"),
                 SpoofedNotice(at(10, 7), "<old@evil.example>", "before the period")),
        calendar_problems=(CalendarProblem(at(26, 6), "work.ics", True, "HTTP 503"),
                           CalendarProblem(at(27, 6), "work.ics", True, "HTTP 503")),
        outages=(Outage("mailbox", "IMAP login refused", at(24, 3), at(24, 5)),),
        answers=(AnswerRecord("<r1@morgan.example>", "<s1@morgan.example>", at(24, 8),
                              "spoke 5", 5, True, "request 5: scheduled -> spoke"),
                 AnswerRecord("<r1@morgan.example>", "<s1@morgan.example>", at(24, 8),
                              "spoke 99", 99, False, "no request 99")))

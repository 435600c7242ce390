"""A state file with a few hundred requests of every kind, made through the store's API.

Shared by the tests that pin what `report`, `summary` and `status` print over
a long history (tests/integration/test_listings_unchanged.py) and by the unit
tests of pruning. Deterministic: one seeded random generator decides each
request's network, headline, note, address, authenticity and path through the
funnel; the history spans four months before NOW, some of it inside the last
week, and holds, drafts (sent and unsent), the waiting list, spoofed
notifications, calendar problems, outages and answers to a summary are there
too.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage

from inviteassist.models import (
    AnswerRecord,
    CalendarProblem,
    Event,
    MessageRef,
    Option,
    Request,
    Requester,
    State,
)
from inviteassist.store.db import Store
from inviteassist.store.messages import SeenRecord
from inviteassist.store.summaries import SummaryRecord

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
S = State
# Paths through the funnel; a plain string is a fact that repeats the state before it.
PATHS: tuple[tuple[State | str, ...], ...] = (
    (S.DETECTED,),
    (S.DETECTED, "draft failed: reply.txt.j2:3: 'name' is undefined"),
    (S.DRAFTED,),
    (S.DRAFTED, S.SENT),
    (S.DRAFTED, S.SENT, S.REPLIED),
    (S.DRAFTED, S.SENT, S.REPLIED, "counter-proposal: 2026-12-03T15:00:00+01:00 "
                                   "(free in your calendar)"),
    (S.DRAFTED, S.SENT, S.SCHEDULED),
    (S.DRAFTED, S.SENT, S.REPLIED, S.SCHEDULED, "call time passed: did it happen?"),
    (S.DRAFTED, S.SENT, S.REPLIED, S.SCHEDULED, S.SPOKE),
    (S.DRAFTED, S.SENT, S.REPLIED, S.SCHEDULED, S.SPOKE, S.CONNECTED),
    (S.DRAFTED, S.IGNORED),
    (S.DRAFTED, S.SENT, S.SILENT),
    (S.DRAFTED, S.SENT, S.SILENT, S.REPLIED),
    (S.DRAFTED, S.SENT, S.REPLIED, S.STALLED),
    (S.DRAFTED, S.SENT, S.REPLIED, S.SCHEDULED, S.NO_SHOW),
)
NETWORKS = ("linkedin", "linkedin", "linkedin", "xing", "facebook")
HEADLINES = (None, "Senior Recruiter at Talent Co", "Account Executive, sales",
             "Founder & CEO at Startup", "PhD candidate in physics", "Engineer",
             "Gründerin und Inhaberin", "Étudiante en master", "Product manager")
NOTES = (None, "Hi, I'd love to connect.", "We are hiring: open roles in Berlin",
         "Quick demo of our platform?", "Fellow founder here")


def _draft(name: str) -> bytes:
    message = EmailMessage()
    message["Subject"] = "Re: invitation"
    message.set_content(f"Hello {name},\n\nthank you for the invitation.\n\nBest,\nAlex\n")
    return message.as_bytes()


def _options(number: int, created: datetime) -> tuple[Option, ...]:
    start = created + timedelta(days=3, hours=1)
    return tuple(Option(label, start + timedelta(days=n), start + timedelta(days=n, minutes=30),
                        f"opt-{number}-{label}@test") for n, label in enumerate("AB"))


def build_history(store: Store, requests: int = 300, seed: int = 19) -> None:
    """`requests` requests and everything around them, in one transaction."""
    pick = random.Random(seed)
    uid = 0
    with store.transaction():
        for number in range(requests):
            path = PATHS[number % len(PATHS)]
            created = NOW - timedelta(days=pick.randint(0, 120), hours=pick.randint(0, 23))
            network = pick.choice(NETWORKS)
            name = pick.choice((f"Person {number}", f"Zoë Ñandú {number}", None))
            email = pick.choice((None, f"p{number}@example.com"))
            request_id = store.add_request(
                Request(0, network, f"k{number}", Requester(
                    name, email, pick.choice(HEADLINES),
                    f"https://www.{network}.com/in/p{number}/"), f"inv-{number}",
                    pick.choice(NOTES), pick.choice((True, True, None)),
                    f"<n{number}@{network}.com>", f"{name} wants to connect", created),
                key=f"k{number}", name_key=f"person {number}")
            at, state, options = created, S.DETECTED, _options(number, created)
            for step in path:
                at += timedelta(hours=pick.randint(1, 60))
                if not isinstance(step, State):  # a fact: the state stays
                    store.add_event(Event(request_id, at, state, step))
                    continue
                state = step
                cause = (f"an email reply picked option A: {options[0].start.isoformat()}"
                         if state is S.SCHEDULED else f"step to {state.value}")
                store.add_event(Event(request_id, at, state, cause,
                                      f"<e{number}-{int(at.timestamp())}@x>"))
                if state is S.DRAFTED:
                    store.add_draft(request_id, "reply", f"<d{number}@morgan.example>",
                                    "Drafts", _draft(name or "there"), at)
                if state is S.SENT:
                    store.add_holds(request_id, options, "Europe/Berlin",
                                    at + timedelta(days=7))
                    store.link_message(request_id, f"<s{number}@morgan.example>", "sent", at)
                if state is S.SCHEDULED:
                    store.release_holds(request_id, at, "another time was agreed",
                                        keep_uid=options[0].uid)
                if state in (S.SILENT, S.IGNORED, S.CONNECTED):
                    store.release_holds(request_id, at, state.value)
            if path[-1] is S.SENT and number % 2:
                store.add_draft(request_id, "nudge", f"<u{number}@morgan.example>", "Drafts",
                                b"nudge", at + timedelta(days=3))
            if path[-1] is S.SCHEDULED and number % 2:
                store.add_draft(request_id, "confirm", f"<c{number}@morgan.example>",
                                "Drafts", b"confirm", at + timedelta(hours=1))
            if path == (S.DRAFTED, S.SENT) and number % 4 == 3:
                store.add_waiting(request_id, at, "America/New_York", "New York")
            for k in range(3):
                uid += 1
                store.record_seen(SeenRecord(
                    MessageRef("acct", "INBOX", 7, str(uid)), f"<m{uid}@example.com>",
                    "invitation" if k == 0 else "other", "drafted" if k == 0 else "reply",
                    "seen", request_id), created + timedelta(minutes=k))
        for n in range(12):
            uid += 1
            store.record_seen(SeenRecord(MessageRef("acct", "INBOX", 7, str(uid)),
                                         f"<spoof{n}@example.com>", "invitation", "spoofed",
                                         f"SPF fail for linkedin.com #{n}"),
                              NOW - timedelta(days=n, hours=2))
        for n in range(4):
            store.add_calendar_problem(CalendarProblem(
                NOW - timedelta(days=n + 1), "work" if n % 2 else "home", bool(n % 2),
                "connection refused"))
        store.begin_outage("mailbox", "login failed", NOW - timedelta(days=3))
        store.end_outage("mailbox", NOW - timedelta(days=2, hours=20))
        store.begin_outage("calendar home", "timeout", NOW - timedelta(hours=5))
        store.record_summary(SummaryRecord("<sum1@morgan.example>", NOW - timedelta(days=9),
                                           NOW - timedelta(days=6), "maildir", False))
        for n, line in enumerate(("3 ignore", "7 spoke", "bogus line")):
            store.record_answer(AnswerRecord("<ans@morgan.example>", "<sum1@morgan.example>",
                                             NOW - timedelta(days=5, hours=n), line,
                                             None if n == 2 else n + 3, n < 2,
                                             "applied" if n < 2 else "not understood"))

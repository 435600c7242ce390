"""Turns a `Summary` into the e-mail the owner reads: text, HTML, headers.

The bodies come from the owner-editable templates `summary.txt.j2` and
`summary.html.j2` (HTML autoescaped); every header is built here from
sanitised values, never from template output. The Message-ID carries a
random token chosen by the caller: a reply threaded to it is how the owner's
answers are recognised, so it must not be guessable from outside. Pure
apart from reading the templates.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime, timedelta
from email.headerregistry import Address
from email.message import EmailMessage
from typing import Any

import jinja2

from inviteassist.compose.headers import base_message, header_safe, message_domain
from inviteassist.compose.templates import render
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
from inviteassist.summary.build import RequestRecord, Summary, SummaryInput, build_summary

SUMMARY_TEXT = "summary.txt.j2"
SUMMARY_HTML = "summary.html.j2"
MAX_SUBJECT = 150


def reply_words(summary: Summary) -> str:
    """The answer words with ids from this summary where one fits (`spoke 4`,
    `sent 1`), else the word with `ID`: an example never names someone else."""
    replies = [d.person.id for d in summary.drafts if d.purpose == "reply"]
    calls = [c.person.id for c in summary.calls]
    spoken = [f.person.id for f in summary.followed if f.state == "spoke"]
    examples = (("spoke", calls[:1]), ("no-show", calls[1:2] or calls[:1]),
                ("connected", spoken[:1]), ("ignore", replies[-1:]), ("sent", replies[:1]))
    return " · ".join(f"{word} {ids[0] if ids else 'ID'}" for word, ids in examples)


def summary_context(summary: Summary) -> dict[str, Any]:
    """The names a summary template may use (listed in templates/summary.txt.j2)."""
    return {"summary": summary, "reply_words": reply_words(summary)}


def render_text(env: jinja2.Environment, summary: Summary) -> str:
    return render(env, SUMMARY_TEXT, summary_context(summary))


def render_html(env: jinja2.Environment, summary: Summary) -> str:
    return render(env, SUMMARY_HTML, summary_context(summary))


def summary_message_id(owner_email: str, now: datetime, token: str) -> str:
    """`<inviteassist.summary.YYYYMMDD.TOKEN@domain>`; the token comes from the
    caller (secrets.token_hex at the edge), never from here."""
    safe = "".join(ch for ch in token if ch.isalnum())
    return f"<inviteassist.summary.{now:%Y%m%d}.{safe}@{message_domain(owner_email)}>"


def summary_subject(summary: Summary) -> str:
    subject = header_safe(f"Follow-through summary: {summary.headline}")
    return subject if len(subject) <= MAX_SUBJECT else subject[:MAX_SUBJECT - 1] + "…"


def compose_summary(env: jinja2.Environment, summary: Summary, owner: Owner, *, to: str,
                    message_id: str, html: bool = True) -> EmailMessage:
    """The summary e-mail, from the owner to `to` (usually the owner too)."""
    message = base_message(
        Address(header_safe(f"{owner.name} (inviteassist)"), addr_spec=owner.email),
        Address(header_safe(owner.name) if to == owner.email else "", addr_spec=to),
        summary_subject(summary), summary.now, message_id, "summary")
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(render_text(env, summary))
    if html:
        message.add_alternative(render_html(env, summary), subtype="html")
    return message


def summary_json(summary: Summary) -> dict[str, Any]:
    """The summary as plain data for `summary --json`."""
    data = asdict(summary)
    data["since"], data["now"] = summary.since.isoformat(), summary.now.isoformat()
    data["waiting"] = summary.waiting
    return data


def check_summary_templates(env: jinja2.Environment, owner: Owner, now: datetime) -> None:
    """Render both summary templates with sample data: a broken owner template
    stops the daemon at start (or a reload) instead of failing on a Monday."""
    sample = sample_summary(owner, now)
    render_text(env, sample)
    render_html(env, sample)


def sample_summary(owner: Owner, now: datetime) -> Summary:
    """Invented state that exercises every part of the templates, for checks."""
    since = now - timedelta(days=7)
    option = Option("A", now - timedelta(days=1), now - timedelta(days=1, minutes=-30),
                    "sample-a@check.invalid")

    def record(number: int, name: str, states: tuple[State, ...], *, email: str | None,
               cause: str = "sample") -> RequestRecord:
        request = Request(number, "linkedin", f"sample-{number}",
                          Requester(name, email, "Engineer at Example",
                                    "https://www.linkedin.com/in/sample/"),
                          None, None, None if number == 1 else True, None, "sample",
                          since + timedelta(hours=number), states[-1], (option,))
        events = tuple(Event(number, since + timedelta(hours=number + i), s,
                             cause if i == len(states) - 1 else "sample")
                       for i, s in enumerate(states))
        return RequestRecord(request, events, "other", option, "Hello Sam,\nlet's talk.")

    return build_summary(SummaryInput(owner, since, now, (
        record(1, "Sam Example", (State.DETECTED, State.DRAFTED), email=None),
        record(2, "Kim Example", (State.DRAFTED, State.SENT, State.REPLIED), email="k@x.invalid",
               cause="counter-proposal: Thursday?"),
        record(3, "Lee Example", (State.DRAFTED, State.SENT, State.REPLIED, State.SCHEDULED),
               email="l@x.invalid"),
        record(4, "Max Example", (State.DRAFTED, State.SENT, State.SILENT), email=None),
    ), spoofed=(SpoofedNotice(now - timedelta(days=1), None, "sample"),),
        calendar_problems=(CalendarProblem(now - timedelta(days=1), "sample.ics", True,
                                           "sample"),),
        outages=(Outage("mailbox", "sample", now - timedelta(days=2), None),),
        answers=(AnswerRecord("<a@check.invalid>", "<s@check.invalid>", since, "spoke 3", 3,
                              True, "sample"),)))

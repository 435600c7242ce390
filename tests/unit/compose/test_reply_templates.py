"""Which template answers a request, and the decline that offers no times."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from inviteassist.compose.headers import draft_message_id
from inviteassist.compose.reply import ReplyInput
from inviteassist.compose.templates import (
    DECLINE_TEXT,
    REPLY_TEXT,
    build_environment,
    choose_template,
    offers_times,
)
from inviteassist.errors import UserError
from inviteassist.models import Option, Owner, Requester
from tests.reply_messages import composed

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 25, 9, tzinfo=BERLIN)
OWNER = Owner("Alex Morgan", "alex@morgan.example", "Europe/Berlin")
OPTION = Option("A", NOW + timedelta(days=5), NOW + timedelta(days=5, minutes=30), "uid-a@x")
REPLIES = {
    "linkedin/recruiter": "recruiter.txt.j2",
    "linkedin/*": "linkedin.txt.j2",
    "*/sales": DECLINE_TEXT,
    "*/*": "anything.txt.j2",
}


@pytest.mark.parametrize(("network", "category", "template"), [
    ("linkedin", "recruiter", "recruiter.txt.j2"),   # network/category first
    ("linkedin", "sales", "linkedin.txt.j2"),        # then network/*
    ("xing", "sales", DECLINE_TEXT),                 # then */category
    ("xing", "student", "anything.txt.j2"),          # then */*
    ("xing", None, "anything.txt.j2"),               # no category counts as 'other'
])
def test_the_most_specific_entry_wins(network: str, category: str | None,
                                      template: str) -> None:
    assert choose_template(REPLIES, network, category) == template


def test_without_an_entry_the_shipped_reply_answers() -> None:
    assert choose_template({}, "linkedin", "recruiter") == REPLY_TEXT
    assert choose_template({"*/sales": DECLINE_TEXT}, "linkedin", "other") == REPLY_TEXT


def test_only_templates_that_use_the_options_offer_times(tmp_path: Path) -> None:
    (tmp_path / "mine.txt.j2").write_text("{# options are not used here #}Hi {{ owner.name }}\n")
    env = build_environment(tmp_path)
    assert offers_times(env, REPLY_TEXT) is True
    assert offers_times(env, DECLINE_TEXT) is False
    assert offers_times(env, "mine.txt.j2") is False
    with pytest.raises(UserError, match="template not found"):
        offers_times(env, "missing.txt.j2")


def test_the_decline_is_short_polite_and_proposes_nothing() -> None:
    data = ReplyInput(
        owner=OWNER, network="linkedin", requester=Requester("Noor Haddad"),
        note="I'd love to show you our platform.", notification_subject="Noor wants to connect",
        notification_message_id="<n@linkedin.com>", notification_references=(), options=(),
        message_id=draft_message_id("invitation:9", "reply", OWNER.email), now=NOW,
        template=DECLINE_TEXT, category="sales")
    message = composed(build_environment(None), data)
    body = message.get_body(("plain",)).get_content()
    assert body.startswith("Hello Noor,")
    assert "thank you for your invitation to connect on LinkedIn and for your note" in body
    assert body.rstrip().endswith("Alex Morgan")
    assert len(body.splitlines()) < 15
    assert not list(message.iter_attachments())


def test_the_category_reaches_the_template(tmp_path: Path) -> None:
    (tmp_path / "by-category.txt.j2").write_text("Category: {{ category }}\n")
    data = ReplyInput(
        owner=OWNER, network="xing", requester=Requester("Max Becker"), note=None,
        notification_subject="Kontaktanfrage", notification_message_id=None,
        notification_references=(), options=(OPTION,), message_id="<m@x>", now=NOW,
        template="by-category.txt.j2", category="founder")
    body = composed(build_environment(tmp_path), data).get_body(("plain",)).get_content()
    assert body.strip() == "Category: founder"

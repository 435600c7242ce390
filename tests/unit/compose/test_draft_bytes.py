"""A reply draft written by compose.mime is the bytes the email package makes
of the same reply (`reference_reply(...).as_bytes()`), for the inputs that
exercise its folding and encodings (issue 19: drafts identical to today's).

The email package draws its multipart boundary at random; the draft derives
it from the Message-ID. The comparison hands the package the draft's token
instead of a random one, so the bytes must match exactly, boundary included
(and the ".0" the package adds when the boundary occurs in the text).
"""

from __future__ import annotations

import email.generator
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inviteassist.compose.calltext import Invitations
from inviteassist.compose.headers import draft_message_id
from inviteassist.compose.mime import unique_boundary
from inviteassist.compose.reply import ReplyInput, draft_reply
from inviteassist.compose.templates import REPLY_TEXT, build_environment
from inviteassist.models import Option, Owner, Requester
from tests.reply_messages import reference_reply

LANGUAGES = ["en", "de", "fr", "es", "pt", "it", "nl"]
ZONES = ["Europe/Berlin", "UTC", "Australia/Lord_Howe", "America/St_Johns"]
# A template without a Subject line (the reply is "Re: " and the notification's
# subject) whose text is the note as written: long lines, any script.
FREE_TEXT = "free.txt.j2"
FREE_TEMPLATE = ("Hello {{ requester.name }},\n\n{{ note }}\n\n"
                 "{% for o in options %}{{ o.label }}) {{ o.when }}\n{% endfor %}")
BOUNDARY = re.compile(rb'boundary="(={15}(\d{19})==)"')
# Header values as the parser hands them over: detect.parse turns every line
# break into a space, the Unicode ones (NEL, U+2028, U+2029) included, which
# header_safe leaves alone and the email package refuses in a header.
names = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",),
                              exclude_characters="\x85\u2028\u2029"), max_size=90)


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    folder = tmp_path_factory.mktemp("templates")
    (folder / FREE_TEXT).write_text(FREE_TEMPLATE, encoding="utf-8")
    return build_environment(folder)


def email_package_bytes(env, data: ReplyInput, drafted: bytes,
                        monkeypatch: pytest.MonkeyPatch) -> bytes:
    """`reference_reply(...).as_bytes()`, its boundary token the draft's."""
    found = BOUNDARY.search(drafted)
    with monkeypatch.context() as patched:
        if found:
            patched.setattr(email.generator.random, "randrange",
                            lambda _: int(found.group(2)))
        return reference_reply(env, data).as_bytes()


@st.composite
def replies(draw: st.DrawFn) -> ReplyInput:
    zone = ZoneInfo(draw(st.sampled_from(ZONES)))
    owner = Owner(draw(st.sampled_from(["Alex Morgan", "Åsa Lindqvist-Þórsdóttir",
                                        "Dr. O'Neil, Jr. (Sales)"])),
                  "alex@morgan.example", zone.key)
    first = datetime(2026, 11, 30, 10, 0, tzinfo=zone)
    count = draw(st.integers(min_value=0, max_value=3))
    options = tuple(Option(label, first + timedelta(days=n),
                           first + timedelta(days=n, minutes=30), f"uid-{label}@morgan.example")
                    for n, label in enumerate("ABC"[:count]))
    notification = draw(st.sampled_from([None, "<n1@linkedin.com>",
                                         f"<{'x' * 90}@mail.linkedin.com>"]))
    references = draw(st.lists(st.sampled_from(["<r1@linkedin.com>", f"<{'r' * 60}@a.b>"]),
                               max_size=3))
    return ReplyInput(
        owner=owner, network="linkedin",
        requester=Requester(draw(names) or None,
                            draw(st.sampled_from([None, "riley@example.com",
                                                  "very.long.address.of.someone@example.com"]))),
        note=draw(st.none() | st.text(max_size=400)),
        notification_subject=draw(names),
        notification_message_id=notification,
        notification_references=tuple(references),
        options=options,
        message_id=draft_message_id(f"invitation:{draw(st.integers(0, 10**6))}", "reply",
                                    owner.email),
        now=datetime(2026, 11, 25, 9, 0, tzinfo=zone),
        template=draw(st.sampled_from([REPLY_TEXT, FREE_TEXT])),
        requester_timezone=draw(st.sampled_from([None, "America/Los_Angeles", "Asia/Tokyo"])),
        invitations=Invitations(organizer=owner, as_requests=draw(st.booleans())),
        language=draw(st.sampled_from(LANGUAGES)))


@settings(max_examples=200, deadline=None)
@given(data=replies())
def test_a_draft_is_the_bytes_the_email_package_makes_of_the_reply(env, data):
    draft = draft_reply(env, data)
    with pytest.MonkeyPatch.context() as monkeypatch:
        assert draft.content == email_package_bytes(env, data, draft.content, monkeypatch)
    assert draft.language == reference_reply(env, data)["Content-Language"]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("count", [0, 1, 3])
def test_every_language_and_option_count(env, language, count, monkeypatch):
    berlin = ZoneInfo("Europe/Berlin")
    first = datetime(2026, 11, 30, 10, 0, tzinfo=berlin)
    data = ReplyInput(
        owner=Owner("Alex Morgan", "alex@morgan.example", "Europe/Berlin"), network="linkedin",
        requester=Requester("Zoë Ångström-Müller", "zoe@example.com"),
        note="I'd like to join your network.",
        notification_subject="Alex, please add me to your LinkedIn network " * 3,
        notification_message_id="<n1@linkedin.com>", notification_references=(),
        options=tuple(Option(label, first + timedelta(days=n), first + timedelta(days=n, hours=1),
                             f"uid-{label}@morgan.example")
                      for n, label in enumerate("ABC"[:count])),
        message_id=draft_message_id("invitation:1", "reply", "alex@morgan.example"),
        now=datetime(2026, 11, 25, 9, 0, tzinfo=berlin), language=language)
    draft = draft_reply(env, data).content
    assert draft == email_package_bytes(env, data, draft, monkeypatch)
    assert (b"multipart/mixed" in draft) == (count > 0)


@pytest.mark.parametrize("note", [
    "short and plain", "long " * 40, "ünïcödé " * 3, "漢字のメモ" * 40,
    "\u2028odd\x0bbreaks\r\nand\rreturns",
    # quoted-printable of ten lines and of eleven (judged on the first ten)
    "\n".join(["a line"] * 6 + ["ä longer " * 12]),
    "\n".join(["a line"] * 7 + ["ä longer " * 12]),
])
def test_each_transfer_encoding_of_the_text(env, note, monkeypatch):
    data = ReplyInput(
        owner=Owner("Alex Morgan", "alex@morgan.example", "UTC"), network="linkedin",
        requester=Requester("Sam", None), note=note, notification_subject="Hi",
        notification_message_id=None, notification_references=(), options=(),
        message_id="<m1@morgan.example>", now=datetime(2026, 11, 25, 9, 0, tzinfo=ZoneInfo("UTC")),
        template=FREE_TEXT)
    draft = draft_reply(env, data).content
    assert draft == email_package_bytes(env, data, draft, monkeypatch)


def test_a_boundary_found_in_the_text_gets_a_suffix_as_the_email_package_gives_it(
        env, monkeypatch):
    message_id = "<m2@morgan.example>"
    base = unique_boundary(message_id, b"")
    zone = ZoneInfo("UTC")
    start = datetime(2026, 12, 1, 10, 0, tzinfo=zone)
    data = ReplyInput(
        owner=Owner("Alex Morgan", "alex@morgan.example", "UTC"), network="linkedin",
        requester=Requester("Sam", None), note=f"a trap:\n--{base}\n--{base}.0--\nend",
        notification_subject="Hi", notification_message_id=None, notification_references=(),
        options=(Option("A", start, start + timedelta(minutes=30), "uid-a@x"),),
        message_id=message_id, now=start, template=FREE_TEXT)
    draft = draft_reply(env, data).content
    assert f'boundary="{base}.1"'.encode() in draft
    with monkeypatch.context() as patched:
        patched.setattr(email.generator.random, "randrange", lambda _: int(base[15:34]))
        assert draft == reference_reply(env, data).as_bytes()


def test_the_same_reply_is_the_same_bytes_each_time(env):
    zone = ZoneInfo("Europe/Berlin")
    start = datetime(2026, 12, 1, 10, 0, tzinfo=zone)
    data = ReplyInput(
        owner=Owner("Alex Morgan", "alex@morgan.example", "Europe/Berlin"), network="linkedin",
        requester=Requester("Sam", "sam@example.com"), note=None, notification_subject="Hi",
        notification_message_id=None, notification_references=(),
        options=(Option("A", start, start + timedelta(minutes=30), "uid-a@x"),),
        message_id="<m3@morgan.example>", now=start)
    assert draft_reply(env, data) == draft_reply(env, data)

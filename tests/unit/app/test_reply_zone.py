"""A reply is read in the requester's zone when the owner configured it:
"Tuesday 9am my time" from New York is the option at 15:00 in Berlin."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from inviteassist.app.followthrough import FollowThrough
from inviteassist.app.templating import template_environment
from inviteassist.config.settings import load_settings
from inviteassist.detect.parse import parse_message
from inviteassist.models import Classification, Event, Kind, Option, Request, Requester, State
from inviteassist.store.db import Store
from tests.conftest import MINIMAL_CONFIG

BERLIN = ZoneInfo("Europe/Berlin")
SENT_AT = datetime(2026, 12, 3, 9, 30, tzinfo=BERLIN)
OPTIONS = (
    Option("A", datetime(2026, 12, 8, 15, tzinfo=BERLIN), datetime(2026, 12, 8, 15, 30,
                                                                   tzinfo=BERLIN), "a@t"),
    Option("B", datetime(2026, 12, 9, 17, tzinfo=BERLIN), datetime(2026, 12, 9, 17, 30,
                                                                   tzinfo=BERLIN), "b@t"),
)
ZONES = '\n[availability.requester_timezones]\n"jo@example.com" = "America/New_York"\n'


def reply(body: str) -> bytes:
    return (f"From: Jo <jo@example.com>\r\nTo: Alex <alex@morgan.example>\r\n"
            f"Subject: Re: let's speak first\r\nMessage-ID: <r1@example.com>\r\n"
            f"Date: Thu, 03 Dec 2026 12:00:00 +0100\r\n\r\n{body}\r\n").encode()


@pytest.mark.parametrize(("config", "outcome", "state"), [
    (MINIMAL_CONFIG + ZONES, "reply-option", State.SCHEDULED),
    (MINIMAL_CONFIG, "reply-none", State.REPLIED),  # whose "my time"? the owner is asked
], ids=["zone configured", "zone unknown"])
def test_my_time_is_the_configured_requester_zone(tmp_path, write_config, config, outcome,
                                                   state):
    settings = load_settings(write_config(config))
    store = Store.open(tmp_path / "state.sqlite3")
    request = Request(0, "linkedin", "key-1", Requester("Jo", email="jo@example.com"), None,
                      None, True, "<n1@x>", "s", SENT_AT)
    with store.transaction():
        request_id = store.add_request(request, key=request.key, name_key=None)
        store.add_event(Event(request_id, SENT_AT, State.SENT, "sent"))
        store.add_holds(request_id, OPTIONS, "Europe/Berlin", SENT_AT + timedelta(days=9))
    follow = FollowThrough(settings, store, template_environment(settings))
    parsed = parse_message(reply("Tuesday 9am my time works."))
    with store.transaction():
        result = follow.incoming(parsed, Classification(Kind.OTHER), SENT_AT + timedelta(hours=3))
    assert result is not None and result.outcome == outcome
    assert store.request(request_id).state is state
    store.close()

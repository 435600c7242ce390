"""What a reply offers when calendars answer, fail or leave no time; holds never
collide; hold expiry; the requester's zone in the draft."""

from __future__ import annotations

import email
from datetime import datetime, timedelta
from email import policy
from pathlib import Path

import pytest

from inviteassist.app.clock import parse_now
from inviteassist.app.offering import hold_expiry, make_offer, no_time_message
from inviteassist.calendars.busy import BusyUnavailable, SourceReport, StaticBusy
from inviteassist.cli.commands.demo import prepare_workdir
from inviteassist.cli.main import main
from inviteassist.config.settings import load_settings
from inviteassist.models import CalendarProblem, Interval, Option, Request, Requester
from inviteassist.store.db import Store
from inviteassist.store.holds import HoldConflict
from tests.conftest import MINIMAL_CONFIG

NOW = "2026-11-27T10:00"


@pytest.fixture
def settings(write_config):
    def load(extra: str = "", availability: str = ""):
        text = MINIMAL_CONFIG.replace("[availability.windows]",
                                      f"[availability]\n{availability}\n[availability.windows]")
        return load_settings(write_config(text + extra))
    return load


class FailingBusy:
    reports = ()

    def intervals(self, start, end):
        raise BusyUnavailable([SourceReport("url #1 (https://cal.example/…)", False,
                                            problems=("the server answered HTTP 500",))])


class PartlyFailing:
    reports = (SourceReport("file a.ics", True, 0), SourceReport("url #1", False,
                                                                 problems=("timed out",)))

    def intervals(self, start, end):
        return ()


def now_for(settings) -> datetime:
    return parse_now(NOW, settings.owner.timezone)


def test_busy_time_moves_the_options(settings):
    s = settings()
    now = now_for(s)
    free = make_offer(s, None, [], now, uid_seed="x").options
    busy = StaticBusy((Interval(free[0].start, free[0].start + timedelta(hours=3)),))
    moved = make_offer(s, busy, [], now, uid_seed="x").options
    assert moved[0].start >= free[0].start + timedelta(hours=3)
    assert moved[1:] == free[1:]


def test_unknown_busy_time_offers_nothing_and_tells_the_owner(settings):
    s = settings()
    offer = make_offer(s, FailingBusy(), [], now_for(s), uid_seed="x")
    assert offer.options == () and not offer.busy_known
    (note,) = offer.owner_notes
    assert "HTTP 500" in note and "no times are proposed" in note
    (problem,) = offer.problems
    assert problem.failed and problem.source.startswith("url #1")
    assert no_time_message(offer, s) == note


def test_a_source_left_out_is_named_in_a_note(settings):
    s = settings()
    offer = make_offer(s, PartlyFailing(), [], now_for(s), uid_seed="x")
    assert len(offer.options) == 3
    assert offer.owner_notes == ("the calendar url #1 could not be read (timed out) and was "
                                 "left out: check the times against it",)


@pytest.mark.parametrize(
    ("availability", "busy_all", "words"),
    [("call_minutes = 240", False, "no availability window holds a 240-minute call"),
     ("", True, "busy in your calendar"),
     ('blackout_dates = ["2026-11-27..2026-12-31"]', False, "blackout")],
)
def test_no_free_time_gives_one_clear_sentence(settings, availability, busy_all, words):
    s = settings(availability=availability)
    now = now_for(s)
    busy = StaticBusy((Interval(now, now + timedelta(days=30)),)) if busy_all else None
    offer = make_offer(s, busy, [], now, uid_seed="x")
    assert offer.options == ()
    message = no_time_message(offer, s)
    assert words in message and "\n" not in message


def test_holds_last_until_the_reply_deadline_unless_configured(settings):
    friday = datetime.fromisoformat("2026-11-27T10:00+01:00")
    assert hold_expiry(settings(), friday).date().isoformat() == "2026-12-04"
    s = settings(availability="hold_business_days = 2")
    assert hold_expiry(s, friday).date().isoformat() == "2026-12-01"


# --- holds in the store -----------------------------------------------------------------

def add_request(store: Store, key: str) -> int:
    request = Request(0, "linkedin", key, Requester(key.title()), None, None, True, None,
                      "subject", datetime.fromisoformat("2026-11-27T10:00+01:00"))
    return store.add_request(request, key=key, name_key=key)


def test_the_store_refuses_a_hold_on_a_time_already_held(tmp_path):
    store = Store.open(tmp_path / "s.db")
    now = datetime.fromisoformat("2026-11-27T10:00+01:00")
    start = datetime.fromisoformat("2026-11-30T09:30+01:00")
    first = Option("A", start, start + timedelta(minutes=30), "a@x")
    overlapping = Option("A", start + timedelta(minutes=15), start + timedelta(minutes=45), "b@x")
    later = Option("B", start + timedelta(minutes=30), start + timedelta(hours=1), "c@x")
    expires = now + timedelta(days=7)
    with store.transaction():
        store.add_holds(add_request(store, "one"), (first,), "Europe/Berlin", expires, now=now)
    with pytest.raises(HoldConflict, match="option"), store.transaction():
        store.add_holds(add_request(store, "two"), (overlapping, later), "Europe/Berlin",
                        expires, now=now)
    assert store.active_holds(now) == [first.interval]  # the failed request left nothing
    with store.transaction():
        store.add_holds(add_request(store, "three"), (later,), "Europe/Berlin", expires,
                        now=now)
    assert [h.requester_name for h in store.held_calls(now)] == ["One", "Three"]
    # Expired holds no longer block anyone.
    assert store.active_holds(expires + timedelta(seconds=1)) == []


def test_two_requests_in_one_cycle_never_hold_the_same_time(tmp_path, capsys):
    prepare_workdir(tmp_path)
    config = tmp_path / "inviteassist.toml"
    assert main(["-q", "poll", "--once", "--config", str(config), "--now",
                 "2026-11-25T09:00"]) == 0
    store = Store.open(tmp_path / "state.sqlite3")
    holds = store.active_holds(datetime.fromisoformat("2026-11-25T09:00+01:00"))
    assert len(holds) == 12
    assert not any(a.overlaps(b) for i, a in enumerate(holds) for b in holds[i + 1:])


# --- the requester's zone in the draft ----------------------------------------------------

def test_a_configured_requester_zone_shows_every_time_in_both_zones(tmp_path):
    prepare_workdir(tmp_path)
    config = tmp_path / "inviteassist.toml"
    config.write_text(config.read_text().replace("[availability.windows]", (
        "[availability.requester_timezones]\n"
        '"oliver brandt" = "America/New_York"\n\n[availability.windows]')))
    assert main(["-q", "poll", "--once", "--config", str(config), "--now",
                 "2026-11-25T09:00"]) == 0
    bodies = {}
    for path in (tmp_path / "demo-mailbox" / ".Drafts" / "cur").iterdir():
        message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        body = message.get_body(("plain",)).get_content()
        bodies[body.split("Hello ", 1)[1].split(",", 1)[0]] = body
    assert bodies["Oliver"].count(" in New York (EST) — ") == 3
    assert bodies["Oliver"].count(" CET for me") == 3
    assert " for me" not in bodies["Sofia"]


def test_state_file_records_calendar_problems(tmp_path):
    store = Store.open(Path(tmp_path) / "s.db")
    at = datetime.fromisoformat("2026-11-27T10:00+01:00")
    with store.transaction():
        store.add_calendar_problem(CalendarProblem(at, "url #1", True, "HTTP 500"))
    assert store.calendar_problems(at - timedelta(hours=1))[0].problem == "HTTP 500"
    assert store.calendar_problems(at + timedelta(hours=1)) == []
    assert store.schema_version() >= 2

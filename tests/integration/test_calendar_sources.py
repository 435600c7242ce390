"""Busy time from real sources moves the options: an .ics URL on a local HTTP
server and a Radicale CalDAV calendar; failures are reported, not hidden."""

from __future__ import annotations

import json
import time
import uuid
from pathlib import Path

import icalendar
import pytest
from caldav.davclient import DAVClient

from inviteassist.app.clock import parse_now
from inviteassist.app.offering import make_offer
from inviteassist.calendars.busy import BusyUnavailable
from inviteassist.calendars.wiring import busy_calendar
from inviteassist.cli.commands.demo import prepare_workdir
from inviteassist.cli.main import main
from inviteassist.config.settings import load_settings
from tests.conftest import MINIMAL_CONFIG
from tests.servers.radicale import PASSWORD, USER
from tests.unit.schedule.test_freebusy import calendar

NOW = "2026-11-27T10:00"  # a Friday in Berlin
FREE_WEEK = ["2026-11-30T09:30", "2026-12-01T09:30", "2026-12-03T14:00"]
MONDAY_MORNING = calendar("UID:busy-1\nSUMMARY:Dentist\nDTSTART:20261130T080000Z\n"
                          "DTEND:20261130T110000Z")


def configure(write_config, calendar_toml: str):
    return write_config(MINIMAL_CONFIG + '\n[state]\npath = "state.db"\n\n[calendar]\n'
                        + calendar_toml)


def propose(path, capsys, exit_code: int = 0) -> dict:
    assert main(["propose", "--json", "--config", str(path), "--now", NOW]) == exit_code
    return json.loads(capsys.readouterr().out)


def starts(result: dict) -> list[str]:
    return [o["start"][:16] for o in result["options"]]


# --- .ics URL on a local HTTP server ----------------------------------------------------

def test_busy_time_from_an_ics_url_moves_the_options(write_config, calendar_server, capsys):
    calendar_server.files["/secret/basic.ics"] = calendar()
    path = configure(write_config,
                     f'ics_urls = ["{calendar_server.url("/secret/basic.ics")}"]\n'
                     "cache_minutes = 0\n")
    assert starts(propose(path, capsys)) == FREE_WEEK
    calendar_server.files["/secret/basic.ics"] = MONDAY_MORNING
    assert starts(propose(path, capsys)) == ["2026-11-30T14:00", *FREE_WEEK[1:]]


def test_a_fetched_url_is_cached_then_revalidated(write_config, calendar_server):
    calendar_server.files["/c.ics"] = MONDAY_MORNING
    fresh = load_settings(configure(write_config, f'ics_urls = ["{calendar_server.url("/c.ics")}"]'
                                    "\ncache_minutes = 10\n"))
    for _ in range(3):
        assert len(busy_calendar(fresh).intervals(*window(fresh))) == 1
    assert calendar_server.requests["/c.ics"] == 1
    stale = load_settings(configure(write_config, f'ics_urls = ["{calendar_server.url("/c.ics")}"]'
                                    "\ncache_minutes = 0\n"))
    assert len(busy_calendar(stale).intervals(*window(stale))) == 1
    assert calendar_server.not_modified["/c.ics"] == 1


def window(settings):
    start = parse_now(NOW, settings.owner.timezone)
    return start, start.replace(year=2027)


@pytest.mark.parametrize(("status", "delay", "words"),
                         [(404, 0, "HTTP 404"), (500, 0, "HTTP 500"),
                          (None, 3, "timed out")])
def test_an_unreachable_url_means_no_times_and_a_clear_note(write_config, calendar_server,
                                                            capsys, status, delay, words):
    calendar_server.files["/private-key-123/c.ics"] = MONDAY_MORNING
    calendar_server.status, calendar_server.delay = status, delay
    path = configure(write_config, f'ics_urls = ["{calendar_server.url("/private-key-123/c.ics")}"]'
                     "\ntimeout_seconds = 1\ncache_minutes = 0\n")
    began = time.monotonic()
    result = propose(path, capsys, exit_code=1)
    assert time.monotonic() - began < 8
    assert result["options"] == []
    (note,) = result["owner_notes"]
    assert words in note and "no times are proposed" in note
    assert "private-key-123" not in note  # the secret part of the address stays secret


def test_ignore_source_proposes_around_the_calendars_that_answered(write_config, tmp_path,
                                                                   calendar_server, capsys):
    (tmp_path / "work.ics").write_bytes(MONDAY_MORNING)
    calendar_server.status = 503
    path = configure(write_config, f'ics_files = ["work.ics"]\n'
                     f'ics_urls = ["{calendar_server.url("/c.ics")}"]\n'
                     'on_failure = "ignore-source"\n')
    result = propose(path, capsys)
    assert starts(result) == ["2026-11-30T14:00", *FREE_WEEK[1:]]
    assert "left out" in result["owner_notes"][0]


def test_an_env_url_reads_the_address_from_the_environment(write_config, calendar_server,
                                                            capsys, monkeypatch):
    calendar_server.files["/c.ics"] = MONDAY_MORNING
    monkeypatch.setenv("MY_CALENDAR_URL", calendar_server.url("/c.ics"))
    path = configure(write_config, 'ics_urls = ["env:MY_CALENDAR_URL"]\n')
    assert starts(propose(path, capsys))[0] == "2026-11-30T14:00"
    monkeypatch.delenv("MY_CALENDAR_URL")
    assert "MY_CALENDAR_URL is not set" in propose(path, capsys, 1)["owner_notes"][0]


def test_an_env_url_obeys_the_same_address_rules(write_config, capsys, monkeypatch):
    monkeypatch.setenv("MY_CALENDAR_URL", "http://calendar.example/secret/c.ics")
    path = configure(write_config, 'ics_urls = ["env:MY_CALENDAR_URL"]\n')
    note = propose(path, capsys, 1)["owner_notes"][0]
    assert "the address in MY_CALENDAR_URL uses plain http" in note


# --- CalDAV: Radicale -------------------------------------------------------------------

@pytest.fixture
def dav_calendar(radicale):
    """A fresh calendar on the session's Radicale, and its display name."""
    client = DAVClient(radicale.url, username=USER, password=PASSWORD)
    name = f"work-{uuid.uuid4().hex[:8]}"
    principal = client.principal()
    return principal.make_calendar(name=name), name


@pytest.fixture
def dav_config(write_config, radicale, dav_calendar, monkeypatch):
    monkeypatch.setenv("TEST_CALDAV_PASSWORD", PASSWORD)
    _, name = dav_calendar

    def make(extra: str = "", calendars: str = name) -> Path:
        return configure(write_config, f'caldav_url = "{radicale.url}"\n'
                         f'caldav_username = "{USER}"\n'
                         'caldav_password_env = "TEST_CALDAV_PASSWORD"\n'
                         f'caldav_calendars = ["{calendars}"]\n' + extra)

    return make


def test_busy_time_from_radicale_moves_the_options(dav_config, dav_calendar, capsys):
    path = dav_config()
    assert starts(propose(path, capsys)) == FREE_WEEK
    dav_calendar[0].save_event(MONDAY_MORNING.decode())
    assert starts(propose(path, capsys)) == ["2026-11-30T14:00", *FREE_WEEK[1:]]


def test_a_recurring_event_with_an_override_on_the_server_is_expanded(dav_config, dav_calendar,
                                                                      capsys):
    dav_calendar[0].save_event(calendar(
        "UID:weekly\nDTSTART;TZID=Europe/Berlin:20261123T093000\n"
        "DTEND;TZID=Europe/Berlin:20261123T120000\nRRULE:FREQ=DAILY;COUNT=20",
        "UID:weekly\nRECURRENCE-ID;TZID=Europe/Berlin:20261201T093000\n"
        "DTSTART;TZID=Europe/Berlin:20261201T200000\nDTEND;TZID=Europe/Berlin:20261201T210000",
        head="").decode())
    # Every morning is busy except Tuesday's, which moved to the evening.
    assert starts(propose(dav_config(), capsys)) == ["2026-11-30T14:00", "2026-12-01T09:30",
                                                     "2026-12-03T14:00"]


def test_a_wrong_caldav_password_is_reported_without_the_password(dav_config, capsys,
                                                                  monkeypatch):
    monkeypatch.setenv("TEST_CALDAV_PASSWORD", "not-the-password")
    result = propose(dav_config(), capsys, exit_code=1)
    assert result["options"] == []
    assert "caldav" in result["owner_notes"][0]
    assert "not-the-password" not in json.dumps(result)


def test_an_unknown_calendar_name_lists_the_ones_found(dav_config, dav_calendar):
    settings = load_settings(dav_config(calendars="nope"))
    with pytest.raises(BusyUnavailable, match=rf"no calendar named nope.*{dav_calendar[1]}"):
        busy_calendar(settings).intervals(*window(settings))


def test_check_reports_each_calendar(dav_config, tmp_path, capsys):
    for sub in ("cur", "new", "tmp"):
        (tmp_path / "mail" / sub).mkdir(parents=True)
    assert main(["check", "--config", str(dav_config())]) == 0
    assert "ok  calendar   caldav" in capsys.readouterr().out


def test_make_offer_records_calendar_problems(dav_config, monkeypatch):
    monkeypatch.setenv("TEST_CALDAV_PASSWORD", "wrong")
    settings = load_settings(dav_config())
    offer = make_offer(settings, busy_calendar(settings), [], window(settings)[0],
                       uid_seed="x")
    assert not offer.busy_known and offer.options == ()
    (problem,) = offer.problems
    assert problem.failed and problem.source.startswith("caldav ")


def hold_events(calendar) -> list[icalendar.Event]:
    return [item.icalendar_component for item in calendar.events()]


def test_held_times_show_in_the_hold_calendar_until_released(radicale, dav_calendar, tmp_path,
                                                             monkeypatch):
    monkeypatch.setenv("TEST_CALDAV_PASSWORD", PASSWORD)
    prepare_workdir(tmp_path)
    config = tmp_path / "inviteassist.toml"
    holds_name = f"holds-{uuid.uuid4().hex[:8]}"
    config.write_text(config.read_text() + f"""
[calendar]
caldav_url = "{radicale.url}"
caldav_username = "{USER}"
caldav_password_env = "TEST_CALDAV_PASSWORD"
caldav_calendars = ["{dav_calendar[1]}"]
hold_calendar = "{holds_name}"
""")
    assert main(["-q", "poll", "--once", "--config", str(config), "--now",
                 "2026-11-25T09:00"]) == 0
    principal = DAVClient(radicale.url, username=USER, password=PASSWORD).principal()
    (holds,) = [c for c in principal.calendars() if c.get_display_name() == holds_name]
    events = hold_events(holds)
    assert len(events) == 12  # four drafts, three options each
    assert all(str(e["STATUS"]) == "TENTATIVE" for e in events)
    assert {str(e["SUMMARY"]).removeprefix("Hold: call with ").split()[0] for e in events} == {
        "Oliver", "Sofia", "Kwame", "Hannah"}
    # Once every hold has expired (the reply deadline), the next cycle removes them.
    assert main(["-q", "poll", "--once", "--config", str(config), "--now",
                 "2026-12-20T09:00"]) == 0
    assert hold_events(holds) == []

"""Drafts for requesters in eight places on four continents: every time falls
between 08:00 and 20:00 on their clock and is shown in their zone first."""

from __future__ import annotations

import email
import re
from datetime import datetime, time, timedelta
from email import policy
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from inviteassist.app.clock import parse_now
from inviteassist.app.offering import make_offer
from inviteassist.calendars.busy import StaticBusy
from inviteassist.cli.main import main
from inviteassist.config.settings import load_settings
from inviteassist.errors import UserError
from inviteassist.models import Interval
from tests.conftest import MINIMAL_CONFIG, OWNER_AND_MAILDIR

ZONES = Path(__file__).resolve().parents[2] / "fixtures" / "zones"
WIDE_WINDOWS = "\n".join(f'{day} = ["06:00-23:30"]' for day in
                         ("monday", "tuesday", "wednesday", "thursday", "friday"))
CONFIG = OWNER_AND_MAILDIR + f"""
[availability.windows]
{WIDE_WINDOWS}
"""
PLACES = [  # fixture, zone, how the draft names it, continent
    ("linkedin_vancouver_en", "America/Vancouver", "Vancouver", "North America"),
    ("linkedin_chicago_en", "America/Chicago", "Chicago", "North America"),
    ("linkedin_hamburg_de", "Europe/Berlin", None, "Europe"),  # the owner's own time
    ("linkedin_toulouse_fr", "Europe/Paris", None, "Europe"),
    ("linkedin_barcelona_es", "Europe/Madrid", None, "Europe"),
    ("linkedin_rio_pt", "America/Sao_Paulo", "Rio de Janeiro", "South America"),
    ("linkedin_nairobi_en", "Africa/Nairobi", "Nairobi", "Africa"),
    ("linkedin_singapore_en", "Asia/Singapore", "Singapore", "Asia"),
]


def draft(tmp_path: Path, fixture: str, config: str = CONFIG) -> email.message.EmailMessage:
    path = tmp_path / "config.toml"
    path.write_text(config)
    out = tmp_path / f"{fixture}.eml"
    assert main(["-q", "draft", str(ZONES / f"{fixture}.eml"), "--config", str(path),
                 "--now", "2026-12-04T09:00", "--out", str(out)]) == 0
    message = email.message_from_bytes(out.read_bytes(), policy=policy.default)
    assert isinstance(message, email.message.EmailMessage)
    return message


def starts(message: email.message.EmailMessage) -> list[tuple[datetime, datetime]]:
    spans = []
    for part in message.iter_attachments():
        event = Calendar.from_ical(part.get_content()).walk("VEVENT")[0]
        spans.append((event["DTSTART"].dt, event["DTEND"].dt))
    return spans


def test_the_places_span_four_continents() -> None:
    assert len(PLACES) >= 8 and len({continent for *_, continent in PLACES}) >= 4


@pytest.mark.parametrize(("fixture", "zone", "place", "continent"), PLACES)
def test_every_time_is_inside_their_day_and_shown_in_their_zone(
        tmp_path, fixture, zone, place, continent) -> None:
    message = draft(tmp_path, fixture)
    body = message.get_body(("plain",)).get_content()
    spans = starts(message)
    assert len(spans) == 3
    for start, end in spans:
        theirs, finish = start.astimezone(ZoneInfo(zone)), end.astimezone(ZoneInfo(zone))
        assert time(8) <= theirs.time() and finish.time() <= time(20), (fixture, theirs)
    options = re.findall(r"^  [A-C]\) (.+)$", body, re.MULTILINE)
    assert len(options) == 3
    for line, (start, _) in zip(options, spans, strict=True):
        theirs = start.astimezone(ZoneInfo(zone))
        mine = start.astimezone(ZoneInfo("Europe/Berlin"))
        # their time first (dates in the draft's language), then the owner's
        assert line.index(f"{theirs:%H:%M}–") < 60, line
        if place is None:  # their clock is the owner's: one time, the owner's format
            assert " — " not in line
        else:
            assert f" {place} (" in line and " — " in line
            assert line.index(f"{mine:%H:%M} ") > line.index(" — ")
    # The owner is told, in the note, when the guess moves the times.
    told = f"time zone {zone} from the location" in body
    assert told == (place is not None), body


def test_an_unknown_place_keeps_the_owners_zone_and_says_so(tmp_path) -> None:
    text = (ZONES / "linkedin_chicago_en.eml").read_text().replace(
        "Greater Chicago Area", "Middle Earth")
    (tmp_path / "unknown.eml").write_text(text)
    config = tmp_path / "config.toml"
    config.write_text(CONFIG)
    out = tmp_path / "out.eml"
    assert main(["-q", "draft", str(tmp_path / "unknown.eml"), "--config", str(config),
                 "--now", "2026-12-04T09:00", "--out", str(out)]) == 0
    body = email.message_from_bytes(out.read_bytes(), policy=policy.default) \
        .get_body(("plain",)).get_content()
    assert "time zone is unknown (location 'Middle Earth' is not a place" in body
    assert " for me" not in body and "CET (UTC+01:00)" in body


def settings_with(tmp_path: Path, availability: str = ""):
    path = tmp_path / "c.toml"
    path.write_text(MINIMAL_CONFIG.replace(
        "[availability.windows]", f"[availability]\n{availability}\n[availability.windows]"))
    return load_settings(path)


def test_no_overlap_offers_the_least_bad_times_and_tells_the_owner(tmp_path) -> None:
    s = settings_with(tmp_path)  # 09:30-17:00 Berlin is 00:30-08:00 in Seattle
    offer = make_offer(s, None, [], parse_now("2026-12-04T09:00", "Europe/Berlin"),
                       uid_seed="x", requester_zone="America/Los_Angeles")
    assert len(offer.options) == 3 and offer.proposal.outside_requester_hours
    seattle = [o.start.astimezone(ZoneInfo("America/Los_Angeles")).time()
               for o in offer.options]
    assert all(t == time(7, 30) for t in seattle)  # 16:30 Berlin, the nearest to 08:00
    assert any("least early or late" in note for note in offer.owner_notes)


def test_a_full_fortnight_widens_the_horizon_and_says_so(tmp_path) -> None:
    s = settings_with(tmp_path)
    now = parse_now("2026-12-04T09:00", "Europe/Berlin")
    busy = StaticBusy((Interval(now, now + timedelta(days=14)),))
    offer = make_offer(s, busy, [], now, uid_seed="x")
    assert len(offer.options) == 3 and offer.horizon_days == 28
    assert all(o.start >= now + timedelta(days=14) for o in offer.options)
    assert any("reach up to 28 days ahead" in note for note in offer.owner_notes)


def test_requester_hours_and_max_horizon_are_configurable(tmp_path) -> None:
    s = settings_with(tmp_path, 'requester_hours = "07:00-22:00"\nmax_horizon_days = 60')
    assert (s.availability.requester_hours, s.availability.max_horizon_days) == (
        (time(7), time(22)), 60)


@pytest.mark.parametrize(("value", "problem"), [
    ('"20:00-08:00"', "ends before it starts"), ('"8-20"', "is not a time span"),
    ("8", "is not a time span")])
def test_bad_requester_hours_name_the_option(tmp_path, value, problem) -> None:
    with pytest.raises(UserError, match=problem) as caught:
        settings_with(tmp_path, f"requester_hours = {value}")
    assert "requester_hours" in str(caught.value)


def test_the_owner_is_asked_to_check_a_guessed_zone_only_when_it_moves_the_times() -> None:
    from inviteassist.app.offering import zone_notes
    from inviteassist.schedule.requester_zone import RequesterZone

    paris = RequesterZone("Europe/Paris", "Paris", "location", "time zone Europe/Paris")
    seattle = RequesterZone("America/Los_Angeles", "Seattle", "location",
                            "time zone America/Los_Angeles")
    assert zone_notes(paris, "Europe/Berlin") == ()
    assert "check it" in zone_notes(seattle, "Europe/Berlin")[0]

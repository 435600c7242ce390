"""The [availability] rules and [calendar] sources as the config file states them."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from inviteassist.config.schema import zone_for
from inviteassist.config.settings import load_settings
from inviteassist.errors import UserError
from inviteassist.schedule.planner import DateRange
from tests.conftest import MINIMAL_CONFIG


def with_sections(availability: str = "", calendar: str = "") -> str:
    text = MINIMAL_CONFIG.replace("[availability.windows]",
                                  f"[availability]\n{availability}\n[availability.windows]")
    return text + f"\n[calendar]\n{calendar}\n"


def test_the_rules_reach_the_slot_finder(write_config):
    settings = load_settings(write_config(with_sections(
        "min_notice_business_days = 1\nbuffer_before_minutes = 10\nbuffer_after_minutes = 5\n"
        "max_calls_per_day = 2\nmax_calls_per_week = 6\n"
        'blackout_dates = ["2026-12-24..2026-12-26", 2026-12-31, "2027-01-01"]\n')))
    rules = settings.availability_rules()
    assert rules.min_notice_business_days == 1
    assert (rules.buffer_before, rules.buffer_after) == (timedelta(minutes=10),
                                                         timedelta(minutes=5))
    assert (rules.max_per_day, rules.max_per_week) == (2, 6)
    assert rules.blackout == (DateRange(date(2026, 12, 24), date(2026, 12, 26)),
                              DateRange(date(2026, 12, 31), date(2026, 12, 31)),
                              DateRange(date(2027, 1, 1), date(2027, 1, 1)))


def test_zero_limits_mean_no_limit(write_config):
    rules = load_settings(write_config(with_sections())).availability_rules()
    assert (rules.max_per_day, rules.max_per_week, rules.blackout) == (None, None, ())


def test_calendar_paths_resolve_against_the_config_file(write_config, tmp_path):
    settings = load_settings(write_config(with_sections(calendar='ics_files = ["cal/work.ics"]')))
    assert settings.calendar.ics_files == (str(tmp_path / "cal" / "work.ics"),)
    assert settings.calendar.on_failure == "propose-nothing"
    assert Path(settings.calendar.cache_folder).is_absolute()


def test_requester_zones_are_looked_up_by_any_identifier(write_config):
    settings = load_settings(write_config(with_sections().replace("[calendar]", (
        '[availability.requester_timezones]\n"Sam@Example.com" = "America/New_York"\n'
        '"Riley Rivers" = "Asia/Tokyo"\n\n[calendar]'))))
    zones = settings.availability.requester_timezones
    assert zone_for(zones, None, "sam@example.com") == "America/New_York"
    assert zone_for(zones, "x@y.z", None, "riley rivers") == "Asia/Tokyo"
    assert zone_for(zones, "nobody@example.com") is None


ERRORS = [
    (with_sections('blackout_dates = ["24.12.2026"]'),
     ["[availability] blackout_dates", "not a date"]),
    (with_sections('blackout_dates = ["2026-12-26..2026-12-24"]'),
     ["blackout_dates", "ends"]),
    (with_sections("buffer_after_minutes = -5"), ["buffer_after_minutes", "at least 0"]),
    (with_sections(calendar='ics_urls = ["http://cal.example.com/secret-key/basic.ics"]'),
     ["[calendar] ics_urls", "entry 1", "plain http"]),
    (with_sections(calendar='on_failure = "hope"'), ["on_failure", "'hope' is not one of"]),
    (with_sections().replace("[calendar]", '[availability.requester_timezones]\n'
                                           '"sam" = "Mars/Base"\n[calendar]'),
     ["requester_timezones", "unknown time zone 'Mars/Base'"]),
]


@pytest.mark.parametrize(("text", "words"), ERRORS, ids=[w[0] for _, w in ERRORS])
def test_bad_calendar_values_name_the_place_and_the_fix(write_config, text, words):
    with pytest.raises(UserError) as caught:
        load_settings(write_config(text))
    message = str(caught.value)
    for word in words:
        assert word in message
    assert "secret-key" not in message
    assert re.search(r"\(.+\)$", message)

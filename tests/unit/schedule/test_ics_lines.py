"""The remembered pieces of a calendar answer as the functions they stand for:
a zone's TZID as icalendar's tzid_from_dt, an unusable address refused each
time it is given."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from icalendar.timezone import tzid_from_dt

from inviteassist.schedule.ics import address_line, zone_tzid

ZONES = [UTC, timezone(timedelta(hours=2)), timezone(timedelta(hours=-3), "BRT"),
         *(ZoneInfo(key) for key in ("UTC", "Etc/UTC", "Europe/Berlin", "Europe/Oslo",
                                     "America/St_Johns", "Australia/Lord_Howe", "Etc/GMT+5"))]


@pytest.mark.parametrize("zone", ZONES, ids=str)
@pytest.mark.parametrize("moment", [datetime(2026, 1, 15, 12), datetime(2026, 7, 15, 12)])
def test_a_zones_tzid_is_icalendars(zone, moment):
    for _ in range(2):  # the second time from what was remembered
        assert zone_tzid(moment.replace(tzinfo=zone)) == tzid_from_dt(moment.replace(tzinfo=zone))


@pytest.mark.parametrize("email", ["", "  ", "no-at-sign", "two words@example.com",
                                   "nbsp\u00a0inside@example.com", "em\u2003space@example.com"])
def test_an_unusable_address_is_refused_every_time(email):
    for _ in range(2):
        with pytest.raises(ValueError, match="not a usable e-mail address"):
            address_line("ORGANIZER", email, "Alex")


def test_control_characters_are_dropped_from_an_address():
    assert address_line("ORGANIZER", " alex@\x00example.org\n", None) == \
        "ORGANIZER:mailto:alex@example.org"

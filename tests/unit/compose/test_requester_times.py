"""Each option for the requester: their zone first, then the owner's; the
'calendar full' reply; the data templates in other languages format from."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from inviteassist.compose.reply import option_context, sample_reply_input
from inviteassist.compose.templates import FULL_TEXT, build_environment
from inviteassist.models import Option, Owner
from tests.reply_messages import composed

BERLIN = ZoneInfo("Europe/Berlin")
OWNER = Owner("Alex Morgan", "alex@morgan.example", "Europe/Berlin")
NOW = datetime(2026, 12, 4, 9, tzinfo=BERLIN)


def option(start: str, minutes: int = 30) -> Option:
    begin = datetime.fromisoformat(start).replace(tzinfo=BERLIN)
    return Option("A", begin, begin + timedelta(minutes=minutes), "a@x")


def test_the_requesters_zone_comes_first_then_the_owners() -> None:
    data = option_context(option("2026-12-08T17:30"), "Europe/Berlin",
                          "America/Los_Angeles", "Seattle")
    assert data["when"] == ("Tuesday 8 December 2026, 08:30–09:00 in Seattle (PST) — "
                            "17:30 CET for me")
    assert data["requester_zone"] == "Seattle (PST)" and data["owner_time"] == "17:30 CET"
    assert data["requester_start"].isoformat() == "2026-12-08T08:30:00-08:00"


def test_the_owners_weekday_is_named_when_their_dates_differ() -> None:
    data = option_context(option("2026-12-08T02:00"), "Europe/Berlin", "America/Chicago",
                          "Chicago")
    assert data["when"] == ("Monday 7 December 2026, 19:00–19:30 in Chicago (CST) — "
                            "Tuesday 02:00 CET for me")


def test_a_zone_keeping_the_owners_time_shows_one_time() -> None:
    data = option_context(option("2026-12-08T10:00"), "Europe/Berlin", "Europe/Paris",
                          "Toulouse")
    assert data["when"] == "Tuesday 8 December 2026, 10:00–10:30 CET (UTC+01:00)"
    assert data["requester_zone"] is None


def test_an_unknown_zone_is_the_owners() -> None:
    data = option_context(option("2026-12-08T10:00"), "Europe/Berlin", None, None)
    assert data["when"] == "Tuesday 8 December 2026, 10:00–10:30 CET (UTC+01:00)"
    assert data["requester_start"].tzinfo == BERLIN


def test_a_zone_without_a_letter_abbreviation_shows_its_offset() -> None:
    data = option_context(option("2026-12-08T14:00"), "Europe/Berlin", "America/Sao_Paulo",
                          "São Paulo")
    assert data["when"].startswith(
        "Tuesday 8 December 2026, 10:00–10:30 in São Paulo (UTC-03:00)")


def test_the_full_calendar_reply_offers_no_times_and_promises_to_write_again() -> None:
    env = build_environment(None)
    message = composed(env, replace(sample_reply_input(OWNER, (), NOW),
                                         template=FULL_TEXT))
    body = message.get_body(("plain",)).get_content()
    assert "my calendar is full" in body and "write to you again" in body
    assert "one of these times" not in body and not list(message.iter_attachments())


def test_both_zones_are_written_in_the_drafts_language() -> None:
    data = option_context(option("2026-12-08T17:30"), "Europe/Berlin",
                          "America/Los_Angeles", "Seattle", "de")
    assert data["when"] == ("Dienstag, 8. Dezember 2026, 08:30–09:00 in Seattle (PST) — "
                            "bei mir 17:30 CET")
    french = option_context(option("2026-12-08T02:00"), "Europe/Berlin", "America/Chicago",
                            "Chicago", "fr")["when"]
    assert french == ("lundi 7 décembre 2026, 19:00–19:30 à Chicago (CST) — "
                      "mardi 02:00 CET pour moi")

"""Location lines and notes -> the requester's time zone (GeoNames + pycountry data).

Each test runs on the index built in memory and on the places file (`places`)."""

from __future__ import annotations

import pytest

from inviteassist.schedule.locations import resolve_location, strip_area_words
from inviteassist.schedule.requester_zone import (
    configured_zone,
    infer_requester_zone,
    zone_in_note,
)

LOCATIONS = [
    # LinkedIn's modern "city, region, country", in the reader's language
    ("Seattle, Washington, United States", "America/Los_Angeles"),
    ("Chicago, Illinois, United States", "America/Chicago"),
    ("Vancouver, British Columbia, Canada", "America/Vancouver"),
    ("Hamburg, Deutschland", "Europe/Berlin"),
    ("Toulouse, Occitanie, France", "Europe/Paris"),
    ("Barcelona, Cataluña, España", "Europe/Madrid"),
    ("São Paulo, Brasil", "America/Sao_Paulo"),
    ("Nairobi County, Kenya", "Africa/Nairobi"),
    ("Singapore", "Asia/Singapore"),
    ("Wien, Österreich", "Europe/Vienna"),
    ("Portland, Maine", "America/New_York"),
    ("El Paso, Texas, United States", "America/Denver"),  # "el" is no area word here
    ("La Paz, Bolivia", "America/La_Paz"),
    # localised city names and area words
    ("München, Bayern, Deutschland", "Europe/Berlin"),
    ("Munich, Bavaria, Germany", "Europe/Berlin"),
    ("Großraum München", "Europe/Berlin"),
    ("Greater Seattle Area", "America/Los_Angeles"),
    ("Charlotte, North Carolina Area", "America/New_York"),
    ("Solapur Area, India", "Asia/Kolkata"),
    ("Région de Paris", "Europe/Paris"),
    ("São Paulo e Região", "America/Sao_Paulo"),
    ("Rio de Janeiro e Região", "America/Sao_Paulo"),
    ("San Francisco Bay Area", "America/Los_Angeles"),
    ("Milano e dintorni", "Europe/Rome"),
    ("Amsterdam en omgeving", "Europe/Amsterdam"),
    ("Metropolregion Hamburg", "Europe/Berlin"),
    # a country alone: one zone, or one zone for nearly everyone
    ("Deutschland", "Europe/Berlin"),
    ("Nederland", "Europe/Amsterdam"),
    ("Quénia", "Africa/Nairobi"),
    ("España", "Europe/Madrid"),
    ("Trinidad and Tobago", "America/Port_of_Spain"),
    # a US state alone, and a US state code
    ("Washington, United States", "America/Los_Angeles"),
    ("Texas, United States", "America/Chicago"),
    ("Austin, TX", "America/Chicago"),
    # two places that keep the same time
    ("Berlin und Hamburg", "Europe/Berlin"),
    ("Paris / Lyon", "Europe/Paris"),
]


@pytest.mark.parametrize(("line", "zone"), LOCATIONS)
def test_a_location_line_gives_the_zone_of_its_place(line: str, zone: str, places) -> None:
    resolved = resolve_location(line, places)
    assert resolved.place is not None, resolved.reason
    assert resolved.place.zone == zone


UNKNOWN = [
    ("United States", "spans several time zones"),
    ("Brasil", "spans several time zones"),
    ("Canada", "spans several time zones"),
    ("Ontario, Canada", "spans several time zones"),
    ("Berlin / Seattle", "different time zones"),
    ("Paris or London", "different time zones"),
    ("Springfield", "shared by places in different zones"),
    ("Middle Earth", "not a place the dataset knows"),
    ("Area", "not a place the dataset knows"),  # an area word alone names nothing
    ("Greater Metro Area", "not a place the dataset knows"),
    ("", "no location given"),
    (None, "no location given"),
]


@pytest.mark.parametrize(("line", "why"), UNKNOWN)
def test_an_unknown_or_ambiguous_line_gives_no_zone_and_says_why(line: str | None,
                                                                 why: str, places) -> None:
    resolved = resolve_location(line, places)
    assert resolved.place is None
    assert why in resolved.reason


def test_area_words_are_stripped_in_each_language() -> None:
    assert strip_area_words("Greater Toulouse Metropolitan Area") == "toulouse"
    assert strip_area_words("Área metropolitana de Barcelona") == "barcelona"
    assert strip_area_words("Região Metropolitana do Rio de Janeiro") == "rio de janeiro"


def test_hostile_location_text_never_raises(places) -> None:
    for line in ("\x00\x01", "," * 500, "a" * 10_000, "Berlin / " * 200, "💥, 💥"):
        resolve_location(line, places)


def test_a_configured_zone_names_its_place() -> None:
    zone = configured_zone("Asia/Tokyo")
    assert (zone.zone, zone.source, zone.label) == ("Asia/Tokyo", "config", "Tokyo")


def test_location_comes_before_the_note(places) -> None:
    zone = infer_requester_zone("Hamburg, Deutschland", "I am based in Nairobi", places)
    assert (zone.zone, zone.source, zone.label) == ("Europe/Berlin", "location", "Hamburg")


@pytest.mark.parametrize(("note", "zone"), [
    ("Happy to talk; my calendar runs on America/Chicago.", "America/Chicago"),
    ("I am usually on UTC+3.", "Etc/GMT-3"),
    ("I'm based in Nairobi and lead a platform team.", "Africa/Nairobi"),
    ("Ich bin ansässig in München und freue mich.", "Europe/Berlin"),
    ("Je suis basée à Toulouse.", "Europe/Paris"),
    ("Best regards,\nDana\nAustin, TX", "America/Chicago"),
])
def test_the_note_names_the_zone_when_the_location_does_not(note: str, zone: str,
                                                            places) -> None:
    found = infer_requester_zone("Atlantis Nowhere", note, places)
    assert (found.zone, found.source) == (zone, "note")


def test_a_note_without_a_place_gives_nothing(places) -> None:
    assert zone_in_note("Best,\nDana", places) is None
    assert zone_in_note("We met in Hamburg at the meetup.", places) is None
    unknown = infer_requester_zone("Middle Earth", "Best,\nDana", places)
    assert unknown.zone is None and "not a place" in unknown.detail

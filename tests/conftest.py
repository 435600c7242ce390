"""Shared test helpers: paths to the repository, fixtures and the shared corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures"
CORPUS = REPO.parent / "shared" / "corpus"


@pytest.fixture(scope="session")
def shared_places(tmp_path_factory) -> Path:
    """One places folder for the whole run: the places file is built (two
    seconds) by the first test that needs it, not by every private home."""
    return tmp_path_factory.mktemp("places")


@pytest.fixture(autouse=True)
def private_home(tmp_path_factory, monkeypatch, shared_places):
    """No test may read or write the real home folder (default state path, XDG).
    Its cache's places folder is the run's shared one (a link)."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    for name in ("XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    cache = home / ".cache" / "inviteassist"
    cache.mkdir(parents=True)
    (cache / "places").symlink_to(shared_places, target_is_directory=True)
    return home


@pytest.fixture(scope="session")
def memory_places():
    """The place index built in memory from the packages (no file)."""
    from inviteassist.schedule.places import PlaceIndex, build_tables

    return PlaceIndex(build_tables())


@pytest.fixture(scope="session")
def file_places(shared_places):
    """The place index read from the run's places file, as the app reads it."""
    from inviteassist.schedule.places import PlaceIndex
    from inviteassist.store.places_file import PlacesFile, ensure_places_file

    return PlaceIndex(PlacesFile(ensure_places_file(shared_places)[0]))


@pytest.fixture(params=["memory", "file"])
def places(request):
    """Each place index in turn: both must give the same answers."""
    return request.getfixturevalue(f"{request.param}_places")


@pytest.fixture
def write_config(tmp_path: Path):
    """Write a config file from TOML text and return its path."""

    def write(text: str, name: str = "config.toml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


# The owner and a Maildir at ./mail: the start of every test config.
OWNER_AND_MAILDIR = """
[owner]
name = "Alex Morgan"
email = "alex@morgan.example"
timezone = "Europe/Berlin"

[mailbox]
type = "maildir"
path = "mail"
"""

MINIMAL_CONFIG = OWNER_AND_MAILDIR + """
[availability.windows]
monday = ["09:30-12:00", "14:00-17:00"]
tuesday = ["09:30-12:00"]
thursday = ["14:00-17:00"]
"""

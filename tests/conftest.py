"""Shared test helpers: paths to the repository, fixtures and the shared corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures"
CORPUS = REPO.parent / "shared" / "corpus"


@pytest.fixture(autouse=True)
def private_home(tmp_path_factory, monkeypatch):
    """No test may read or write the real home folder (default state path, XDG)."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    for name in ("XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    return home


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

from __future__ import annotations

import logging
import re
import tomllib
from datetime import time, timedelta
from pathlib import Path

import pytest

from inviteassist.config.settings import SECTIONS, load_settings
from inviteassist.errors import UserError
from tests.conftest import MINIMAL_CONFIG, REPO


def test_minimal_config_loads_with_defaults(write_config):
    settings = load_settings(write_config(MINIMAL_CONFIG))
    assert settings.owner.timezone == "Europe/Berlin"
    assert settings.availability.options == 3
    assert settings.folders.drafts == "Drafts"
    rules = settings.availability_rules()
    assert rules.min_notice == timedelta(hours=24)
    assert [(w.weekday, w.start, w.end) for w in rules.windows] == [
        (0, time(9, 30), time(12)), (0, time(14), time(17)), (1, time(9, 30), time(12)),
        (3, time(14), time(17))]


def test_relative_paths_resolve_against_the_config_file(write_config, tmp_path):
    settings = load_settings(write_config(MINIMAL_CONFIG))
    assert Path(settings.mailbox.path) == tmp_path / "mail"


def test_the_default_state_path_is_in_the_home_folder(write_config, private_home):
    settings = load_settings(write_config(MINIMAL_CONFIG))
    assert Path(settings.state.path) == (
        private_home / ".local" / "state" / "inviteassist" / "state.sqlite3")


def test_the_default_state_path_follows_xdg_state_home(write_config, private_home, tmp_path,
                                                       monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg-state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    settings = load_settings(write_config(MINIMAL_CONFIG))
    assert Path(settings.state.path) == tmp_path / "xdg-state" / "inviteassist" / "state.sqlite3"
    assert Path(settings.calendar.cache_folder) == tmp_path / "xdg-cache" / "inviteassist" / \
        "calendars"
    monkeypatch.setenv("XDG_STATE_HOME", "relative/ignored")  # the specification says so
    assert load_settings(write_config(MINIMAL_CONFIG)).state.path.startswith(str(private_home))


def test_an_explicit_state_path_is_kept(write_config, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg-state"))
    settings = load_settings(write_config(MINIMAL_CONFIG + '[state]\npath = "my.sqlite3"\n'))
    assert Path(settings.state.path) == tmp_path / "my.sqlite3"
    example = load_settings(REPO / "config" / "inviteassist.example.toml")
    assert Path(example.state.path) == tmp_path / "xdg-state" / "inviteassist" / "state.sqlite3"


def test_a_state_file_beside_the_config_is_used_until_moved(write_config, tmp_path,
                                                            monkeypatch, caplog):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg-state"))
    (tmp_path / "state.sqlite3").write_bytes(b"")
    config = write_config(MINIMAL_CONFIG)
    assert Path(load_settings(config).state.path) == tmp_path / "state.sqlite3"
    assert "move it there" in caplog.text and "xdg-state" in caplog.text
    moved = tmp_path / "xdg-state" / "inviteassist" / "state.sqlite3"
    moved.parent.mkdir(parents=True)
    (tmp_path / "state.sqlite3").rename(moved)
    assert Path(load_settings(config).state.path) == moved


def test_settings_are_frozen(write_config):
    settings = load_settings(write_config(MINIMAL_CONFIG))
    with pytest.raises(AttributeError):
        settings.owner.name = "someone else"  # type: ignore[misc]


def _replace(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new)


# (edit to MINIMAL_CONFIG, words the one-line error must contain)
ERRORS = [
    (("name = \"Alex Morgan\"\n", ""), ["line 2: [owner] name", "required"]),
    (("timezone = \"Europe/Berlin\"", "timezone = \"Europe/Berlinn\""),
     ["line 5", "[owner] timezone", "unknown time zone", "IANA"]),
    (("tuesday = [\"09:30-12:00\"]", "tuesday = [\"12:00-09:30\"]"),
     ["line 13", "tuesday", "ends before it starts"]),
    (("tuesday = [\"09:30-12:00\"]", "tuesday = [\"9.30 to 12\"]"),
     ["tuesday", "not a time span", "HH:MM-HH:MM"]),
    (("tuesday = [\"09:30-12:00\"]", "tuesdy = [\"09:30-12:00\"]"),
     ["tuesdy", "not a weekday"]),
    (("[mailbox]", "[availability]\ncall_minutes = \"30\"\n[mailbox]"),
     ["[availability] call_minutes", "must be a whole number"]),
    (("[mailbox]", "[availability]\noptions = 0\n[mailbox]"),
     ["[availability] options", "at least 1"]),
    (("[mailbox]", "[availability]\ncall_minutes = true\n[mailbox]"),
     ["call_minutes", "whole number"]),
    (("[mailbox]", "[availability]\noptions = 27\n[mailbox]"),
     ["[availability] options", "at most 26"]),
    (("timezone = \"Europe/Berlin\"", "timezone = \"Europe\""),
     ["[owner] timezone", "unknown time zone"]),
    (("type = \"maildir\"", "type = \"pop3\""), ["[mailbox] type", "'pop3' is not one of"]),
    (("email = \"alex@morgan.example\"", "email = \"alex\""),
     ["[owner] email", "not an email address"]),
    (("[mailbox]", "[detection]\nauthserv_ids = \"mx\"\n[mailbox]"),
     ["authserv_ids", "list of strings"]),
    (("name = \"Alex Morgan\"", "name = \"Alex Morgan"), ["not valid TOML", "line 3"]),
]


@pytest.mark.parametrize(("edit", "words"), ERRORS, ids=[w[0] for _, w in ERRORS])
def test_config_errors_are_one_line_naming_file_place_and_fix(write_config, edit, words):
    path = write_config(_replace(MINIMAL_CONFIG, *edit))
    with pytest.raises(UserError) as caught:
        load_settings(path)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(str(path))
    for word in words:
        assert word in message
    assert re.search(r"\(.+\)$", message), "the message ends with a fix in parentheses"


def test_missing_config_file_names_the_fix(tmp_path):
    with pytest.raises(UserError, match=r"config file not found.*--config"):
        load_settings(tmp_path / "nope.toml")


# (edit to MINIMAL_CONFIG, words the error must contain)
TYPOS = [
    (("[mailbox]", "[daemon]\npoll_minute = 5\n[mailbox]"),
     ["[daemon] poll_minute", "not a known option", "did you mean poll_minutes?"]),
    (("[availability.windows]", "[availabilty.windows]"),
     ["[availabilty]", "not a known table", "did you mean [availability]?"]),
    (("[mailbox]", "[mailbox]\npassword_command = \"pass show\""),
     ["[mailbox] password_command", "did you mean [imap] password_command?"]),
    (("[mailbox]", "[zzz]\nx = 1\n[mailbox]"), ["[zzz]", "known tables: [owner]"]),
]


@pytest.mark.parametrize(("edit", "words"), TYPOS, ids=[w[0] for _, w in TYPOS])
def test_unknown_keys_and_tables_are_errors_with_a_suggestion(write_config, edit, words,
                                                              caplog):
    caplog.set_level(logging.DEBUG)
    with pytest.raises(UserError) as caught:
        load_settings(write_config(_replace(MINIMAL_CONFIG, *edit)))
    for word in words:
        assert word in str(caught.value)
    assert caught.value.exit_code == 2
    assert caplog.text == "", "reported once, by the caller, not logged as well"


def test_example_config_loads_cleanly_and_documents_every_option():
    path = REPO / "config" / "inviteassist.example.toml"
    load_settings(path)
    raw = tomllib.loads(path.read_text())
    for section, cls in SECTIONS.items():
        for name in cls.__dataclass_fields__:
            assert name in raw.get(section, {}), f"[{section}] {name} is not documented"


def test_demo_config_loads_cleanly():
    assert load_settings(REPO / "config" / "demo.toml").owner.timezone


def test_a_password_in_a_readable_config_is_refused(write_config):
    path = write_config(MINIMAL_CONFIG + '\n[imap]\npassword = "hunter2"\n')
    path.chmod(0o644)
    with pytest.raises(UserError, match=r"readable by other users.*chmod 600"):
        load_settings(path)
    path.chmod(0o600)
    assert load_settings(path).imap.password == "hunter2"

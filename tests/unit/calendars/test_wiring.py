"""How the configured calendars are put together for an engine."""

from __future__ import annotations

from inviteassist.calendars.wiring import BrokenSource, engine_calendars
from inviteassist.config.settings import load_settings
from tests.conftest import MINIMAL_CONFIG


def test_the_caldav_password_is_read_once_for_busy_time_and_holds(write_config, tmp_path):
    """A password command may ask the owner (a keyring prompt, a hardware
    key): the busy sources and the hold calendar share what it printed."""
    runs = tmp_path / "runs"
    settings = load_settings(write_config(MINIMAL_CONFIG + f"""
[calendar]
caldav_url = "http://127.0.0.1:9/dav/"
caldav_username = "alex"
caldav_password_command = "sh -c 'echo run >> {runs}; echo secret'"
hold_calendar = "Holds"
"""))
    busy, holds = engine_calendars(settings)
    assert busy is not None and holds is not None
    assert runs.read_text().splitlines() == ["run"]


def test_an_unreadable_password_breaks_both_and_says_why(write_config):
    settings = load_settings(write_config(MINIMAL_CONFIG + """
[calendar]
caldav_url = "http://127.0.0.1:9/dav/"
caldav_username = "alex"
caldav_password_command = "false"
hold_calendar = "Holds"
"""))
    busy, holds = engine_calendars(settings)
    assert holds is None
    assert busy is not None
    (source,) = busy.sources
    assert isinstance(source, BrokenSource)
    assert source.problem == "the [calendar] caldav_password_command failed with exit status 1"

"""The busy-source contract against each real source: a local .ics file, an .ics
URL on a local HTTP server, and a CalDAV calendar on Radicale."""

from __future__ import annotations

import uuid

import pytest
from caldav.davclient import DAVClient

from inviteassist.calendars.wiring import busy_calendar
from inviteassist.config.settings import load_settings
from tests.conftest import MINIMAL_CONFIG
from tests.contracts.busy_sources import BusySourceContract, vcalendar
from tests.servers.radicale import PASSWORD, USER


def settings_with(write_config, calendar_toml: str):
    path = write_config(MINIMAL_CONFIG + '\n[state]\npath = "state.db"\n\n[calendar]\n'
                        + calendar_toml)
    return load_settings(path)


class TestIcsFile(BusySourceContract):
    @pytest.fixture
    def publish(self, write_config, tmp_path):
        def publish(objects):
            path = tmp_path / "busy.ics"
            path.write_bytes(vcalendar(*[e for events in objects for e in events]))
            return busy_calendar(settings_with(write_config, f'ics_files = ["{path}"]\n'))
        return publish


class TestIcsUrl(BusySourceContract):
    @pytest.fixture
    def publish(self, write_config, calendar_server):
        def publish(objects):
            calendar_server.files["/busy.ics"] = vcalendar(
                *[e for events in objects for e in events])
            return busy_calendar(settings_with(
                write_config, f'ics_urls = ["{calendar_server.url("/busy.ics")}"]\n'
                "cache_minutes = 0\n"))
        return publish


class TestCalDav(BusySourceContract):
    @pytest.fixture
    def publish(self, write_config, radicale, monkeypatch):
        monkeypatch.setenv("TEST_CALDAV_PASSWORD", PASSWORD)

        def publish(objects):
            name = f"contract-{uuid.uuid4().hex[:8]}"
            calendar = DAVClient(radicale.url, username=USER, password=PASSWORD
                                 ).principal().make_calendar(name=name)
            for events in objects:
                calendar.save_event(vcalendar(*events).decode())
            return busy_calendar(settings_with(
                write_config, f'caldav_url = "{radicale.url}"\ncaldav_username = "{USER}"\n'
                'caldav_password_env = "TEST_CALDAV_PASSWORD"\n'
                f'caldav_calendars = ["{name}"]\n'))
        return publish

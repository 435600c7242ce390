"""The summary job: scheduled by cron in the owner's zone, delivered, remembered."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from apscheduler.schedulers.background import BackgroundScheduler

from inviteassist.app.summary_job import (
    SUMMARY_JOB,
    run_summary_job,
    schedule_summary,
    send_summary,
)
from inviteassist.cli.main import main
from inviteassist.compose.templates import build_environment
from inviteassist.config.settings import load_settings
from inviteassist.models import Event, Request, Requester, State
from inviteassist.store.db import Store
from tests.conftest import MINIMAL_CONFIG

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 30, 8, 0, tzinfo=BERLIN)


@pytest.fixture
def config(write_config, tmp_path):
    for sub in ("cur", "new", "tmp"):
        (tmp_path / "mail" / sub).mkdir(parents=True)
    return write_config(MINIMAL_CONFIG + '\n[state]\npath = "state.sqlite3"\n')


@pytest.fixture
def settings(config):
    return load_settings(config)


@pytest.fixture
def store(settings):
    store = Store.open(settings.file.parent / "state.sqlite3")
    with store.transaction():
        rid = store.add_request(Request(
            id=0, network="linkedin", key="k1", requester=Requester("Sam Example", None),
            invitation_id="1", note=None, genuine=True, notification_message_id=None,
            notification_subject="invite", created_at=NOW.replace(day=28)), key="k1",
            name_key=None)
        store.add_event(Event(rid, NOW.replace(day=28), State.DRAFTED, "reply draft"))
    yield store
    store.close()


def test_the_job_fires_on_the_configured_cron_in_the_owners_zone(settings):
    scheduler = BackgroundScheduler(timezone=BERLIN)
    schedule_summary(scheduler, settings, lambda: None)
    job = scheduler.get_job(SUMMARY_JOB)
    after = datetime(2026, 11, 30, 8, 0, 1, tzinfo=BERLIN)
    assert job.trigger.get_next_fire_time(None, after) == datetime(2026, 12, 7, 8, 0,
                                                                   tzinfo=BERLIN)
    schedule_summary(scheduler, replace(settings, summary=replace(settings.summary,
                                                                  schedule="")), lambda: None)
    assert scheduler.get_job(SUMMARY_JOB) is None


def test_without_smtp_a_maildir_owner_finds_the_summary_in_new(settings, store, tmp_path):
    outcome = send_summary(settings, store, build_environment(None), NOW, token="abc")
    assert outcome.delivery.method == "maildir"
    (path,) = (tmp_path / "mail" / "new").iterdir()
    assert b"Sam Example" in path.read_bytes()
    last = store.last_summary()
    assert (last.message_id, last.sent_at) == (outcome.message_id, NOW)


def test_an_empty_summary_is_skipped_when_the_owner_asked(settings, store, tmp_path):
    send_summary(settings, store, build_environment(None), NOW, token="one")
    quiet = replace(settings, summary=replace(settings.summary, skip_empty=True))
    later = datetime(2026, 12, 7, 8, tzinfo=BERLIN)
    outcome = send_summary(quiet, store, build_environment(None), later, token="two")
    assert not outcome.sent and outcome.summary.nothing_new
    assert len(list((tmp_path / "mail" / "new").iterdir())) == 1
    assert store.last_summary().sent_at == NOW


def test_a_failed_delivery_is_kept_as_an_outage_for_the_next_summary(settings, store):
    broken = replace(settings, smtp=replace(settings.smtp, host="127.0.0.1", port=1,
                                            security="plain", timeout_seconds=2))
    run_summary_job(broken, store, build_environment(None), NOW)
    assert store.last_summary() is None
    (outage,) = store.outages(NOW)
    assert outage.kind == "summary delivery" and "127.0.0.1:1" in outage.detail
    run_summary_job(settings, store, build_environment(None), NOW.replace(hour=9))
    assert store.outages(NOW)[0].ended_at is not None


def test_summary_print_changes_nothing_and_json_has_the_sections(config, store, capsys):
    assert main(["summary", "--config", str(config), "--now", "2026-11-30T08:00",
                 "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [d["person"]["name"] for d in data["drafts"]] == ["Sam Example"]
    assert data["numbers"]["all_time"]["requests"] == 1
    assert store.last_summary() is None


def test_summary_without_a_state_file_is_an_operational_error(write_config, capsys):
    config = write_config(MINIMAL_CONFIG + '\n[state]\npath = "nowhere.sqlite3"\n')
    assert main(["summary", "--config", str(config)]) == 1
    assert "no state file" in capsys.readouterr().err


def test_print_and_send_together_is_a_usage_error(config):
    with pytest.raises(SystemExit) as exited:
        main(["summary", "--print", "--send", "--config", str(config)])
    assert exited.value.code == 2

"""[smtp] and [summary]: the schedule, and where the SMTP password comes from."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from inviteassist.config.delivery import cron_for_apscheduler, cron_trigger
from inviteassist.config.settings import load_settings
from inviteassist.errors import OperationalError, UserError
from inviteassist.mail.deliver import smtp_credentials, smtp_port
from tests.conftest import MINIMAL_CONFIG

BERLIN = ZoneInfo("Europe/Berlin")


def test_the_default_schedule_is_monday_eight_in_the_owners_zone(write_config):
    settings = load_settings(write_config(MINIMAL_CONFIG))
    assert settings.summary.schedule == "0 8 * * mon"
    trigger = cron_trigger(settings.summary.schedule, settings.owner.timezone)
    after = datetime(2026, 11, 25, 12, tzinfo=BERLIN)  # a Wednesday
    assert trigger.get_next_fire_time(None, after) == datetime(2026, 11, 30, 8, tzinfo=BERLIN)


@pytest.mark.parametrize(("cron", "expected"), [
    ("0 8 * * 1", "0 8 * * mon"), ("0 8 * * 0", "0 8 * * sun"), ("0 8 * * 7", "0 8 * * sun"),
    ("0 8 * * 1-5", "0 8 * * mon-fri"), ("0 8 * * */2", "0 8 * * */2"),
    ("0 8 * * mon", "0 8 * * mon")])
def test_numeric_weekdays_mean_what_they_mean_in_cron(cron, expected):
    assert cron_for_apscheduler(cron) == expected


@pytest.mark.parametrize(("value", "words"), [
    ('"0 8 * *"', "five-field"), ('"0 25 * * mon"', "not a valid cron"),
    ("8", "must be a string")])
def test_a_bad_schedule_names_the_option_and_the_fix(write_config, value, words):
    path = write_config(MINIMAL_CONFIG + f"\n[summary]\nschedule = {value}\n")
    with pytest.raises(UserError, match=r"\[summary\] schedule") as caught:
        load_settings(path)
    assert words in str(caught.value) and "0 8 * * mon" in str(caught.value)


def test_an_empty_schedule_means_no_scheduled_summary(write_config):
    path = write_config(MINIMAL_CONFIG + '\n[summary]\nschedule = ""\n')
    assert load_settings(path).summary.schedule == ""


def test_smtp_uses_the_imap_password_sources_when_it_has_none(write_config, monkeypatch):
    monkeypatch.setenv("MAIL_PW", "imap-secret")
    path = write_config(MINIMAL_CONFIG + '\n[imap]\nusername = "alex"\npassword_env = '
                        '"MAIL_PW"\n[smtp]\nhost = "smtp.example.com"\n')
    username, secret = smtp_credentials(load_settings(path))
    assert (username, secret.reveal(), secret.source) == (
        "alex", "imap-secret", "environment variable MAIL_PW")


def test_smtp_prefers_its_own_password_source(write_config, monkeypatch):
    monkeypatch.setenv("MAIL_PW", "imap-secret")
    path = write_config(MINIMAL_CONFIG + '\n[imap]\nusername = "alex"\npassword_env = '
                        '"MAIL_PW"\n[smtp]\nhost = "smtp.example.com"\nusername = "a@x.org"\n'
                        'password_command = "echo smtp-secret"\n')
    username, secret = smtp_credentials(load_settings(path))
    assert (username, secret.reveal()) == ("a@x.org", "smtp-secret")
    assert "smtp-secret" not in repr(secret)


def test_a_missing_smtp_password_variable_names_the_smtp_section(write_config, monkeypatch):
    monkeypatch.delenv("NOPE", raising=False)
    path = write_config(MINIMAL_CONFIG + '\n[smtp]\nhost = "h"\nusername = "u"\n'
                        'password_env = "NOPE"\n')
    with pytest.raises(OperationalError, match=r"NOPE \(named by \[smtp\] password_env\)"):
        smtp_credentials(load_settings(path))


def test_a_smtp_password_in_a_readable_config_is_refused(write_config):
    path = write_config(MINIMAL_CONFIG + '\n[smtp]\npassword = "hunter2"\n')
    path.chmod(0o644)
    with pytest.raises(UserError, match=r"\[smtp\] password.*readable by other users"):
        load_settings(path)


@pytest.mark.parametrize(("security", "port"), [("tls", 465), ("starttls", 587),
                                                 ("plain", 25)])
def test_smtp_ports_follow_the_security(write_config, security, port):
    path = write_config(MINIMAL_CONFIG + f'\n[smtp]\nsecurity = "{security}"\n')
    assert smtp_port(load_settings(path).smtp) == port

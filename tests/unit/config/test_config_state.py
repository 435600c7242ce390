"""[state] keep_seen_days: off by default, and never shorter than a rescan's look back."""

from __future__ import annotations

import pytest

from inviteassist.config.settings import load_settings
from tests.conftest import MINIMAL_CONFIG
from tests.unit.config.one_line import assert_config_error

IMAP = MINIMAL_CONFIG.replace('type = "maildir"', 'type = "imap"') + \
    '\n[imap]\nhost = "imap.example.com"\nusername = "alex"\npassword_env = "PW"\n'


def test_seen_messages_are_kept_unless_the_owner_asks(write_config):
    assert load_settings(write_config(IMAP)).state.keep_seen_days == 0


def test_keep_seen_days_covers_the_rescan_window(write_config):
    path = write_config(IMAP.replace('type = "imap"', 'type = "imap"\nfirst_scan_days = 60')
                        + "\n[state]\nkeep_seen_days = 61\n")
    assert load_settings(path).state.keep_seen_days == 61


@pytest.mark.parametrize(("config", "words"), [
    (IMAP + "\n[state]\nkeep_seen_days = 30\n",
     ["line 22: [state] keep_seen_days", "is 30, shorter than the 31 days a rescan",
      "set keep_seen_days = 31 or more"]),
    (MINIMAL_CONFIG + "\n[state]\nkeep_seen_days = 400\n",
     ["[state] keep_seen_days", "cannot be used with a Maildir", "remove keep_seen_days"]),
    (IMAP + "\n[state]\nkeep_seen_days = -1\n", ["[state] keep_seen_days", "at least 0"]),
], ids=["shorter than the rescan", "maildir", "negative"])
def test_a_keep_seen_days_that_would_break_dedup_is_one_line_with_a_fix(write_config, config,
                                                                        words):
    assert_config_error(write_config(config), words)

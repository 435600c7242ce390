"""`report ID` shows every time with weekday, date, time and zone."""

from __future__ import annotations

from inviteassist.cli.commands.report import readable_times


def test_iso_moments_in_a_cause_become_readable():
    cause = ("an email reply picked option B: 2026-12-03T14:00:00+01:00; "
             "counter-proposal: 2026-12-04T09:30:00Z (free in your calendar)")
    assert readable_times(cause, "Europe/Berlin") == (
        "an email reply picked option B: Thu 3 Dec 2026, 14:00 CET; "
        "counter-proposal: Fri 4 Dec 2026, 10:30 CET (free in your calendar)")


def test_text_without_times_is_left_alone():
    assert readable_times("out of office, back on 2026-12-07", "UTC") == \
        "out of office, back on 2026-12-07"

"""The summary's numbers: counts from each request's history, rates of the sent."""

from __future__ import annotations

import pytest

from inviteassist.models import State
from inviteassist.summary.numbers import build_numbers, duration_text, percent, rates_of
from tests.summary_state import NOW, SINCE, at, fixed_input, record


def test_all_time_counts_follow_each_history_not_only_the_latest_state():
    numbers = build_numbers(fixed_input().requests, SINCE, NOW, str)
    a = numbers.all_time
    # sent: 3, 4, 5, 6, 7, 8; replied: 3, 4, 5, 7, 8 (8 stalled later);
    # agreed: 4, 5 (scheduled), 7 (connected); silent now: 6
    assert (a.requests, a.sent, a.replied, a.scheduled, a.silent) == (8, 6, 5, 3, 1)
    assert (a.reply_percent, a.scheduled_percent, a.silence_percent) == ("83%", "50%", "17%")


def test_the_period_counts_the_requests_that_arrived_in_it():
    period = build_numbers(fixed_input().requests, SINCE, NOW, str).period
    assert (period.requests, period.sent, period.reply_percent) == (2, 0, "–")


def test_median_time_to_reply_runs_from_sent_to_the_first_answer():
    fast = record(1, "Fast", [(State.SENT, at(2, 9), "s"), (State.REPLIED, at(2, 11), "r")])
    slow = record(2, "Slow", [(State.SENT, at(2, 9), "s"), (State.REPLIED, at(6, 9), "r")])
    middle = record(3, "Mid", [(State.SENT, at(2, 9), "s"), (State.REPLIED, at(3, 9), "r")])
    never = record(4, "Never", [(State.SENT, at(2, 9), "s"), (State.SILENT, at(9, 9), "d")])
    rates = rates_of([fast, slow, middle, never])
    assert rates.median_reply_hours == 24
    assert rates.median_reply == "24 h"
    assert (rates.reply_percent, rates.silence_percent) == ("75%", "25%")


def test_breakdowns_by_network_and_category_put_the_biggest_first():
    numbers = build_numbers(fixed_input().requests, SINCE, NOW, str.upper)
    assert [(g.label, g.all_time.requests) for g in numbers.by_network] == [
        ("LINKEDIN", 7), ("XING", 1)]
    assert [(g.label, g.all_time.requests, g.period.requests)
            for g in numbers.by_category] == [("other", 4, 1), ("founder", 2, 0),
                                               ("recruiter", 2, 1)]


def test_requests_after_now_are_not_counted():
    numbers = build_numbers(fixed_input().requests, SINCE, at(20, 0), str)
    assert numbers.all_time.requests == 5


@pytest.mark.parametrize(("hours", "text"), [
    (None, "–"), (0.001, "1 min"), (0.75, "45 min"), (5.4, "5 h"), (47, "47 h"),
    (48, "2 days"), (60, "2.5 days")])
def test_durations_read_naturally(hours, text):
    assert duration_text(hours) == text


@pytest.mark.parametrize(("share", "text"), [(None, "–"), (0, "0%"), (2 / 3, "67%"), (1, "100%")])
def test_percentages_round_and_show_a_dash_for_nothing(share, text):
    assert percent(share) == text

"""Where a large first scan cuts its window into parts, and what it asks in each."""

from __future__ import annotations

import itertools
from datetime import date

from inviteassist.mail.imap_search import (
    MAX_PARTS,
    SPLIT_FROM,
    Interest,
    part_count,
    search_criteria,
    spread,
    uid_parts,
    window_start,
)


def test_spread_picks_evenly_spaced_numbers_ends_included():
    assert spread(1, 100, 5) == [1, 25, 50, 75, 100]
    assert spread(7, 7, 16) == [7]
    assert spread(1, 3, 16) == [1, 2, 3]  # no repeats when the range is short


def test_the_window_starts_after_the_last_sample_older_than_it():
    since = date(2026, 11, 4)
    dated = [(1, date(2025, 1, 1)), (100, date(2026, 6, 1)), (200, date(2026, 11, 3)),
             (300, date(2026, 11, 20)), (400, date(2026, 12, 1))]
    assert window_start(dated, since) == 200
    assert window_start(dated[3:], since) == 300  # all inside: from the first sample
    assert window_start([], since) == 1
    # Mail imported out of order: the parts are uneven, the window still whole.
    assert window_start([(1, date(2026, 12, 1)), (50, date(2020, 1, 1))], since) == 1


def test_a_window_is_cut_in_parts_only_when_large():
    assert part_count(SPLIT_FROM - 1) == 1
    assert part_count(20_000) == 8
    assert part_count(10**7) == MAX_PARTS


def test_uid_parts_cover_one_to_the_highest_uid_once_oldest_first():
    parts = uid_parts(20_000, [12_001, 5_001, 17_001, 20_001, 1])
    assert parts == [(1, 5_000), (5_001, 12_000), (12_001, 17_000), (17_001, 20_000)]
    assert all(later[0] == earlier[1] + 1 for earlier, later in itertools.pairwise(parts))
    assert uid_parts(9, []) == [(1, 9)]


def test_a_part_is_a_uid_range_before_the_other_criteria():
    interest = Interest(("linkedin.com",))
    assert search_criteria(interest, after_uid=None, since=None, uids=(3, 9)) == [
        "UID", "3:9", "FROM", "linkedin.com"]

"""Which UID ranges a large first scan searches, and what it asks in each."""

from __future__ import annotations

import itertools

from inviteassist.mail import imap_search
from inviteassist.mail.imap_search import Interest, search_criteria


def test_uid_parts_cover_the_folder_once_oldest_first():
    assert imap_search.uid_parts(4_000, 4_000) == [None]  # small: one search
    parts = imap_search.uid_parts(20_000, 20_000)
    assert parts[0] == (1, 2_500) and parts[-1] == (17_501, 20_000) and len(parts) == 8
    huge = [part for part in imap_search.uid_parts(1_000_000, 900_000) if part is not None]
    assert len(huge) == imap_search.MAX_PARTS
    assert huge[0][0] == 1 and huge[-1][1] == 1_000_000
    assert all(low <= high for low, high in huge)
    assert all(later[0] == earlier[1] + 1 for earlier, later in itertools.pairwise(huge))
    sparse = imap_search.uid_parts(90_000, 6_000)  # many expunged: split by UID span
    assert len(sparse) == 3 and sparse[-1] == (60_001, 90_000)
    interest = Interest(("linkedin.com",))
    assert search_criteria(interest, after_uid=None, since=None, uids=(3, 9)) == [
        "UID", "3:9", "FROM", "linkedin.com"]

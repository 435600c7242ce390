"""The UIDs a server names in its answer to an APPEND or a MULTIAPPEND, and how
drafts are split into MULTIAPPEND commands."""

from __future__ import annotations

import pytest

from inviteassist.mail.imap_connect import appended_uid, appended_uids, byte_batches


def test_a_single_append_names_one_uid():
    assert appended_uid(b"[APPENDUID 1764000000 3955] Append completed.") == 3955


@pytest.mark.parametrize(("answer", "count", "uids"), [
    (b"[APPENDUID 7 5:9] Append completed.", 5, [5, 6, 7, 8, 9]),
    (b"[APPENDUID 7 5,7:8,12] Append completed.", 4, [5, 7, 8, 12]),
    (b"[APPENDUID 7 9:7] Append completed.", 3, [7, 8, 9]),  # RFC 4315: same as 7:9
])
def test_a_multiappend_names_its_uids_in_order(answer, count, uids):
    assert appended_uids(answer, count) == uids


@pytest.mark.parametrize(("answer", "count"), [
    (b"Append completed.", 2),            # no UIDPLUS
    (b"[APPENDUID 7 5:9] done", 3),       # more UIDs than messages
    (b"[APPENDUID 7 5:6] done", 3),       # fewer
    (b"[APPENDUID 7 1:4000000000] x", 2),  # a hostile range is not expanded in full
    (None, 1),
])
def test_an_answer_that_does_not_fit_gives_no_uids(answer, count):
    assert appended_uids(answer, count) == [None] * count


def test_drafts_are_batched_by_bytes_in_order():
    items = [b"a" * 4, b"b" * 4, b"c" * 9, b"d", b"e" * 3]
    assert list(byte_batches(items, 8)) == [[b"a" * 4, b"b" * 4], [b"c" * 9], [b"d", b"e" * 3]]
    assert list(byte_batches([], 8)) == []

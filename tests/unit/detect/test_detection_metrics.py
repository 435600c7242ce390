"""Per-kind precision and recall over the fixtures (see tests/detection_metrics.py)."""

from __future__ import annotations

import pytest

from inviteassist.models import Kind
from tests.detection_metrics import Score, corpus, degrade, fixtures, misses, score

CASES = fixtures()


def test_every_kind_is_found_exactly_in_the_fixtures() -> None:
    scores = score(CASES)
    assert {s.kind for s in scores} == {kind.value for kind in Kind}
    assert all(s.support >= 4 for s in scores), scores
    assert [(s.kind, s.precision, s.recall) for s in scores] == [
        (s.kind, 1.0, 1.0) for s in scores]


def test_kinds_do_not_lean_on_subject_or_display_name() -> None:
    assert misses(CASES, degrade) == []


def test_the_real_samples_are_detected_as_the_corpus_readme_says() -> None:
    real = corpus()
    if not real:
        pytest.skip("../shared/corpus is absent")
    assert len(real) == 31
    assert misses(real, lambda raw: raw) == []


def test_scores_count_false_positives_and_negatives() -> None:
    invitation = b"From: invitations@linkedin.com\nSubject: x\n\nDana Lee wants to connect.\n"
    other = b"From: a@b.example\nSubject: x\n\nHello.\n"
    cases = [("a", invitation, "other"), ("b", other, "invitation"), ("c", other, "other")]
    by_kind = {s.kind: s for s in score(cases)}
    assert by_kind["invitation"] == Score("invitation", 1, 0, 1, 1)
    assert by_kind["other"] == Score("other", 2, 1, 1, 1)
    assert by_kind["other"].precision == pytest.approx(0.5)
    assert by_kind["meeting-reply"].precision == by_kind["meeting-reply"].recall == 1.0


def test_degrading_empties_the_subject_and_the_display_name() -> None:
    raw = b"From: Dana Lee via LinkedIn <invitations@linkedin.com>\nSubject: Hi\n there\n\nBody\n"
    assert degrade(raw) == b"From: invitations@linkedin.com\nSubject: \n\nBody\n"

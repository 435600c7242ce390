"""The sweep remembers each open request's next deadline between cycles and
still sees every change, including one made by another process."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from inviteassist.app.followthrough import FollowThrough
from inviteassist.app.templating import template_environment
from inviteassist.config.settings import load_settings
from inviteassist.models import Event, Request, Requester, State
from inviteassist.store.db import Store
from tests.conftest import MINIMAL_CONFIG

SENT_AT = datetime(2026, 11, 23, 9, tzinfo=UTC)  # a Monday


@pytest.fixture
def paths(tmp_path, write_config):
    return write_config(MINIMAL_CONFIG), tmp_path / "state.sqlite3"


def add_sent_request(store: Store, number: int, at: datetime) -> int:
    request = Request(0, "xing", f"key-{number}", Requester(f"Sam {number}"), None, None,
                      True, f"<n{number}@x>", "s", at)
    with store.transaction():
        request_id = store.add_request(request, key=request.key, name_key=None)
        store.add_event(Event(request_id, at, State.SENT, "sent"))
    return request_id


def states(store: Store) -> dict[int, State]:
    return {r.id: r.state for r in store.requests()}


def test_a_deadline_is_acted_on_when_it_comes_without_new_events(paths, monkeypatch):
    config, state = paths
    settings = load_settings(config)
    store = Store.open(state)
    first = add_sent_request(store, 1, SENT_AT)
    second = add_sent_request(store, 2, SENT_AT + timedelta(days=1))
    sweeper = FollowThrough(settings, store, template_environment(settings))
    assert sweeper.sweep(SENT_AT + timedelta(hours=1)) == 0
    # From here on the sweep may not read every request, yet must know who is due.
    monkeypatch.setattr(store, "requests", lambda: pytest.fail("a later sweep read all"))
    nudge_day = SENT_AT + timedelta(days=3)  # 3 business days after a Monday
    assert sweeper.sweep(nudge_day - timedelta(seconds=1)) == 0
    assert sweeper.sweep(nudge_day) == 1
    assert [d.request_id for d in store.pending_drafts()] == [first]
    assert sweeper.sweep(nudge_day) == 0  # nothing is due twice
    assert sweeper.sweep(nudge_day + timedelta(days=1)) == 1
    assert [d.request_id for d in store.pending_drafts()] == [first, second]
    store.close()


def test_changes_from_another_process_are_seen_at_the_next_sweep(paths):
    config, state = paths
    settings = load_settings(config)
    store = Store.open(state)
    request_id = add_sent_request(store, 1, SENT_AT)
    sweeper = FollowThrough(settings, store, template_environment(settings))
    assert sweeper.sweep(SENT_AT) == 0
    other = Store.open(state)  # `inviteassist mark`, say, while the daemon runs
    with other.transaction():
        other.add_event(Event(request_id, SENT_AT + timedelta(hours=2), State.REPLIED,
                              "marked by the owner"))
    # sent the Wednesday before: its nudge is due, its reply deadline is not
    newcomer = add_sent_request(other, 2, SENT_AT - timedelta(days=5))
    other.close()
    assert sweeper.sweep(SENT_AT + timedelta(hours=3)) == 1  # before anything it knew of
    assert [d.request_id for d in store.pending_drafts()] == [newcomer]
    assert sweeper.sweep(SENT_AT + timedelta(days=2) - timedelta(seconds=1)) == 0
    assert sweeper.sweep(SENT_AT + timedelta(days=2)) == 1  # silent at its deadline
    assert states(store)[newcomer] is State.SILENT
    stalled_at = SENT_AT + timedelta(hours=2, days=settings.tracking.stalled_after_days)
    assert sweeper.sweep(stalled_at - timedelta(seconds=1)) == 0
    assert sweeper.sweep(stalled_at) == 1
    assert states(store)[request_id] is State.STALLED
    store.close()

"""Forgetting old seen messages: what goes, what must stay (a real state file)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from inviteassist.app.seen_memory import forget_old_seen
from inviteassist.config.settings import load_settings
from inviteassist.funnel.rules import OPEN
from inviteassist.models import Event, MessageRef, Request, Requester, State
from inviteassist.store.db import Store
from inviteassist.store.messages import SeenRecord
from tests.unit.config.test_config_state import IMAP

NOW = datetime(2026, 11, 30, 9, tzinfo=UTC)
LONG_AGO = NOW - timedelta(days=400)


@pytest.fixture
def store(tmp_path):
    s = Store.open(tmp_path / "state.sqlite3")
    yield s
    s.close()


def _request(store: Store, key: str, *states: State) -> int:
    request_id = store.add_request(Request(0, "linkedin", key, Requester("Sam", None), key,
                                           None, True, None, "s", LONG_AGO), key=key,
                                   name_key=None)
    for n, state in enumerate(states):
        store.add_event(Event(request_id, LONG_AGO + timedelta(hours=n), state, "test"))
    return request_id


def _seen(store: Store, uid: str, at: datetime, request_id: int | None,
          outcome: str = "reply") -> None:
    store.record_seen(SeenRecord(MessageRef("acct", "INBOX", 7, uid), f"<{uid}@x>", "other",
                                 outcome, "test", request_id), at)


def _fill(store: Store) -> None:
    with store.transaction():
        open_one = _request(store, "open", State.DRAFTED, State.SENT)
        closed = _request(store, "closed", State.DRAFTED, State.SENT, State.CONNECTED)
        _seen(store, "old-open", LONG_AGO, open_one)
        _seen(store, "old-draft-failed", LONG_AGO, None, "draft-failed")
        _seen(store, "recent-closed", NOW - timedelta(days=3), closed)
        for n in range(5):
            _seen(store, f"old-closed-{n}", LONG_AGO, closed)
            _seen(store, f"old-none-{n}", LONG_AGO, None, "ignored")


def test_old_messages_of_closed_requests_or_none_are_forgotten_the_rest_stays(store):
    _fill(store)
    forgotten = store.forget_seen_before(NOW - timedelta(days=31), OPEN, "draft-failed",
                                         batch=3)
    assert forgotten == 10
    kept = {record.ref.uid for record in store.seen_records()}
    assert kept == {"old-open", "old-draft-failed", "recent-closed"}
    assert store.seen_message_id("<recent-closed@x>"), "de-duplication holds in the window"
    assert not store.seen_message_id("<old-closed-0@x>")
    assert store.refs_with_outcome("draft-failed"), "a draft to retry is never forgotten"


def test_a_request_reopened_keeps_its_messages(store):
    _fill(store)
    closed = store.find_request("linkedin", invitation_id="closed", profile_url=None,
                                name_key=None)
    assert closed is not None
    with store.transaction():
        store.add_event(Event(closed, NOW, State.REPLIED, "an answer after all"))
    store.forget_seen_before(NOW - timedelta(days=31), OPEN, "draft-failed")
    assert {"old-closed-0", "old-open"} <= {r.ref.uid for r in store.seen_records()}


def test_the_daemon_job_forgets_only_what_keep_seen_days_allows(store, write_config):
    _fill(store)
    keep_all = load_settings(write_config(IMAP))
    assert forget_old_seen(keep_all, store, NOW) == 0
    assert len(store.seen_records()) == 13
    keep_year = load_settings(write_config(IMAP + "\n[state]\nkeep_seen_days = 401\n"))
    assert forget_old_seen(keep_year, store, NOW) == 0, "400 days old is inside 401"
    keep_month = load_settings(write_config(IMAP + "\n[state]\nkeep_seen_days = 31\n"))
    assert forget_old_seen(keep_month, store, NOW) == 10
    assert len(store.seen_records()) == 3

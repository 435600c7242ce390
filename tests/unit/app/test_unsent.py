"""Which drafts still wait in Drafts, as the state file tells it."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from inviteassist.app.unsent import waiting_drafts
from inviteassist.models import Event, MessageRef, Request, Requester, State
from inviteassist.store.db import Store
from inviteassist.store.messages import SeenRecord

NOW = datetime(2026, 11, 30, 9, tzinfo=ZoneInfo("Europe/Berlin"))


def _request(store: Store, key: str, *states: State) -> int:
    request_id = store.add_request(
        Request(0, "linkedin", key, Requester("Sam", "sam@example.com"), None, None, True,
                None, "s", NOW), key=key, name_key=None)
    for n, state in enumerate(states):
        store.add_event(Event(request_id, NOW + timedelta(minutes=n), state, "test"))
    return request_id


def test_a_confirmation_waits_until_its_copy_is_in_sent(tmp_path):
    store = Store.open(tmp_path / "state.sqlite3")
    with store.transaction():
        scheduled = _request(store, "a", State.DRAFTED, State.SENT, State.SCHEDULED)
        store.add_draft(scheduled, "confirm", "<c@x>", "Drafts", b"c", NOW)
        moved_on = _request(store, "b", State.DRAFTED, State.SENT, State.REPLIED)
        store.add_draft(moved_on, "nudge", "<n@x>", "Drafts", b"n", NOW)
    waiting = waiting_drafts(store, store.requests())
    assert {rid: [d.purpose for d in drafts] for rid, drafts in waiting.items()} == {
        scheduled: ["confirmation"]}, "a nudge after the answer no longer waits"
    with store.transaction():
        store.record_seen(SeenRecord(MessageRef("a", "Sent", 1, "9"), "<c@x>", "other",
                                     "sent-copy", "the owner's reply", scheduled), NOW)
    assert waiting_drafts(store, store.requests()) == {}
    store.close()

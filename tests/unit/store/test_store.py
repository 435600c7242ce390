from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from inviteassist.errors import OperationalError
from inviteassist.models import Event, MessageRef, Option, Request, Requester, State
from inviteassist.store.db import Store
from inviteassist.store.messages import SeenRecord
from inviteassist.store.schema import MIGRATIONS

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
REF = MessageRef("acct", "INBOX", 7, "42")


@pytest.fixture
def store(tmp_path):
    s = Store.open(tmp_path / "state" / "state.sqlite3")
    yield s
    s.close()


def a_request(network: str = "linkedin") -> Request:
    return Request(id=0, network=network, key="invitation:123",
                   requester=Requester("Sam Example", None, "Engineer", "https://x/in/sam"),
                   invitation_id="123", note=None, genuine=None,
                   notification_message_id="<n@x>", notification_subject="Sam, add me",
                   created_at=NOW)


def test_a_new_state_file_is_owner_only_and_at_the_latest_version(tmp_path, store):
    path = tmp_path / "state" / "state.sqlite3"
    assert path.stat().st_mode & 0o777 == 0o600
    assert store.schema_version() == len(MIGRATIONS)


def test_reopening_does_not_migrate_again(tmp_path, store):
    store.close()
    again = Store.open(tmp_path / "state" / "state.sqlite3")
    assert again.schema_version() == len(MIGRATIONS)
    again.close()


def test_a_newer_schema_is_refused(tmp_path, store):
    path = tmp_path / "state" / "state.sqlite3"
    store.close()
    with sqlite3.connect(path) as db:
        db.execute("UPDATE schema_version SET version = 99")
    with pytest.raises(OperationalError, match="newer than this program"):
        Store.open(path)


def test_a_failed_transaction_leaves_nothing_behind(store):
    with pytest.raises(RuntimeError), store.transaction():
        store.record_seen(SeenRecord(REF, "<m@x>", "other", "other", "x"), NOW)
        raise RuntimeError("killed half way")
    assert not store.is_seen(REF)
    assert not store.seen_message_id("<m@x>")


def test_seen_messages_are_found_by_ref_and_by_message_id(store):
    with store.transaction():
        store.record_seen(SeenRecord(REF, "<m@x>", "other", "other", "x"), NOW)
    assert store.is_seen(REF)
    assert not store.is_seen(MessageRef("acct", "INBOX", 8, "42"))
    assert store.seen_message_id("<m@x>")


def test_requests_are_found_by_any_identifying_fact(store):
    with store.transaction():
        rid = store.add_request(a_request(), key="invitation:123", name_key="sam example")
    assert store.find_request("linkedin", invitation_id="123", profile_url=None,
                              name_key=None) == rid
    assert store.find_request("linkedin", invitation_id="999", profile_url="https://x/in/sam",
                              name_key=None) == rid
    assert store.find_request("linkedin", invitation_id=None, profile_url=None,
                              name_key="sam example") == rid
    assert store.find_request("xing", invitation_id="123", profile_url=None,
                              name_key=None) is None


def test_state_is_the_latest_event(store):
    with store.transaction():
        rid = store.add_request(a_request(), key="invitation:123", name_key=None)
        store.add_event(Event(rid, NOW, State.DETECTED, "new"))
        store.add_event(Event(rid, NOW, State.DRAFTED, "appended"))
    (request,) = store.requests()
    assert request.state is State.DRAFTED
    assert [e.state for e in store.events(rid)] == [State.DETECTED, State.DRAFTED]


def test_holds_block_until_they_expire_or_end(store):
    start = NOW + timedelta(days=2)
    option = Option("A", start, start + timedelta(minutes=30), "uid-a@x")
    with store.transaction():
        rid = store.add_request(a_request(), key="k", name_key=None)
        store.add_holds(rid, (option,), "Europe/Berlin", expires_at=NOW + timedelta(days=1))
    assert [h.start for h in store.active_holds(NOW)] == [start]
    assert store.active_holds(NOW + timedelta(days=1, seconds=1)) == []
    (stored,) = store.options(rid)
    assert stored == option
    assert str(stored.start.tzinfo) == "Europe/Berlin"


def test_active_holds_kept_within_a_transaction_match_the_file(store):
    """What a transaction keeps of the active holds, updated by its own adds
    and dropped by its releases, is what the file says, in the file's order."""
    berlin = ZoneInfo("Europe/Berlin")

    def fresh() -> list:
        store.forget_active_holds()
        return store.active_holds(NOW)

    with store.transaction():
        rid = store.add_request(a_request(), key="k", name_key=None)
        other = store.add_request(a_request(), key="k2", name_key=None)
        assert store.active_holds(NOW) == []
        for day, minutes in ((5, 30), (2, 600), (3, 60), (2, 30)):  # out of order, ties
            start = (NOW + timedelta(days=day)).astimezone(berlin)
            option = Option("A", start, start + timedelta(minutes=minutes), f"uid-{day}-{minutes}")
            store.add_holds(other if day == 3 else rid, (option,), "Europe/Berlin",
                            expires_at=NOW + timedelta(days=10))
        assert store._active is not None  # kept, and updated by the adds
        kept = store.active_holds(NOW)
        assert kept == fresh() and len(kept) == 4
        expired = Option("B", NOW + timedelta(days=4), NOW + timedelta(days=4, hours=1), "old")
        store.add_holds(rid, (expired,), "UTC", expires_at=NOW)  # expired already
        assert store.active_holds(NOW) == fresh() and len(fresh()) == 4
        store.release_holds(other, NOW, "test")
        assert store.active_holds(NOW) == fresh() and len(fresh()) == 3
    assert store._active is not None  # kept past the commit, checked again when used


def _hold(store: Store, key: str, day: int) -> None:
    start = NOW + timedelta(days=day)
    rid = store.add_request(a_request(), key=key, name_key=None)
    store.add_holds(rid, (Option("A", start, start + timedelta(minutes=30), f"uid-{key}"),),
                    "UTC", expires_at=NOW + timedelta(days=10))


def test_active_holds_kept_past_a_commit_notice_another_process_writing(tmp_path, store):
    """The holds kept from one transaction serve the next one only while no
    other connection has committed; a rollback drops them."""
    with store.transaction():
        _hold(store, "mine", 2)
        assert len(store.active_holds(NOW)) == 1
    with store.transaction():
        assert len(store.active_holds(NOW)) == 1  # from what was kept
        _hold(store, "mine too", 3)
    other = Store.open(tmp_path / "state" / "state.sqlite3")
    with other.transaction():
        _hold(other, "theirs", 4)
    other.close()
    with store.transaction():
        assert [h.start for h in store.active_holds(NOW)] == [
            NOW + timedelta(days=day) for day in (2, 3, 4)]
    with pytest.raises(RuntimeError), store.transaction():
        _hold(store, "rolled back", 5)
        assert len(store.active_holds(NOW)) == 4
        raise RuntimeError("undo")
    assert store._active is None
    with store.transaction():
        assert len(store.active_holds(NOW)) == 3


def test_the_outbox_keeps_drafts_until_marked_appended(store):
    with store.transaction():
        rid = store.add_request(a_request(), key="k", name_key=None)
        store.add_draft(rid, "reply", "<d@x>", "Drafts", b"bytes", NOW)
    (pending,) = store.pending_drafts()
    assert (pending.message_id, pending.content) == ("<d@x>", b"bytes")
    with store.transaction():
        store.mark_draft_appended(pending.id, "/somewhere", NOW)
    assert store.pending_drafts() == []
    assert store.drafts(rid)[0].location == "/somewhere"


def test_the_waiting_list_keeps_order_zone_and_who_left(tmp_path):
    store = Store.open(tmp_path / "w.db")
    at = datetime.fromisoformat("2026-12-01T10:00+01:00")
    ids = []
    with store.transaction():
        for n in range(3):
            ids.append(store.add_request(Request(
                id=0, network="linkedin", key=f"k{n}", requester=Requester(f"P {n}"),
                invitation_id=None, note=None, genuine=True, notification_message_id=None,
                notification_subject="s", created_at=at), key=f"k{n}", name_key=f"p {n}"))
        store.add_waiting(ids[2], at, "America/Chicago", "Chicago")
        store.add_waiting(ids[0], at - timedelta(hours=1), None, None)
        store.add_waiting(ids[1], at + timedelta(hours=1), "Asia/Singapore", "Singapore")
        store.add_waiting(ids[1], at + timedelta(hours=5), None, None)  # already waiting
    waiting = store.waiting()
    assert [w.request_id for w in waiting] == [ids[0], ids[2], ids[1]]
    assert (waiting[1].requester_zone, waiting[1].requester_place) == ("America/Chicago",
                                                                       "Chicago")
    with store.transaction():
        store.leave_waiting(ids[0], at, "proposal drafted")
    assert [w.request_id for w in store.waiting()] == [ids[2], ids[1]]


def test_requester_addresses_are_the_known_ones_lowercased_once(store):
    for n, email in enumerate(("Sam@Example.com", "sam@example.com", "", None, "kim@x.org")):
        requester = Requester(f"P{n}", email, None, None)
        store.add_request(Request(0, "linkedin", f"k{n}", requester, None, None, True, None,
                                  "subject", datetime(2026, 12, 1, tzinfo=UTC)),
                          key=f"k{n}", name_key=None)
    assert sorted(store.requester_addresses()) == ["kim@x.org", "sam@example.com"]
    assert store.request_for_address("SAM@example.COM") == 2
    assert store.request_for_address("nobody@x.org") is None


def test_all_events_are_each_requests_events_in_order(store):
    first = store.add_request(a_request(), key="a", name_key=None)
    second = store.add_request(a_request(), key="b", name_key=None)
    for n, request_id in enumerate((first, second, first)):
        store.add_event(Event(request_id, NOW + timedelta(minutes=n), State.DRAFTED, f"step {n}"))
    assert store.all_events() == {first: store.events(first), second: store.events(second)}
    assert [e.cause for e in store.all_events()[first]] == ["step 0", "step 2"]


def test_histories_are_all_events_with_the_rows_as_stored(store):
    first = store.add_request(a_request(), key="a", name_key=None)
    second = store.add_request(a_request(), key="b", name_key=None)
    berlin = ZoneInfo("Europe/Berlin")
    moments = (NOW.astimezone(berlin), NOW + timedelta(microseconds=1500), NOW)
    for n, (request_id, at) in enumerate(zip((first, second, first), moments, strict=True)):
        store.add_event(Event(request_id, at, (State.DRAFTED, State.SENT)[n % 2], f"step {n}"))
    histories, events = store.histories(), store.all_events()
    assert {request_id: list(history) for request_id, history in histories.items()} == events
    history = histories[first]
    assert (history[-1], history[1:], list(reversed(history))) == (
        events[first][-1], events[first][1:], events[first][::-1])
    with pytest.raises(IndexError):
        history[2]
    # a listing shows the rows as they are: each is the text its Event would give
    assert {request_id: [row[1:4] for row in history.rows]
            for request_id, history in histories.items()} == {
        request_id: [(e.at.isoformat(), e.state.value, e.cause) for e in history]
        for request_id, history in events.items()}


def test_upgrading_to_11_gives_each_request_its_latest_state_and_keeps_it(tmp_path):
    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as db:  # a state file of version 10, with history
        db.executescript("CREATE TABLE schema_version (version INTEGER NOT NULL);"
                         "INSERT INTO schema_version VALUES (10);" + ";".join(MIGRATIONS[:10]))
        for n in (1, 2):
            db.execute("INSERT INTO requests (id, network, request_key, notification_subject, "
                       "created_at) VALUES (?, 'linkedin', ?, 's', ?)", (n, f"k{n}",
                                                                         NOW.isoformat()))
        db.executemany("INSERT INTO events (request_id, at, state, cause) VALUES (?,?,?,'t')",
                       [(1, NOW.isoformat(), "drafted"), (1, NOW.isoformat(), "sent"),
                        (1, NOW.isoformat(), "sent")])
    store = Store.open(path)
    assert {r.id: r.state for r in store.requests()} == {1: State.SENT, 2: State.DETECTED}
    with store.transaction():
        store.add_event(Event(2, NOW, State.DRAFTED, "drafted"))
        store.add_event(Event(1, NOW, State.REPLIED, "an answer"))
    assert store.state_counts() == {State.DRAFTED: 1, State.REPLIED: 1}
    assert [r.id for r in store.requests(states=(State.REPLIED,))] == [1]
    store.close()

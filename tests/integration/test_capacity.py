"""Capacity: a reply never offers "one of these times" with none; a full calendar
gives a "calendar full" reply and a waiting list served oldest first."""

from __future__ import annotations

import email
import sqlite3
from email import policy

from inviteassist.cli.main import main
from tests.capacity_scenario import scenario


def test_no_draft_offers_zero_times_and_the_waiting_get_proposals(tmp_path):
    cycles = scenario(tmp_path, invitations=30, weeks=2)
    first = cycles[0]
    assert first.with_times + first.calendar_full == 30
    assert first.calendar_full > 0 and first.waiting == first.calendar_full
    assert all(c.zero_time_offers == 0 for c in cycles)
    later = cycles[1:]
    assert all(c.proposals > 0 for c in later)  # released holds and new days go to them
    assert [c.waiting for c in cycles] == sorted((c.waiting for c in cycles), reverse=True)
    assert cycles[-1].waiting == first.waiting - sum(c.proposals for c in later)


def test_the_oldest_waiting_requests_are_served_first(tmp_path):
    scenario(tmp_path, invitations=30, weeks=1)
    with sqlite3.connect(tmp_path / "state.sqlite3") as db:
        served = [row[0] for row in db.execute(
            "SELECT request_id FROM drafts WHERE purpose = 'proposal'")]
        still = [row[0] for row in db.execute(
            "SELECT request_id FROM waiting WHERE left_at IS NULL")]
    assert served and still and max(served) < min(still)


def test_report_and_summary_show_the_waiting_requests(tmp_path, capsys):
    scenario(tmp_path, invitations=12, weeks=0)
    config = str(tmp_path / "inviteassist.toml")
    capsys.readouterr()
    assert main(["report", "--config", config, "--now", "2026-11-30T09:00"]) == 0
    out = capsys.readouterr().out
    assert "waits for a free time since" in out
    assert main(["summary", "--print", "--config", config, "--now", "2026-11-30T09:00"]) == 0
    out = capsys.readouterr().out
    assert "your calendar is full: 6 requests wait for a free time (#7 Harper" in out


def test_a_full_calendar_reply_says_so_and_tells_the_owner(tmp_path):
    scenario(tmp_path, invitations=8, weeks=0)
    bodies = [email.message_from_bytes(p.read_bytes(), policy=policy.default)
              for p in (tmp_path / "mail" / ".Drafts" / "cur").iterdir()]
    full = [m for m in bodies if "calendar is full" in m.get_body(("plain",)).get_content()]
    assert len(full) == 2
    for message in full:
        body = message.get_body(("plain",)).get_content()
        assert "one of these times" not in body and not list(message.iter_attachments())
        assert "no free time in the next 28 days" in body  # the owner's note
        assert "I will write to you again" in body


def test_a_waiting_request_is_never_nudged_nor_silent(tmp_path, capsys):
    scenario(tmp_path, invitations=30, weeks=0)
    config = str(tmp_path / "inviteassist.toml")
    assert main(["mark", "30", "sent", "--config", config]) == 0
    for day in ("2026-12-08T09:00", "2026-12-14T09:00"):  # past the nudge and the deadline
        assert main(["-q", "poll", "--once", "--config", config, "--now", day]) == 0
    with sqlite3.connect(tmp_path / "state.sqlite3") as db:
        nudges = db.execute("SELECT count(*) FROM drafts WHERE request_id = 30 AND "
                            "purpose = 'nudge'").fetchone()[0]
        states = [row[0] for row in db.execute(
            "SELECT state FROM events WHERE request_id = 30 ORDER BY id")]
        waiting = db.execute("SELECT left_at FROM waiting WHERE request_id = 30").fetchone()
    assert waiting == (None,) and nudges == 0
    assert "silent" not in states

"""The nudge: old times only while they are ahead, else fresh ones held anew,
and addressed where the owner's sent reply went."""

from __future__ import annotations

import email
import json
import shutil
import sqlite3
from contextlib import closing
from email import policy
from email.message import EmailMessage
from pathlib import Path

from inviteassist.cli.commands.demo import prepare_workdir
from inviteassist.cli.main import main
from tests.conftest import FIXTURES
from tests.integration.demo_helpers import request_id

ZONES = FIXTURES / "zones"


def _drafts(workdir: Path, kind: str) -> list[EmailMessage]:
    found = []
    for path in sorted((workdir / "demo-mailbox" / ".Drafts" / "cur").iterdir()):
        message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        assert isinstance(message, EmailMessage)
        if message["X-InviteAssist"] == kind:
            found.append(message)
    return found


def _poll(config: str, now: str) -> None:
    assert main(["poll", "--once", "--config", config, "--now", now]) == 0


def test_a_nudge_after_every_offered_time_passed_offers_fresh_held_times(tmp_path, capsys):
    config = str(prepare_workdir(tmp_path))
    _poll(config, "2026-11-25T09:00")
    kwame = str(request_id(tmp_path, "Kwame Mensah"))
    assert main(["mark", kwame, "sent", "--config", config, "--now", "2026-11-25T10:00"]) == 0
    _poll(config, "2026-12-01T09:00")  # A, B and C (26, 27 and 30 Nov) have passed
    (nudge,) = _drafts(tmp_path, "nudge")
    text = nudge.get_body(("plain",)).get_content()
    assert "The times I suggested have passed; these are free now:" in text
    for label in "DEF":
        assert f"  {label}) " in text
    assert "December 2026" in text and "November" not in text
    files = [part.get_filename() for part in nudge.iter_attachments()]
    assert [name.split("-")[1] for name in files] == ["D", "E", "F"]
    assert main(["report", kwame, "--config", config, "--now", "2026-12-01T09:05"]) == 0
    shown = capsys.readouterr().out
    assert "option D" in shown and "option F" in shown
    assert main(["propose", "--json", "--config", config, "--now", "2026-12-01T09:05"]) == 0
    offered_now = json.loads(capsys.readouterr().out)["options"]
    held = [line.split(None, 2)[2] for line in shown.splitlines()
            if line.startswith(("option D", "option E", "option F"))]
    assert not {o["when"] for o in offered_now} & set(held), "fresh times are held"


def test_a_nudge_while_a_time_is_ahead_lists_only_the_times_still_ahead(tmp_path):
    config = str(prepare_workdir(tmp_path))
    _poll(config, "2026-11-25T09:00")
    kwame = str(request_id(tmp_path, "Kwame Mensah"))
    assert main(["mark", kwame, "sent", "--config", config, "--now", "2026-11-25T10:00"]) == 0
    _poll(config, "2026-11-30T10:30")  # A and B have passed, C is today at 15:00
    (nudge,) = _drafts(tmp_path, "nudge")
    text = nudge.get_body(("plain",)).get_content()
    assert "These times are still free:" in text
    assert "  C) Monday 30 November 2026" in text
    assert "  A) " not in text and "  B) " not in text
    assert list(nudge.iter_attachments()) == []


def test_the_nudge_goes_where_the_sent_reply_went(tmp_path):
    config = str(prepare_workdir(tmp_path))
    _poll(config, "2026-11-25T09:00")
    reply = next(m for m in _drafts(tmp_path, "reply") if "Oliver" in str(m.get_body(
        ("plain",)).get_content()))
    assert not reply["To"], "Oliver's notification carries no address"
    reply["To"] = "Oliver Brandt <oliver@brandt.example>"  # the owner found it and sent
    sent = tmp_path / "demo-mailbox" / ".Sent"
    for sub in ("cur", "new", "tmp"):
        (sent / sub).mkdir(parents=True)
    (sent / "cur" / "1795000000.M1P1.sent:2,S").write_bytes(reply.as_bytes())
    _poll(config, "2026-11-25T12:00")
    _poll(config, "2026-12-01T09:00")
    (nudge,) = _drafts(tmp_path, "nudge")
    assert nudge["To"].addresses[0].addr_spec == "oliver@brandt.example"


def test_follow_ups_keep_to_the_zone_the_reply_assumed(tmp_path):
    """The requester's zone is stored with the request: the nudge shows their
    time first, as the reply did, and the state file knows the zone."""
    config = str(prepare_workdir(tmp_path))
    shutil.copy(ZONES / "linkedin_vancouver_en.eml",
                tmp_path / "demo-mailbox" / "cur" / "1800000000.M1P1.vancouver:2,S")
    _poll(config, "2026-11-25T09:00")
    maya = request_id(tmp_path, "Maya Thompson")
    with closing(sqlite3.connect(tmp_path / "state.sqlite3")) as db:
        assert db.execute("SELECT requester_zone, requester_place FROM requests WHERE id=?",
                          (maya,)).fetchone() == ("America/Vancouver", "Vancouver")
    assert main(["mark", str(maya), "sent", "--config", config,
                 "--now", "2026-11-25T10:00"]) == 0
    _poll(config, "2026-12-01T09:00")
    texts = [m.get_body(("plain",)).get_content() for m in _drafts(tmp_path, "nudge")]
    (text,) = [t for t in texts if "Maya" in t]
    assert "in Vancouver (PST) — 17:00 CET for me" in text

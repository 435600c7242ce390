"""Every draft of ours still in Drafts (reply, nudge, confirmation) is counted
and shown the same way by `status`, `report` and `report ID`, until a copy of
it turns up in Sent."""

from __future__ import annotations

import email
import json
from email import policy
from pathlib import Path

from inviteassist.cli.commands.demo import prepare_workdir
from inviteassist.cli.main import main
from tests.integration.demo_helpers import request_id


def _nudge(workdir: Path) -> bytes:
    for path in (workdir / "demo-mailbox" / ".Drafts" / "cur").iterdir():
        message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        if message["X-InviteAssist"] == "nudge":
            return path.read_bytes()
    raise AssertionError("no nudge in Drafts")


def _send_copy(workdir: Path, content: bytes) -> None:
    """What a mail program does on Send: the message, Message-ID kept, in Sent."""
    sent = workdir / "demo-mailbox" / ".Sent"
    for sub in ("cur", "new", "tmp"):
        (sent / sub).mkdir(parents=True, exist_ok=True)
    (sent / "cur" / "1795000000.M1P1.sent:2,S").write_bytes(content)


def test_status_and_report_count_the_nudge_until_it_is_sent(tmp_path, capsys):
    config = str(prepare_workdir(tmp_path))
    assert main(["poll", "--once", "--config", config, "--now", "2026-11-25T09:00"]) == 0
    kwame = request_id(tmp_path, "Kwame Mensah")
    oliver = request_id(tmp_path, "Oliver Brandt")
    assert main(["mark", str(kwame), "sent", "--config", config, "--now",
                 "2026-11-25T10:00"]) == 0
    assert main(["poll", "--once", "--config", config, "--now", "2026-12-01T09:00"]) == 0
    capsys.readouterr()

    assert main(["status", "--config", config]) == 0
    assert "drafts pending  4 (1 nudge, 3 replies), not sent yet" in capsys.readouterr().out
    assert main(["status", "--json", "--config", config]) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["drafts_pending"] == 4
    assert status["drafts_by_kind"] == {"nudge": 1, "reply": 3}

    assert main(["report", "--json", "--config", config, "--now", "2026-12-01T10:00"]) == 0
    rows = {r["id"]: r for r in json.loads(capsys.readouterr().out)["requests"]}
    assert rows[kwame]["next_step"] == "send the nudge in your Drafts folder (or delete it)"
    assert [d["purpose"] for d in rows[kwame]["drafts_waiting"]] == ["nudge"]
    assert rows[oliver]["next_step"].startswith("paste into LinkedIn's message box")
    assert sum(len(r["drafts_waiting"]) for r in rows.values()) == 4

    assert main(["report", str(kwame), "--config", config, "--now", "2026-12-01T10:00"]) == 0
    assert "in Drafts     nudge, drafted Tue 1 Dec 2026, 09:00 CET, not sent yet" in \
        capsys.readouterr().out

    _send_copy(tmp_path, _nudge(tmp_path))
    assert main(["poll", "--once", "--config", config, "--now", "2026-12-01T11:00"]) == 0
    capsys.readouterr()
    assert main(["status", "--json", "--config", config]) == 0
    assert json.loads(capsys.readouterr().out)["drafts_by_kind"] == {"reply": 3}
    assert main(["report", "--json", "--config", config, "--now", "2026-12-01T12:00"]) == 0
    rows = {r["id"]: r for r in json.loads(capsys.readouterr().out)["requests"]}
    assert rows[kwame]["next_step"].startswith("waiting for a reply until")

"""Three weeks with the machine off: the first poll afterwards replays what
should have happened, each event at its due time, through the real command
line on a real Maildir."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from inviteassist.cli.main import main
from inviteassist.funnel.rules import NUDGE_MISSED
from tests.conftest import MINIMAL_CONFIG
from tests.mailgen import linkedin_invitation

BERLIN = ZoneInfo("Europe/Berlin")
T0 = "2026-11-23T09:00"          # a Monday: the invitation is drafted
SENT = "2026-11-23T10:00"        # the owner sends the draft
BACK = "2026-12-14T09:00"        # three weeks later the machine is on again
DEADLINE = datetime(2026, 11, 30, 10, tzinfo=BERLIN)  # 5 business days after sending


def run(config: Path, *args: str, now: str) -> None:
    assert main(["-q", *args, "--config", str(config), "--now", now]) == 0


def report(config: Path, now: str, capsys) -> dict:
    capsys.readouterr()
    run(config, "report", "--json", now=now)
    [request] = json.loads(capsys.readouterr().out)["requests"]
    return dict(request)


def test_three_weeks_off_ends_silent_at_the_deadline_with_no_nudge(tmp_path, capsys):
    box = tmp_path / "mail"
    for sub in ("cur", "new", "tmp"):
        (box / sub).mkdir(parents=True)
    (box / "new" / "1.M1P1.test").write_bytes(linkedin_invitation(1))
    config = tmp_path / "config.toml"
    config.write_text(MINIMAL_CONFIG + "\n[tracking]\nreply_deadline_days = 5\n"
                      "nudge_after_days = 3\n")
    run(config, "poll", "--once", now=T0)
    request_id = str(report(config, T0, capsys)["id"])
    run(config, "mark", request_id, "sent", now=SENT)

    before_poll = report(config, BACK, capsys)  # report first, the poll has not run yet
    assert before_poll["state"] == "sent"
    assert before_poll["next_step"] == "no reply by the deadline: becomes silent at the next poll"

    run(config, "poll", "--once", now=BACK)
    after = report(config, BACK, capsys)
    assert after["state"] == "silent"
    silent = [h for h in after["history"] if h["state"] == "silent"]
    assert [datetime.fromisoformat(h["at"]) for h in silent] == [DEADLINE]
    causes = [h["cause"] for h in after["history"]]
    assert NUDGE_MISSED in causes and "nudge drafted" not in causes
    assert len(list((box / ".Drafts" / "cur").iterdir())) == 1  # the reply, no nudge

"""The command-line contract: exit codes, JSON shapes, offline commands."""

from __future__ import annotations

import email
import json
import subprocess
import sys
from datetime import datetime
from email import policy
from pathlib import Path

import icalendar
import pytest

from inviteassist.cli.main import main
from tests.conftest import FIXTURES, MINIMAL_CONFIG, REPO

DEMO_CONFIG = REPO / "config" / "demo.toml"
INSPECT_KEYS = {"file", "kind", "network", "genuine", "would_draft", "requester",
                "invitation_id", "note", "meeting_reply", "reasons", "original"}
MAIL = sorted((FIXTURES / "mail").glob("*.eml"))
INVITATION = FIXTURES / "mail" / "linkedin_2016_form.eml"


def test_inspect_json_prints_one_design_schema_object_per_file(capsys):
    assert main(["inspect", "--json", *map(str, MAIL)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == len(MAIL) > 10
    for line, path in zip(lines, MAIL, strict=True):
        record = json.loads(line)
        assert set(record) == INSPECT_KEYS
        assert record["file"] == str(path)
        assert set(record["requester"]) == {"name", "email", "headline", "profile_url"}
        assert isinstance(record["would_draft"], bool)
        assert record["reasons"] and all(isinstance(r, str) for r in record["reasons"])


def test_inspect_decides_like_the_engine(capsys):
    main(["inspect", "--json", str(INVITATION), str(FIXTURES / "mail" / "colleague.eml")])
    invitation, colleague = map(json.loads, capsys.readouterr().out.splitlines())
    assert (invitation["kind"], invitation["would_draft"]) == ("invitation", True)
    assert (colleague["kind"], colleague["would_draft"]) == ("other", False)


def test_draft_prints_a_clean_message_with_options_inside_the_windows(capsys):
    assert main(["draft", str(INVITATION), "--config", str(DEMO_CONFIG),
                 "--now", "2026-11-27T16:00"]) == 0
    raw = capsys.readouterr().out.encode()
    message = email.message_from_bytes(raw, policy=policy.default)
    assert all(not part.defects for part in message.walk())
    days = set()
    for part in message.iter_attachments():
        event = icalendar.Calendar.from_ical(part.get_content()).walk("VEVENT")[0]
        start: datetime = event.decoded("DTSTART")
        days.add(start.date())
        # demo windows: Mon/Tue/Thu 09:30-12:00 and 14:00-17:00, Wed 14:00-17:30, Fri a.m.
        assert start.weekday() < 5
        assert (start.hour, start.minute) >= (9, 30)
        assert start > datetime.fromisoformat("2026-11-28T16:00+01:00")
    assert len(days) == 3


def test_draft_writes_to_out_and_leaves_no_state(tmp_path, capsys):
    out = tmp_path / "draft.eml"
    assert main(["draft", str(INVITATION), "--config", str(DEMO_CONFIG), "--now",
                 "2026-11-27T16:00", "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"From: Alex Morgan")
    assert capsys.readouterr().out == ""
    assert not (REPO / "config" / "state.sqlite3").exists()


def test_draft_of_a_non_request_fails_with_exit_1(capsys):
    assert main(["draft", str(FIXTURES / "mail" / "colleague.eml"), "--config",
                 str(DEMO_CONFIG)]) == 1
    assert "no draft" in capsys.readouterr().err


def test_propose_json_lists_three_options_on_distinct_days(capsys):
    assert main(["propose", "--config", str(DEMO_CONFIG), "--now", "2026-11-25T09:00",
                 "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    starts = [datetime.fromisoformat(o["start"]) for o in result["options"]]
    assert [o["label"] for o in result["options"]] == ["A", "B", "C"]
    assert len({s.date() for s in starts}) == 3
    assert all("CET (UTC+01:00)" in o["when"] for o in result["options"])


def test_a_bad_config_is_exit_2_with_one_line(write_config, capsys):
    path = write_config(MINIMAL_CONFIG.replace("Europe/Berlin", "Mars/Olympus"))
    assert main(["check", "--config", str(path)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "unknown time zone 'Mars/Olympus'" in err


def test_a_missing_maildir_is_exit_1_with_a_clear_message(write_config, capsys):
    path = write_config(MINIMAL_CONFIG)
    assert main(["check", "--config", str(path)]) == 1
    assert "the Maildir" in capsys.readouterr().err


def test_check_passes_on_a_good_setup(write_config, tmp_path, capsys):
    for sub in ("cur", "new", "tmp"):
        (tmp_path / "mail" / sub).mkdir(parents=True)
    path = write_config(MINIMAL_CONFIG + '\n[state]\npath = "state.db"\n')
    assert main(["check", "--config", str(path)]) == 0
    out = capsys.readouterr().out
    for word in ("ok  config", "ok  templates", "ok  state", "ok  mailbox"):
        assert word in out


def test_check_stops_a_broken_template(write_config, tmp_path, capsys):
    (tmp_path / "tpl").mkdir()
    (tmp_path / "tpl" / "reply.txt.j2").write_text("Hi {{ requester.name\n")
    path = write_config(MINIMAL_CONFIG + '\n[templates]\nfolder = "tpl"\n')
    assert main(["check", "--config", str(path)]) == 2
    assert "reply.txt.j2: line 1" in capsys.readouterr().err


def assert_exit(argv: list[str], code: int) -> None:
    with pytest.raises(SystemExit) as caught:
        main(argv)
    assert caught.value.code == code


@pytest.mark.parametrize("command", ["demo", "poll", "check", "inspect", "draft", "propose",
                                     "report"])
def test_every_command_has_help(command):
    result = subprocess.run([sys.executable, "-m", "inviteassist", command, "--help"],
                            capture_output=True, text=True, check=False, cwd=Path.cwd())
    assert result.returncode == 0
    assert "usage: inviteassist" in result.stdout


def test_unknown_arguments_are_exit_2():
    assert_exit(["poll"], 2)

"""`propose` and `check` on the command line: options, reasons, zones, no free time."""

from __future__ import annotations

import json

from inviteassist.cli.main import main
from tests.conftest import MINIMAL_CONFIG, REPO

DEMO_CONFIG = REPO / "config" / "demo.toml"
NOW = "2026-11-27T10:00"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_propose_json_gives_start_end_and_zone(capsys):
    code, out, _ = run(capsys, "propose", "--json", "--config", str(DEMO_CONFIG), "--now", NOW)
    assert code == 0
    result = json.loads(out)
    assert "skipped" not in result
    (first, *_) = result["options"]
    assert first["start"] == "2026-11-30T09:30:00+01:00"
    assert first["end"] == "2026-11-30T10:00:00+01:00"
    assert (first["zone"], first["zone_abbreviation"]) == ("Europe/Berlin", "CET")


def test_propose_explain_json_gives_a_reason_for_every_other_candidate(capsys):
    code, out, _ = run(capsys, "propose", "--json", "--explain", "--config", str(DEMO_CONFIG),
                       "--now", NOW)
    assert code == 0
    result = json.loads(out)
    reasons = {s["reason"] for s in result["skipped"]}
    assert {"too soon (minimum notice)", "another time was chosen that day",
            "enough options on earlier days"} <= reasons
    offered = {o["start"] for o in result["options"]}
    assert not offered & {s["start"] for s in result["skipped"]}


def test_propose_explain_text_groups_successive_times(capsys):
    code, out, _ = run(capsys, "propose", "--explain", "--config", str(DEMO_CONFIG), "--now",
                       NOW)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["option", "when"]
    assert "skipped candidate times:" in lines
    assert any(line.startswith("Friday 27 November 2026") and "09:30–11:30" in line
               and "too soon" in line for line in lines)


def test_propose_shows_a_second_zone_on_request(capsys):
    code, out, _ = run(capsys, "propose", "--zone", "America/New_York", "--config",
                       str(DEMO_CONFIG), "--now", NOW)
    assert code == 0
    assert "in America/New_York" in out.splitlines()[0]
    # Planned for a requester there: inside 08:00-20:00 on their clock.
    assert "03:30–04:00 EST" not in out and "11:00–11:30 EST (UTC-05:00)" in out
    code, out, err = run(capsys, "propose", "--zone", "Mars/Base", "--config",
                         str(DEMO_CONFIG))
    assert code == 2 and "--zone" in err


def test_propose_says_clearly_when_no_time_is_free(write_config, capsys):
    path = write_config(MINIMAL_CONFIG.replace(
        "[availability.windows]",
        '[availability]\nblackout_dates = ["2026-11-01..2026-12-31"]\n[availability.windows]'))
    code, out, err = run(capsys, "propose", "--config", str(path), "--now", NOW)
    assert code == 0
    assert out.splitlines() == ["option  when"]
    assert "no free time in the next 28 days" in err and "blackout" in err  # widened
    code, out, _ = run(capsys, "propose", "--json", "--config", str(path), "--now", NOW)
    assert "blackout" in json.loads(out)["message"]


def test_check_warns_when_the_windows_cannot_hold_a_call(write_config, tmp_path, capsys):
    for sub in ("cur", "new", "tmp"):
        (tmp_path / "mail" / sub).mkdir(parents=True)
    path = write_config(MINIMAL_CONFIG.replace(
        "[availability.windows]", "[availability]\ncall_minutes = 300\n[availability.windows]")
        + '\n[state]\npath = "state.db"\n')
    code, out, _ = run(capsys, "check", "--config", str(path))
    assert code == 0
    assert "warning: no time can be offered: no availability window holds a 300-minute" in out
    assert "ok  calendar   no busy-time source configured" in out


def test_check_fails_when_a_calendar_cannot_be_read(write_config, tmp_path, capsys):
    for sub in ("cur", "new", "tmp"):
        (tmp_path / "mail" / sub).mkdir(parents=True)
    path = write_config(MINIMAL_CONFIG + '\n[state]\npath = "state.db"\n\n[calendar]\n'
                        'ics_files = ["missing.ics"]\n')
    code, out, err = run(capsys, "check", "--config", str(path))
    assert code == 1
    assert f"FAIL calendar  file {tmp_path / 'missing.ics'}: cannot read" in out
    assert "could not be read" in err

"""`report` on a demo workdir: one request, filtered by state."""

from __future__ import annotations

from inviteassist.cli.commands.demo import prepare_workdir
from inviteassist.cli.main import main
from tests.integration.demo_helpers import request_id


def test_report_of_one_request_in_another_state_says_so(tmp_path, capsys):
    config = str(prepare_workdir(tmp_path))
    assert main(["-q", "poll", "--once", "--config", config, "--now", "2026-11-25T09:00"]) == 0
    kwame = str(request_id(tmp_path, "Kwame Mensah"))
    assert main(["report", kwame, "--status", "spoke", "--config", config]) == 2
    assert f"request {kwame} is not spoke" in capsys.readouterr().err
    assert main(["report", kwame, "--status", "drafted", "--json", "--config", config]) == 0

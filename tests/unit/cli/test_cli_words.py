"""The words the owner types for states, and where the global flags may go."""

from __future__ import annotations

import pytest

from inviteassist.app.marks import parse_mark
from inviteassist.cli.main import build_parser
from inviteassist.models import State
from inviteassist.summary.reply import parse_answer

SPELLINGS = [("ignore", State.IGNORED), ("ignored", State.IGNORED), ("no-show", State.NO_SHOW),
             ("noshow", State.NO_SHOW), ("No-Show", State.NO_SHOW), ("spoke", State.SPOKE)]


@pytest.mark.parametrize(("word", "state"), SPELLINGS)
def test_every_spelling_is_accepted_wherever_a_state_is_typed(word, state):
    parser = build_parser()
    assert parser.parse_args(["mark", "3", word]).state == state.value
    assert parser.parse_args(["report", "--status", word]).status is state
    assert parse_mark(word) is state
    answer = parse_answer(f"{word} 3")
    assert answer is not None and answer.word == state.value and answer.problem is None


@pytest.mark.parametrize("argv", [["mark", "3", "ignor"], ["mark", "3", "replied"],
                                  ["report", "--status", "bogus"]])
def test_an_unknown_state_is_a_usage_error(argv, capsys):
    with pytest.raises(SystemExit) as caught:
        build_parser().parse_args(argv)
    assert caught.value.code == 2
    assert "use one of" in capsys.readouterr().err


def test_mark_help_lists_every_state_on_a_line_of_its_own(capsys):
    with pytest.raises(SystemExit):
        build_parser().parse_args(["mark", "--help"])
    lines = capsys.readouterr().out.splitlines()
    for state in ("sent", "spoke", "no-show", "connected", "ignored"):
        assert any(line.split()[:1] == [state] and len(line.split()) > 2 for line in lines), state


@pytest.mark.parametrize(("argv", "verbose", "quiet"), [
    (["check", "-v"], 1, False), (["-v", "check"], 1, False), (["-vv", "check"], 2, False),
    (["check", "-vv"], 2, False), (["status", "-q"], 0, True), (["check"], 0, False)])
def test_global_flags_work_before_and_after_the_command(argv, verbose, quiet):
    args = build_parser().parse_args([*argv, "--config", "x.toml"])
    assert (args.verbose, args.quiet) == (verbose, quiet)
    assert str(args.config) == "x.toml"

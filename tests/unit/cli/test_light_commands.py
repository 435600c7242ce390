"""The commands that only read the state, and every `--help`, load none of the
heavy libraries the mail cycle needs: each command imports its own module
when it runs (cli.main), and those modules import no more than they use.

Each command runs in a fresh interpreter, which then lists the modules it
imported; nothing is timed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from inviteassist.cli.main import COMMAND_MODULES
from tests.conftest import REPO
from tests.unit.cli.test_listings_unchanged import make_state

# What a cycle needs (and `check`, `poll`, `run`, `draft`, `demo`), never these.
HEAVY = ("icalendar", "imapclient", "langdetect", "babel.dates", "apscheduler.schedulers",
         "inviteassist.app.engine", "inviteassist.detect.parse")
PROBE = ("import json, sys\n"
         "from inviteassist.cli.main import main\n"
         "try:\n"
         "    main(sys.argv[2:])\n"
         "except SystemExit:\n"
         "    pass\n"
         "with open(sys.argv[1], 'w') as out:\n"
         "    json.dump(sorted(sys.modules), out)\n")
HELP = tuple(COMMAND_MODULES)


def imported_by(tmp_path: Path, *args: str) -> set[str]:
    """The modules a fresh interpreter holds after running `inviteassist ARGS`."""
    listing = tmp_path / "modules.json"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    subprocess.run([sys.executable, "-c", PROBE, str(listing), *args], cwd=REPO, env=env,
                   check=True, capture_output=True)
    return set(json.loads(listing.read_text(encoding="utf-8")))


def heavy_in(modules: set[str]) -> list[str]:
    return sorted(m for m in modules for heavy in HEAVY
                  if m == heavy or m.startswith(heavy + "."))


@pytest.mark.parametrize("command", [(), *((name,) for name in HELP)],
                         ids=["inviteassist", *HELP])
def test_help_loads_no_heavy_library(tmp_path: Path, command: tuple[str, ...]) -> None:
    modules = imported_by(tmp_path, *command, "--help")
    assert heavy_in(modules) == []
    assert "jinja2" not in modules


@pytest.mark.parametrize("command", [("status",), ("status", "--json"), ("report",),
                                     ("report", "--json"), ("report", "7"), ("reply", "7")])
def test_reading_the_state_loads_no_heavy_library(tmp_path: Path,
                                                  command: tuple[str, ...]) -> None:
    config = make_state(tmp_path)
    modules = imported_by(tmp_path, *command, "--config", str(config))
    assert "inviteassist.store.db" in modules  # the command did run
    assert heavy_in(modules) == []
    assert "jinja2" not in modules


def test_printing_the_summary_needs_only_its_templates(tmp_path: Path) -> None:
    config = make_state(tmp_path)
    modules = imported_by(tmp_path, "summary", "--print", "--config", str(config))
    assert "inviteassist.summary.render" in modules
    assert heavy_in(modules) == []

"""Speed work must not change a listing: `report`, `summary` and `status` over a
state of 300 requests (tests/history_state.py) print, byte for byte, what
they printed before the state_scale work of issue 19.

Each command's output is pinned by its SHA-256 in
tests/fixtures/listing_outputs.json, written by the code before that work.
Regenerate it only for a change meant to alter what these commands print:
`python3 -m tests.unit.cli.test_listings_unchanged`. On a mismatch the
output found is left in tests/artifacts/ to compare with the previous commit's.

Two properties hold whatever is pinned: the listing's row for a request is
what `report ID` shows of it, and a filtered listing (`--status`, `--since`)
is the full listing's rows that pass the filter.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from inviteassist.cli.main import main
from inviteassist.store.db import Store
from tests.conftest import MINIMAL_CONFIG, REPO
from tests.history_state import NOW, build_history

PINNED = REPO / "tests" / "fixtures" / "listing_outputs.json"
ARTIFACTS = REPO / "tests" / "artifacts" / "listings"
SINCE = (NOW - timedelta(days=7)).isoformat()
COMMANDS: dict[str, tuple[str, ...]] = {
    "report": ("report", "--now", NOW.isoformat()),
    "report-json": ("report", "--json", "--now", NOW.isoformat()),
    "report-csv": ("report", "--csv", "--now", NOW.isoformat()),
    "report-since": ("report", "--json", "--since", SINCE, "--now", NOW.isoformat()),
    "report-status": ("report", "--status", "sent", "--now", NOW.isoformat()),
    "report-one": ("report", "7", "--now", NOW.isoformat()),
    "summary-print": ("summary", "--print", "--now", NOW.isoformat()),
    "summary-all": ("summary", "--print", "--all", "--now", NOW.isoformat()),
    "summary-json": ("summary", "--json", "--now", NOW.isoformat()),
    "status-json": ("status", "--json"),
}


def make_state(folder: Path) -> Path:
    for sub in ("cur", "new", "tmp"):
        (folder / "mail" / sub).mkdir(parents=True, exist_ok=True)
    config = folder / "config.toml"
    config.write_text(MINIMAL_CONFIG.replace('path = "mail"', f'path = "{folder / "mail"}"')
                      + f'\n[state]\npath = "{folder / "state.sqlite3"}"\n', encoding="utf-8")
    store = Store.open(folder / "state.sqlite3")
    build_history(store)
    store.close()
    return config


def output(config: Path, *args: str) -> str:
    with contextlib.redirect_stdout(io.StringIO()) as printed:
        assert main([*args, "--config", str(config)]) == 0
    return printed.getvalue()


def digests(config: Path) -> dict[str, str]:
    return {name: hashlib.sha256(output(config, *args).encode()).hexdigest()
            for name, args in COMMANDS.items()}


@pytest.fixture(scope="module")
def config(tmp_path_factory) -> Path:
    return make_state(tmp_path_factory.mktemp("history"))


def test_listings_print_what_they_printed_before_the_speed_work(config):
    pinned = json.loads(PINNED.read_text(encoding="utf-8"))
    changed = sorted(name for name, digest in digests(config).items()
                     if pinned.get(name) != digest)
    for name in changed:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        (ARTIFACTS / f"{name}.txt").write_text(output(config, *COMMANDS[name]), encoding="utf-8")
    assert not changed, f"changed output: {changed} (found in {ARTIFACTS})"


def test_a_listing_row_is_what_report_id_shows(config):
    rows = json.loads(output(config, *COMMANDS["report-json"]))["requests"]
    assert len(rows) == 300
    for row in rows[::23]:
        assert json.loads(output(config, "report", str(row["id"]), "--json", "--now",
                                 NOW.isoformat())) == row


def test_a_filtered_listing_is_the_full_one_filtered(config):
    rows = json.loads(output(config, *COMMANDS["report-json"]))["requests"]
    since = json.loads(output(config, *COMMANDS["report-since"]))["requests"]
    assert since == [r for r in rows if datetime.fromisoformat(r["since"])
                     >= datetime.fromisoformat(SINCE)]
    assert 0 < len(since) < len(rows)
    for state in ("detected", "replied", "connected"):
        found = json.loads(output(config, "report", "--json", "--status", state, "--now",
                                  NOW.isoformat()))["requests"]
        assert found == [r for r in rows if r["state"] == state] and found


if __name__ == "__main__":  # regenerate the pinned digests
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        pinned_now = digests(make_state(Path(folder)))
    PINNED.write_text(json.dumps(pinned_now, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{len(pinned_now)} outputs pinned in {PINNED}")

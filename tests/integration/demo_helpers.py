"""Looking things up in a demo workdir's state file, for the CLI tests."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path


def request_id(workdir: Path, name: str) -> int:
    """The id the demo's state gave the request of the person called `name`."""
    with closing(sqlite3.connect(workdir / "state.sqlite3")) as db:
        row = db.execute("SELECT id FROM requests WHERE name = ?", (name,)).fetchone()
    assert row is not None, f"no request from {name}"
    return int(row[0])

"""Each kind of SQLite failure becomes one sentence with the right fix."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from inviteassist.store.failures import PERMISSIONS, RESTORE, STOP_OTHER, explain


def error_from(action) -> sqlite3.Error:
    with pytest.raises(sqlite3.Error) as caught:
        action()
    return caught.value


def test_garbage_is_not_a_database(tmp_path):
    path = tmp_path / "s.sqlite3"
    path.write_bytes(b"garbage" * 1000)
    exc = error_from(lambda: sqlite3.connect(path).execute("PRAGMA journal_mode=WAL"))
    assert explain(path, exc).fix == RESTORE
    assert "not an SQLite database" in str(explain(path, exc))


def test_writing_a_read_only_connection_asks_for_permissions(tmp_path):
    path = tmp_path / "s.sqlite3"
    sqlite3.connect(path).execute("CREATE TABLE t (x)")
    reader = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    exc = error_from(lambda: reader.execute("INSERT INTO t VALUES (1)"))
    assert explain(path, exc).fix == PERMISSIONS


def test_a_lock_held_too_long_asks_to_stop_the_other_writer(tmp_path):
    path = tmp_path / "s.sqlite3"
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    waiting = sqlite3.connect(path, isolation_level=None, timeout=0.05)
    exc = error_from(lambda: waiting.execute("BEGIN IMMEDIATE"))
    assert explain(path, exc).fix == STOP_OTHER


def test_an_os_permission_error_names_the_file(tmp_path):
    path = tmp_path / "s.sqlite3"
    problem = explain(path, PermissionError(13, "Permission denied"))
    assert str(path) in str(problem) and problem.fix == PERMISSIONS
    assert str(problem).count("\n") == 0


def test_every_explanation_is_one_line_naming_the_file():
    path = Path("/var/lib/x/s.sqlite3")
    for text in ("database disk image is malformed", "disk I/O error", "weird"):
        line = str(explain(path, sqlite3.DatabaseError(text)))
        assert line.startswith(f"state file {path}: ") and "\n" not in line

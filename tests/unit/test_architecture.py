"""The core is handed the clock: only the edges read it.

`datetime.now()`, `date.today()`, `time.time()` and friends, and random ids,
may appear only in `app/`, `cli/` and the I/O edges `mail/` and `calendars/`.
The import rules themselves are `lint-imports` contracts in pyproject.toml.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "inviteassist"
EDGES = {"app", "cli", "mail", "calendars"}
CLOCK_READS = {("datetime", "now"), ("datetime", "utcnow"), ("datetime", "today"),
               ("date", "today"), ("time", "time"), ("time", "monotonic"),
               ("time", "perf_counter"), ("uuid", "uuid4"), ("random", "random")}


def clock_reads(source: str) -> list[int]:
    """Line numbers where `source` reads the clock or makes a random id."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        on_module = (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)
                     and (func.value.id, func.attr) in CLOCK_READS)
        imported = isinstance(func, ast.Name) and func.id in {"uuid4", "monotonic"}
        if on_module or imported:
            lines.append(node.lineno)
    return lines


@pytest.mark.parametrize(("source", "expected"), [
    ("from datetime import datetime\nx = datetime.now(UTC)\n", [2]),
    ("import time\nstarted = time.time()\n", [2]),
    ("from uuid import uuid4\nuid = uuid4()\n", [2]),
    ("'''datetime.now() in a docstring'''\nx = now\n", []),
    ("def f(now):\n    return now.date()\n", []),
])
def test_the_checker_finds_clock_reads(source, expected):
    assert clock_reads(source) == expected


def core_modules() -> list[Path]:
    return [path for path in PACKAGE.rglob("*.py")
            if path.relative_to(PACKAGE).parts[0] not in EDGES]


def test_the_core_never_reads_the_clock():
    modules = core_modules()
    assert len(modules) > 40  # the walk found the package
    found = {str(path.relative_to(PACKAGE)): lines for path in modules
             if (lines := clock_reads(path.read_text(encoding="utf-8")))}
    assert found == {}, f"the clock is read outside app/, cli/, mail/, calendars/: {found}"

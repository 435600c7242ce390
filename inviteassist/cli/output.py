"""How commands print: JSON for machines, aligned tables for people (with
control and hidden characters escaped, see `text.visible.for_terminal`)."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import Any

from inviteassist.text.visible import for_terminal, json_for_terminal


def print_json(value: Any) -> None:
    print(json_for_terminal(json.dumps(value, ensure_ascii=False, default=str)))


def print_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """Left-aligned columns; an empty table prints only its headers. Hidden and
    control characters in a cell are shown escaped, never sent to the terminal."""
    cells = [[str(h) for h in headers], *([("" if c is None else for_terminal(str(c)))
                                           for c in row] for row in rows)]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    for row in cells:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
              .rstrip())


class ProgressBar:
    """A one-line progress bar on stderr, only when stderr is a terminal."""

    def __init__(self, label: str, minimum: int = 20) -> None:
        self.label = label
        self.minimum = minimum
        self.active = sys.stderr.isatty()

    def __call__(self, done: int, total: int) -> None:
        if not self.active or total < self.minimum:
            return
        width = 30
        filled = width * done // total
        sys.stderr.write(f"\r{self.label} [{'#' * filled}{'.' * (width - filled)}] "
                         f"{done}/{total}")
        if done == total:
            sys.stderr.write("\n")
        sys.stderr.flush()

"""How commands print: JSON for machines, aligned tables for people (with
control and hidden characters escaped, see `text.visible.for_terminal`)."""

from __future__ import annotations

import gc
import json
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from email.message import EmailMessage
from typing import Any

from inviteassist.text.visible import for_terminal, json_for_terminal


@contextmanager
def listing() -> Iterator[None]:
    """For a command that reads and prints a whole state file, then exits: the
    cyclic garbage collector paused. The records hold no cycles, and with
    years of history (200,000 events) its passes over them cost a quarter of
    `report` and `summary`."""
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def print_json(value: Any) -> None:
    """`value` as JSON; commands print trees of fresh dicts and lists, never a
    cycle, so the encoder's cycle check (a sixth of its time) is skipped."""
    print(json_for_terminal(json.dumps(value, ensure_ascii=False, default=str,
                                       check_circular=False)))


def print_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """Left-aligned columns; an empty table prints only its headers. Hidden and
    control characters in a cell are shown escaped, never sent to the terminal."""
    cells = [[str(h) for h in headers], *([("" if c is None else for_terminal(str(c)))
                                           for c in row] for row in rows)]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    for row in cells:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
              .rstrip())


READABLE_HEADERS = ("From", "To", "Cc", "Subject", "Date")


def readable_message(message: EmailMessage) -> str:
    """A message as a person reads it: the main headers, every text part decoded
    (no quoted-printable), and a list of the attachments."""
    lines = [f"{name}: {message[name] or '(nobody: no address is known)'}"
             for name in READABLE_HEADERS if message[name] or name == "To"]
    attachments = []
    for part in message.walk():
        if part.is_multipart():
            continue
        name = part.get_filename()
        if part.get_content_type() == "text/plain" and not part.is_attachment():
            lines += ["", str(part.get_content()).rstrip("\n")]
        else:
            size = len(part.get_payload(decode=True) or b"")
            attachments.append(f"  {name or '(inline)'} ({part.get_content_type()}, "
                               f"{size:,} bytes)")
    if attachments:
        lines += ["", f"Attachments ({len(attachments)}):", *attachments]
    return "\n".join(lines) + "\n"


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

"""The lock file beside the state file that keeps a second daemon off it, and
who holds it (for `status`)."""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from inviteassist.errors import OperationalError


def _lock_path(state: Path) -> Path:
    """`<state>.lock`, beside the state file."""
    return state.with_name(state.name + ".lock")


@contextlib.contextmanager
def exclusive_lock(state: Path) -> Iterator[None]:
    """Hold `<state>.lock` for the daemon's lifetime, or fail if another has it."""
    path = _lock_path(state)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    handle: IO[str] = os.fdopen(os.open(path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o600),
                                "a+")
    os.fchmod(handle.fileno(), 0o600)  # a lock file left by an older version
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        holder = handle.read().strip() or "unknown"
        handle.close()
        raise OperationalError(f"another inviteassist daemon (pid {holder}) is running on "
                               f"{state}; stop it first") from None
    handle.seek(0)
    handle.truncate()
    handle.write(f"{os.getpid()}\n")
    handle.flush()
    try:
        yield
    finally:
        handle.close()


def lock_holder(state: Path) -> int | None:
    """The pid of the daemon running on `state`, or None when none is."""
    path = _lock_path(state)
    if not path.exists():
        return None
    with path.open("r") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            text = handle.read().strip()
            return int(text) if text.isdigit() else -1
    return None

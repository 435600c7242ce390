"""The state file as the configuration names it, opened for one command."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from inviteassist.config.settings import Settings
from inviteassist.errors import OperationalError
from inviteassist.store.db import Store
from inviteassist.store.failures import state_file_errors


def state_path(settings: Settings) -> Path:
    return Path(settings.state.path)


@contextmanager
def open_state(settings: Settings, *, missing: str | None = None,
               read_only: bool = False) -> Iterator[Store]:
    """The state file, closed again on exit. With `missing`, a state file that
    does not exist yet is an OperationalError ending with that advice, rather
    than a new empty one. `read_only` commands work on a file they cannot
    write. A SQLite failure inside the block becomes one `StateFileError` line."""
    path = state_path(settings)
    if missing is not None and not path.exists():
        raise OperationalError(f"no state file at {path}: {missing}")
    store = Store.open(path, read_only=read_only)
    try:
        with state_file_errors(path):
            yield store
    finally:
        store.close()

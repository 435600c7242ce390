"""The Jinja environment for the reply, follow-up and summary templates, with
compiled templates cached in a folder only we can write."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import jinja2

from inviteassist.compose.templates import build_environment
from inviteassist.config.settings import Settings, expand_xdg


def template_environment(settings: Settings) -> jinja2.Environment:
    folder = settings.templates.folder
    return build_environment(Path(folder) if folder else None, compiled_templates_folder())


def compiled_templates_folder() -> Path | None:
    """`$XDG_CACHE_HOME/inviteassist/templates`, made private, for compiled
    templates: compiling them costs each command that drafts some 50 ms.
    Compiled templates are code, so the folder is used only when nobody else
    can put files there: it and `inviteassist` above it are ours, real
    folders, writable by us alone, and the cache folder holding them is ours
    or root's and writable by others only with the sticky bit (as /tmp is).
    A folder that cannot be made is not used either."""
    base = Path(expand_xdg("$XDG_CACHE_HOME/inviteassist")).expanduser()
    folder = base / "templates"
    try:
        base.mkdir(mode=0o700, parents=True, exist_ok=True)
        folder.mkdir(mode=0o700, exist_ok=True)
    except OSError:
        return None
    safe = (_owned_folder(folder, {os.getuid()}, sticky_ok=False, others=0o077)
            and _owned_folder(base, {os.getuid()}, sticky_ok=False, others=0o022)
            and _owned_folder(base.parent, {os.getuid(), 0}, sticky_ok=True, others=0o022))
    return folder if safe else None


def _owned_folder(path: Path, owners: set[int], *, sticky_ok: bool, others: int) -> bool:
    """A real folder (no symlink) of one of `owners`, with none of the `others`
    permission bits, unless `sticky_ok` and it has the sticky bit."""
    try:
        found = path.lstat()
    except OSError:
        return False
    open_to_others = bool(found.st_mode & others) and not (
        sticky_ok and found.st_mode & stat.S_ISVTX)
    return stat.S_ISDIR(found.st_mode) and found.st_uid in owners and not open_to_others

"""Log setup for every command: levels, format, and where lines go.

Our own loggers follow `-v`/`-q` (the daemon starts one step more talkative:
its start line and one line per busy cycle are INFO); other libraries'
loggers (APScheduler, imapclient, caldav) stay at WARNING unless `-vv`.
Lines carry a timestamp unless stderr is journald's (`JOURNAL_STREAM` names
stderr's device and inode), which stamps every line itself.
"""

from __future__ import annotations

import logging
import os
import sys

LEVELS = (logging.WARNING, logging.INFO, logging.DEBUG)
PLAIN_FORMAT = "%(levelname)s %(name)s: %(message)s"
STAMPED_FORMAT = "%(asctime)s " + PLAIN_FORMAT


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever sys.stderr is at the time of each record, not at setup."""

    @property
    def stream(self) -> object:
        return sys.stderr

    @stream.setter
    def stream(self, _value: object) -> None:
        """StreamHandler.__init__ assigns a stream; the property ignores it."""


def stderr_is_journald() -> bool:
    """True when systemd connected stderr to the journal (see systemd.exec(5))."""
    expected = os.environ.get("JOURNAL_STREAM", "")
    try:
        info = os.fstat(sys.stderr.fileno())
    except (OSError, ValueError, AttributeError):
        return False
    return expected == f"{info.st_dev}:{info.st_ino}"


def configure_logging(verbose: int, quiet: bool, *, daemon: bool = False) -> None:
    ours = logging.ERROR if quiet else LEVELS[min(verbose + daemon, 2)]
    others = logging.ERROR if quiet else (logging.DEBUG if verbose >= 2 else logging.WARNING)
    handler = _StderrHandler()
    handler.setFormatter(logging.Formatter(
        PLAIN_FORMAT if stderr_is_journald() else STAMPED_FORMAT))
    logging.basicConfig(level=others, handlers=[handler], force=True)
    logging.getLogger("inviteassist").setLevel(ours)

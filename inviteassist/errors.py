"""The two kinds of failure the command line distinguishes.

A `UserError` is something the owner must fix (config, template, arguments):
exit code 2, one line naming the file, the place and the fix. An
`OperationalError` is the world misbehaving (server down, folder missing):
exit code 1. Anything else is a bug and gets a traceback.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_OPERATIONAL = 1
EXIT_USAGE = 2


class InviteAssistError(Exception):
    """Base class: the message is the whole sentence shown to the owner."""

    exit_code = EXIT_OPERATIONAL


class UserError(InviteAssistError):
    """A problem in what the owner wrote: config, template or command line."""

    exit_code = EXIT_USAGE

    def __init__(
        self, problem: str, *, file: str | None = None, where: str | None = None,
        fix: str | None = None,
    ) -> None:
        self.problem = problem
        self.file = file
        self.where = where
        self.fix = fix
        super().__init__(self.sentence())

    def sentence(self) -> str:
        place = ": ".join(part for part in (self.file, self.where) if part)
        text = f"{place}: {self.problem}" if place else self.problem
        return f"{text} ({self.fix})" if self.fix else text


class OperationalError(InviteAssistError):
    """The environment failed us: a missing folder, an unreachable server."""

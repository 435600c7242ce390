"""The command implementations, one module per group; `cli` dispatches here."""

from inviteassist.commands.demo import demo
from inviteassist.commands.mailbox import check, mark, poll, run
from inviteassist.commands.offline import draft, inspect
from inviteassist.commands.propose import propose
from inviteassist.commands.report import report
from inviteassist.commands.status import status
from inviteassist.commands.summary import summary

__all__ = ["check", "demo", "draft", "inspect", "mark", "poll", "propose", "report", "run",
           "status", "summary"]

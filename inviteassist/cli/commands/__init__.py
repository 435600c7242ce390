"""The command implementations, one module per group; `cli.main` dispatches here."""

from inviteassist.cli.commands.demo import demo
from inviteassist.cli.commands.mailbox import check, mark, poll, run
from inviteassist.cli.commands.offline import draft, inspect
from inviteassist.cli.commands.propose import propose
from inviteassist.cli.commands.reply import reply
from inviteassist.cli.commands.report import report
from inviteassist.cli.commands.status import status
from inviteassist.cli.commands.summary import summary

__all__ = ["check", "demo", "draft", "inspect", "mark", "poll", "propose", "reply", "report",
           "run", "status", "summary"]

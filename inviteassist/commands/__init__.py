"""The command implementations, one module per group; `cli` dispatches here."""

from inviteassist.commands.demo import demo
from inviteassist.commands.mailbox import check, poll, report, run
from inviteassist.commands.offline import draft, inspect
from inviteassist.commands.propose import propose
from inviteassist.commands.status import status

__all__ = ["check", "demo", "draft", "inspect", "poll", "propose", "report", "run", "status"]

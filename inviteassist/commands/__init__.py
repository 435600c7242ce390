"""The command implementations, one module per group; `cli` dispatches here."""

from inviteassist.commands.demo import demo
from inviteassist.commands.mailbox import check, poll, report, run
from inviteassist.commands.offline import draft, inspect, propose

__all__ = ["check", "demo", "draft", "inspect", "poll", "propose", "report", "run"]

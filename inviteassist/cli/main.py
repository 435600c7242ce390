"""The command line: parses arguments, runs one command, maps errors to exits.

Exit codes: 0 success, 1 operational failure, 2 usage or configuration
error. Logs go to stderr, data to stdout. Every error is turned into one
sentence here, in one place, instead of in each command. A command's module
is imported only when that command runs (COMMAND_MODULES), so `--help` and
the commands that only read the state load none of the mail cycle.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from inviteassist import __version__
from inviteassist.cli.logs import configure_logging
from inviteassist.config.settings import Settings, default_config_path, load_settings
from inviteassist.errors import EXIT_OK, InviteAssistError
from inviteassist.funnel.marks import MARK_HELP, canonical_mark, mark_words
from inviteassist.models import State
from inviteassist.summary.limits import MAX_LISTED_ITEMS

Handler = Callable[[argparse.Namespace], int]

# Each command's module in inviteassist.cli.commands; its function has the
# command's name. Imported when the command runs, so that a command (and
# --help) loads only what it uses.
COMMAND_MODULES: dict[str, str] = {
    "demo": "demo", "poll": "mailbox", "run": "mailbox", "mark": "mailbox",
    "backup": "mailbox", "check": "mailbox", "status": "status", "inspect": "offline",
    "draft": "offline", "propose": "propose", "report": "report", "reply": "reply",
    "summary": "summary",
}


def _add_config(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", type=Path, metavar="PATH",
                        help="config file (default: $XDG_CONFIG_HOME/inviteassist/config.toml, "
                             "then config/inviteassist.toml)")


def _add_now(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--now", metavar="ISO",
                        help="pretend the time is this (e.g. 2026-11-30T09:00); "
                             "without an offset it is in your time zone")


def _add_json(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")


def _state_word(word: str) -> State:
    """A state as the owner types it (`ignore`, `noshow` too), for argparse."""
    state = State.from_word(word)
    if state is None:
        raise argparse.ArgumentTypeError(
            f"unknown state {word!r}: use one of {', '.join(State)}")
    return state


def _mark_word(word: str) -> str:
    """A mark as the owner types it (`ignore`, `noshow` too), for argparse."""
    canonical = canonical_mark(word)
    if canonical is None:
        raise argparse.ArgumentTypeError(f"unknown mark {word!r}: use one of {mark_words()}")
    return canonical


def _global_flags(suppress: bool) -> argparse.ArgumentParser:
    """-v and -q, before the command or after it (`check -v`); the copy on each
    command leaves the value alone unless given there."""
    flags = argparse.ArgumentParser(add_help=False)
    flags.add_argument("-v", "--verbose", action="count",
                       default=argparse.SUPPRESS if suppress else 0,
                       help="more log detail on stderr (-vv for debug and other "
                            "libraries' logs)")
    flags.add_argument("-q", "--quiet", action="store_true",
                       default=argparse.SUPPRESS if suppress else False,
                       help="only errors on stderr")
    return flags


def _command(sub: Any, name: str, summary: str, *, config: bool = True,
             now: bool = False, json: bool = False, optional_config: bool = False,
             **parser_options: Any) -> argparse.ArgumentParser:
    """One command's parser with the shared options it takes; the command
    must have its module in COMMAND_MODULES (a missing one fails here, at
    the parser's making, not when the command runs)."""
    if name not in COMMAND_MODULES:
        raise KeyError(f"command {name!r} has no module in COMMAND_MODULES")
    parser: argparse.ArgumentParser = sub.add_parser(name, help=summary, **parser_options)
    for wanted, add in ((config, _add_config), (now, _add_now), (json, _add_json)):
        if wanted:
            add(parser)
    parser.set_defaults(optional_config=optional_config)
    return parser


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="inviteassist", parents=[_global_flags(suppress=False)],
        description="Answers connection requests with 'let's speak first' drafts that "
                    "propose call times, and tracks who follows through.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND",
                                parser_class=_command_parser_class(_global_flags(True)))

    demo = _command(sub, "demo", "run once on the bundled demo mailbox",
                    config=False, now=True)
    demo.add_argument("--keep", type=Path, metavar="DIR",
                      help="work in DIR (created) instead of a temporary folder")

    poll = _command(sub, "poll", "one cycle: read new mail, draft replies, record")
    poll.add_argument("--now", metavar="ISO",
                      help="for tests: pretend the time is this (e.g. 2026-11-30T09:00, in "
                           "your time zone without an offset). Without --dry-run the cycle "
                           "really appends drafts and records as of that time; to preview, "
                           "add --dry-run")
    poll.add_argument("--once", action="store_true", required=True,
                      help="run a single cycle and exit (the daemon is `run`)")
    poll.add_argument("--dry-run", action="store_true",
                      help="read the real mailbox and print what the cycle would draft, mark "
                           "and send; nothing is appended, flagged or stored")

    _command(sub, "run", "the daemon: watch the mailbox until SIGTERM")

    mark = _command(sub, "mark", "record your own fact: spoke, no-show, "
                    "connected, ignored, sent, reschedule, cancel", now=True,
                    formatter_class=argparse.RawDescriptionHelpFormatter,
                    epilog="states:\n" + "\n".join(
                        f"  {word:<11}{meaning}" for word, meaning in MARK_HELP.items()))
    mark.add_argument("id", type=int, metavar="ID", help="the request's id (see report)")
    mark.add_argument("state", metavar="STATE", type=_mark_word,
                      help="one of the states below")
    mark.add_argument("--note", help="a few words to keep with the mark")
    mark.add_argument("--at", metavar="ISO", help="reschedule: the call's new start (in "
                      "your time zone unless an offset is given); default: the requester's "
                      "latest counter-proposal")

    _command(sub, "status", "last cycle, next poll and counts (from the state)",
             json=True)

    backup = _command(sub, "backup", "write a consistent copy of the state "
                      "file (safe while the daemon runs)")
    backup.add_argument("path", type=Path, metavar="PATH", help="where the copy goes")

    _command(sub, "check", "validate config, templates, state and mailbox")

    inspect = _command(sub, "inspect", "classify raw .eml files offline",
                       json=True, optional_config=True)
    inspect.add_argument("files", nargs="+", type=Path, metavar="FILE")

    draft = _command(sub, "draft", "render the reply for one notification, offline", now=True)
    draft.add_argument("file", type=Path, metavar="FILE")
    form = draft.add_mutually_exclusive_group()
    form.add_argument("--out", type=Path, metavar="PATH", help="write the draft here")
    form.add_argument("--text", action="store_true",
                      help="print it as a person reads it: headers, the decoded text and a "
                           "list of the attachments")

    propose = _command(sub, "propose", "the times that would be offered now",
                       now=True, json=True)
    propose.add_argument("--explain", action="store_true",
                         help="also list the candidate times skipped, and why")
    propose.add_argument("--zone", metavar="TZ",
                         help="plan for a requester in this zone (their hours, "
                              "[availability] requester_hours) and show the times in it, "
                              "e.g. America/New_York")

    report = _command(sub, "report", "requests with their state, next step and history",
                      now=True)
    report.add_argument("id", type=int, nargs="?", metavar="ID",
                        help="show this one request with its whole history")
    report.add_argument("--status", metavar="STATE", type=_state_word,
                        help=f"only requests in this state: {', '.join(State)}")
    report.add_argument("--since", metavar="ISO", help="only requests in their state since then")
    form = report.add_mutually_exclusive_group()
    form.add_argument("--json", action="store_true", help="print JSON")
    form.add_argument("--csv", action="store_true", help="print CSV")

    reply = _command(sub, "reply", "the text of a request's reply, decoded, "
                     "ready to paste into the network's message box")
    reply.add_argument("id", type=int, metavar="ID", help="the request's id (see report)")

    summary = _command(sub, "summary", "render (--print) or send (--send) "
                       "the follow-through summary", now=True, json=True)
    mode = summary.add_mutually_exclusive_group()
    mode.add_argument("--print", dest="send", action="store_false",
                      help="print the summary to stdout, change nothing (the default)")
    mode.add_argument("--send", dest="send", action="store_true",
                      help="deliver it now and remember it")
    summary.add_argument("--all", action="store_true",
                         help=f"with --print: every item, not only the first "
                              f"{MAX_LISTED_ITEMS} of each list")
    summary.set_defaults(send=False)
    return parser


def _command_parser_class(flags: argparse.ArgumentParser) -> type[argparse.ArgumentParser]:
    """Every command's parser also takes the global flags."""

    class CommandParser(argparse.ArgumentParser):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs["parents"] = [flags, *kwargs.get("parents", ())]
            super().__init__(*args, **kwargs)

    return CommandParser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    configure_logging(args.verbose, args.quiet, daemon=args.command == "run")
    try:
        handler = handler_for(args.command)  # an import: Ctrl-C here is Ctrl-C too
        if hasattr(args, "config"):
            args.settings = _settings_for(args)
        return handler(args)
    except InviteAssistError as exc:
        print(f"inviteassist: {exc}", file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:
        return EXIT_OK
    except KeyboardInterrupt:
        return 130


def handler_for(command: str) -> Handler:
    """The command's function, its module imported only now."""
    module = importlib.import_module(f"inviteassist.cli.commands.{COMMAND_MODULES[command]}")
    handler: Handler = getattr(module, command)
    return handler


def _settings_for(args: argparse.Namespace) -> Settings | None:
    """The loaded config; None for commands that can do without one when none exists."""
    path = args.config or default_config_path()
    if args.config is None and getattr(args, "optional_config", False) and not path.exists():
        return None
    return load_settings(path)


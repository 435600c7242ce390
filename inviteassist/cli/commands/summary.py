"""`inviteassist summary [--print | --send] [--now ISO] [--json]`.

--print (the default) renders the summary of the period since the last one
sent, to stdout, and changes nothing. --send delivers it now (SMTP, or into
your inbox) and remembers it, so the next summary starts from here and your
replies to it are recognised.
"""

from __future__ import annotations

import argparse

from inviteassist.app.clock import parse_now
from inviteassist.app.state_file import open_state
from inviteassist.app.summary_gather import prepare_summary
from inviteassist.app.templating import template_environment
from inviteassist.cli.output import listing, print_json
from inviteassist.config.settings import Settings
from inviteassist.errors import EXIT_OK, UserError
from inviteassist.summary.limits import MAX_LISTED_ITEMS
from inviteassist.summary.render import render_text, summary_json
from inviteassist.text.visible import for_terminal


def summary(args: argparse.Namespace) -> int:
    with listing():
        return _summary(args)


def _summary(args: argparse.Namespace) -> int:
    settings: Settings = args.settings
    now = parse_now(args.now, settings.owner.timezone)
    if args.send and args.all:
        raise UserError("--all only goes with --print", fix="the summary sent by e-mail lists "
                        f"the first {MAX_LISTED_ITEMS} items of each list")
    with open_state(settings, missing="run `inviteassist poll --once` or the daemon "
                    "first") as store:
        if args.send:
            # Delivery needs SMTP and IMAP; --print, the usual use, loads neither.
            from inviteassist.app.summary_job import send_summary

            outcome = send_summary(settings, store, template_environment(settings), now)
            if args.json:
                print_json({"sent": outcome.sent, "message_id": outcome.message_id,
                            "delivery": outcome.delivery and outcome.delivery.method,
                            "location": outcome.delivery and outcome.delivery.location,
                            "summary": summary_json(outcome.summary)})
            else:
                print(outcome.describe())
            return EXIT_OK
        result = prepare_summary(settings, store, now, everything=args.all)
    if args.json:
        print_json(summary_json(result))
    else:
        print(for_terminal(render_text(template_environment(settings), result)), end="")
    return EXIT_OK

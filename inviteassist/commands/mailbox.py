"""Commands that use the mailbox and the state file: poll, check, report."""

from __future__ import annotations

import argparse
import sys

from inviteassist.commands.output import ProgressBar, print_json, print_table
from inviteassist.commands.propose import check_calendars
from inviteassist.config import Settings
from inviteassist.credentials import plain_password_warning
from inviteassist.daemon import Daemon
from inviteassist.errors import EXIT_OK
from inviteassist.runtime import (
    open_mailbox,
    parse_now,
    render_sample_reply,
    running,
    state_path,
    template_environment,
)
from inviteassist.store import Store
from inviteassist.timefmt import format_local


def poll(args: argparse.Namespace) -> int:
    settings: Settings = args.settings
    now = parse_now(args.now, settings.owner.timezone)
    with running(settings) as rt:
        report = rt.engine.run_cycle(now, ProgressBar("scanning"))
    print(report.describe())
    return EXIT_OK


def run(args: argparse.Namespace) -> int:
    return Daemon(args.settings).run()


def check(args: argparse.Namespace) -> int:
    """Each step raises on failure, so reaching the end means all is well."""
    settings: Settings = args.settings
    print(f"ok  config     {settings.file}")
    for warning in settings.warnings:
        print(f"    warning: {warning}")
    now = parse_now(None, settings.owner.timezone)
    render_sample_reply(settings, template_environment(settings), now)
    print("ok  templates  reply.txt.j2 renders with sample data")
    store = Store.open(state_path(settings))
    try:
        print(f"ok  state      {state_path(settings)} (schema version {store.schema_version()})")
    finally:
        store.close()
    imap = settings.mailbox.type == "imap"
    password_warning = plain_password_warning(settings.imap) if imap else None
    mailbox = open_mailbox(settings)
    folders = settings.folders
    try:
        for line in mailbox.describe([folders.inbox, *folders.also_watch, folders.drafts,
                                      folders.sent]):
            print(f"ok  mailbox    {line}")
    finally:
        mailbox.close()
    if password_warning:
        print(f"    warning: {password_warning}")
    check_calendars(settings, now)
    return EXIT_OK


def report(args: argparse.Namespace) -> int:
    settings: Settings = args.settings
    tz = settings.owner.timezone
    parse_now(args.now, tz)  # validates --now; ages are shown from stored times
    path = state_path(settings)
    if not path.exists():
        print(f"inviteassist: no state yet at {path}: run `poll --once` first", file=sys.stderr)
        requests = []
    else:
        store = Store.open(path)
        try:
            requests = [(r, store.events(r.id)) for r in store.requests()
                        if args.status in (None, r.state.value)]
        finally:
            store.close()
    if args.json:
        print_json({"requests": [{
            "id": r.id, "network": r.network, "state": r.state.value,
            "requester": {"name": r.requester.name, "email": r.requester.email,
                          "headline": r.requester.headline,
                          "profile_url": r.requester.profile_url},
            "invitation_id": r.invitation_id, "genuine": r.genuine,
            "created_at": r.created_at.isoformat(),
            "options": [{"label": o.label, "start": o.start.isoformat(),
                         "end": o.end.isoformat(), "uid": o.uid} for o in r.options],
            "history": [{"at": e.at.isoformat(), "state": e.state.value, "cause": e.cause}
                        for e in events]} for r, events in requests]})
        return EXIT_OK
    print_table(("id", "state", "network", "requester", "since", "options"), [
        (r.id, r.state.value, r.network, r.requester.name or "?",
         format_local(events[-1].at if events else r.created_at, tz),
         " ".join(o.label + ":" + o.start.strftime("%a %d %H:%M") for o in r.options))
        for r, events in requests])
    return EXIT_OK

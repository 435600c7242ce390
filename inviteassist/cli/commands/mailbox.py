"""Commands that use the mailbox and the state file: poll, run, mark, check."""

from __future__ import annotations

import argparse

from inviteassist.app.calendaring import CalendarMail, logins_of
from inviteassist.app.daemon import Daemon
from inviteassist.app.marks import apply_mark
from inviteassist.app.runtime import (
    check_templates,
    open_mailbox,
    open_state,
    parse_now,
    running,
    state_path,
    template_environment,
)
from inviteassist.cli.commands.propose import check_calendars
from inviteassist.cli.output import ProgressBar
from inviteassist.config.invitations import organizer_warning
from inviteassist.config.settings import Settings
from inviteassist.errors import EXIT_OK
from inviteassist.mail.credentials import plain_password_warning


def poll(args: argparse.Namespace) -> int:
    settings: Settings = args.settings
    now = parse_now(args.now, settings.owner.timezone)
    with running(settings) as rt:
        report = rt.engine.run_cycle(now, ProgressBar("scanning"))
    print(report.describe())
    return EXIT_OK


def run(args: argparse.Namespace) -> int:
    return Daemon(args.settings).run()


def mark(args: argparse.Namespace) -> int:
    settings: Settings = args.settings
    now = parse_now(args.now, settings.owner.timezone)
    new_start = parse_now(args.at, settings.owner.timezone) if args.at else None
    with open_state(settings) as store:
        calendar = CalendarMail(settings, store, template_environment(settings))
        result = apply_mark(store, args.id, args.state, now, note=args.note,
                            calendar=calendar, new_start=new_start)
    released = f"; {result.released_holds} held time(s) released" if result.released_holds else ""
    drafts = (f"; {result.calendar_drafts} calendar message(s) drafted, appended to Drafts "
              "at the next poll" if result.calendar_drafts else "")
    print(f"request {result.request_id}: {result.previous.value} -> {result.state.value}"
          f"{released}{drafts}")
    return EXIT_OK


def sender_trust(settings: Settings) -> str:
    """Whose Authentication-Results count, in one line (issue 16)."""
    ids = settings.detection.authserv_ids
    if ids:
        return (f"Authentication-Results trusted from {', '.join(ids)}, above your "
                "server's first Received line")
    return ("[detection] authserv_ids is empty: each message's topmost 'Received: ... by "
            "HOST' names your server, and only its results above that line count")


def check(args: argparse.Namespace) -> int:
    """Each step raises on failure, so reaching the end means all is well."""
    settings: Settings = args.settings
    print(f"ok  config     {settings.file}")
    for warning in settings.warnings:
        print(f"    warning: {warning}")
    organizer = organizer_warning(settings.owner.email, logins_of(settings))
    if organizer:
        print(f"    warning: {organizer}")
    now = parse_now(None, settings.owner.timezone)
    check_templates(settings, template_environment(settings), now)
    print("ok  templates  reply, nudge, confirmation (in every language) and summary "
          "templates render with sample data")
    print(f"ok  senders    {sender_trust(settings)}")
    with open_state(settings) as store:
        print(f"ok  state      {state_path(settings)} (schema version {store.schema_version()})")
    imap = settings.mailbox.type == "imap"
    password_warning = plain_password_warning(settings.imap) if imap else None
    mailbox = open_mailbox(settings)
    folders = settings.folders
    try:
        for line in mailbox.describe([folders.inbox, *folders.also_watch, folders.drafts,
                                      folders.sent]):
            print(f"    {line}" if line.startswith("note: ") else f"ok  mailbox    {line}")
    finally:
        mailbox.close()
    if password_warning:
        print(f"    warning: {password_warning}")
    check_calendars(settings, now)
    return EXIT_OK



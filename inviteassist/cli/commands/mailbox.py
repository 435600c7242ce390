"""Commands that use the mailbox and the state file: poll, run, mark, check, backup."""

from __future__ import annotations

import argparse
from pathlib import Path

from inviteassist.app.calendaring import CalendarMail, logins_of
from inviteassist.app.clock import parse_now
from inviteassist.app.daemon import Daemon
from inviteassist.app.dryrun import dry_run_cycle
from inviteassist.app.marks import apply_mark
from inviteassist.app.runtime import check_templates, open_mailbox, running
from inviteassist.app.state_file import open_state, state_path
from inviteassist.app.templating import template_environment
from inviteassist.cli.commands.propose import check_calendars
from inviteassist.cli.output import ProgressBar
from inviteassist.config.invitations import organizer_warning
from inviteassist.config.settings import Settings
from inviteassist.errors import EXIT_OK, UserError
from inviteassist.mail.credentials import (
    describe_env_or_command,
    describe_imap_secret,
    describe_source,
    has_password_source,
    plain_password_warning,
)
from inviteassist.mail.protocol import LoginFailed
from inviteassist.schedule.timefmt import format_local
from inviteassist.store.db import Store
from inviteassist.store.failures import RESTORE, StateFileError
from inviteassist.store.places_file import cache_folder, ensure_places_file
from inviteassist.store.schema import MIGRATIONS


def poll(args: argparse.Namespace) -> int:
    settings: Settings = args.settings
    now = parse_now(args.now, settings.owner.timezone)
    if args.dry_run:
        plan = dry_run_cycle(settings, now)
        print(f"dry run as of {format_local(now, settings.owner.timezone)}: nothing was "
              "appended, flagged, sent or stored")
        for line in plan.lines():
            print(line)
        return EXIT_OK
    with running(settings) as rt:
        report = rt.engine.run_cycle(now, ProgressBar("scanning"))
    print(report.describe())
    return EXIT_OK


def backup(args: argparse.Namespace) -> int:
    """A consistent copy of the state file, safe while the daemon runs."""
    settings: Settings = args.settings
    with open_state(settings, missing="nothing to back up yet", read_only=True) as store:
        store.backup_to(args.path)
    print(f"state file {state_path(settings)} copied to {args.path}")
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


def _check_mailbox(settings: Settings) -> None:
    mailbox = open_mailbox(settings)
    folders = settings.folders
    try:
        for line in mailbox.describe([folders.inbox, *folders.also_watch, folders.drafts,
                                      folders.sent]):
            print(f"    {line}" if line.startswith("note: ") else f"ok  mailbox    {line}")
    finally:
        mailbox.close()


def describe_state(path: Path) -> str:
    """The state file as `check` sees it: opened read-only, never created."""
    if not path.exists():
        return f"{path} does not exist yet: the first poll creates it"
    store = Store.open_read_only(path)
    try:
        problems = store.quick_check()
        if problems:
            raise StateFileError(path, f"is damaged ({'; '.join(problems[:3])})", RESTORE)
        version = store.schema_version()
    finally:
        store.close()
    latest = len(MIGRATIONS)
    pending = f", upgraded to {latest} by the next poll" if version < latest else ""
    return f"{path} (schema version {version}{pending}, quick_check ok)"


def check_places() -> None:
    """The places file, built now when missing, so that the daemon never pays it."""
    folder = cache_folder()
    try:
        path, built = ensure_places_file(folder)
    except OSError as exc:
        print(f"    warning: place names cannot be kept in {folder} ({exc}): each process "
              "reads them into memory instead (a second or two, ~100 MB)")
        return
    print(f"ok  places     {path} "
          f"({'built now, once for these package versions' if built else 'ready'})")


def check(args: argparse.Namespace) -> int:
    """Each step raises on failure, so reaching the end means all is well."""
    settings: Settings = args.settings
    print(f"ok  config     {settings.file}")
    organizer = organizer_warning(settings.owner.email, logins_of(settings))
    if organizer:
        print(f"    warning: {organizer}")
    now = parse_now(None, settings.owner.timezone)
    check_templates(settings, template_environment(settings), now)
    print("ok  templates  reply, nudge, confirmation (in every language) and summary "
          "templates render with sample data")
    print(f"ok  senders    {sender_trust(settings)}")
    print(f"ok  state      {describe_state(state_path(settings))}")
    check_places()
    imap = settings.mailbox.type == "imap"
    password_warning = plain_password_warning(settings.imap) if imap else None
    if imap:
        print(f"ok  secrets    IMAP {describe_imap_secret(settings.imap)}")
    if settings.smtp.host and has_password_source(settings.smtp):
        print(f"ok  secrets    SMTP {describe_source(settings.smtp, 'smtp')}")
    calendar = settings.calendar
    if calendar.caldav_url:
        source = describe_env_or_command(calendar.caldav_password_env,
                                         calendar.caldav_password_command,
                                         "[calendar] caldav_password")
        print(f"ok  secrets    CalDAV {source or 'no password configured'}")
    try:
        _check_mailbox(settings)
    except LoginFailed as exc:
        raise UserError(str(exc), fix=f"the {describe_imap_secret(settings.imap)}: check "
                                      "that it holds the right one") from None
    if password_warning:
        print(f"    warning: {password_warning}")
    check_calendars(settings, now)
    return EXIT_OK



"""Wiring: builds the store, mailbox, templates and engine from Settings.

The only module that knows which concrete back-end serves which config
value; commands ask it for parts instead of constructing them themselves.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import jinja2

from inviteassist.app.engine import Engine
from inviteassist.calendars.wiring import engine_calendars
from inviteassist.compose.check import check_every_template
from inviteassist.compose.templates import build_environment
from inviteassist.config.owner import owner_of
from inviteassist.config.settings import Settings, expand_xdg
from inviteassist.detect.classify import network_sender_domains
from inviteassist.detect.rules import BUILTIN_NETWORKS
from inviteassist.errors import OperationalError, UserError
from inviteassist.mail.imap import ImapMailbox
from inviteassist.mail.imap_search import Interest
from inviteassist.mail.maildir import MaildirMailbox
from inviteassist.mail.protocol import Mailbox
from inviteassist.models import Option
from inviteassist.schedule.planner import propose_options
from inviteassist.store.db import Store
from inviteassist.store.failures import state_file_errors
from inviteassist.summary.render import check_summary_templates


def open_mailbox(settings: Settings) -> Mailbox:
    box = settings.mailbox
    if box.type == "maildir":
        if not box.path:
            raise UserError("is required when type = 'maildir'", file=str(settings.file),
                            where="[mailbox] path", fix="set path to your Maildir folder")
        return MaildirMailbox(Path(box.path), account=box.account,
                              max_bytes=box.max_message_kb * 1024)
    return ImapMailbox(settings.imap, settings.folders, account=box.account,
                       interest=Interest(network_sender_domains(settings.detection_rules()),
                                         sender_addresses=(settings.owner.email,)),
                       first_scan_days=box.first_scan_days,
                       max_bytes=box.max_message_kb * 1024)


def describe_mailbox(settings: Settings) -> str:
    """`imaps://alex@imap.example:993/INBOX` or the Maildir's path, for log lines."""
    if settings.mailbox.type == "maildir":
        return f"maildir {settings.mailbox.path}"
    imap = settings.imap
    scheme = "imaps" if imap.security == "tls" else "imap"
    port = f":{imap.port}" if imap.port else ""
    return f"{scheme}://{imap.username}@{imap.host}{port}/{settings.folders.inbox}"


def template_environment(settings: Settings) -> jinja2.Environment:
    folder = settings.templates.folder
    return build_environment(Path(folder) if folder else None, compiled_templates_folder())


def compiled_templates_folder() -> Path | None:
    """`$XDG_CACHE_HOME/inviteassist/templates`, made private, for compiled
    templates: compiling them costs each command that drafts some 50 ms.
    Compiled templates are code, so the folder is used only when nobody else
    can put files there: it and `inviteassist` above it are ours, real
    folders, writable by us alone, and the cache folder holding them is ours
    or root's and writable by others only with the sticky bit (as /tmp is).
    A folder that cannot be made is not used either."""
    base = Path(expand_xdg("$XDG_CACHE_HOME/inviteassist")).expanduser()
    folder = base / "templates"
    try:
        base.mkdir(mode=0o700, parents=True, exist_ok=True)
        folder.mkdir(mode=0o700, exist_ok=True)
    except OSError:
        return None
    safe = (_owned_folder(folder, {os.getuid()}, sticky_ok=False, others=0o077)
            and _owned_folder(base, {os.getuid()}, sticky_ok=False, others=0o022)
            and _owned_folder(base.parent, {os.getuid(), 0}, sticky_ok=True, others=0o022))
    return folder if safe else None


def _owned_folder(path: Path, owners: set[int], *, sticky_ok: bool, others: int) -> bool:
    """A real folder (no symlink) of one of `owners`, with none of the `others`
    permission bits, unless `sticky_ok` and it has the sticky bit."""
    try:
        found = path.lstat()
    except OSError:
        return False
    open_to_others = bool(found.st_mode & others) and not (
        sticky_ok and found.st_mode & stat.S_ISVTX)
    return stat.S_ISDIR(found.st_mode) and found.st_uid in owners and not open_to_others


def state_path(settings: Settings) -> Path:
    return Path(settings.state.path)


def check_templates(settings: Settings, templates: jinja2.Environment,
                    now: datetime) -> tuple[Option, ...]:
    """Render every template (replies, nudges, confirmations for every network and
    category; summaries) with invented data, so a broken one stops us at start
    (check, daemon start, reload) and never in the middle of a cycle. Returns the
    options found, for callers that report an empty week."""
    options = propose_options(settings.availability_rules(), now, uid_seed="check",
                              uid_domain="check.invalid")
    owner = owner_of(settings)
    networks = sorted(BUILTIN_NETWORKS | {rule.network
                                          for rule in settings.detection_rules().custom_networks})
    check_every_template(templates, owner=owner, options=options, now=now,
                         configured=settings.templates.replies.values(), networks=networks,
                         default_language=settings.templates.language)
    check_summary_templates(templates, owner, now)
    return options


@contextmanager
def open_state(settings: Settings, *, missing: str | None = None,
               read_only: bool = False) -> Iterator[Store]:
    """The state file, closed again on exit. With `missing`, a state file that
    does not exist yet is an OperationalError ending with that advice, rather
    than a new empty one. `read_only` commands work on a file they cannot
    write. A SQLite failure inside the block becomes one `StateFileError` line."""
    path = state_path(settings)
    if missing is not None and not path.exists():
        raise OperationalError(f"no state file at {path}: {missing}")
    store = Store.open(path, read_only=read_only)
    try:
        with state_file_errors(path):
            yield store
    finally:
        store.close()


@dataclass
class Runtime:
    settings: Settings
    store: Store
    mailbox: Mailbox
    engine: Engine


    def reconfigure(self, settings: Settings, templates: jinja2.Environment) -> None:
        """Take a reloaded config: a new mailbox if its settings changed, and a
        new engine (calendars, holds, templates, follow-through) in any case.
        The state file stays: its path changes only with a restart."""
        if (settings.mailbox, settings.imap, settings.folders) != (
                self.settings.mailbox, self.settings.imap, self.settings.folders):
            self.mailbox.close()
            self.mailbox = open_mailbox(settings)
        self.settings = settings
        self.engine = build_engine(settings, self.store, self.mailbox, templates)


def build_engine(settings: Settings, store: Store, mailbox: Mailbox,
                 templates: jinja2.Environment) -> Engine:
    busy, holds = engine_calendars(settings)
    return Engine(settings, store, mailbox, templates, busy=busy, holds=holds)


@contextmanager
def running(settings: Settings, *, threaded: bool = False,
            templates: jinja2.Environment | None = None) -> Iterator[Runtime]:
    """Every part needed for a cycle, closed again on exit; `templates` when the
    caller has already built (and checked) them."""
    templates = templates or template_environment(settings)
    store = Store.open(state_path(settings), shared_between_threads=threaded)
    try:
        mailbox = open_mailbox(settings)
    except BaseException:
        store.close()
        raise
    runtime = Runtime(settings, store, mailbox,
                      build_engine(settings, store, mailbox, templates))
    try:
        with state_file_errors(store.path):
            yield runtime
    finally:
        store.close()
        runtime.mailbox.close()


def parse_now(text: str | None, timezone: str) -> datetime:
    """`--now` as an aware datetime; a time without offset is in the owner's zone."""
    zone = ZoneInfo(timezone)
    if text is None:
        return datetime.now(zone)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise UserError(f"--now {text!r} is not an ISO date-time",
                        fix="write it like 2026-11-30T09:00 or 2026-11-30T09:00+01:00") from None
    return moment.replace(tzinfo=zone) if moment.tzinfo is None else moment.astimezone(zone)

"""Wiring: builds the store, mailbox and engine from Settings.

The only module that knows which concrete back-end serves which config
value; the commands that run the mail cycle (poll, run, demo, check) ask it
for parts instead of constructing them themselves. The state file's path
and the template environment come from `state_file` and `templating`, which
the commands that only read the state use without loading the engine.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import jinja2

from inviteassist.app.engine import Engine
from inviteassist.app.state_file import state_path
from inviteassist.app.templating import template_environment
from inviteassist.calendars.wiring import engine_calendars
from inviteassist.compose.check import check_every_template
from inviteassist.config.owner import owner_of
from inviteassist.config.settings import Settings
from inviteassist.detect.classify import network_sender_domains
from inviteassist.detect.rules import BUILTIN_NETWORKS
from inviteassist.errors import UserError
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

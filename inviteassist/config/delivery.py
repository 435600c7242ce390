"""Schema pieces for `config.settings` about sending: [smtp] and [summary].

`SmtpSection` says how mail leaves (the summary, and drafts when auto-send is
on); `SummarySection` says when the follow-through summary goes out and how.
`DELIVERY_KINDS` holds the converter for the `cron` kind: a five-field cron
expression checked with APScheduler's own parser, with cron's numeric
weekdays (0 or 7 = Sunday) turned into names, because APScheduler counts
from Monday = 0 and would silently shift every numeric weekday by one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from apscheduler.triggers.cron import CronTrigger

from inviteassist.config.schema import Converter, Fail, opt

CRON_DAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")
_CRON_FIX = ('write five fields "minute hour day month weekday", e.g. "0 8 * * mon" '
             '(Mondays 08:00) or "30 7 * * mon-fri"')


@dataclass(frozen=True)
class SmtpSection:
    host: str = opt("SMTP server name, e.g. smtp.fastmail.com; empty: no SMTP (summaries "
                    "are put in your inbox with IMAP APPEND instead).", "")
    port: int = opt("Port; 0 picks 465 for 'tls' and 587 for 'starttls' (25 for 'plain').",
                    0, min=0, max=65535)
    security: str = opt("'tls' (implicit, port 465), 'starttls' (port 587), or 'plain' "
                        "(loopback hosts only, unless allow_insecure).", "tls",
                        choices=("tls", "starttls", "plain"))
    username: str = opt("Login name; empty: the [imap] username.", "")
    password_env: str = opt("Name of an environment variable holding the SMTP password.",
                            "")
    password_command: str = opt("Shell command printing the SMTP password on its first "
                                "line.", "")
    keyring: bool = opt("Read the SMTP password from the system keyring (service "
                        "'inviteassist', the SMTP username).", False)
    password: str = opt("The SMTP password in plain text: works, but prefer the options "
                        "above. With no SMTP password source at all, [imap]'s is used.", "")
    ca_file: str = opt("PEM file of a private certificate authority to trust.", "",
                       kind="path")
    allow_insecure: bool = opt("Allow 'plain' to a host that is not loopback.", False)
    timeout_seconds: int = opt("Timeout of every SMTP operation.", 30, min=1)
    auto_send: bool = opt(
        "Send replies, nudges, confirmations and calendar updates yourself instead of "
        "leaving them in Drafts: only to requesters whose address is known and whose "
        "notification was verified genuine; a copy is filed in Sent.", False)
    auto_send_daily_limit: int = opt("At most this many messages auto-sent per day.", 10,
                                     min=1, max=500)


@dataclass(frozen=True)
class SummarySection:
    schedule: str = opt("When the daemon sends the follow-through summary: a cron "
                        "expression in your time zone; empty: never on its own.",
                        "0 8 * * mon", kind="cron")
    skip_empty: bool = opt("Send nothing when nothing changed (else a one-line 'nothing "
                           "new').", False)
    to: str = opt("Where the summary goes; empty: your [owner] email.", "")
    html: bool = opt("Add an HTML version beside the plain text.", True)
    accept_replies: bool = opt("Apply lines such as 'spoke 12' from your replies to a "
                               "summary.", True)


def cron_for_apscheduler(expression: str) -> str:
    """`expression` with cron's numeric weekdays written as names."""
    fields = expression.split()
    if len(fields) == 5:
        fields[4] = re.sub(r"(?<![/\d])\d+", lambda m: CRON_DAYS[int(m[0]) % 7]
                           if int(m[0]) <= 7 else m[0], fields[4])
    return " ".join(fields)


def cron_trigger(expression: str, timezone: str) -> CronTrigger:
    """The APScheduler trigger for a checked cron expression in `timezone`."""
    return CronTrigger.from_crontab(cron_for_apscheduler(expression), timezone=timezone)


def convert_cron(value: Any, fail: Fail) -> str:
    if not isinstance(value, str):
        raise fail(f"must be a string, not {value!r}", _CRON_FIX)
    if not value.strip():
        return ""
    if len(value.split()) != 5:
        raise fail(f"{value!r} is not a five-field cron expression", _CRON_FIX)
    try:
        cron_trigger(value, "UTC")
    except ValueError as exc:
        raise fail(f"{value!r} is not a valid cron expression: {exc}", _CRON_FIX) from None
    return " ".join(value.split())


DELIVERY_KINDS: dict[str, Converter] = {"cron": convert_cron}

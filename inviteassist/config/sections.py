"""The sections of the configuration that have no module of their own:
[owner], [mailbox], [folders], [availability], [tracking], [detection],
[categories], [state] and [templates].

Each is a frozen dataclass whose fields are the schema (type from the
annotation, default from the default, help and constraints from the field
metadata); `settings` gathers them into `Settings` and loads the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time

from inviteassist.config.schema import opt as _opt
from inviteassist.detect.rules import CustomNetworkRule
from inviteassist.schedule.planner import DateRange, Window


@dataclass(frozen=True)
class OwnerSection:
    name: str = _opt("Your name, used to sign replies.", "", required=True)
    email: str = _opt("Your address: From of every draft.", "", required=True, kind="email")
    timezone: str = _opt("IANA time zone of your calendar, e.g. Europe/Berlin.", "",
                         required=True, kind="timezone")
    addresses: tuple[str, ...] = _opt(
        "The addresses your networks write to (besides email). When given, a notification "
        "addressed to none of them is someone else's, replayed to you: recorded, never "
        "drafted. Never used as a requester's address.", [], kind="emails")


@dataclass(frozen=True)
class MailboxSection:
    type: str = _opt("Where mail is read: 'imap' (settings in [imap]) or 'maildir'.",
                     "maildir", choices=("maildir", "imap"))
    path: str = _opt("Maildir folder holding the inbox (maildir only).", "", kind="path")
    account: str = _opt("A short name for this mailbox in the state file and logs.", "default")
    first_scan_days: int = _opt("IMAP: on the first run, look back this many days.", 30, min=1)
    max_message_kb: int = _opt("Read at most this much of a message; notifications are far "
                               "smaller, so a bigger one is cut and still classified.", 1024,
                               min=64)


@dataclass(frozen=True)
class FoldersSection:
    inbox: str = _opt("Folder watched for notifications.", "INBOX")
    also_watch: tuple[str, ...] = _opt("More folders to watch, e.g. [\"Social\"].", [])
    drafts: str = _opt("Folder that receives the drafts.", "Drafts")
    sent: str = _opt("Folder where your sent mail lands.", "Sent")


@dataclass(frozen=True)
class AvailabilitySection:
    windows: dict[str, tuple[Window, ...]] = _opt(
        "Weekly windows per weekday, e.g. monday = [\"09:30-12:00\", \"14:00-17:00\"].",
        {}, kind="windows", required=True)
    call_minutes: int = _opt("Length of a proposed call in minutes.", 30, min=5)
    options: int = _opt("How many times to propose in each reply (1 to 26).", 3, min=1,
                       max=26)
    min_notice_hours: int = _opt("Earliest proposal this many hours after the request.", 24,
                                 min=0)
    horizon_days: int = _opt("Latest proposal this many days after the request.", 14, min=1)
    step_minutes: int = _opt("Proposed start times are multiples of this.", 15,
                             choices=(5, 10, 15, 20, 30, 60))
    min_notice_business_days: int = _opt(
        "Also nothing before the start of this many business days (Monday to Friday, "
        "blackout dates excluded) after the request: 1 = next business day; 0 = off.", 0,
        min=0, max=30)
    buffer_before_minutes: int = _opt("Minutes kept free before each call.", 0, min=0,
                                      max=240)
    buffer_after_minutes: int = _opt("Minutes kept free after each call.", 0, min=0, max=240)
    max_calls_per_day: int = _opt("At most this many calls a day, counting times held for "
                                  "others and booked calls; 0 = no limit.", 0, min=0)
    max_calls_per_week: int = _opt("At most this many calls a week (Monday to Sunday), "
                                   "counted the same way; 0 = no limit.", 0, min=0)
    blackout_dates: tuple[DateRange, ...] = _opt(
        "Days never proposed: \"2026-12-24\" or ranges \"2026-12-24..2027-01-01\".", [],
        kind="dates")
    hold_business_days: int = _opt(
        "Business days an offered time stays held for its requester; 0 = the reply "
        "deadline ([tracking] reply_deadline_days).", 0, min=0)
    requester_timezones: dict[str, str] = _opt(
        "Requesters' time zones by e-mail address, profile URL or name; wins over the zone "
        "read from the notification's location line or the note.", {}, kind="zones")
    requester_hours: tuple[time, time] = _opt(
        "When requesters can take a call, on their own clock (\"HH:MM-HH:MM\"); options "
        "fall inside your windows and these hours when their zone is known.",
        (time(8), time(20)), kind="hours")
    max_horizon_days: int = _opt(
        "When no time is free within horizon_days, look this far ahead before writing "
        "the 'my calendar is full' reply.", 28, min=1, max=365)


@dataclass(frozen=True)
class TrackingSection:
    reply_deadline_days: int = _opt(
        "Business days after sending before a silent requester counts as silent.", 5, min=1)
    nudge_after_days: int = _opt(
        "Business days after sending before one polite nudge is drafted; 0: never.", 3, min=0)
    stalled_after_days: int = _opt(
        "Days after a reply without an agreed time before the request counts as stalled.", 7,
        min=1)


@dataclass(frozen=True)
class DetectionSection:
    authserv_ids: tuple[str, ...] = _opt(
        "authserv-id of your own mail server's Authentication-Results headers; only "
        "those, above your server's first Received line, are trusted. Empty: the host "
        "of each message's topmost Received line (`by HOST`) is taken as yours.", [])
    unverified: str = _opt(
        "What to do with a notification that carries no authentication evidence: "
        "'draft' (and warn you) or 'skip'.", "draft", choices=("draft", "skip"))
    draft_networks: tuple[str, ...] = _opt(
        "Networks whose requests get a draft; the others are recorded only. Add "
        "'facebook', 'xing' or a custom network's name to switch drafting on for it.",
        ["linkedin"])
    custom_networks: tuple[CustomNetworkRule, ...] = _opt(
        "Networks added without code: [[detection.custom_networks]] tables with name, "
        "sender_domain, subject and/or body (regular expressions), optional name_pattern "
        "(with a (?P<name>...) group) and kind.", [], kind="custom_networks")


@dataclass(frozen=True)
class CategoriesSection:
    builtin: bool = _opt("Use the built-in keyword lists (en, de, fr, es, pt, it, nl); "
                         "false: only the keywords given here.", True)
    recruiter: tuple[str, ...] = _opt("Extra keywords that make a requester a recruiter.", [])
    sales: tuple[str, ...] = _opt("Extra keywords that make a requester a sales person.", [])
    founder: tuple[str, ...] = _opt("Extra keywords that make a requester a founder.", [])
    student: tuple[str, ...] = _opt("Extra keywords that make a requester a student.", [])


@dataclass(frozen=True)
class StateSection:
    path: str = _opt("SQLite file that remembers requests, drafts and holds.",
                     "$XDG_STATE_HOME/inviteassist/state.sqlite3", kind="path")
    keep_seen_days: int = _opt(
        "IMAP: forget, once a day, the messages looked at more than this many days ago "
        "whose request is closed (or that belong to none); 0: remember every one. At least "
        "[mailbox] first_scan_days + 1: a rescan looks back that far and must still know "
        "them by Message-ID.", 0, min=0)


@dataclass(frozen=True)
class TemplatesSection:
    folder: str = _opt("Folder with your own versions of the templates (any subset).", "",
                       kind="path")
    replies: dict[str, str] = _opt(
        "Reply template per 'network/category' ('*' matches any), e.g. "
        "{ \"*/sales\" = \"decline.txt.j2\" }; unlisted requests get reply.txt.j2.", {},
        kind="template_choice")
    language: str = _opt(
        "Language of a reply when the requester's is unknown or has no template "
        "(en, de, fr, es, pt, it, nl, or any code you wrote templates for).", "en")
    formal: bool = _opt(
        "Address requesters formally (Sie, vous, usted, Lei, u) rather than "
        "informally (du, tu, tú, tu, je).", True)

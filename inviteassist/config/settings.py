"""The configuration: one schema, TOML in, a frozen `Settings` out.

Each section is a frozen dataclass; its fields are the schema (type from the
annotation, default from the default, help and constraints from the field
metadata). Loading checks every value against that schema and turns any
problem into a `UserError` naming the file, the line, the key and the fix.
Unknown keys and tables are errors too, with the nearest name from the schema
("did you mean"): a typo silently ignored costs more than a refused start.
"""

from __future__ import annotations

import difflib
import logging
import os
import re
import tomllib
import typing
from dataclasses import dataclass, fields, replace
from datetime import time, timedelta
from pathlib import Path
from typing import Any

from inviteassist.config.delivery import DELIVERY_KINDS, SmtpSection, SummarySection
from inviteassist.config.detection import DETECTION_KINDS
from inviteassist.config.imap import DaemonSection, ImapSection
from inviteassist.config.invitations import INVITATION_KINDS, CallSection, InvitationsSection
from inviteassist.config.schema import EMAIL, KINDS, CalendarSection
from inviteassist.config.sections import (
    AvailabilitySection,
    CategoriesSection,
    DetectionSection,
    FoldersSection,
    MailboxSection,
    OwnerSection,
    StateSection,
    TemplatesSection,
    TrackingSection,
)
from inviteassist.detect.categories import CATEGORIES, merge_keywords
from inviteassist.detect.rules import DetectionRules
from inviteassist.errors import UserError
from inviteassist.schedule.planner import AvailabilityRules, RequesterHours, Window
from inviteassist.schedule.timefmt import load_zone

logger = logging.getLogger(__name__)

# Every converter a schema `kind` names, whichever section module defines it.
CONVERTERS = {**KINDS, **DELIVERY_KINDS, **DETECTION_KINDS, **INVITATION_KINDS}
assert len(CONVERTERS) == (len(KINDS) + len(DELIVERY_KINDS) + len(DETECTION_KINDS)
                           + len(INVITATION_KINDS)), "two config modules name the same kind"

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_SPAN = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")


@dataclass(frozen=True)
class Settings:
    """The whole validated configuration; `file` is where it came from."""

    file: Path
    owner: OwnerSection
    mailbox: MailboxSection
    imap: ImapSection
    daemon: DaemonSection
    folders: FoldersSection
    availability: AvailabilitySection
    tracking: TrackingSection
    detection: DetectionSection
    state: StateSection
    templates: TemplatesSection
    calendar: CalendarSection
    categories: CategoriesSection
    smtp: SmtpSection
    summary: SummarySection
    call: CallSection
    invitations: InvitationsSection

    def detection_rules(self) -> DetectionRules:
        """What `detect.classify` needs from [detection] and [categories]."""
        extra = {name: getattr(self.categories, name) for name in CATEGORIES}
        return DetectionRules(self.detection.custom_networks,
                              merge_keywords(extra, builtin=self.categories.builtin),
                              own_addresses=(self.owner.email, *self.owner.addresses),
                              network_addresses=self.owner.addresses)

    def requester_hours(self, zone: str) -> RequesterHours:
        start, end = self.availability.requester_hours
        return RequesterHours(zone, start, end)

    def availability_rules(self) -> AvailabilityRules:
        windows = tuple(w for day in WEEKDAYS for w in self.availability.windows.get(day, ()))
        a = self.availability
        return AvailabilityRules(
            timezone=self.owner.timezone, windows=windows, call_minutes=a.call_minutes,
            options=a.options, min_notice=timedelta(hours=a.min_notice_hours),
            horizon_days=a.horizon_days, step_minutes=a.step_minutes,
            min_notice_business_days=a.min_notice_business_days,
            buffer_before=timedelta(minutes=a.buffer_before_minutes),
            buffer_after=timedelta(minutes=a.buffer_after_minutes),
            max_per_day=a.max_calls_per_day or None, max_per_week=a.max_calls_per_week or None,
            blackout=a.blackout_dates)


SECTIONS: dict[str, type] = {
    f.name: typing.get_type_hints(Settings)[f.name]
    for f in fields(Settings) if f.name != "file"
}


# The XDG base directories with their defaults (XDG Base Directory Specification).
XDG_DEFAULTS = {"XDG_STATE_HOME": "~/.local/state", "XDG_CACHE_HOME": "~/.cache",
                "XDG_CONFIG_HOME": "~/.config", "XDG_DATA_HOME": "~/.local/share"}
_XDG_VARIABLE = re.compile(r"^\$(?:\{(XDG_[A-Z_]+)\}|(XDG_[A-Z_]+))(?=/|$)")


def expand_xdg(value: str) -> str:
    """`$XDG_STATE_HOME/x` -> the variable's value, or its default when unset
    or not absolute (as the specification asks)."""
    match = _XDG_VARIABLE.match(value)
    if not match or (match[1] or match[2]) not in XDG_DEFAULTS:
        return value
    name = match[1] or match[2]
    base = os.environ.get(name, "")
    if not Path(base).is_absolute():
        base = XDG_DEFAULTS[name]
    return base + value[match.end():]


def default_config_path() -> Path:
    """The XDG config path when it exists, else `config/inviteassist.toml`."""
    xdg = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    candidate = xdg / "inviteassist" / "config.toml"
    return candidate if candidate.exists() else Path("config/inviteassist.toml")


def load_settings(path: Path) -> Settings:
    """Read, validate and freeze the config at `path`, or raise UserError."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UserError("config file not found", file=str(path),
                        fix="pass --config PATH or copy config/inviteassist.example.toml") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"cannot read config: {exc}", file=str(path)) from None
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise UserError(f"not valid TOML: {exc}", file=str(path),
                        fix="check quotes, brackets and '=' on that line") from None
    return _build(raw, _Source(path, text))


@dataclass(frozen=True)
class _Source:
    path: Path
    text: str

    def fail(self, section: str, key: str | None, problem: str, fix: str) -> UserError:
        name = f"[{section}] {key}" if key else f"[{section}]"
        line = _line_of(self.text, section, key)
        where = f"line {line}: {name}" if line else name
        return UserError(problem, file=str(self.path), where=where, fix=fix)

    def resolve(self, value: str) -> str:
        if not value:
            return value
        candidate = Path(expand_xdg(value)).expanduser()
        return str(candidate if candidate.is_absolute() else self.path.parent / candidate)


def _line_of(text: str, section: str, key: str | None) -> int | None:
    """The 1-based line where `key` is set inside `[section]` (or, for a key that
    is missing, where the section starts), for error messages."""
    current = ""
    section_line = None
    header = re.compile(r"^\s*\[\s*([^\]]+?)\s*\]")
    for number, line in enumerate(text.splitlines(), start=1):
        match = header.match(line)
        if match:
            current = match.group(1)
            if current in (section, f"{section}.{key}") and section_line is None:
                section_line = number
            continue
        if key is not None and current == section and re.match(
                rf"^\s*{re.escape(key)}\s*=", line):
            return number
    return section_line


def _build(raw: dict[str, Any], source: _Source) -> Settings:
    _refuse_unknown_names(raw, source)
    built: dict[str, Any] = {}
    for name, cls in SECTIONS.items():
        table = raw.get(name, {})
        if not isinstance(table, dict):
            raise source.fail(name, None, "must be a table", f"write it as [{name}]")
        built[name] = _build_section(name, cls, table, source)
    if "path" not in raw.get("state", {}):
        built["state"] = _earlier_state_beside_config(built["state"], source)
    settings = Settings(file=source.path, **built)
    _refuse_exposed_password(settings, source)
    _refuse_forgetting_what_dedup_needs(settings, source)
    return settings


def _refuse_forgetting_what_dedup_needs(settings: Settings, source: _Source) -> None:
    """Seen messages may be forgotten only beyond what a rescan reads again: an
    IMAP rescan (UIDVALIDITY change, first run) looks back first_scan_days
    (SINCE counts whole days, hence one more); a Maildir is read whole every
    cycle, its messages known as seen by these rows alone."""
    keep = settings.state.keep_seen_days
    if not keep:
        return
    if settings.mailbox.type == "maildir":
        raise source.fail("state", "keep_seen_days", "cannot be used with a Maildir, which "
                          "is read whole every cycle: its old messages would be new again",
                          "remove keep_seen_days (or set it to 0)")
    window = settings.mailbox.first_scan_days + 1
    if keep < window:
        raise source.fail("state", "keep_seen_days", f"is {keep}, shorter than the {window} "
                          "days a rescan looks back ([mailbox] first_scan_days + 1), inside "
                          "which a message must still be known by its Message-ID",
                          f"set keep_seen_days = {window} or more, or 0 to keep every message")


def _earlier_state_beside_config(state: StateSection, source: _Source) -> StateSection:
    """A `state.sqlite3` beside the config (where earlier setups kept it) is
    used while the default one does not exist: a new empty state would answer
    every request again. The warning says how to move it."""
    old = source.path.parent / "state.sqlite3"
    if Path(state.path).exists() or not old.exists():
        return state
    logger.warning("using the state file %s beside the config; the default place is now %s: "
                   "move it there (with its -wal file, the daemon stopped) or set [state] path",
                   old, state.path)
    return replace(state, path=str(old))


def _refuse_exposed_password(settings: Settings, source: _Source) -> None:
    """A config holding a password must be readable by its owner alone."""
    exposed = next((s for s in ("imap", "smtp") if getattr(settings, s).password), None)
    if exposed and source.path.stat().st_mode & 0o077:
        raise source.fail(exposed, "password", "is set, but the file is readable by other "
                          "users", f"run: chmod 600 {source.path} (or use password_env, "
                          "password_command or keyring instead)")


def _refuse_unknown_names(raw: dict[str, Any], source: _Source) -> None:
    """The first table or key the schema does not know, as an error with a suggestion."""
    for name, table in raw.items():
        if name not in SECTIONS:
            raise source.fail(name, None, "is not a known table",
                              _suggest(name, list(SECTIONS), "table", lambda n: f"[{n}]"))
        if not isinstance(table, dict):
            continue
        known = [f.name for f in fields(SECTIONS[name])]
        for key in table:
            if key not in known:
                raise source.fail(name, key, "is not a known option",
                                  _suggest(key, known, "option", lambda k: k,
                                           elsewhere=_keys_elsewhere(name, key)))


def _keys_elsewhere(section: str, key: str) -> list[str]:
    """`[other] key` for every other section that has an option close to `key`."""
    return [f"[{name}] {match}" for name, cls in SECTIONS.items() if name != section
            for match in difflib.get_close_matches(key, [f.name for f in fields(cls)], n=1)]


def _suggest(typed: str, known: list[str], noun: str, show: typing.Callable[[str], str],
             elsewhere: list[str] | None = None) -> str:
    close = difflib.get_close_matches(typed, known, n=1)
    if close:
        return f"did you mean {show(close[0])}?"
    if elsewhere:
        return f"did you mean {elsewhere[0]}?"
    return f"known {noun}s: {', '.join(show(k) for k in known)}"


def _build_section(name: str, cls: type, table: dict[str, Any], source: _Source) -> Any:
    hints = typing.get_type_hints(cls)
    known = {f.name: f for f in fields(cls)}
    values: dict[str, Any] = {}
    for key, spec in known.items():
        meta = spec.metadata
        if key not in table:
            if meta.get("required"):
                raise source.fail(name, key, "is required but missing",
                                  f"add {key} = ... under [{name}]: {meta['help']}")
            if meta.get("kind") == "path":
                values[key] = source.resolve(str(spec.default))
            continue
        values[key] = _convert(name, key, table[key], hints[key], meta, source)
    return cls(**values)


def _convert(section: str, key: str, value: Any, hint: Any, meta: Any, source: _Source) -> Any:
    kind = meta.get("kind")
    if kind == "windows":
        return _convert_windows(section, key, value, source)
    if kind == "hours":
        window = _parse_span(section, key, value, source)
        return window.start, window.end
    if kind in CONVERTERS:
        return CONVERTERS[kind](value, lambda problem, fix: source.fail(section, key, problem,
                                                                        fix))
    expected = typing.get_origin(hint) or hint
    if expected is tuple:
        if not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            raise source.fail(section, key, "must be a list of strings",
                              f'write it as {key} = ["..."]')
        return tuple(source.resolve(v) for v in value) if kind == "paths" else tuple(value)
    if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
        raise source.fail(section, key, f"must be {_type_word(expected)}, not {value!r}",
                          meta["help"])
    _check_constraints(section, key, value, meta, source)
    if kind == "timezone":
        _check_timezone(section, key, value, source)
    if kind == "email" and not EMAIL.fullmatch(value):
        raise source.fail(section, key, f"{value!r} is not an email address",
                          "write it as name@example.com")
    return source.resolve(value) if kind == "path" else value


def _type_word(expected: type) -> str:
    return {str: "a string", int: "a whole number", bool: "true or false"}.get(
        expected, expected.__name__)


def _check_constraints(section: str, key: str, value: Any, meta: Any, source: _Source) -> None:
    if "min" in meta and value < meta["min"]:
        raise source.fail(section, key, f"must be at least {meta['min']}, not {value}",
                          meta["help"])
    if "max" in meta and value > meta["max"]:
        raise source.fail(section, key, f"must be at most {meta['max']}, not {value}",
                          meta["help"])
    if "choices" in meta and value not in meta["choices"]:
        allowed = ", ".join(repr(c) for c in meta["choices"])
        raise source.fail(section, key, f"{value!r} is not one of {allowed}", meta["help"])


def _check_timezone(section: str, key: str, value: str, source: _Source) -> None:
    try:
        load_zone(value)
    except ValueError:
        raise source.fail(section, key, f"unknown time zone {value!r}",
                          "use an IANA name such as Europe/Berlin or America/New_York") from None


def _convert_windows(section: str, key: str, value: Any,
                     source: _Source) -> dict[str, tuple[Window, ...]]:
    if not isinstance(value, dict):
        raise source.fail(section, key, "must be a table of weekdays",
                          f"write [{section}.{key}] then monday = [\"09:00-12:00\"]")
    result: dict[str, tuple[Window, ...]] = {}
    for day, spans in value.items():
        if day not in WEEKDAYS:
            raise source.fail(f"{section}.{key}", day, f"{day!r} is not a weekday",
                              "use monday ... sunday in lower case")
        if isinstance(spans, str):
            spans = [spans]
        if not isinstance(spans, list):
            raise source.fail(f"{section}.{key}", day, "must be a list of spans",
                              f'write {day} = ["09:00-12:00"]')
        result[day] = tuple(_parse_span(f"{section}.{key}", day, s, source) for s in spans)
    if not any(result.values()):
        raise source.fail(section, key, "has no window at all",
                          "give at least one weekday a span such as \"09:00-12:00\"")
    return result


def _parse_span(section: str, day: str, span: Any, source: _Source) -> Window:
    """One "HH:MM-HH:MM" span (as a Monday window; callers keep what they need)."""
    match = _SPAN.match(span) if isinstance(span, str) else None
    fix = 'write spans as "HH:MM-HH:MM" in 24-hour time, e.g. "09:30-12:00"'
    if not match:
        raise source.fail(section, day, f"{span!r} is not a time span", fix)
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    if h1 > 23 or h2 > 24 or m1 > 59 or m2 > 59 or (h2 == 24 and m2):
        raise source.fail(section, day, f"{span!r} is not a valid time of day", fix)
    start = time(h1, m1)
    end = time(23, 59, 59, 999999) if h2 == 24 else time(h2, m2)
    if end <= start:
        raise source.fail(section, day, f"{span!r} ends before it starts",
                          "put the earlier time first; a window cannot cross midnight")
    return Window(weekday=WEEKDAYS.index(day) if day in WEEKDAYS else 0, start=start, end=end)

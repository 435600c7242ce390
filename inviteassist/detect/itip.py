"""Meeting replies: iTIP REPLY / COUNTER calendar parts -> classification.

Owns the recognition of an answer to a meeting invitation, from whichever
client: a `text/calendar` or `application/ics` part, or any attachment named
`*.ics`, whose METHOD line (or, failing that, `method=` parameter) is REPLY or
COUNTER. Apple iCal 3 sends a QP `.ics` attachment without `method=`; Google
duplicates the part (inline and `invite.ics`) and sets Auto-Submitted;
Outlook/Exchange omits ORGANIZER and prefixes SUMMARY ("Accepted: "). None of
that matters here: the reply is read for UID, SEQUENCE, the ATTENDEE address
and PARTSTAT, and DTSTART/DTEND (for a COUNTER, the proposed new time). It is
matched later on UID and attendee, never on the subject or the organizer.
The iCalendar text is read by a small lenient line parser (RFC 5545 section
3.1: unfolding, parameters, quoted values), bounded in size, so placeholders
or damage degrade to None fields with a reason instead of an exception.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import Message
from itertools import islice
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from inviteassist.detect.content import decode_part_checked
from inviteassist.detect.parse import ParsedMessage, header_text
from inviteassist.models import Classification, Kind, MeetingReply, Requester

MAX_PARTS = 200
MAX_CALENDAR_CHARS = 200_000
METHODS = frozenset({"REPLY", "COUNTER"})
PARTSTATS = frozenset({"ACCEPTED", "DECLINED", "TENTATIVE", "DELEGATED", "NEEDS-ACTION"})
_CALENDAR_TYPES = frozenset({"text/calendar", "application/ics", "text/x-vcalendar"})
_FOLD = re.compile(r"\r?\n[ \t]")
_VALUE = r'(?:"[^"]*"|[^;:,"]*)'
_PARAM = re.compile(rf";([A-Za-z0-9-]{{1,60}})=({_VALUE}(?:,{_VALUE})*)")
_DATE_TIME = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z?))?$")
_ADDRESS = re.compile(r"^[^@\s<>\"]{1,64}@[^@\s<>\"]{1,253}\.[^@\s<>\"]{1,63}$")

try:  # icalendar >= 6 keeps the Windows zone names Exchange writes as TZIDs here
    from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON
except ImportError:  # pragma: no cover - older icalendar
    WINDOWS_TO_OLSON = {}


@dataclass(frozen=True)
class Property:
    """One content line: NAME;PARAM=value:VALUE, names upper-cased."""

    name: str
    params: dict[str, str]
    value: str


def detect(parsed: ParsedMessage) -> Classification | None:
    """A meeting-reply classification when `parsed` carries an iTIP REPLY/COUNTER."""
    for where, declared, text in calendar_parts(parsed.message):
        properties = parse_properties(text)
        method = _method(properties, declared)
        if method not in METHODS:
            continue
        reasons = [f"calendar part {where}", f"METHOD:{method}"]
        if header_text(parsed.message, "Auto-Submitted"):
            reasons.append("Auto-Submitted (a calendar client answered)")
        reply = read_reply(properties, method, parsed.envelope.from_addr, reasons)
        name = _attendee_name(properties, reply.attendee) or parsed.envelope.from_name or None
        return Classification(
            kind=Kind.MEETING_REPLY, requester=Requester(name=name, email=reply.attendee),
            meeting_reply=reply, reasons=tuple(reasons))
    return None


def calendar_parts(message: Message) -> Iterator[tuple[str, str | None, str]]:
    """(where, method= parameter, text) of every calendar part, in MIME order."""
    try:
        parts = list(islice(message.walk(), MAX_PARTS))
    except Exception:  # a tree the stdlib cannot walk
        parts = [message]
    for part in parts:
        content_type = part.get_content_type()
        filename = _filename(part)
        if content_type not in _CALENDAR_TYPES and not filename.lower().endswith(".ics"):
            continue
        if part.is_multipart():
            continue
        declared = part.get_param("method")
        text = decode_part_checked(part).text[:MAX_CALENDAR_CHARS]
        where = content_type + (f" {filename}" if filename else "")
        yield where, declared if isinstance(declared, str) else None, text


def _filename(part: Message) -> str:
    try:
        return (part.get_filename() or "")[:200]
    except Exception:
        return ""


def parse_properties(text: str) -> list[Property]:
    """Every content line of an iCalendar text, unfolded, in order."""
    properties = []
    for line in _FOLD.sub("", text).splitlines():
        prop = parse_line(line[:10_000])
        if prop is not None:
            properties.append(prop)
    return properties


def parse_line(line: str) -> Property | None:
    """`NAME;P=v;Q="x:y":value` -> Property; None for lines that are not one."""
    name_match = re.match(r"^([A-Za-z0-9-]{1,80})", line)
    if not name_match:
        return None
    position = name_match.end()
    params: dict[str, str] = {}
    while line.startswith(";", position):
        param = _PARAM.match(line, position)
        if not param:
            return None
        params[param.group(1).upper()] = param.group(2).strip('"')
        position = param.end()
    if not line.startswith(":", position):
        return None
    return Property(name_match.group(1).upper(), params, line[position + 1 :].strip())


def _method(properties: list[Property], declared: str | None) -> str | None:
    for prop in properties:
        if prop.name == "METHOD":
            return prop.value.upper()
        if prop.name == "BEGIN" and prop.value.upper() == "VEVENT":
            break
    return declared.strip().upper() if declared else None


def first_event(properties: list[Property]) -> list[Property]:
    """The properties of the first VEVENT (nested components left out)."""
    event: list[Property] = []
    depth = 0
    for prop in properties:
        if prop.name == "BEGIN":
            if depth or prop.value.upper() == "VEVENT":
                depth += 1
            continue
        if prop.name == "END" and depth:
            depth -= 1
            if depth == 0:
                break
            continue
        if depth == 1:
            event.append(prop)
    return event


def read_reply(properties: list[Property], method: str, sender: str,
               reasons: list[str]) -> MeetingReply:
    """UID, SEQUENCE, ATTENDEE, PARTSTAT and times of the first VEVENT ('' for a
    missing UID: the reply is still one, but cannot be matched)."""
    event = first_event(properties)
    values = {prop.name: prop for prop in reversed(event)}
    uid = values["UID"].value if "UID" in values else ""
    reasons.append(f"UID {uid[:80]}" if uid else "no UID (truncated?): cannot be matched")
    attendee = _pick_attendee([p for p in event if p.name == "ATTENDEE"], sender)
    address = _mailto(attendee.value) if attendee else None
    partstat = (attendee.params.get("PARTSTAT", "") if attendee else "").upper() or None
    if partstat and partstat not in PARTSTATS and not partstat.startswith("X-"):
        reasons.append(f"PARTSTAT {partstat[:40]!r} is not a participation status")
        partstat = None
    if attendee and address is None:
        reasons.append("ATTENDEE has no usable address")
    if address:
        reasons.append(f"ATTENDEE {address} PARTSTAT={partstat or 'none'}")
    sequence = _integer(values.get("SEQUENCE"))
    start, end = _when(values.get("DTSTART"), reasons), _when(values.get("DTEND"), reasons)
    if method == "COUNTER" and start is not None:
        reasons.append(f"proposes {start.isoformat()}")
    return MeetingReply(uid=uid[:998], method=method, partstat=partstat, attendee=address,
                        sequence=sequence, proposed_start=start, proposed_end=end)


def _pick_attendee(attendees: list[Property], sender: str) -> Property | None:
    for attendee in attendees:
        if sender and (_mailto(attendee.value) or "").lower() == sender.lower():
            return attendee
    with_status = [a for a in attendees if "PARTSTAT" in a.params]
    return next(iter(with_status or attendees), None)


def _attendee_name(properties: list[Property], address: str | None) -> str | None:
    for prop in first_event(properties):
        if prop.name == "ATTENDEE" and _mailto(prop.value) == address and prop.params.get("CN"):
            name = prop.params["CN"].strip()
            return None if "@" in name or "{" in name else name[:80]
    return None


def _mailto(value: str) -> str | None:
    address = re.sub(r"^mailto:", "", value.strip(), flags=re.IGNORECASE)
    return address if _ADDRESS.match(address) else None


def _integer(prop: Property | None) -> int | None:
    if prop is None or not re.fullmatch(r"\d{1,9}", prop.value):
        return None
    return int(prop.value)


def _when(prop: Property | None, reasons: list[str]) -> datetime | None:
    """An aware datetime from DTSTART/DTEND (TZID: IANA or Windows name; Z: UTC)."""
    if prop is None:
        return None
    match = _DATE_TIME.match(prop.value)
    if not match or match.group(4) is None:
        return None  # a date without time (all-day) or damage: no proposed time
    year, month, day, hour, minute, second = (int(g) for g in match.groups()[:6])
    tzid = prop.params.get("TZID", "")
    zone = UTC if match.group(7) else _zone(tzid)
    if zone is None:
        reasons.append(f"{prop.name} time zone {tzid[:60]!r} unknown" if tzid
                       else f"{prop.name} has no time zone (floating time)")
        return None
    try:
        return datetime(year, month, day, hour, minute, second, tzinfo=zone)
    except ValueError:
        return None


def _zone(tzid: str) -> ZoneInfo | None:
    for name in (tzid, WINDOWS_TO_OLSON.get(tzid, "")):
        if not name or ".." in name or name.startswith("/"):
            continue
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            continue
    return None

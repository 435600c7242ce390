"""Call times -> iCalendar files (RFC 5545) shaped as iTIP messages (RFC 5546).

Three kinds, one VEVENT each, all keyed by the option's UID:
- a proposal (`build_proposal_calendar`): by default METHOD:PUBLISH,
  STATUS:TENTATIVE, TRANSP:TRANSPARENT, ORGANIZER only, so that no client
  books the time before the requester chooses; opt-in METHOD:REQUEST with the
  requester as RSVP attendee, still TENTATIVE and TRANSPARENT;
- the binding invitation (`build_confirmation_calendar`): METHOD:REQUEST,
  STATUS:CONFIRMED, TRANSP:OPAQUE, the requester as attendee (their PARTSTAT
  kept when they already accepted), SEQUENCE chosen by the caller;
- a cancellation (`build_cancel_calendar`): METHOD:CANCEL, STATUS:CANCELLED.
Without the requester's address the invitation and the cancellation fall back
to PUBLISH (RFC 5546 wants an ATTENDEE in REQUEST and CANCEL). LOCATION, URL
and CONFERENCE (RFC 7986) say how to join. Times carry the TZID of the
option's zone with a matching VTIMEZONE, or are written in UTC when the zone
is UTC. Pure: `dtstamp` is passed in.

The VTIMEZONE is computed here from the tzinfo rather than with icalendar's
`Timezone.from_tzinfo`, whose onsets for spring-forward transitions are written
in the new offset (e.g. DTSTART:20260329T030000 with TZOFFSETFROM:+0100, which
puts the change at 02:00 UTC instead of 01:00 UTC); RFC 5545 section 3.6.5 wants
the onset as the wall clock of the offset being left. It is written once per
zone and range of years and kept as written. The lines are written by
`schedule.icalwriter` in the order and form icalendar's `to_ical` gave them
(properties in icalendar's canonical order, then by name), which the tests
check byte for byte; which zones count as UTC (written with `Z`, no
VTIMEZONE) is still icalendar's answer (`tzid_from_dt`).
"""

from __future__ import annotations

import functools
import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

from icalendar.timezone import tzid_from_dt, tzid_from_tzinfo

from inviteassist.models import Option, Owner
from inviteassist.schedule import icalwriter as ical
from inviteassist.schedule.timefmt import require_aware

logger = logging.getLogger(__name__)

PRODID = "-//inviteassist//inviteassist 0.1//EN"
HOLD_PROPERTY = "X-INVITEASSIST-HOLD"
# How far either side of the event the VTIMEZONE describes the zone's rules.
TIMEZONE_MARGIN = timedelta(days=366)
_CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f]+")
_ZoneState = tuple[timedelta | None, timedelta | None, str | None]
_Lines = dict[str, str]  # a VEVENT's properties after its head: content line by name


@dataclass(frozen=True)
class EventDetails:
    """Who, what and where an option's event says; the same for the offer, the
    invitation and the cancellation of one option. `partstat` is the
    requester's answer as we know it (NEEDS-ACTION until they accepted)."""

    organizer: Owner
    attendee_email: str | None
    attendee_name: str | None
    summary: str
    description: str
    dtstamp: datetime
    location: str = ""
    url: str = ""
    partstat: str = "NEEDS-ACTION"


@dataclass(frozen=True)
class Observance:
    """One STANDARD or DAYLIGHT sub-component of a VTIMEZONE: from the local
    wall clock `onset` (in the offset being left) on, `offset_to` and `name`."""

    daylight: bool
    onset: datetime
    offset_from: timedelta
    offset_to: timedelta
    name: str


def build_proposal_calendar(option: Option, details: EventDetails, *,
                            as_request: bool = False) -> bytes:
    """One offered option, SEQUENCE 0. PUBLISH without attendee by default;
    `as_request` (and a known address) makes it a REQUEST with the requester
    as attendee. Either way TENTATIVE and TRANSPARENT: a proposal must not
    show the requester as busy, and Exchange files incoming requests as
    tentative anyway."""
    if as_request and details.attendee_email:
        return build_event_calendar(option, details, "REQUEST", "TENTATIVE", 0,
                                    transparent=True)
    public = EventDetails(details.organizer, None, None, details.summary, details.description,
                          details.dtstamp, details.location, details.url)
    return build_event_calendar(option, public, "PUBLISH", "TENTATIVE", 0, transparent=True)


def build_confirmation_calendar(option: Option, details: EventDetails, *,
                                sequence: int) -> bytes:
    """The agreed time: the chosen option's UID, STATUS:CONFIRMED, OPAQUE.
    METHOD:REQUEST with the requester as attendee (so their calendar updates
    the entry it may hold); PUBLISH without an address."""
    method = "REQUEST" if details.attendee_email else "PUBLISH"
    return build_event_calendar(option, details, method, "CONFIRMED", sequence,
                                transparent=False)


def build_cancel_calendar(option: Option, details: EventDetails, *, sequence: int) -> bytes:
    """Withdraws an option or a call: same UID, STATUS:CANCELLED, the SEQUENCE
    given (one above the last one sent). METHOD:CANCEL needs the attendee (RFC
    5546 3.2.5); without an address the PUBLISH form tells an importing
    calendar to drop it."""
    method = "CANCEL" if details.attendee_email else "PUBLISH"
    return build_event_calendar(option, details, method, "CANCELLED", sequence,
                                transparent=True)


def build_event_calendar(option: Option, details: EventDetails, method: str, status: str,
                         sequence: int, *, transparent: bool) -> bytes:
    """One VEVENT for `option` in a VCALENDAR with `method`, with a VTIMEZONE
    for a zone other than UTC."""
    if sequence < 0:
        raise ValueError(f"SEQUENCE must not be negative, got {sequence}")
    head = event_head(option.uid, option.start, option.end, summary=details.summary,
                      dtstamp=details.dtstamp)
    head.append(f"SEQUENCE:{sequence}")
    lines = place_lines(details.location, details.url)
    if details.description:
        lines["DESCRIPTION"] = ical.property_line(
            "DESCRIPTION", ical.text(clean_text(details.description)))
    lines["ORGANIZER"] = address_line("ORGANIZER", details.organizer.email,
                                      details.organizer.name)
    if details.attendee_email:
        lines["ATTENDEE"] = address_line("ATTENDEE", details.attendee_email,
                                         details.attendee_name,
                                         attendee_params(details.partstat))
    lines["STATUS"] = f"STATUS:{ical.text(status)}"
    lines["TRANSP"] = "TRANSP:TRANSPARENT" if transparent else "TRANSP:OPAQUE"
    return wrap_event(option.start, option.end, head, lines, method)


def place_lines(location: str, url: str) -> _Lines:
    """LOCATION (one line); URL and an RFC 7986 CONFERENCE for a link, which
    Apple Calendar and Google show as a join button."""
    lines = {}
    if clean_line(location):
        lines["LOCATION"] = ical.property_line("LOCATION", ical.text(clean_line(location)))
    if url:
        lines["URL"] = ical.property_line("URL", url)
        lines["CONFERENCE"] = ical.property_line(
            "CONFERENCE", url, (("VALUE", "URI"), ("FEATURE", ("AUDIO", "VIDEO"))))
    return lines


def build_hold_calendar(
    uid: str, start: datetime, end: datetime, *, summary: str, dtstamp: datetime
) -> bytes:
    """A tentative event marking held time in the owner's own CalDAV calendar:
    no METHOD (a stored object, not a message), no attendees, and the
    X-INVITEASSIST-HOLD marker by which we find it again and by which busy
    reading knows it is ours."""
    head = event_head(uid, start, end, summary=summary, dtstamp=dtstamp)
    lines = {"STATUS": "STATUS:TENTATIVE", "TRANSP": "TRANSP:OPAQUE",
             HOLD_PROPERTY: f"{HOLD_PROPERTY}:1"}
    return wrap_event(start, end, head, lines, None)


def event_head(uid: str, start: datetime, end: datetime, *, summary: str,
               dtstamp: datetime) -> list[str]:
    """SUMMARY, DTSTART/DTEND in the start's zone, DTSTAMP (UTC) and UID: the
    lines every VEVENT of ours begins with, in this order."""
    begin = require_aware(start, "event start")
    return [ical.property_line("SUMMARY", ical.text(clean_line(summary))),
            time_line("DTSTART", begin),
            time_line("DTEND", require_aware(end, "event end").astimezone(begin.tzinfo)),
            time_line("DTSTAMP", require_aware(dtstamp, "dtstamp").astimezone(UTC)),
            ical.property_line("UID", ical.text(uid))]


def time_line(name: str, value: datetime) -> str:
    """A DATE-TIME property: UTC with `Z`, else local with the zone's TZID."""
    tzid = zone_tzid(value)
    params = (("TZID", tzid),) if tzid and tzid != "UTC" else ()
    return ical.property_line(name, ical.date_time(value, tzid), params)


def zone_tzid(value: datetime) -> str | None:
    """icalendar's `tzid_from_dt`, remembered per ZoneInfo: its answer for one
    depends on the zone's key alone, and each event asks it four times."""
    zone = value.tzinfo
    if isinstance(zone, ZoneInfo):
        tzid = _zoneinfo_tzid(zone)
        return value.tzname() if tzid is None else tzid
    return tzid_from_dt(value)


@functools.lru_cache(maxsize=64)
def _zoneinfo_tzid(zone: ZoneInfo) -> str | None:
    return tzid_from_tzinfo(zone)


def wrap_event(start: datetime, end: datetime, head: list[str], lines: _Lines,
               method: str | None) -> bytes:
    """The VCALENDAR bytes around one VEVENT (`head`, then `lines` by name), with
    the VTIMEZONE of `start`'s zone unless that is UTC."""
    calendar = [ical.property_line("VERSION", "2.0"), ical.property_line("PRODID", PRODID),
                "CALSCALE:GREGORIAN"]
    if method:
        calendar.append(ical.property_line("METHOD", ical.text(method)))
    tzid = zone_tzid(start)
    if tzid and tzid != "UTC" and start.tzinfo is not None:
        calendar.append(build_timezone(tzid, start.tzinfo, start, end))
    calendar.append(ical.component("VEVENT", [*head, *(lines[name] for name in sorted(lines))]))
    return (ical.component("VCALENDAR", calendar) + ical.CRLF).encode()


def option_filename(option: Option) -> str:
    """`option-A-2026-12-01-1000.ics`, in the option's own zone."""
    label = re.sub(r"[^A-Za-z0-9]", "", option.label) or "X"
    return f"option-{label}-{option.start:%Y-%m-%d-%H%M}.ics"


def clean_line(text: str) -> str:
    """One line of text: control characters (CR, LF, ...) become spaces."""
    return " ".join(_CONTROL_CHARS.sub(" ", text).split())


def clean_text(text: str) -> str:
    """Multi-line text: line breaks kept as LF (icalendar escapes them as \\n),
    other control characters dropped."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(_CONTROL_CHARS.sub("", line.replace("\t", " ")) for line in lines)


def clean_name(name: str) -> str:
    """A CN parameter value: one line, no double quotes (which RFC 5545
    parameter values cannot hold and many clients do not decode per RFC 6868)."""
    return clean_line(name.replace('"', "'"))


def address_line(name: str, email: str, person: str | None,
                 params: tuple[tuple[str, str], ...] = ()) -> str:
    """An ORGANIZER or ATTENDEE: a `mailto:` address with an optional CN."""
    address = _CONTROL_CHARS.sub("", email).strip()
    if not address or any(char.isspace() for char in address) or "@" not in address:
        raise ValueError(f"not a usable e-mail address for a calendar: {email!r}")
    cn = clean_name(person) if person else ""
    return ical.property_line(name, f"mailto:{address}",
                              (("CN", cn), *params) if cn else params)


def attendee_params(partstat: str = "NEEDS-ACTION") -> tuple[tuple[str, str], ...]:
    """The requester as a required participant: asked to answer (RSVP=TRUE)
    unless they already did, in which case their answer is kept and nothing
    is asked again."""
    return (("ROLE", "REQ-PARTICIPANT"), ("PARTSTAT", partstat),
            ("RSVP", "TRUE" if partstat == "NEEDS-ACTION" else "FALSE"))


def build_timezone(tzid: str, zone: tzinfo, start: datetime, end: datetime) -> str:
    """The VTIMEZONE for `zone` valid from a year before `start` to a year after
    `end`: one observance for the initial state, one per transition."""
    return _timezone_between(tzid, zone, *timezone_years(start, end))


def timezone_years(start: datetime, end: datetime) -> tuple[datetime, datetime]:
    """From the new year before `start` less a margin to the one after `end`
    plus it: whole years, so that the options of one reply (and of many)
    share one VTIMEZONE, written once."""
    first = datetime(((start.astimezone(UTC) - TIMEZONE_MARGIN).year), 1, 1, tzinfo=UTC)
    last = datetime((end.astimezone(UTC) + TIMEZONE_MARGIN).year + 1, 1, 1, tzinfo=UTC)
    return first, last


@functools.lru_cache(maxsize=64)
def _timezone_between(tzid: str, zone: tzinfo, first: datetime, last: datetime) -> str:
    """The VTIMEZONE of `build_timezone`, remembered as written: zone data do
    not change while we run, and most replies use the owner's zone."""
    lines = [ical.property_line("TZID", ical.text(tzid))]
    for observance in observances(zone, first, last):
        lines.append(ical.component("DAYLIGHT" if observance.daylight else "STANDARD", (
            ical.property_line("DTSTART", ical.date_time(observance.onset, None)),
            ical.property_line("TZNAME", ical.text(observance.name)),
            f"TZOFFSETFROM:{ical.utc_offset(observance.offset_from)}",
            f"TZOFFSETTO:{ical.utc_offset(observance.offset_to)}")))
    return ical.component("VTIMEZONE", lines)


def observances(zone: tzinfo, first: datetime, last: datetime) -> list[Observance]:
    """The state of `zone` at `first`, then one observance per transition up to `last`."""
    initial = first.astimezone(zone)
    found = [observance(initial.replace(tzinfo=None), initial.utcoffset(), initial)]
    for instant, before in find_transitions(zone, first, last):
        onset = (instant + before).replace(tzinfo=None)  # wall clock of the offset left
        found.append(observance(onset, before, instant.astimezone(zone)))
    return found


def observance(onset: datetime, offset_from: timedelta | None, after: datetime) -> Observance:
    """One STANDARD or DAYLIGHT sub-component starting at the local `onset`."""
    return Observance(bool(after.dst()), onset, offset_from or timedelta(),
                      after.utcoffset() or timedelta(), after.tzname() or "")


def find_transitions(
    zone: tzinfo, first: datetime, last: datetime
) -> list[tuple[datetime, timedelta]]:
    """(UTC instant, offset before) for each change of `zone` in [first, last].

    Probes once a day and bisects to the second where the state changes.
    """
    found: list[tuple[datetime, timedelta]] = []
    probe = first
    while probe < last:
        following = probe + timedelta(days=1)
        if zone_state(zone, probe) != zone_state(zone, following):
            instant = bisect_transition(zone, probe, following)
            found.append((instant, probe.astimezone(zone).utcoffset() or timedelta()))
        probe = following
    return found


def zone_state(zone: tzinfo, instant: datetime) -> _ZoneState:
    """What a clock in `zone` shows about itself at `instant`."""
    local = instant.astimezone(zone)
    return local.utcoffset(), local.dst(), local.tzname()


def bisect_transition(zone: tzinfo, before: datetime, after: datetime) -> datetime:
    """The first whole second in (before, after] whose zone state differs from `before`'s."""
    state = zone_state(zone, before)
    while after - before > timedelta(seconds=1):
        middle = before + (after - before) / 2
        middle = middle.replace(microsecond=0)
        if zone_state(zone, middle) == state:
            before = middle
        else:
            after = middle
    return after

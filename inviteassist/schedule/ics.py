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
the onset as the wall clock of the offset being left.
"""

from __future__ import annotations

import functools
import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo

from icalendar import (
    Calendar,
    Event,
    Timezone,
    TimezoneDaylight,
    TimezoneStandard,
    vCalAddress,
    vUri,
)

from inviteassist.models import Option, Owner
from inviteassist.schedule.timefmt import require_aware

logger = logging.getLogger(__name__)

PRODID = "-//inviteassist//inviteassist 0.1//EN"
HOLD_PROPERTY = "X-INVITEASSIST-HOLD"
# How far either side of the event the VTIMEZONE describes the zone's rules.
TIMEZONE_MARGIN = timedelta(days=366)
_CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f]+")
_ZoneState = tuple[timedelta | None, timedelta | None, str | None]


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
    event = build_event(option.uid, option.start, option.end, summary=details.summary,
                        dtstamp=details.dtstamp)
    event.add("sequence", sequence)
    if details.description:
        event.add("description", clean_text(details.description))
    add_place(event, details.location, details.url)
    event.add("organizer", build_address(details.organizer.email, details.organizer.name))
    if details.attendee_email:
        event.add("attendee", build_attendee(details.attendee_email, details.attendee_name,
                                             details.partstat))
    event.add("status", status)
    event.add("transp", "TRANSPARENT" if transparent else "OPAQUE")
    return wrap_event(event, method)


def add_place(event: Event, location: str, url: str) -> None:
    """LOCATION (one line); URL and an RFC 7986 CONFERENCE for a link, which
    Apple Calendar and Google show as a join button."""
    if clean_line(location):
        event.add("location", clean_line(location))
    if url:
        event.add("url", vUri(url))
        conference = vUri(url)
        conference.params["VALUE"] = "URI"
        conference.params["FEATURE"] = ["AUDIO", "VIDEO"]  # a list: written unquoted
        event.add("conference", conference)


def build_hold_calendar(
    uid: str, start: datetime, end: datetime, *, summary: str, dtstamp: datetime
) -> bytes:
    """A tentative event marking held time in the owner's own CalDAV calendar:
    no METHOD (a stored object, not a message), no attendees, and the
    X-INVITEASSIST-HOLD marker by which we find it again and by which busy
    reading knows it is ours."""
    event = build_event(uid, start, end, summary=summary, dtstamp=dtstamp)
    event.add("status", "TENTATIVE")
    event.add("transp", "OPAQUE")
    event.add(HOLD_PROPERTY, "1")
    return wrap_event(event, None)


def build_event(uid: str, start: datetime, end: datetime, *, summary: str,
                dtstamp: datetime) -> Event:
    """A VEVENT with UID, DTSTAMP (UTC), DTSTART/DTEND in the start's zone, SUMMARY."""
    begin = require_aware(start, "event start")
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", require_aware(dtstamp, "dtstamp").astimezone(UTC))
    event.add("dtstart", begin)
    event.add("dtend", require_aware(end, "event end").astimezone(begin.tzinfo))
    event.add("summary", clean_line(summary))
    return event


def wrap_event(event: Event, method: str | None) -> bytes:
    """The VCALENDAR bytes around `event`, with the VTIMEZONE its times need."""
    calendar = build_calendar(method)
    tzid = event["DTSTART"].params.get("TZID")
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    if tzid and start.tzinfo is not None:
        calendar.add_component(build_timezone(tzid, start.tzinfo, start, end))
    calendar.add_component(event)
    return bytes(calendar.to_ical())


def option_filename(option: Option) -> str:
    """`option-A-2026-12-01-1000.ics`, in the option's own zone."""
    label = re.sub(r"[^A-Za-z0-9]", "", option.label) or "X"
    return f"option-{label}-{option.start:%Y-%m-%d-%H%M}.ics"


def build_calendar(method: str | None) -> Calendar:
    """An empty VCALENDAR with our PRODID and the given iTIP METHOD (None: no
    METHOD, as for an object stored on a CalDAV server)."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    return calendar


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


def build_address(email: str, name: str | None) -> vCalAddress:
    """A `mailto:` calendar address with an optional CN."""
    address = _CONTROL_CHARS.sub("", email).strip()
    if not address or any(char.isspace() for char in address) or "@" not in address:
        raise ValueError(f"not a usable e-mail address for a calendar: {email!r}")
    value = vCalAddress(f"mailto:{address}")
    if name and clean_name(name):
        value.params["CN"] = clean_name(name)
    return value


def build_attendee(email: str, name: str | None,
                   partstat: str = "NEEDS-ACTION") -> vCalAddress:
    """The requester as a required participant: asked to answer (RSVP=TRUE)
    unless they already did, in which case their answer is kept and nothing
    is asked again."""
    attendee = build_address(email, name)
    attendee.params["ROLE"] = "REQ-PARTICIPANT"
    attendee.params["PARTSTAT"] = partstat
    attendee.params["RSVP"] = "TRUE" if partstat == "NEEDS-ACTION" else "FALSE"
    return attendee


def build_timezone(tzid: str, zone: tzinfo, start: datetime, end: datetime) -> Timezone:
    """A VTIMEZONE for `zone` valid from a year before `start` to a year after
    `end`: one observance for the initial state, one per transition."""
    # Whole years, so that the options of one reply (and of many) share one
    # component, built once.
    first = datetime(((start.astimezone(UTC) - TIMEZONE_MARGIN).year), 1, 1, tzinfo=UTC)
    last = datetime((end.astimezone(UTC) + TIMEZONE_MARGIN).year + 1, 1, 1, tzinfo=UTC)
    return _timezone_between(tzid, zone, first, last)


@functools.lru_cache(maxsize=64)
def _timezone_between(tzid: str, zone: tzinfo, first: datetime, last: datetime) -> Timezone:
    """The VTIMEZONE of `build_timezone`, remembered: zone data do not change
    while we run, and a calendar only reads the component it is given."""
    component = Timezone()
    component.add("tzid", tzid)
    initial = first.astimezone(zone)
    component.add_component(
        build_observance(initial.replace(tzinfo=None), initial.utcoffset(), initial)
    )
    for instant, before in find_transitions(zone, first, last):
        onset = (instant + before).replace(tzinfo=None)  # wall clock of the offset left
        component.add_component(build_observance(onset, before, instant.astimezone(zone)))
    return component


def build_observance(
    onset: datetime, offset_from: timedelta | None, after: datetime
) -> TimezoneStandard | TimezoneDaylight:
    """One STANDARD or DAYLIGHT sub-component starting at the local `onset`."""
    observance = TimezoneDaylight() if after.dst() else TimezoneStandard()
    observance.add("dtstart", onset)
    observance.add("tzoffsetfrom", offset_from or timedelta())
    observance.add("tzoffsetto", after.utcoffset() or timedelta())
    observance.add("tzname", after.tzname() or "")
    return observance


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

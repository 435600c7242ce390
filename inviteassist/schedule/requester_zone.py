"""Which time zone the requester lives in, and how we know.

In order of trust: the owner's `[availability.requester_timezones]` entry
(always wins); the notification's location line; the personal note or its
signature (an IANA zone name, "UTC+2", "based in Nairobi", or a last line
that is a place). Nothing found: the zone is unknown and the caller uses the
owner's zone, as before. The `detail` says where the zone came from, for the
owner's note in the draft. Pure: the caller hands in the place index.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from inviteassist.schedule.locations import resolve_location, resolve_place
from inviteassist.schedule.places import Place, PlaceIndex
from inviteassist.schedule.timefmt import load_zone, zone_place_name

_IANA = re.compile(r"\b((?:Africa|America|Antarctica|Asia|Atlantic|Australia|Europe|Indian"
                   r"|Pacific)/[A-Za-z_]+(?:/[A-Za-z_]+)?)\b")
_OFFSET = re.compile(r"\b(?:UTC|GMT)\s?([+\-−])\s?(\d{1,2})(?::?00)?\b")
# "based in Nairobi", "ansässig in Hamburg", "basée à Toulouse" … (the place follows).
_BASED_IN = re.compile(
    r"\b(?:based in|located in|living in|live in|here in|ansässig in|mit sitz in|wohne in"
    r"|lebe in|sitze in|basée? à|installée? à|j'habite à|vivo en|resido en|radicad[oa] en"
    r"|con sede en|moro em|baseado em|baseada em|sediad[oa] em|vivo a|abito a"
    r"|con sede a|woon in|gevestigd in)\s+(?P<place>[^\n.;:!?()]{2,60})", re.IGNORECASE)
SIGNATURE_LINES = 3


@dataclass(frozen=True)
class RequesterZone:
    """The requester's zone (None: unknown), a name for it people read
    ("Seattle"), and how it was found."""

    zone: str | None
    label: str | None
    source: str  # "config", "location", "note" or "unknown"
    detail: str


def configured_zone(configured: str) -> RequesterZone:
    """The zone the owner configured for this requester (it always wins)."""
    return RequesterZone(configured, zone_place_name(configured), "config",
                         f"time zone {configured} from [availability.requester_timezones]")


def infer_requester_zone(location: str | None, note: str | None,
                         index: PlaceIndex) -> RequesterZone:
    """The requester's zone from the location line, else the note (when
    nothing is configured for them: see `configured_zone`)."""
    resolved = resolve_location(location, index)
    if resolved.place is not None:
        place = resolved.place
        return RequesterZone(place.zone, place.name, "location",
                             f"time zone {place.zone} from the {resolved.reason}")
    from_note = zone_in_note(note, index)
    if from_note is not None:
        return from_note
    return RequesterZone(None, None, "unknown", resolved.reason)


def zone_in_note(note: str | None, index: PlaceIndex) -> RequesterZone | None:
    """A zone the note states: an IANA name, a UTC offset, 'based in <place>',
    or a signature line that is a place."""
    if not note:
        return None
    for match in _IANA.finditer(note):
        try:
            load_zone(match.group(1))
        except ValueError:
            continue
        zone = match.group(1)
        return RequesterZone(zone, zone_place_name(zone), "note",
                             f"time zone {zone} named in the note")
    offset = _OFFSET.search(note)
    if offset and int(offset.group(2)) <= 14:
        hours = int(offset.group(2))
        sign = "-" if offset.group(1) == "+" else "+"  # Etc/GMT signs are inverted
        zone = "Etc/GMT" if hours == 0 else f"Etc/GMT{sign}{hours}"
        return RequesterZone(zone, offset.group(0).replace("−", "-"), "note",
                             f"UTC offset {offset.group(0)!r} in the note")
    for match in _BASED_IN.finditer(note):  # the index is read only when needed
        found = _leading_place(match.group("place"), index)
        if found is not None:
            return found
    lines = [line.strip(" -–—") for line in note.strip().splitlines() if line.strip()]
    for line in lines[-SIGNATURE_LINES:]:
        place = _signature_place(line, index)
        if place is not None:
            return RequesterZone(place.zone, place.name, "note",
                                 f"time zone {place.zone} from the note's signature line "
                                 f"{line!r}")
    return None


def _signature_place(line: str, index: PlaceIndex) -> Place | None:
    """A signature line written as a place: 'Toulouse, France', 'Austin, TX'."""
    parts = [part.strip() for part in line.split(",")]
    if (len(parts) < 2 or not all(parts) or len(line) > 80 or len(line.split()) > 8
            or line[-1] in ".!?:;"):
        return None  # a sentence, not a place
    last = parts[-1]
    if index.country(last) is None and index.us_state(last) is None:
        return None
    return resolve_place(line, index)


def _leading_place(text: str, index: PlaceIndex) -> RequesterZone | None:
    """The longest run of leading words that names a place ('Nairobi and ...')."""
    words = text.split()
    for count in range(min(len(words), 5), 0, -1):
        candidate = " ".join(words[:count]).rstrip(",")
        place = resolve_place(candidate, index)
        if place is not None:
            return RequesterZone(place.zone, place.name, "note",
                                 f"time zone {place.zone} from {candidate!r} in the note")
    return None

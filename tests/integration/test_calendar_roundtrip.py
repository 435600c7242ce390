"""A scheduling round trip on a real CalDAV server (Radicale), playing both
calendar clients: the requester's stores our confirmation as an iMIP client
does (METHOD removed) and answers with a REPLY; the organizer's copy takes the
REPLY in; our confirmation after a calendar accept overwrites the requester's
copy without resetting the accept; a CANCEL marks it cancelled.

Radicale stores what it is given, so what is checked is what comes back:
times, UID, SEQUENCE, PARTSTAT and STATUS after the server's round trip.
"""

from __future__ import annotations

import uuid

import icalendar
from caldav.davclient import DAVClient

from inviteassist.detect.itip import parse_properties, read_reply
from tests.calendar_shapes import calendar_of, followup, imip_parts, options
from tests.servers.radicale import PASSWORD, USER


def stored_form(message) -> str:
    """What a client files in its calendar for an iMIP message: the object
    without METHOD (RFC 4791 5.3.2)."""
    (part,) = imip_parts(message)
    calendar = calendar_of(part)
    del calendar["METHOD"]
    return calendar.to_ical().decode()


def put(client: DAVClient, calendar, text: str) -> None:
    """What a calendar client does to file or update an object: a plain PUT
    (the caldav library's own save would raise SEQUENCE on its own)."""
    uid = str(event_of(text)["UID"])
    response = client.put(f"{str(calendar.url).rstrip('/')}/{uuid.uuid5(uuid.NAMESPACE_URL, uid)}"
                          ".ics", text, {"Content-Type": "text/calendar; charset=utf-8"})
    assert response.status in (201, 204), response.status


def read(calendar, uid: str) -> icalendar.Event:
    return event_of(calendar.event_by_uid(uid).data)


def event_of(text: str) -> icalendar.Event:
    (event,) = icalendar.Calendar.from_ical(text).walk("VEVENT")
    return event


def reply_from(stored: icalendar.Event, partstat: str) -> str:
    """The requester's client answering: METHOD:REPLY with their ATTENDEE only."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Requester Client//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "REPLY")
    answer = icalendar.Event()
    for name in ("UID", "SEQUENCE", "DTSTART", "DTEND", "ORGANIZER"):
        answer[name] = stored[name]
    answer.add("dtstamp", stored.decoded("DTSTAMP"))
    attendee = icalendar.vCalAddress(str(stored["ATTENDEE"]))
    attendee.params["PARTSTAT"] = partstat
    answer.add("attendee", attendee)
    calendar.add_component(answer)
    return calendar.to_ical().decode()


def test_confirmation_reply_and_cancel_survive_a_caldav_round_trip(radicale):
    client = DAVClient(radicale.url, username=USER, password=PASSWORD)
    principal = client.principal()
    requester_side = principal.make_calendar(name=f"requester-{uuid.uuid4().hex[:8]}")
    organizer_side = principal.make_calendar(name=f"organizer-{uuid.uuid4().hex[:8]}")
    chosen = options()[1]

    confirmation = stored_form(followup("confirm", sequence=1, location="+49 30 1234567"))
    put(client, requester_side, confirmation)
    put(client, organizer_side, confirmation)
    stored = read(requester_side, chosen.uid)
    assert stored.decoded("DTSTART") == chosen.start
    assert stored.decoded("DTSTART").utcoffset() == chosen.start.utcoffset()
    assert (stored.decoded("SEQUENCE"), str(stored["STATUS"])) == (1, "CONFIRMED")
    assert str(stored["LOCATION"]) == "+49 30 1234567"
    assert stored["ATTENDEE"].params["PARTSTAT"] == "NEEDS-ACTION"

    # The requester accepts: their copy changes, and a REPLY goes to the organizer.
    put(client, requester_side, stored_form(followup("confirm", sequence=1,
                                                     partstat="ACCEPTED")))
    reply_text = reply_from(read(requester_side, chosen.uid), "ACCEPTED")
    reply = read_reply(parse_properties(reply_text), "REPLY", "dana@wu.example", [])
    assert (reply.uid, reply.partstat, reply.sequence, reply.attendee) == (
        chosen.uid, "ACCEPTED", 1, "dana@wu.example")

    # The organizer's client applies the REPLY to its copy.
    calendar = icalendar.Calendar.from_ical(organizer_side.event_by_uid(chosen.uid).data)
    calendar.walk("VEVENT")[0]["ATTENDEE"].params["PARTSTAT"] = reply.partstat
    put(client, organizer_side, calendar.to_ical().decode())
    applied = read(organizer_side, chosen.uid)
    assert applied["ATTENDEE"].params["PARTSTAT"] == "ACCEPTED"
    assert applied.decoded("SEQUENCE") == 1

    # Our confirmation after the accept keeps SEQUENCE and PARTSTAT: filing it
    # over the requester's copy leaves them accepted.
    put(client, requester_side, stored_form(followup("confirm", sequence=1,
                                                     partstat="ACCEPTED")))
    kept = read(requester_side, chosen.uid)
    assert (kept["ATTENDEE"].params["PARTSTAT"], kept.decoded("SEQUENCE")) == ("ACCEPTED", 1)

    # A cancellation with a higher SEQUENCE marks the same UID cancelled.
    put(client, requester_side, stored_form(followup("cancel", sequence=2)))
    gone = read(requester_side, chosen.uid)
    assert (str(gone["STATUS"]), gone.decoded("SEQUENCE")) == ("CANCELLED", 2)
    assert len(requester_side.events()) == 1

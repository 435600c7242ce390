"""Every kind of message we draft, read as a calendar-aware mail client reads
it: the MIME shape, METHOD in both the Content-Type and the VCALENDAR, at most
one iMIP object, UID/SEQUENCE/PARTSTAT rules and RFC 5546's restriction table."""

from __future__ import annotations

from dataclasses import replace

import pytest

from inviteassist.compose.followup import FollowUpInput, compose_followup
from inviteassist.compose.templates import build_environment
from inviteassist.models import Requester
from tests.calendar_shapes import (
    NOW,
    OWNER,
    SENDER,
    calendar_of,
    followup,
    imip_parts,
    options,
    proposal,
    reparse,
    request,
    restriction_problems,
    skeleton,
)

CONFIRMATION_SKELETON = [
    "multipart/mixed",
    "  multipart/alternative",
    "    text/plain",
    "    text/calendar; method=REQUEST",
    "  application/ics [attachment option-B-2026-11-25-1000.ics]",
]


def test_a_proposal_attaches_one_publish_file_per_option_and_no_request():
    message = proposal()
    assert skeleton(message) == [
        "multipart/mixed",
        "  text/plain",
        "  text/calendar; method=PUBLISH [attachment option-A-2026-11-24-1000.ics]",
        "  text/calendar; method=PUBLISH [attachment option-B-2026-11-25-1000.ics]",
        "  text/calendar; method=PUBLISH [attachment option-C-2026-11-26-1000.ics]",
    ]
    for part, option in zip(imip_parts(message), options(), strict=True):
        calendar = calendar_of(part)
        (event,) = calendar.walk("VEVENT")
        assert str(calendar["METHOD"]) == part.get_param("method") == "PUBLISH"
        assert (str(event["STATUS"]), str(event["TRANSP"])) == ("TENTATIVE", "TRANSPARENT")
        assert str(event["SUMMARY"]) == f"Option {option.label}: call with Alex Morgan (proposed)"
        assert str(event["LOCATION"]) == "Phone call — I will call the number you send me"
        assert "ATTENDEE" not in event
        assert (str(event["UID"]), event.decoded("SEQUENCE")) == (option.uid, 0)
        assert str(event["ORGANIZER"]) == f"mailto:{SENDER.email}"
        assert restriction_problems(calendar) == []


def test_the_proposal_text_asks_for_a_letter_or_a_time():
    body = proposal().get_body(("plain",)).get_content()
    assert "reply with the letter or a time" in body


def test_requests_mode_proposals_are_tentative_invitations():
    message = proposal(as_requests=True)
    for part in imip_parts(message):
        calendar = calendar_of(part)
        (event,) = calendar.walk("VEVENT")
        assert part.get_param("method") == str(calendar["METHOD"]) == "REQUEST"
        assert (str(event["STATUS"]), str(event["TRANSP"])) == ("TENTATIVE", "TRANSPARENT")
        assert event["ATTENDEE"].params["RSVP"] == "TRUE"
        assert restriction_problems(calendar) == []


def test_requests_mode_without_an_address_falls_back_to_publish():
    message = proposal(requester=Requester("Dana Wu"), as_requests=True)
    assert {p.get_param("method") for p in imip_parts(message)} == {"PUBLISH"}


def test_a_confirmation_is_exactly_one_inline_request_plus_an_ics_copy():
    message = followup("confirm", sequence=1)
    assert skeleton(message) == CONFIRMATION_SKELETON
    (inline,) = imip_parts(message)
    calendar = calendar_of(inline)
    (event,) = calendar.walk("VEVENT")
    assert str(calendar["METHOD"]) == inline.get_param("method") == "REQUEST"
    assert (str(event["UID"]), event.decoded("SEQUENCE")) == (options()[1].uid, 1)
    assert (str(event["STATUS"]), str(event["TRANSP"])) == ("CONFIRMED", "OPAQUE")
    assert str(event["ORGANIZER"]) == "mailto:alex.morgan@mail.example"
    attendee = event["ATTENDEE"]
    assert str(attendee) == "mailto:dana@wu.example"
    assert (attendee.params["PARTSTAT"], attendee.params["RSVP"]) == ("NEEDS-ACTION", "TRUE")
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    assert event.decoded("DTSTART") == options()[1].start
    assert str(event["DTSTAMP"].to_ical().decode()).endswith("Z")
    copy = next(message.iter_attachments())
    assert copy.get_payload(decode=True) == inline.get_payload(decode=True)
    assert restriction_problems(calendar) == []


def test_a_confirmation_after_a_calendar_accept_keeps_the_accept():
    message = followup("confirm", sequence=0, partstat="ACCEPTED")
    (event,) = calendar_of(imip_parts(message)[0]).walk("VEVENT")
    assert event.decoded("SEQUENCE") == 0
    assert (event["ATTENDEE"].params["PARTSTAT"], event["ATTENDEE"].params["RSVP"]) == (
        "ACCEPTED", "FALSE")


def test_a_reschedule_is_one_request_with_the_new_time_and_a_higher_sequence():
    moved = options()[1]
    moved = type(moved)(moved.label, moved.start.replace(hour=15), moved.end.replace(hour=15),
                        moved.uid)
    message = followup("reschedule", chosen=moved, sequence=2)
    assert [line.split(" [")[0] for line in skeleton(message)] == [
        line.split(" [")[0] for line in CONFIRMATION_SKELETON]
    (part,) = imip_parts(message)
    calendar = calendar_of(part)
    (event,) = calendar.walk("VEVENT")
    assert (str(event["UID"]), event.decoded("SEQUENCE")) == (moved.uid, 2)
    assert event.decoded("DTSTART") == moved.start
    assert event["ATTENDEE"].params["PARTSTAT"] == "NEEDS-ACTION"
    assert "now on" in message.get_body(("plain",)).get_content()
    assert restriction_problems(calendar) == []


@pytest.mark.parametrize("withdrawn", [False, True])
def test_a_cancel_is_one_inline_cancel_for_the_same_uid(withdrawn):
    message = followup("cancel", sequence=2, withdrawn=withdrawn)
    (part,) = imip_parts(message)
    calendar = calendar_of(part)
    (event,) = calendar.walk("VEVENT")
    assert str(calendar["METHOD"]) == part.get_param("method") == "CANCEL"
    assert (str(event["UID"]), event.decoded("SEQUENCE")) == (options()[1].uid, 2)
    assert str(event["STATUS"]) == "CANCELLED"
    assert restriction_problems(calendar) == []
    body = message.get_body(("plain",)).get_content()
    assert ("no longer needed" in body) == withdrawn


def test_call_location_and_video_link_reach_every_kind_of_file():
    where = {"location": "+49 30 1234567", "url": "https://meet.example.com/alex"}
    messages = [proposal(**where), followup("confirm", **where),
                followup("reschedule", **where), followup("cancel", **where)]
    for message in messages:
        for part in imip_parts(message):
            (event,) = calendar_of(part).walk("VEVENT")
            assert str(event["LOCATION"]) == "+49 30 1234567"
            assert str(event["URL"]) == "https://meet.example.com/alex"
            assert str(event["CONFERENCE"]) == "https://meet.example.com/alex"
            assert event["CONFERENCE"].params["VALUE"] == "URI"
    assert "Where: +49 30 1234567" in messages[1].get_body(("plain",)).get_content()


def test_a_location_that_is_a_link_is_also_the_url():
    (part, *_) = imip_parts(proposal(location="https://meet.example.com/x"))
    (event,) = calendar_of(part).walk("VEVENT")
    assert str(event["URL"]) == "https://meet.example.com/x"


def test_without_an_address_the_confirmation_is_an_attached_publish():
    message = followup("confirm", requester=Requester("Dana Wu"))
    assert skeleton(message) == [
        "multipart/mixed", "  text/plain",
        "  text/calendar; method=PUBLISH [attachment option-B-2026-11-25-1000.ics]"]
    (part,) = imip_parts(message)
    assert part.get_param("method") == str(calendar_of(part)["METHOD"]) == "PUBLISH"
    assert restriction_problems(calendar_of(part)) == []


def test_the_restriction_table_catches_what_it_encodes():
    """The table must be able to fail: a PUBLISH with an ATTENDEE, a REQUEST
    without one."""
    publish = calendar_of(imip_parts(proposal())[0])
    publish.walk("VEVENT")[0].add("attendee", "mailto:x@example.com")
    request = calendar_of(imip_parts(followup("confirm"))[0])
    del request.walk("VEVENT")[0]["ATTENDEE"]
    assert restriction_problems(publish) == ["PUBLISH: ATTENDEE appears 1 times, rule 0"]
    assert restriction_problems(request) == ["REQUEST: ATTENDEE appears 0 times, rule 1+"]


def test_calendar_words_follow_the_requesters_language():
    german = replace(request(), language="de")
    for purpose in ("confirm", "cancel"):
        message = reparse(compose_followup(build_environment(None), FollowUpInput(
            OWNER, german, purpose, options()[1], None, "<m@x>", NOW)))
        (event,) = calendar_of(imip_parts(message)[0]).walk("VEVENT")
        assert str(event["SUMMARY"]) == "Gespräch mit Alex Morgan"
        assert str(event["LOCATION"]).startswith("Telefonat")

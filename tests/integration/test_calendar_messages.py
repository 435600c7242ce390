"""The calendar messages on a real Dovecot, driven through the command line:
a text reply "B works" gives one confirmation with exactly one inline REQUEST
for B; a calendar accept of B gives a confirmation that keeps the accept; with
[invitations] proposals = "requests", A and C get CANCELs."""

from __future__ import annotations

import email
import json
from datetime import datetime
from email import policy
from pathlib import Path

import icalendar
import pytest

from inviteassist.cli.main import main
from tests.calendar_shapes import imip_parts, restriction_problems, skeleton
from tests.integration.imap_helpers import admin, flags_and_bodies
from tests.integration.test_followthrough import (
    BERLIN,
    calendar_accept,
    cli,
    option_events,
    reply,
    send_as_owner,
)
from tests.mailgen import linkedin_invitation

REPO = Path(__file__).resolve().parents[2]
T0 = "2026-11-23T09:00"
AFTER_REPLY = "2026-11-23T12:00"


def drafts(client, kind: str) -> list[email.message.EmailMessage]:
    found = []
    for _, body in flags_and_bodies(client, "Drafts").values():
        message = email.message_from_bytes(body, policy=policy.default)
        if message["X-InviteAssist"] == kind:
            found.append(message)
    return found


def inline_event(message) -> tuple[str, icalendar.Event]:
    """METHOD and VEVENT of the one iMIP object of `message`."""
    (part,) = imip_parts(message)
    calendar = icalendar.Calendar.from_ical(part.get_payload(decode=True))
    assert str(calendar["METHOD"]) == part.get_param("method")
    assert restriction_problems(calendar) == []
    (event,) = calendar.walk("VEVENT")
    return str(calendar["METHOD"]), event


def proposal_sent(client, config: Path) -> tuple[str, dict[str, icalendar.Event]]:
    """One invitation polled; the owner sends its draft. Returns the sent
    Message-ID and the offered events by letter."""
    client.append("INBOX", linkedin_invitation(1, email="dana@wu.example"))
    cli(config, "-q", "poll", "--once", now=T0)
    (draft,) = drafts(client, "reply")
    offered = option_events(draft)
    assert all(str(e["STATUS"]) == "TENTATIVE" and str(e["TRANSP"]) == "TRANSPARENT"
               for e in offered.values())
    return send_as_owner(client, "Sent", draft, 1), offered


@pytest.fixture
def requests_config(imap_config: Path) -> Path:
    imap_config.write_text(imap_config.read_text() + '\n[invitations]\nproposals = "requests"\n')
    return imap_config


def test_a_text_reply_gives_one_inline_request_for_the_chosen_option(dovecot, imap_account,
                                                                     imap_config):
    client = admin(dovecot, imap_account)
    sent, offered = proposal_sent(client, imap_config)
    client.append("INBOX", reply("dana@wu.example", sent, "Re: call", "B works for me."))
    cli(imap_config, "-q", "poll", "--once", now=AFTER_REPLY)
    (confirmation,) = drafts(client, "confirm")
    assert skeleton(confirmation)[:4] == ["multipart/mixed", "  multipart/alternative",
                                          "    text/plain", "    text/calendar; method=REQUEST"]
    method, event = inline_event(confirmation)
    assert method == "REQUEST"
    assert str(event["UID"]) == str(offered["B"]["UID"])
    assert event.decoded("DTSTART") == offered["B"].decoded("DTSTART")
    assert (event.decoded("SEQUENCE"), str(event["STATUS"])) == (1, "CONFIRMED")
    assert event["ATTENDEE"].params["RSVP"] == "TRUE"
    assert str(event["LOCATION"])
    assert drafts(client, "cancel") == []
    client.logout()


def test_a_calendar_accept_gives_a_confirmation_that_keeps_the_accept(dovecot, imap_account,
                                                                      requests_config):
    client = admin(dovecot, imap_account)
    _, offered = proposal_sent(client, requests_config)
    client.append("INBOX", calendar_accept("dana@wu.example", offered["B"]))
    cli(requests_config, "-q", "poll", "--once", now=AFTER_REPLY)
    (confirmation,) = drafts(client, "confirm")
    method, event = inline_event(confirmation)
    assert (method, str(event["UID"])) == ("REQUEST", str(offered["B"]["UID"]))
    assert event.decoded("SEQUENCE") == offered["B"].decoded("SEQUENCE") == 0
    attendee = event["ATTENDEE"]
    assert (attendee.params["PARTSTAT"], attendee.params["RSVP"]) == ("ACCEPTED", "FALSE")
    client.logout()


def test_requests_mode_cancels_the_options_not_chosen(dovecot, imap_account,
                                                      requests_config):
    client = admin(dovecot, imap_account)
    sent, offered = proposal_sent(client, requests_config)
    client.append("INBOX", reply("dana@wu.example", sent, "Re: call", "B works for me."))
    cli(requests_config, "-q", "poll", "--once", now=AFTER_REPLY)
    (confirmation,) = drafts(client, "confirm")
    assert inline_event(confirmation)[1]["UID"] == offered["B"]["UID"]
    cancels = {}
    for message in drafts(client, "cancel"):
        method, event = inline_event(message)
        assert (method, str(event["STATUS"]), event.decoded("SEQUENCE")) == (
            "CANCEL", "CANCELLED", 1)
        cancels[str(event["UID"])] = event
    assert set(cancels) == {str(offered["A"]["UID"]), str(offered["C"]["UID"])}
    client.logout()


def test_offline_drafts_of_the_demo_mailbox_meet_the_calendar_rules(capsysbinary):
    """Every draft `inviteassist draft` makes from the demo invitations: no
    option CONFIRMED+OPAQUE, each SUMMARY names its letter, each has a
    LOCATION, and no message holds more than one REQUEST."""
    drafted = 0
    for path in sorted((REPO / "examples" / "demo-mailbox" / "cur").iterdir()):
        code = main(["draft", "--config", str(REPO / "config" / "demo.toml"), "--now",
                     "2026-11-25T09:00", str(path)])
        out = capsysbinary.readouterr().out
        if code != 0:
            continue  # not an invitation
        drafted += 1
        message = email.message_from_bytes(out, policy=policy.default)
        parts = imip_parts(message)
        assert sum(p.get_param("method") == "REQUEST" for p in parts) <= 1
        for part in parts:
            calendar = icalendar.Calendar.from_ical(part.get_payload(decode=True))
            (event,) = calendar.walk("VEVENT")
            label = part.get_filename().split("-")[1]
            assert (str(event["STATUS"]), str(event["TRANSP"])) != ("CONFIRMED", "OPAQUE")
            assert str(event["SUMMARY"]).startswith(f"Option {label}:")
            assert str(event.get("LOCATION", "")) or str(event.get("URL", ""))
            assert restriction_problems(calendar) == []
    assert drafted >= 4


def test_mark_reschedule_then_cancel_draft_the_calendar_updates(dovecot, imap_account,
                                                                imap_config):
    client = admin(dovecot, imap_account)
    sent, offered = proposal_sent(client, imap_config)
    client.append("INBOX", reply("dana@wu.example", sent, "Re: call", "B works for me."))
    cli(imap_config, "-q", "poll", "--once", now=AFTER_REPLY)
    request_id = json.loads(cli(imap_config, "report", "--json"))["requests"][0]["id"]
    out = cli(imap_config, "mark", str(request_id), "reschedule", "--at", "2026-12-03T15:00",
              now=AFTER_REPLY)
    assert "1 calendar message(s) drafted" in out
    cli(imap_config, "mark", str(request_id), "cancel", now=AFTER_REPLY)
    cli(imap_config, "-q", "poll", "--once", now=AFTER_REPLY)
    (moved,) = drafts(client, "reschedule")
    method, event = inline_event(moved)
    assert (method, str(event["UID"]), event.decoded("SEQUENCE")) == (
        "REQUEST", str(offered["B"]["UID"]), 2)
    assert event.decoded("DTSTART") == datetime(2026, 12, 3, 15, 0, tzinfo=BERLIN)
    (cancel,) = drafts(client, "cancel")
    method, event = inline_event(cancel)
    assert (method, str(event["UID"]), event.decoded("SEQUENCE")) == (
        "CANCEL", str(offered["B"]["UID"]), 3)
    client.logout()

"""Follow-through end to end on each IMAP server (Dovecot, Courier, Cyrus with
altnamespace no and yes), with the clock set by --now.

Five invitations. The owner sends three of the drafts. One requester writes
"Tuesday at 2pm works" in a threaded reply, one accepts option B with a
calendar reply, one sends only an out-of-office, two never hear back. After
the deadline: two scheduled at the right times, one silent, two never sent,
holds released as they should be; then one call is marked spoke and one
no-show.
"""

from __future__ import annotations

import email
import json
import os
import sqlite3
import subprocess
import sys
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest

from tests.integration.imap_helpers import admin, flags_and_bodies
from tests.mailgen import linkedin_invitation

REPO = Path(__file__).resolve().parents[2]
BERLIN = ZoneInfo("Europe/Berlin")
T0 = "2026-11-23T09:00"          # a Monday
AFTER_REPLIES = "2026-11-23T12:00"
NUDGE_DAY = "2026-11-27T09:00"   # 4 business days after sending
AFTER_DEADLINE = "2026-12-04T09:00"


def cli(config: Path, *args: str, now: str | None = None) -> str:
    argv = [sys.executable, "-m", "inviteassist", *args, "--config", str(config)]
    if now:
        argv += ["--now", now]
    result = subprocess.run(argv, capture_output=True, text=True, check=False, cwd=REPO,
                            env={**os.environ, "PYTHONPATH": str(REPO)})
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture
def scenario_config(server_config: Path) -> Path:
    imap_config = server_config
    text = imap_config.read_text()
    start = text.index("[availability.windows]")
    end = text.index("[state]")
    imap_config.write_text(text[:start] + """[availability.windows]
tuesday = ["14:00-17:00"]
wednesday = ["10:00-12:00"]
thursday = ["10:00-12:00"]
friday = ["10:00-12:00"]

[tracking]
reply_deadline_days = 5
nudge_after_days = 3

""" + text[end:])
    return imap_config


def drafts_by_recipient(client, drafts: str) -> dict[str, email.message.EmailMessage]:
    found = {}
    for _, body in flags_and_bodies(client, drafts).values():
        message = email.message_from_bytes(body, policy=email.policy.default)
        if message["X-InviteAssist"] == "reply":
            found[str(message["To"].addresses[0].addr_spec)] = message
    return found


def send_as_owner(client, sent: str, draft: email.message.EmailMessage, n: int) -> str:
    """What a mail program does on Send: a copy in Sent, a fresh Message-ID."""
    sent_id = f"<sent-{n}@morgan.example>"
    del draft["Message-ID"]
    draft["Message-ID"] = sent_id
    if not client.folder_exists(sent):
        client.create_folder(sent)
    client.append(sent, draft.as_bytes(policy=email.policy.SMTP), flags=[b"\\Seen"])
    return sent_id


def option_events(draft: email.message.EmailMessage) -> dict[str, icalendar.Event]:
    events = {}
    for part in draft.iter_attachments():
        label = part.get_filename().split("-")[1]
        events[label] = icalendar.Calendar.from_ical(part.get_content()).walk("VEVENT")[0]
    return events


def reply(sender: str, in_reply_to: str, subject: str, body: str,
          **headers: str) -> bytes:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "Alex Morgan <alex@morgan.example>"
    message["Subject"] = subject
    message["Message-ID"] = f"<r.{abs(hash((sender, subject)))}@example.com>"
    message["In-Reply-To"] = in_reply_to
    message["References"] = in_reply_to
    message["Date"] = format_datetime(datetime(2026, 11, 23, 11, 0, tzinfo=BERLIN))
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content(body)
    return message.as_bytes()


def calendar_accept(sender: str, event: icalendar.Event) -> bytes:
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Example Calendar//EN")
    cal.add("version", "2.0")
    cal.add("method", "REPLY")
    answer = icalendar.Event()
    answer.add("uid", str(event["UID"]))
    answer.add("sequence", 0)
    answer.add("dtstamp", datetime(2026, 11, 23, 10, 0, tzinfo=BERLIN))
    answer.add("dtstart", event.decoded("DTSTART"))
    answer.add("dtend", event.decoded("DTEND"))
    attendee = icalendar.vCalAddress(f"mailto:{sender}")
    attendee.params["PARTSTAT"] = "ACCEPTED"
    answer.add("attendee", attendee)
    cal.add_component(answer)
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "alex@morgan.example"
    message["Subject"] = "Accepted: Call"
    message["Message-ID"] = "<accept-2@example.com>"
    message.set_content("Accepted.")
    message.add_alternative(cal.to_ical(), maintype="text", subtype="calendar",
                            params={"method": "REPLY"})
    return message.as_bytes()


def test_the_whole_funnel(imap_server, server_account, scenario_config):
    client = admin(imap_server, server_account)
    drafts_folder = imap_server.personal("Drafts")
    for n in range(1, 6):
        client.append("INBOX", linkedin_invitation(n, email=f"p{n}@example.com"))
    cli(scenario_config, "-q", "poll", "--once", now=T0)
    drafts = drafts_by_recipient(client, drafts_folder)
    assert sorted(drafts) == [f"p{n}@example.com" for n in range(1, 6)]

    sent = {n: send_as_owner(client, imap_server.personal("Sent"), drafts[f"p{n}@example.com"],
                             n) for n in (1, 2, 3)}
    offered_1 = option_events(drafts["p1@example.com"])
    offered_2 = option_events(drafts["p2@example.com"])
    assert offered_1["A"].decoded("DTSTART") == datetime(2026, 11, 24, 14, 0, tzinfo=BERLIN)

    client.append("INBOX", reply(
        "p1@example.com", sent[1], "Re: call",
        "Tuesday at 2pm works for me.\n\nOn Mon, Nov 23, 2026 at 10:00 AM Alex Morgan "
        "<alex@morgan.example> wrote:\n> Would one of these times suit you?\n"
        "> B) Wednesday 25 November 2026, 10:00\n"))
    client.append("INBOX", calendar_accept("p2@example.com", offered_2["B"]))
    client.append("INBOX", reply(
        "p3@example.com", sent[3], "Automatic reply: Re: call",
        "I am out of the office until 3 December 2026 with limited access to email.",
        Auto_Submitted="auto-replied"))
    cli(scenario_config, "-q", "poll", "--once", now=AFTER_REPLIES)
    cli(scenario_config, "-q", "poll", "--once", now=NUDGE_DAY)
    cli(scenario_config, "-q", "poll", "--once", now=AFTER_DEADLINE)

    rows = json.loads(cli(scenario_config, "report", "--json",
                          now=AFTER_DEADLINE))["requests"]
    by_email = {r["email"]: r for r in rows}
    assert {e: r["state"] for e, r in by_email.items()} == {
        "p1@example.com": "scheduled", "p2@example.com": "scheduled",
        "p3@example.com": "silent", "p4@example.com": "drafted", "p5@example.com": "drafted"}
    assert any("option A" in h["cause"] and "2026-11-24T14:00:00+01:00" in h["cause"]
               for h in by_email["p1@example.com"]["history"])
    start_b = offered_2["B"].decoded("DTSTART").isoformat()
    assert any("option B" in h["cause"] and start_b in h["cause"]
               for h in by_email["p2@example.com"]["history"])
    assert any("auto-reply" in h["cause"] and "2026-12-03" in h["cause"]
               for h in by_email["p3@example.com"]["history"])
    assert any(h["cause"] == "nudge drafted" for h in by_email["p3@example.com"]["history"])

    with sqlite3.connect(scenario_config.parent / "state.sqlite3") as db:
        holds = {(mail, label): (released, expires) for mail, label, released, expires in
                 db.execute("SELECT r.email, h.label, h.released_at IS NOT NULL, h.expires_at "
                            "FROM holds h JOIN requests r ON r.id = h.request_id")}
    deadline = datetime.fromisoformat(AFTER_DEADLINE).replace(tzinfo=BERLIN)
    expected_released = {"p1@example.com": {"B", "C"}, "p2@example.com": {"A", "C"},
                         "p3@example.com": {"A", "B", "C"}}
    for (mail, label), (released, expires) in holds.items():
        if mail in expected_released:
            assert bool(released) == (label in expected_released[mail]), (mail, label)
        else:  # never sent: the hold simply ran out
            assert not released and datetime.fromisoformat(expires) <= deadline
    kinds = [m["X-InviteAssist"] for _, body in flags_and_bodies(client, drafts_folder).values()
             for m in [email.message_from_bytes(body)]]
    assert sorted(kinds) == ["confirm", "confirm", "nudge"] + ["reply"] * 5

    ids = {r["email"]: r["id"] for r in rows}
    cli(scenario_config, "mark", str(ids["p1@example.com"]), "spoke", now=AFTER_DEADLINE)
    cli(scenario_config, "mark", str(ids["p2@example.com"]), "no-show", now=AFTER_DEADLINE)
    final = json.loads(cli(scenario_config, "report", "--json", now=AFTER_DEADLINE))
    table = {r["email"]: r["state"] for r in final["requests"]}
    assert table["p1@example.com"] == "spoke" and table["p2@example.com"] == "no-show"
    print(cli(scenario_config, "report", now=AFTER_DEADLINE))
    client.logout()

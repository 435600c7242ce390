"""Golden tests over the corpus samples that are not LinkedIn invitations.

The Facebook friend request, the calendar (iTIP) replies and the human replies
of ../shared/corpus/real, as `inspect --json` fields. The `.ics` samples are
bodies only: each is wrapped four ways, as the corpus README documents the
clients do (single-part `text/calendar` with and without `method=`, an
`application/ics` attachment, an `.ics` attachment of type octet-stream).
The human replies (`.txt` bodies and `.eml` messages) are never a network
notification. The last test checks that every sample is covered somewhere.
"""

from __future__ import annotations

from datetime import datetime
from email.message import EmailMessage
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from inviteassist.detect.classify import classification_to_dict, classify, classify_bytes
from inviteassist.detect.parse import parse_message
from inviteassist.models import Kind
from tests.unit.detect.test_detect_corpus import REAL  # skips this module when the corpus is absent
from tests.unit.detect.test_detect_corpus import SAMPLES as LINKEDIN_SAMPLES

pytestmark = pytest.mark.corpus

APPLE = "itip_apple-ical3_2008_reply_accepted_ccs-good_reply.eml"
HEADERS_ONLY = "itip_unknown-client_2012_reply_accepted_headers-only.eml"
EXCHANGE_2014 = "itip_outlook-exchange2010_2014_reply_accepted_kwasant.ics"
EXCHANGE_2026 = "itip_outlook-exchange2010_2026_reply_accepted_go-fixture.ics"
FACEBOOK = "facebook_2010-09_friend-request_en_headers-only.eml"
# The two LinkedIn .eml samples, read whole by test_detect_corpus.py.
LINKEDIN_2016_EML = "linkedin_2016_invite_en_imapdigester_1.eml"
LINKEDIN_INMAIL = "linkedin_2026-01_inmail_de_reply-to-reply.linkedin.com.eml"


def inspected(raw: bytes) -> dict[str, object]:
    return classification_to_dict(classify_bytes(raw))


def test_facebook_friend_request_is_a_facebook_invitation_known_by_profile() -> None:
    result = inspected((REAL / FACEBOOK).read_bytes())
    assert (result["kind"], result["network"], result["genuine"]) == (
        "invitation", "facebook", None)
    assert result["requester"] == {  # "???" is no name; the header names the profile
        "name": None, "email": None, "headline": None,
        "profile_url": "https://www.facebook.com/profile.php?id=1322510299"}
    reasons = result["reasons"]
    assert isinstance(reasons, list)
    assert "header X-Facebook-Notify says invitation" in reasons
    assert "profile from X-Facebook-Notify" in reasons
    assert "bad input: header lines that lost their indentation were rejoined" in reasons


def test_apple_ical3_reply_without_method_parameter() -> None:
    result = classify_bytes((REAL / APPLE).read_bytes())
    assert (result.kind, result.network) == (Kind.MEETING_REPLY, None)
    reply = result.meeting_reply
    assert reply is not None
    assert (reply.uid, reply.method, reply.partstat, reply.attendee, reply.sequence) == (
        "1E71F9C8-AEDA-48EB-98D0-76E898F6BB5C", "REPLY", "ACCEPTED", "xyzzy@example.com", 7)
    pacific = ZoneInfo("US/Pacific")
    assert (reply.proposed_start, reply.proposed_end) == (
        datetime(2008, 8, 12, 10, tzinfo=pacific), datetime(2008, 8, 12, 11, tzinfo=pacific))
    assert result.requester is not None and result.requester.email == "xyzzy@example.com"


def test_truncated_reply_is_still_a_meeting_reply_that_cannot_be_matched() -> None:
    result = classify_bytes((REAL / HEADERS_ONLY).read_bytes())
    assert result.kind is Kind.MEETING_REPLY
    assert result.meeting_reply is not None
    assert (result.meeting_reply.uid, result.meeting_reply.method) == ("", "REPLY")
    assert "no UID (truncated?): cannot be matched" in result.reasons


def wrap_ics(text: str, how: str) -> bytes:
    message = EmailMessage()
    message["From"] = "Owen Hale <ohale1@corvant.example>"
    message["To"] = "Daniel Ostrowski <daniel@ostrowski.example>"
    message["Subject"] = "Accepted: Appointment"
    if how == "inline with method":
        message.set_content(text, subtype="calendar", params={"method": "REPLY"})
    elif how == "inline without method":
        message.set_content(text, subtype="calendar")
        message["Content-class"] = "urn:content-classes:calendarmessage"
    else:
        message.set_content("Owen Hale has accepted.\n")
        kind = ("application", "ics") if how == "application/ics" else ("application",
                                                                        "octet-stream")
        message.add_attachment(text.encode(), maintype=kind[0], subtype=kind[1],
                               filename="invite.ics")
    return message.as_bytes()


WRAPPINGS = ["inline with method", "inline without method", "application/ics", "octet-stream"]


@pytest.mark.parametrize("how", WRAPPINGS)
def test_exchange_2026_reply_in_every_wrapping(how: str) -> None:
    result = classify_bytes(wrap_ics((REAL / EXCHANGE_2026).read_text(), how))
    assert inspected(wrap_ics((REAL / EXCHANGE_2026).read_text(), how))["meeting_reply"] == {
        "uid": "wkbwk6h64hc60li5rxz7hdx87m@google.com", "method": "REPLY",
        "partstat": "ACCEPTED", "attendee": "ohale1@corvant.example"}
    reply = result.meeting_reply
    assert reply is not None
    berlin = ZoneInfo("Europe/Berlin")  # TZID "W. Europe Standard Time"
    assert reply.proposed_start == datetime(2026, 8, 12, 12, tzinfo=berlin)
    assert reply.proposed_end == datetime(2026, 8, 12, 12, 30, tzinfo=berlin)
    assert result.requester is not None and result.requester.name == "Hale, Owen"


@pytest.mark.parametrize("how", WRAPPINGS)
def test_exchange_2014_placeholders_degrade_to_empty_fields(how: str) -> None:
    result = classify_bytes(wrap_ics((REAL / EXCHANGE_2014).read_text(), how))
    assert result.kind is Kind.MEETING_REPLY
    assert result.meeting_reply is not None
    reply = result.meeting_reply
    assert (reply.uid, reply.partstat, reply.attendee, reply.sequence) == ("{2}", None, None, 0)
    assert "PARTSTAT '{0}' is not a participation status" in result.reasons
    assert "ATTENDEE has no usable address" in result.reasons


REPLY_TEXTS = sorted(p for p in REAL.glob("reply_*.txt") if not p.name.endswith(".source.txt"))
REPLY_EMLS = sorted(REAL.glob("reply_*.eml"))


@pytest.mark.parametrize("path", REPLY_TEXTS, ids=[p.stem for p in REPLY_TEXTS])
def test_human_reply_bodies_are_other(path: Path) -> None:
    message = EmailMessage()
    message["From"] = "Sofia Marquez <sofia@northwind.example>"
    message["To"] = "Alex Morgan <alex@morgan.example>"
    message["Subject"] = "Re: Sofia Marquez wants to connect"
    message.set_content(path.read_text(encoding="utf-8"))
    result = classify(parse_message(message.as_bytes()))
    assert (result.kind, result.network, result.genuine) == (Kind.OTHER, None, None)


@pytest.mark.parametrize("path", REPLY_EMLS, ids=[p.stem for p in REPLY_EMLS])
def test_human_reply_messages_are_other(path: Path) -> None:
    result = inspected(path.read_bytes())
    assert (result["kind"], result["network"], result["meeting_reply"]) == ("other", None, None)


def test_every_corpus_sample_has_a_golden_test() -> None:
    samples = {p.name for p in REAL.iterdir() if not p.name.endswith(".source.txt")}
    linkedin = {s.file for s in LINKEDIN_SAMPLES} | {LINKEDIN_2016_EML, LINKEDIN_INMAIL}
    covered = linkedin | {APPLE, HEADERS_ONLY, EXCHANGE_2014, EXCHANGE_2026, FACEBOOK}
    covered |= {p.name for p in REPLY_TEXTS + REPLY_EMLS}
    assert samples == covered

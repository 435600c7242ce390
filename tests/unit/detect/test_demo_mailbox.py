"""The bundled demo mailbox says what the demo claims it says.

examples/demo-mailbox is a Maildir owned by Alex Morgan <alex@morgan.example>
holding nine messages of November 2026: four genuine-looking invitations in
mixed forms, a reminder of one of them, an "accepted" notice, two ordinary
mails and a lookalike phishing invitation. These tests keep it honest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from inviteassist.detect.classify import classify
from inviteassist.detect.parse import parse_message
from inviteassist.models import Classification, Kind

MAILDIR = Path(__file__).resolve().parents[3] / "examples" / "demo-mailbox"
MAILDIR_NAME = re.compile(r"^\d{10}\.M\d+P\d+\.demo:2,[DFPRST]*$")
OWNER = "alex@morgan.example"


@dataclass(frozen=True)
class Expected:
    kind: Kind
    network: str | None = "linkedin"
    genuine: bool | None = None
    name: str | None = None
    email: str | None = None
    invitation_id: str | None = None
    personal_note: bool = False


DEMO = {
    "1793607240.M1P1.demo:2,S": Expected(Kind.INVITATION, name="Oliver Brandt",
                                          invitation_id="7401022334455667788"),
    "1793724000.M2P1.demo:2,": Expected(Kind.INVITATION, name="Sofia Marquez",
                                         invitation_id="7402911100223344556", personal_note=True),
    "1793869320.M3P1.demo:2,": Expected(Kind.INVITATION, genuine=True, name="Kwame Mensah",
                                         email="kwame@mensah-studio.example",
                                         invitation_id="7403388776655443322", personal_note=True),
    "1794223620.M4P1.demo:2,S": Expected(Kind.INVITATION, genuine=True, name="Hannah Schulz",
                                          invitation_id="7404455667788990011"),
    "1794297300.M5P1.demo:2,": Expected(Kind.INVITATION_REMINDER, name="Sofia Marquez",
                                         invitation_id="7402911100223344556", personal_note=True),
    "1794490260.M6P1.demo:2,S": Expected(Kind.INVITATION_ACCEPTED, name="Lucas Ferreira"),
    "1794823500.M7P1.demo:2,S": Expected(Kind.OTHER, network=None),
    "1794897000.M8P1.demo:2,": Expected(Kind.OTHER, network=None),
    "1795031280.M9P1.demo:2,": Expected(Kind.OTHER, network=None, genuine=False),
}


def classify_demo(name: str) -> Classification:
    return classify(parse_message((MAILDIR / "cur" / name).read_bytes()))


def test_demo_mailbox_is_a_maildir_with_exactly_the_listed_messages() -> None:
    for folder in ("cur", "new", "tmp"):
        assert (MAILDIR / folder).is_dir()
    assert {p.name for p in (MAILDIR / "new").iterdir()} == {".gitkeep"}
    assert {p.name for p in (MAILDIR / "tmp").iterdir()} == {".gitkeep"}
    names = {p.name for p in (MAILDIR / "cur").iterdir()}
    assert names == set(DEMO)
    assert all(MAILDIR_NAME.match(name) for name in names)


@pytest.mark.parametrize("name", sorted(DEMO))
def test_demo_message_classification(name: str) -> None:
    expected, result = DEMO[name], classify_demo(name)
    assert (result.kind, result.network, result.genuine) == (
        expected.kind, expected.network, expected.genuine,
    )
    assert result.invitation_id == expected.invitation_id
    if expected.name is None:
        assert result.requester is None
        return
    assert result.requester is not None
    assert (result.requester.name, result.requester.email) == (expected.name, expected.email)
    assert ("personal note" in result.reasons) is expected.personal_note


@pytest.mark.parametrize("name", sorted(DEMO))
def test_demo_messages_are_for_the_owner_in_november_2026(name: str) -> None:
    envelope = parse_message((MAILDIR / "cur" / name).read_bytes()).envelope
    assert OWNER in envelope.to_addrs
    assert envelope.date is not None
    assert (envelope.date.year, envelope.date.month) == (2026, 11)
    assert envelope.message_id and envelope.message_id.startswith("<")
    delivered = int(name.split(".", 1)[0])  # Maildir names start with the delivery time
    assert 0 <= delivered - envelope.date.timestamp() < 86_400


def test_the_reminder_is_the_same_request_as_its_invitation() -> None:
    invitation = classify_demo("1793724000.M2P1.demo:2,")
    reminder = classify_demo("1794297300.M5P1.demo:2,")
    assert reminder.kind is Kind.INVITATION_REMINDER
    assert reminder.network == invitation.network == "linkedin"
    assert reminder.invitation_id == invitation.invitation_id


def test_the_phishing_invitation_is_flagged_as_a_lookalike() -> None:
    result = classify_demo("1795031280.M9P1.demo:2,")
    assert "sender domain linkedln.com is not linkedin.com" in result.reasons
    assert result.requester is None


def test_message_ids_are_unique() -> None:
    ids = [parse_message((MAILDIR / "cur" / n).read_bytes()).envelope.message_id for n in DEMO]
    assert len(set(ids)) == len(DEMO)

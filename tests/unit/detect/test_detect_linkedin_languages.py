"""LinkedIn in seven languages, and reminders that find their invitation."""

from __future__ import annotations

from datetime import datetime
from email.message import EmailMessage
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from inviteassist.detect.classify import classify, classify_bytes
from inviteassist.detect.networks.linkedin_wording import LINKEDIN
from inviteassist.detect.parse import parse_message
from inviteassist.funnel.decide import identify_request
from inviteassist.models import Classification, Kind, Request
from inviteassist.store.db import Store

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "mail"
SENDER = "invitations@linkedin.com"  # no display name: the name must come from the text


def linkedin(subject: str, body: str, sender: str = SENDER) -> Classification:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "Alex Morgan <alex@morgan.example>"
    message["Subject"] = subject
    message.set_content(body)
    return classify(parse_message(message.as_bytes()))


# (language, body line naming the requester, kind)
BODY_LINES = [
    ("en", "Dana Lee would like to connect on LinkedIn.", Kind.INVITATION),
    ("de", "Dana Lee möchte sich mit Ihnen vernetzen.", Kind.INVITATION),
    ("fr", "Dana Lee souhaite se connecter avec vous.", Kind.INVITATION),
    ("es", "Dana Lee quiere conectar contigo.", Kind.INVITATION),
    ("pt", "Dana Lee quer se conectar com você.", Kind.INVITATION),
    ("it", "Dana Lee vorrebbe collegarsi con te.", Kind.INVITATION),
    ("nl", "Dana Lee wil met u connecten.", Kind.INVITATION),
    ("en", "Dana Lee has accepted your invitation", Kind.INVITATION_ACCEPTED),
    ("de", "Dana Lee hat Ihre Einladung angenommen", Kind.INVITATION_ACCEPTED),
    ("fr", "Dana Lee a accepté votre invitation", Kind.INVITATION_ACCEPTED),
    ("es", "Dana Lee ha aceptado tu invitación", Kind.INVITATION_ACCEPTED),
    ("pt", "Dana Lee aceitou o seu convite", Kind.INVITATION_ACCEPTED),
    ("it", "Dana Lee ha accettato il tuo invito", Kind.INVITATION_ACCEPTED),
    ("nl", "Dana Lee heeft uw uitnodiging geaccepteerd", Kind.INVITATION_ACCEPTED),
    ("en", "Dana Lee just messaged you", Kind.MESSAGE_NOTIFICATION),
    ("de", "Dana Lee hat Ihnen eine Nachricht gesendet", Kind.MESSAGE_NOTIFICATION),
    ("fr", "Dana Lee vous a envoyé un message", Kind.MESSAGE_NOTIFICATION),
    ("es", "Dana Lee te ha enviado un mensaje", Kind.MESSAGE_NOTIFICATION),
    ("pt", "Dana Lee enviou uma mensagem para você", Kind.MESSAGE_NOTIFICATION),
    ("it", "Dana Lee ti ha inviato un messaggio", Kind.MESSAGE_NOTIFICATION),
    ("nl", "Dana Lee heeft je een bericht gestuurd", Kind.MESSAGE_NOTIFICATION),
]


@pytest.mark.parametrize(("language", "line", "kind"), BODY_LINES,
                         ids=[f"{lang}-{kind.value}" for lang, _, kind in BODY_LINES])
def test_body_wording_gives_kind_and_name(language: str, line: str, kind: Kind) -> None:
    result = linkedin("LinkedIn", f"{line}\n\nSee you soon.\n")
    assert (result.kind, result.network) == (kind, "linkedin")
    assert result.requester is not None and result.requester.name == "Dana Lee"


@pytest.mark.parametrize(("subject", "name"), [
    ("Dana Lee möchte sich mit Ihnen vernetzen", "Dana Lee"),
    ("Dana Lee souhaite se connecter", "Dana Lee"),
    ("Dana Lee quiere conectar", "Dana Lee"),
    ("Dana Lee quer se conectar", "Dana Lee"),
    ("Dana Lee vorrebbe collegarsi", "Dana Lee"),
    ("Dana Lee wil met u connecten", "Dana Lee"),
    ("Alex, Dana Lee wants to connect", "Dana Lee"),
])
def test_the_subject_names_the_requester_when_the_body_does_not(subject: str,
                                                                name: str) -> None:
    body = ("Accept: https://www.linkedin.com/comm/mynetwork/invite-accept/invitationId/"
            "7000000000000000001/sharedKey/x/\n")
    result = linkedin(subject, body)
    assert result.kind is Kind.INVITATION
    assert result.requester is not None and result.requester.name == name


def test_every_language_row_is_complete() -> None:
    assert set(LINKEDIN) == {"en", "de", "fr", "es", "pt", "it", "nl"}
    for words in LINKEDIN.values():
        for field in ("greetings", "invitation", "reminder", "accepted", "message",
                      "default_notes", "after_name", "subject_names", "actions", "footers"):
            assert getattr(words, field), field


def test_the_recipient_footer_is_never_the_requester_in_any_language() -> None:
    body = ("Accept: https://www.linkedin.com/comm/mynetwork/invite-accept/invitationId/"
            "7000000000000000001/sharedKey/x/\n\nDiese E-Mail war für Alex Morgan (CTO) "
            "bestimmt.\nCet e-mail était destiné à Alex Morgan.\n")
    result = linkedin("Einladung", body)
    assert result.requester is not None and result.requester.name is None


def test_a_reminder_without_invitation_id_finds_the_invitation_by_name(tmp_path) -> None:
    invitation = classify_bytes(
        (FIXTURES / "linkedin_de_invitation_recruiter.eml").read_bytes())
    reminder = linkedin("Lena Vogel's invitation is awaiting your response",
                        "Lena Vogel would like to connect on LinkedIn. How would you like to "
                        "respond?\n")
    assert reminder.kind is Kind.INVITATION_REMINDER and reminder.invitation_id is None
    first, later = identify_request(invitation), identify_request(reminder)
    assert first is not None and later is not None and invitation.requester is not None
    store = Store.open(tmp_path / "state.sqlite3")
    try:
        with store.transaction():
            stored = store.add_request(Request(
                id=0, network=first.network, key=first.key, requester=invitation.requester,
                invitation_id=invitation.invitation_id, note=invitation.note, genuine=None,
                notification_message_id=None, notification_subject="x",
                created_at=datetime(2026, 11, 2, tzinfo=ZoneInfo("UTC"))),
                key=first.key, name_key=first.name_key)
        assert store.find_request(later.network, invitation_id=later.invitation_id,
                                  profile_url=later.profile_url,
                                  name_key=later.name_key) == stored
    finally:
        store.close()


def test_a_reminder_with_the_invitation_id_is_the_same_request() -> None:
    invitation = classify_bytes(
        (FIXTURES / "linkedin_de_invitation_recruiter.eml").read_bytes())
    reminder = classify_bytes(
        (FIXTURES / "linkedin_de_reminder_same_invitation.eml").read_bytes())
    assert reminder.kind is Kind.INVITATION_REMINDER
    first, later = identify_request(invitation), identify_request(reminder)
    assert first is not None and later is not None and first.key == later.key


@pytest.mark.parametrize("display", [
    "Dana Lee via LinkedIn", "Dana Lee über LinkedIn", "Dana Lee par LinkedIn",
    "Dana Lee vía LinkedIn", "Dana Lee tramite LinkedIn", "Dana Lee por meio do LinkedIn",
    "Dana Lee a través de LinkedIn",
])
def test_the_localised_via_linkedin_is_stripped_from_the_display_name(display: str) -> None:
    result = linkedin("x", "Accept: https://www.linkedin.com/comm/mynetwork/invite-accept/"
                      "invitationId/7000000000000000001/sharedKey/x/\n",
                      sender=f"{display} <invitations@linkedin.com>")
    assert result.requester is not None and result.requester.name == "Dana Lee"

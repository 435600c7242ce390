"""LinkedIn detection rules, one behaviour per test (messages built inline)."""

from __future__ import annotations

from email.message import EmailMessage

import pytest

from inviteassist.detect.classify import classify
from inviteassist.detect.networks.linkedin_body import canonical_profile_url, is_default_note
from inviteassist.detect.parse import ParsedMessage, parse_message
from inviteassist.models import Kind

ACCEPT = (
    "https://www.linkedin.com/comm/people/invite-accept?mboxid=I7_500&sharedKey=Ab12"
    "&invitationId=7123456789012345678&midToken=AQx&trk=eml-email_m2m_invite_single_01-hero"
    "&trkEmail=eml-email_m2m_invite_single_01-hero-0-accept-null-x"
)
INVITE_BODY = (
    "Hi Alex,\n\nI'd like to join your LinkedIn network.\n\nDana Lee\nCTO at Example Labs\n\n"
    f"Accept: {ACCEPT}\n\nYou are receiving Invitation emails.\n\n"
    "This email was intended for Alex Morgan (Engineering Director at Morgan Example).\n"
)


# A verified message whose DKIM signature covers Reply-To: the only kind whose
# addresses count (see test_address_evidence.py for the others).
VERIFIED = {"Authentication_Results": "mx.morgan.example; dkim=pass header.d=linkedin.com",
            "DKIM_Signature": "v=1; d=linkedin.com; h=From:To:Subject:Reply-To; bh=x; b=y"}


def build(sender: str, subject: str, body: str, **headers: str) -> ParsedMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "Alex Morgan <alex@morgan.example>"
    message["Subject"] = subject
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content(body)
    return parse_message(message.as_bytes())


@pytest.mark.parametrize("sender", [
    "Dana Lee <invitations@linkedln.com>",
    "Dana Lee via LinkedIn <invitations@linkedin-mail.com>",
    "Dana Lee via LinkedIn <invitations@linkedin.com.evil.example>",
    "Dana Lee <invitations@notlinkedin.com>",
    "Dana Lee <invitations@xn--lnkedin-rog.com>",
    "LinkedIn <invitations@evil.example>",
    "Dana Lee via LinkedIn <dana@evil.example>",
])
def test_lookalike_senders_are_other_without_a_network(sender: str) -> None:
    result = classify(build(sender, "Dana Lee wants to connect", INVITE_BODY))
    domain = sender.rpartition("@")[2].rstrip(">")
    assert (result.kind, result.network, result.requester) == (Kind.OTHER, None, None)
    assert f"sender domain {domain} is not linkedin.com" in result.reasons


@pytest.mark.parametrize("sender", [
    "Dana Lee <invitations@linkedin.com>",
    "Dana Lee via LinkedIn <INVITATIONS@LinkedIn.COM>",
    "Dana Lee <invitations@e.linkedin.com>",
])
def test_linkedin_and_its_subdomains_are_linkedin(sender: str) -> None:
    result = classify(build(sender, "Dana Lee wants to connect", INVITE_BODY))
    assert (result.kind, result.network) == (Kind.INVITATION, "linkedin")
    assert result.requester is not None and result.requester.name == "Dana Lee"
    assert result.invitation_id == "7123456789012345678"


def test_subject_wording_alone_is_no_invitation() -> None:
    result = classify(build(
        "LinkedIn <invitations@linkedin.com>", "Invitation to connect on LinkedIn",
        "Grow your network: see who viewed your profile this week.\n",
    ))
    assert (result.kind, result.network) == (Kind.OTHER, "linkedin")
    assert "no connection-request evidence" in result.reasons
    assert "subject matches invitation wording" in result.reasons


def test_name_comes_from_the_body_when_the_display_name_is_generic() -> None:
    result = classify(build("LinkedIn <invitations@linkedin.com>", "Invitation", INVITE_BODY))
    assert result.requester is not None
    assert (result.requester.name, result.requester.headline) == ("Dana Lee", "CTO at Example Labs")


def test_footer_recipient_is_never_taken_for_the_requester() -> None:
    body = (
        f"Accept: {ACCEPT}\n\nThis email was intended for Alex Morgan (Engineering Director).\n"
    )
    result = classify(build("invitations@linkedin.com", "Invitation", body))
    assert result.kind is Kind.INVITATION
    assert result.requester is not None and result.requester.name is None


@pytest.mark.parametrize(("greeting", "note", "accept_label"), [
    ("Hallo Alex,", "Wir haben uns auf der Konferenz in Köln getroffen.", "Annehmen"),
    ("Bonjour Alex,", "Nous nous sommes rencontrés à Lyon.", "Accepter"),
    ("Hola Alex,", "Nos conocimos en la conferencia de Madrid.", "Aceptar"),
    ("Olá Alex,", "Conhecemo-nos na conferência em Lisboa.", "Aceitar"),
    ("Ciao Alex,", "Ci siamo conosciuti alla conferenza di Milano.", "Accetta"),
    ("Hoi Alex,", "We hebben elkaar ontmoet in Utrecht.", "Accepteren"),
])
def test_personal_notes_in_other_languages(greeting: str, note: str, accept_label: str) -> None:
    body = f"{greeting}\n\n{note}\n\nDana Lee\nCTO at Example Labs\n\n{accept_label}: {ACCEPT}\n"
    result = classify(build("Dana Lee via LinkedIn <invitations@linkedin.com>", "x", body))
    assert (result.kind, result.note) == (Kind.INVITATION, note)
    assert "personal note" in result.reasons


@pytest.mark.parametrize(("note", "default"), [
    ("I'd like to join your LinkedIn network.", True),
    ("I’d like to add you to my professional network on LinkedIn.", True),
    ("i'd like to connect with you on linkedin", True),
    ("J’aimerais vous inviter à rejoindre mon réseau professionnel sur LinkedIn.", True),
    ("Ich möchte Sie gerne zu meinem beruflichen Netzwerk auf LinkedIn hinzufügen.", True),
    ("I'd like to join your LinkedIn network. We met in Leeds.", False),
    ("We met at the meetup.", False),
])
def test_default_notes_are_recognised(note: str, default: bool) -> None:
    assert is_default_note(note) is default


def test_default_note_is_reported_and_flagged() -> None:
    result = classify(build("Dana Lee <invitations@linkedin.com>", "x", INVITE_BODY))
    assert result.note == "I'd like to join your LinkedIn network."
    assert "note is LinkedIn's default text" in result.reasons


@pytest.mark.parametrize(("url", "canonical"), [
    ("https://www.linkedin.com/comm/in/dana-lee-42/?midToken=AQx&trk=eml-a&trkEmail=eml-b",
     "https://www.linkedin.com/in/dana-lee-42/"),
    ("https://de.linkedin.com/in/dana-lee-42", "https://www.linkedin.com/in/dana-lee-42/"),
    ("https://www.linkedin.com/comm/profile/view?id=AAsAAB12&authType=name&authToken=x"
     "&invAcpt=1_I2_500&midToken=AQx&trk=eml-x", "https://www.linkedin.com/profile/view?id=AAsAAB12"),
    ("https://www.linkedin.com/comm/profile/view?id=AAsAAB12&amp;trk=x",
     "https://www.linkedin.com/profile/view?id=AAsAAB12"),
    ("https://www.linkedin.com/comm/profile/view?trk=eml-comm_inv_acpt&midToken=AQx", None),
    ("https://www.linkedin.com/company/example/", None),
    ("https://www.linkedln.com/in/dana-lee-42/", None),
    ("not a url", None),
])
def test_profile_urls_keep_identity_and_drop_tracking(url: str, canonical: str | None) -> None:
    assert canonical_profile_url(url) == canonical


@pytest.mark.parametrize(("reply_to", "email"), [
    ("Dana <dana@lee.example>", "dana@lee.example"),
    ("Dana <3f2a9c1e-0000-4000-8000-000000000001@reply.linkedin.com>",
     "3f2a9c1e-0000-4000-8000-000000000001@reply.linkedin.com"),
    ("invitations@linkedin.com", None),
    ("noreply@lee.example", None),
])
def test_reply_to_is_used_only_when_it_reaches_the_requester(
    reply_to: str, email: str | None
) -> None:
    result = classify(build("Dana Lee <invitations@linkedin.com>", "x", INVITE_BODY,
                            Reply_To=reply_to, **VERIFIED))
    assert result.requester is not None and result.requester.email == email


def test_address_written_in_the_note_becomes_the_requester_email() -> None:
    body = INVITE_BODY.replace(
        "I'd like to join your LinkedIn network.",
        "Write to me at dana@lee.example or alex@morgan.example.",
    )
    result = classify(build("Dana Lee <invitations@linkedin.com>", "x", body, **VERIFIED))
    assert result.requester is not None and result.requester.email == "dana@lee.example"
    assert "requester address from the note" in result.reasons


def test_invitation_id_from_the_accept_path() -> None:
    body = INVITE_BODY.replace(
        ACCEPT, "https://www.linkedin.com/comm/mynetwork/invite-accept/invitationId/"
        "7000000000000000042/sharedKey/Zz9/?midToken=AQx",
    )
    result = classify(build("Dana Lee <invitations@linkedin.com>", "x", body))
    assert result.invitation_id == "7000000000000000042"


def test_inmail_is_other_with_the_relay_address() -> None:
    result = classify(build(
        "Lena Brandt <inmail-hit-reply@linkedin.com>", "Confidential search",
        "Hallo Alex,\n\nhast du Zeit für ein Gespräch?\n",
        Reply_To="Lena Brandt <11b4f922-3810-45f9-a43c-7d30598b0a7e@reply.linkedin.com>",
        X_LinkedIn_Class="INMAIL", **VERIFIED,
    ))
    assert (result.kind, result.network) == (Kind.OTHER, "linkedin")
    assert result.requester is not None
    assert result.requester.email == "11b4f922-3810-45f9-a43c-7d30598b0a7e@reply.linkedin.com"
    assert "InMail is not a connection request" in result.reasons


def test_genuine_comes_from_the_receiving_servers_verdict() -> None:
    parsed = build("Dana Lee <invitations@linkedin.com>", "x", INVITE_BODY,
                   Authentication_Results="mx.morgan.example; dkim=pass header.d=linkedin.com")
    assert classify(parsed).genuine is True
    assert classify(parsed, authserv_ids=("mx.morgan.example",)).genuine is True
    assert classify(parsed, authserv_ids=("other.example",)).genuine is None

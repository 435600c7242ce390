"""Notes that are no personal note, notes found only in the HTML part, and the
requester's language as the detector reports it."""

from __future__ import annotations

from email.message import EmailMessage

import pytest

from inviteassist.detect.classify import classify_bytes
from inviteassist.detect.networks.standard_notes import is_standard_note
from inviteassist.models import Kind

ACCEPT = ("https://www.linkedin.com/comm/mynetwork/invite-accept/invitationId/"
          "7000000000000000042/sharedKey/x/")


@pytest.mark.parametrize(("network", "note"), [
    ("linkedin", "I'd like to join your LinkedIn network."),
    ("linkedin", "Hi Alex, I'd like to join your LinkedIn network. - Dana"),
    ("linkedin", "J’aimerais vous inviter à rejoindre mon réseau professionnel sur LinkedIn."),
    ("linkedin", "Ich möchte mich gerne mit Ihnen auf LinkedIn vernetzen"),
    ("linkedin", "Me gustaría formar parte de tu red de LinkedIn."),
    ("linkedin", "Gostaria de adicioná-lo(a) à minha rede profissional no LinkedIn."),
    ("linkedin", "Vorrei aggiungerti alla mia rete professionale su LinkedIn."),
    ("linkedin", "Ik wil je graag toevoegen aan mijn professionele netwerk op LinkedIn."),
    ("xing", "Ich würde Sie gerne zu meinen Kontakten hinzufügen."),
])
def test_standard_texts_are_no_personal_note(network: str, note: str) -> None:
    assert is_standard_note(network, note)


@pytest.mark.parametrize(("network", "note"), [
    ("linkedin", "I'd like to join your LinkedIn network to talk about the Hamburg role."),
    ("linkedin", "We met at the conference; I'd like to connect."),
    ("xing", "I'd like to join your LinkedIn network."),   # another network's text
    ("linkedin", None), ("linkedin", ""),
])
def test_personal_notes_stay_personal(network: str, note: str | None) -> None:
    assert not is_standard_note(network, note)


def invitation(plain: str, html: str | None = None, *, verified: bool = False) -> bytes:
    message = EmailMessage()
    if verified:  # a note's address counts only on a verified message
        message["Authentication-Results"] = "mx.morgan.example; dkim=pass header.d=linkedin.com"
    message["From"] = "Dana Lee via LinkedIn <invitations@linkedin.com>"
    message["To"] = "Alex Morgan <alex@morgan.example>"
    message["Subject"] = "Dana Lee wants to connect"
    message.set_content(plain)
    if html is not None:
        message.add_alternative(html, subtype="html")
    return message.as_bytes()


def test_a_note_only_in_the_html_part_is_read() -> None:
    plain = f"Dana Lee wants to connect with you\n\nAccept: {ACCEPT}\n"
    html = ("<html><body><p>Hi Alex,</p><p>Tenemos intereses comunes; me encantaría "
            "hablar con usted. Escríbame a dana@example.org</p><p>Dana Lee</p><p>Data lead</p>"
            f"<p><a href='{ACCEPT}'>Accept</a></p></body></html>")
    verdict = classify_bytes(invitation(plain, html, verified=True))
    assert verdict.kind is Kind.INVITATION
    assert verdict.note is not None and verdict.note.startswith("Tenemos intereses")
    assert verdict.requester is not None and verdict.requester.email == "dana@example.org"
    assert verdict.language == "es"


def test_the_text_parts_note_wins_over_the_html() -> None:
    plain = (f"Hi Alex,\n\nGreat talk yesterday, let's stay in touch.\n\nDana Lee\n\n"
             f"Accept: {ACCEPT}\n")
    html = "<p>Hi Alex,</p><p>Something else entirely, in the HTML.</p>"
    assert classify_bytes(invitation(plain, html)).note == (
        "Great talk yesterday, let's stay in touch.")


@pytest.mark.parametrize(("line", "language"), [
    ("Dana Lee möchte sich mit Ihnen vernetzen.", "de"),
    ("Dana Lee souhaite se connecter avec vous.", "fr"),
    ("Dana Lee quiere conectar contigo.", "es"),
    ("Dana Lee quer se conectar com você.", "pt"),
    ("Dana Lee vorrebbe collegarsi con te.", "it"),
    ("Dana Lee wil met u connecten.", "nl"),
    ("Dana Lee would like to connect on LinkedIn.", "en"),
])
def test_without_a_note_the_notifications_wording_gives_the_language(line: str,
                                                                      language: str) -> None:
    verdict = classify_bytes(invitation(f"{line}\n\nAccept: {ACCEPT}\n"))
    assert verdict.note is None
    assert verdict.language == language
    assert f"language {language} from the notification's wording" in verdict.reasons


def test_the_notes_language_wins_over_the_notifications() -> None:
    plain = (f"Dana Lee would like to connect on LinkedIn.\n\nHi Alex,\n\n"
             "Ich habe Ihren Vortrag in Hamburg gehört und würde mich gern austauschen.\n\n"
             f"Dana Lee\n\nAccept: {ACCEPT}\n")
    verdict = classify_bytes(invitation(plain))
    assert verdict.language == "de" and "language de from the note" in verdict.reasons

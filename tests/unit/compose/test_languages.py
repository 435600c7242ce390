"""Drafts in the requester's language: one fixture per language, the subject
written to them, standard notes never thanked for, per-language overrides,
the fallback for a language without templates, and `check` naming a broken
translation."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from inviteassist.app.runtime import check_templates
from inviteassist.compose.followup import FollowUpInput, compose_followup
from inviteassist.compose.headers import draft_message_id
from inviteassist.compose.language import choose_language, languages_of, localised_name
from inviteassist.compose.reply import ReplyInput
from inviteassist.compose.templates import build_environment
from inviteassist.config.settings import load_settings
from inviteassist.detect.classify import classify_bytes
from inviteassist.errors import UserError
from inviteassist.models import Option, Owner, Request, Requester
from tests.conftest import MINIMAL_CONFIG
from tests.reply_messages import composed

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "mail"
BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 25, 9, tzinfo=BERLIN)
OWNER = Owner("Alex Morgan", "alex@morgan.example", "Europe/Berlin")
OPTIONS = (Option("A", datetime(2026, 11, 30, 10, tzinfo=BERLIN),
                  datetime(2026, 11, 30, 10, 30, tzinfo=BERLIN), "uid-a@morgan.example"),)

# (fixture, language, subject, words of its text: weekday, a formal turn, sign-off)
DRAFTS = [
    ("linkedin_via_personal_note.eml", "en", "Your invitation to connect on LinkedIn",
     ("Monday 30 November 2026", "Would one of these times suit you", "Best regards")),
    ("linkedin_de_invitation_recruiter.eml", "de", "Ihre Kontaktanfrage auf LinkedIn",
     ("Montag, 30. November 2026", "Passt Ihnen einer dieser Termine?", "Freundliche Grüße")),
    ("linkedin_fr_invitation_latin1_default_note.eml", "fr", "Votre invitation sur LinkedIn",
     ("lundi 30 novembre 2026", "conviendrait-il ?", "Bien cordialement,")),
    ("linkedin_es_invitation_html_only_student.eml", "es",
     "Su invitación para conectar en LinkedIn",
     ("lunes, 30 de noviembre de 2026", "¿Le viene bien", "Un cordial saludo,")),
    ("linkedin_pt_invitation_sales.eml", "pt", "Convite para conectar no LinkedIn",
     ("segunda-feira, 30 de novembro de 2026", "lhe convém?", "Atenciosamente,")),
    ("linkedin_it_invitation_address_in_note.eml", "it",
     "La Sua richiesta di collegamento su LinkedIn",
     ("lunedì 30 novembre 2026", "Le andrebbe bene", "Cordiali saluti,")),
    ("linkedin_nl_invitation_dkim_pass.eml", "nl", "Uw uitnodiging op LinkedIn",
     ("maandag 30 november 2026", "Komt een van deze tijden u uit?",
      "Met vriendelijke groet,")),
]
THANKS_FOR_NOTE = {"en": "and for your note", "de": "und Ihre Nachricht",
                   "fr": "et pour votre message", "es": "y por su mensaje",
                   "pt": "e a mensagem", "it": "e per il messaggio", "nl": "en voor uw bericht"}


def draft_for(fixture: str, env=None, **changes):
    verdict = classify_bytes((FIXTURES / fixture).read_bytes())
    assert verdict.requester is not None
    data = ReplyInput(
        owner=OWNER, network=verdict.network or "linkedin", requester=verdict.requester,
        note=verdict.note, notification_subject="LinkedIn", notification_message_id="<n@x>",
        notification_references=(), options=OPTIONS,
        message_id=draft_message_id(fixture, "reply", OWNER.email), now=NOW,
        language=verdict.language)
    message = composed(env or build_environment(None), replace(data, **changes))
    return message, message.get_body(("plain",)).get_content()


@pytest.mark.parametrize(("fixture", "language", "subject", "words"), DRAFTS,
                         ids=[d[1] for d in DRAFTS])
def test_each_language_gets_a_draft_in_it_with_a_subject_for_the_requester(
        fixture: str, language: str, subject: str, words: tuple[str, ...]) -> None:
    message, body = draft_for(fixture)
    assert message["Content-Language"] == language
    assert message["Subject"] == subject
    assert message["In-Reply-To"] == "<n@x>"  # threading unchanged
    for word in words:
        assert word in body


@pytest.mark.parametrize(("fixture", "language"), [
    ("linkedin_fr_invitation_latin1_default_note.eml", "fr"),   # LinkedIn's French text
    ("linkedin_nl_invitation_dkim_pass.eml", "nl"),             # LinkedIn's Dutch text
    ("linkedin_html_only.eml", "en"),                           # "I'd like to join ..."
])
def test_a_networks_standard_text_is_never_thanked_for(fixture: str, language: str) -> None:
    message, body = draft_for(fixture)
    assert message["Content-Language"] == language
    assert THANKS_FOR_NOTE[language] not in body


def test_a_personal_note_is_thanked_for() -> None:
    _, body = draft_for("linkedin_de_invitation_recruiter.eml")
    assert THANKS_FOR_NOTE["de"] in body


def test_informal_address_when_configured() -> None:
    message, body = draft_for("linkedin_de_invitation_recruiter.eml", formal=False)
    assert message["Subject"] == "Deine Kontaktanfrage auf LinkedIn"
    assert "Passt dir einer dieser Termine?" in body and "Ihnen" not in body


def test_without_an_address_the_text_is_for_the_message_box() -> None:
    message, body = draft_for("linkedin_de_invitation_recruiter.eml")
    assert message["To"] is None
    assert "Kalenderdatei" not in body and "hängt" not in body  # nothing is attached there
    assert "E-Mail-Adresse" in body
    assert len(list(message.iter_attachments())) == 1  # the owner's copy keeps the .ics
    _, english = draft_for("linkedin_de_invitation_recruiter.eml", language="en")
    assert "attached" not in english and "e-mail address" in english


def test_a_language_without_templates_falls_back_and_tells_the_owner() -> None:
    message, body = draft_for("linkedin_de_invitation_recruiter.eml", language="sv")
    assert message["Content-Language"] == "en"
    assert "seems to write Swedish" in body and "reply.sv.txt.j2" in body


def test_an_unknown_default_language_still_gives_an_english_draft() -> None:
    message, body = draft_for("linkedin_de_invitation_recruiter.eml", language=None,
                              default_language="xx")
    assert message["Content-Language"] == "en" and "Monday 30 November 2026" in body


def test_owner_templates_in_a_language_babel_does_not_know_keep_english_dates(
        tmp_path: Path) -> None:
    (tmp_path / "reply.qq.txt.j2").write_text("{% for o in options %}{{ o.when }}{% endfor %}\n")
    _, body = draft_for("linkedin_de_invitation_recruiter.eml",
                        env=build_environment(tmp_path), language="qq")
    assert body.startswith("Monday 30 November 2026")


def test_the_owner_overrides_one_language_only(tmp_path: Path) -> None:
    (tmp_path / "reply.de.txt.j2").write_text("Subject: Moin\nMoin {{ requester.name }}\n"
                                              "{{ options | length }}\n")
    env = build_environment(tmp_path)
    message, body = draft_for("linkedin_de_invitation_recruiter.eml", env=env)
    assert message["Subject"] == "Moin" and body.startswith("Moin ")
    message, _ = draft_for("linkedin_fr_invitation_latin1_default_note.eml", env=env)
    assert message["Subject"] == "Votre invitation sur LinkedIn"  # shipped French


def test_template_names_and_languages() -> None:
    assert localised_name("reply.txt.j2", "de") == "reply.de.txt.j2"
    assert localised_name("mine/decline.txt.j2", "pt") == "mine/decline.pt.txt.j2"
    env = build_environment(None)
    assert languages_of(env, "reply.txt.j2") == ("de", "en", "es", "fr", "it", "nl", "pt")
    assert choose_language(env, "decline.txt.j2", "de", "en").template == "decline.de.txt.j2"
    fallback = choose_language(env, "decline.txt.j2", "sv", "de")
    assert (fallback.language, fallback.template) == ("de", "decline.de.txt.j2")
    assert fallback.owner_note is not None and "German" in fallback.owner_note


def test_check_names_the_broken_translation_and_its_line(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(MINIMAL_CONFIG + f'\n[templates]\nfolder = "{tmp_path}"\n')
    (tmp_path / "reply.fr.txt.j2").write_text("Subject: x\nBonjour\n{{ requester.nom }}\n")
    settings = load_settings(config)
    with pytest.raises(UserError) as raised:
        check_templates(settings, build_environment(tmp_path), NOW)
    text = str(raised.value)
    assert "reply.fr.txt.j2" in text and "line 3" in text


def test_check_renders_every_shipped_language(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(MINIMAL_CONFIG)
    assert check_templates(load_settings(config), build_environment(None), NOW)


def paste_ready_body(folder: Path, text: str, owner_notes: tuple[str, ...] = ()) -> str:
    """The body of a draft without an address, from a template of the remarks
    for the owner followed by `text` (Jinja)."""
    (folder / "paste.txt.j2").write_text(
        "{% for r in owner_notes %}[inviteassist, for you only, delete before sending: "
        "{{ r }}]\n{% endfor %}" + text)
    _, body = draft_for("linkedin_de_invitation_recruiter.eml",
                        env=build_environment(folder), template="paste.txt.j2",
                        requester=Requester("Jonas Weber"), owner_notes=owner_notes)
    return body


def test_a_paste_ready_text_longer_than_linkedins_limit_is_flagged(tmp_path: Path) -> None:
    body = paste_ready_body(tmp_path, "{{ 'x' * 8001 }}\n{{ options | length }}\n")
    assert "longer than the 8,000 characters" in body
    _, short = draft_for("linkedin_de_invitation_recruiter.eml")
    assert "longer than" not in short


def test_remarks_for_the_owner_do_not_count_against_linkedins_limit(tmp_path: Path) -> None:
    body = paste_ready_body(tmp_path, "{{ 'x' * 7990 }}\n", owner_notes=("y" * 100,))
    assert len(body) > 8_000
    assert "longer than" not in body


def test_dates_follow_the_language_in_the_requesters_zone_too() -> None:
    _, body = draft_for("linkedin_es_invitation_html_only_student.eml",
                        requester_timezone="America/Mexico_City",
                        options=(replace(OPTIONS[0], start=OPTIONS[0].start + timedelta(0)),))
    # their zone first, in their language, then the owner's time
    assert "A) lunes, 30 de noviembre de 2026, 03:00–03:30 en Mexico City (CST) — " in body
    assert "CET para mí" in body


@pytest.mark.parametrize(("language", "subject", "attached", "asks"), [
    ("de", "Bestätigt: unser Telefonat", "hängt an", "E-Mail-Adresse"),
    ("en", "Confirmed: our call", "is attached", "e-mail address"),
    ("nl", "Bevestigd: ons gesprek", "in de bijlage", "e-mailadres"),
])
def test_nudges_and_confirmations_follow_the_replys_language(
        language: str, subject: str, attached: str, asks: str) -> None:
    bodies = {}
    for email in ("jonas@example.de", None):
        request = Request(1, "linkedin", "k", Requester("Jonas Weber", email), None, None, True,
                          "<n@x>", "Jonas Weber möchte sich vernetzen", NOW, options=OPTIONS,
                          language=language)
        message = compose_followup(build_environment(None), FollowUpInput(
            OWNER, request, "confirm", OPTIONS[0], "<n@x>", "<c@x>", NOW))
        assert message["Subject"] == subject and message["Content-Language"] == language
        bodies[email] = message.get_body(("plain",)).get_content()
    assert attached in bodies["jonas@example.de"] and asks not in bodies["jonas@example.de"]
    assert attached not in bodies[None] and asks in bodies[None]


def test_a_translation_added_later_is_used_from_the_next_environment(tmp_path) -> None:
    """What exists is asked once per environment: the daemon reloads (and
    checks) its templates before a new translation is used."""
    env = build_environment(tmp_path)
    assert choose_language(env, "reply.txt.j2", "sv", "en").language == "en"
    (tmp_path / "reply.sv.txt.j2").write_text("Hej {{ requester_first_name }}\n")
    assert choose_language(env, "reply.txt.j2", "sv", "en").language == "en"
    assert choose_language(build_environment(tmp_path), "reply.txt.j2", "sv",
                           "en").language == "sv"


def test_a_translation_deleted_later_is_no_longer_chosen(tmp_path) -> None:
    (tmp_path / "reply.sv.txt.j2").write_text("Hej {{ requester_first_name }}\n")
    env = build_environment(tmp_path)
    assert choose_language(env, "reply.txt.j2", "sv", "en").language == "sv"
    (tmp_path / "reply.sv.txt.j2").unlink()
    assert choose_language(env, "reply.txt.j2", "sv", "en").language == "en"

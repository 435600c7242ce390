"""[call] and [invitations]: how the requester joins, what proposals are, and
which address organizes the calendar files."""

from __future__ import annotations

import pytest

from inviteassist.app.calendaring import invitations_of
from inviteassist.cli.main import main
from inviteassist.compose.calltext import CALL_WORDS, Invitations, call_place
from inviteassist.config.invitations import organizer_warning, sending_address
from inviteassist.config.settings import load_settings
from inviteassist.errors import UserError
from inviteassist.models import Owner
from tests.conftest import MINIMAL_CONFIG

OWNER = Owner("Alex Morgan", "alex@morgan.example", "Europe/Berlin")


def test_defaults_are_publish_proposals_and_the_phone_sentence(write_config):
    settings = load_settings(write_config(MINIMAL_CONFIG))
    assert settings.invitations.proposals == "publish"
    invitations = invitations_of(settings)
    assert not invitations.as_requests
    assert invitations.organizer.email == "alex@morgan.example"  # maildir: no login
    assert call_place(invitations, "de").location.startswith("Telefonat")


def test_location_video_link_and_requests_mode_are_read(write_config):
    settings = load_settings(write_config(MINIMAL_CONFIG + (
        '\n[call]\nlocation = "+49 30 1234567"\nvideo_url = "https://meet.example.com/a"\n'
        '\n[invitations]\nproposals = "requests"\n')))
    invitations = invitations_of(settings)
    assert (invitations.location, invitations.url, invitations.as_requests) == (
        "+49 30 1234567", "https://meet.example.com/a", True)


@pytest.mark.parametrize("value", ['"+49 30\\n1234567"', '"call me\\r\\nLOCATION:x"',
                                   '"tab\\there"', '"nul\\u0000"', '"next\\u2028line"'])
def test_a_location_with_control_characters_is_refused(write_config, value):
    with pytest.raises(UserError, match=r"\[call\] location.*control character"):
        load_settings(write_config(MINIMAL_CONFIG + f"\n[call]\nlocation = {value}\n"))


@pytest.mark.parametrize("value", ['"http://meet.example.com/a"', '"meet.example.com"',
                                   '"https://x.example/a b"'])
def test_a_video_link_must_be_https(write_config, value):
    with pytest.raises(UserError, match=r"\[call\] video_url"):
        load_settings(write_config(MINIMAL_CONFIG + f"\n[call]\nvideo_url = {value}\n"))


def test_proposals_take_only_the_two_modes(write_config):
    with pytest.raises(UserError, match=r"\[invitations\] proposals"):
        load_settings(write_config(MINIMAL_CONFIG + '\n[invitations]\nproposals = "both"\n'))


@pytest.mark.parametrize(("logins", "expected"), [
    ((), "alex@morgan.example"),
    (("alex",), "alex@morgan.example"),
    (("alex.morgan@mail.example", "alex"), "alex.morgan@mail.example"),
    (("ALEX@morgan.example",), "ALEX@morgan.example"),
])
def test_the_organizer_is_the_first_login_that_is_an_address(logins, expected):
    assert sending_address("alex@morgan.example", logins) == expected


def test_check_warns_only_when_the_login_differs_from_the_owner_address():
    assert organizer_warning("alex@morgan.example", ("Alex@Morgan.example",)) is None
    warning = organizer_warning("alex@morgan.example", ("alex.morgan@mail.example",))
    assert warning is not None and "alex.morgan@mail.example" in warning


def test_every_language_has_the_default_location_and_summaries():
    assert set(CALL_WORDS) >= {"en", "de", "fr", "es", "pt", "it", "nl"}
    for language, words in CALL_WORDS.items():
        assert words.proposal_summary.format(label="B", owner="Alex").count("B") == 1, language
        assert "{" not in words.proposal_note.format(label="B", count=3), language
    place = call_place(Invitations(OWNER), "pt-BR")
    assert place.location == CALL_WORDS["pt"].default_location
    assert call_place(Invitations(OWNER), "ja").location == CALL_WORDS["en"].default_location


def test_check_warns_when_the_sending_login_is_not_the_owner_address(write_config, tmp_path,
                                                                    capsys):
    for sub in ("cur", "new", "tmp"):
        (tmp_path / "mail" / sub).mkdir(parents=True)
    smtp = ('\n[smtp]\nhost = "127.0.0.1"\nsecurity = "plain"\n'
            'username = "alex.morgan@mail.example"\n')
    path = write_config(MINIMAL_CONFIG + '\n[state]\npath = "state.db"\n' + smtp)
    assert main(["check", "--config", str(path)]) == 0
    out = capsys.readouterr().out
    assert "warning: [owner] email alex@morgan.example differs from the login " \
           "alex.morgan@mail.example" in out


def test_check_refuses_a_location_with_a_line_break(write_config, capsys):
    path = write_config(MINIMAL_CONFIG + '\n[call]\nlocation = "+49 30\\nORGANIZER:x"\n')
    assert main(["check", "--config", str(path)]) == 2
    assert "[call] location" in capsys.readouterr().err

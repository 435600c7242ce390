"""The requester's location line is read from LinkedIn's and XING's name block."""

from __future__ import annotations

from pathlib import Path

import pytest

from inviteassist.detect.classify import classify_bytes
from inviteassist.detect.networks.spec import placeish

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


@pytest.mark.parametrize(("fixture", "location"), [
    ("zones/linkedin_vancouver_en.eml", "Vancouver, British Columbia, Canada"),
    ("zones/linkedin_rio_pt.eml", "Rio de Janeiro e Região"),
    ("zones/xing_vienna_de.eml", "Wien, Österreich"),
    ("mail/linkedin_de_invitation_recruiter.eml", "Hamburg, Deutschland"),
    ("mail/linkedin_html_only.eml", "Singapore"),
    ("mail/linkedin_es_invitation_html_only_student.eml", "Sevilla, España"),
    ("mail/xing_contact_request_en.eml", None),  # the line under the headline is a link
    # the 2016 layout has it in the HTML part only
    ("mail/linkedin_2016_form.eml", "Leeds, United Kingdom"),
])
def test_the_location_line_is_read_when_present(fixture: str, location: str | None) -> None:
    verdict = classify_bytes((FIXTURES / fixture).read_bytes())
    assert verdict.requester is not None
    assert verdict.requester.location == location


@pytest.mark.parametrize("line", ["Greater Seattle Area", "São Paulo e Região",
                                  "Charlotte, North Carolina Area", "Région de Paris"])
def test_place_lines_read_as_places(line: str) -> None:
    assert placeish(line)


@pytest.mark.parametrize("line", [
    "Accept: https://www.linkedin.com/x", "You are receiving Invitation emails.",
    "New Work SE, Am Strandkai 1, 20457 Hamburg", "dana@example.com", "",
    "Kontaktanfrage bestätigen: https://www.xing.com/contact-requests/accept/abc123",
])
def test_other_lines_do_not(line: str) -> None:
    assert not placeish(line)

"""Golden tests over the real samples in ../shared/corpus (skipped when absent).

The LinkedIn `.txt`/`.html` samples are bodies only: each is wrapped in a
synthetic message with the From/Subject that the corpus README documents for
its era, and once more with a bare sender address (no display name) so the
requester's name must come from the body. Two corpus quirks are undone first:
the hypermail page framing around the 2011-12 bodies, and the Markdown escapes
of the 2013 reminder. HTML entities left in the pasted bodies are not undone:
the detector has to cope with them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

import pytest

from inviteassist.detect.classify import classify
from inviteassist.detect.parse import parse_message
from inviteassist.models import Classification, Kind

CORPUS = Path(__file__).resolve().parents[4] / "shared" / "corpus"
REAL = CORPUS / "real"
if not REAL.is_dir():
    pytest.skip(f"corpus not found at {CORPUS}", allow_module_level=True)

pytestmark = pytest.mark.corpus

INVITE_2016_ID = "6132102326155633227"
PROFILE_2016 = "https://www.linkedin.com/profile/view?id=AAsAAAUKKAIWIzRHFqpwbxBIjaiz1EU1wVSxIuZ"


@dataclass(frozen=True)
class Sample:
    file: str
    sender: str  # the era's From, documented in the corpus README
    subject: str
    kind: Kind
    name: str
    invitation_id: str | None = None
    headline: str | None = None
    profile_url: str | None = None
    note: str | None = None


DEFAULT_2011 = "I'd like to add you to my professional network on LinkedIn."
SAMPLES = [
    Sample("linkedin_2011-05_invite_en_ompi_16605.html",
           "Ahmad Faiz Mohd Hakim via LinkedIn <member@linkedin.com>",
           "Invitation to connect on LinkedIn", Kind.INVITATION, "Ahmad Faiz Mohd Hakim",
           note=DEFAULT_2011),
    Sample("linkedin_2012-01_invite_en_ompi_18334.html",
           "Hao Lin via LinkedIn <member@linkedin.com>",
           "Invitation to connect on LinkedIn", Kind.INVITATION, "Hao Lin", note=DEFAULT_2011),
    Sample("linkedin_2013-11_invite_reminder_en_perl-rt.txt", "invitations@linkedin.com",
           "Prudent Managment's invitation is awaiting your response", Kind.INVITATION_REMINDER,
           "Prudent Managment", headline="Publisher at Ganesh Book House"),
    Sample("linkedin_2015-10_invite_guest_en_github-issue.txt", "derek <invitations@linkedin.com>",
           "Please add me to your LinkedIn network", Kind.INVITATION, "derek",
           invitation_id="6025651190240379824", note=DEFAULT_2011),
    Sample("linkedin_2015-11_invite_member_28_en_github-issue.txt",
           "Colin Marsh <invitations@linkedin.com>",
           "Rodrigo, please add me to your LinkedIn network",
           Kind.INVITATION, "Colin Marsh", invitation_id="6076725814120125110",
           headline="Student at York University",
           profile_url="https://www.linkedin.com/profile/view?id=LCtGSEpVoXFXJT7-meO4fPJ4oBEhtoI4kVXWBJn",
           note="I'd like to connect with you on LinkedIn."),
    Sample("linkedin_2016-01_accept_invite_04_en_github-issue.txt",
           "Marcelo via LinkedIn <invitations@linkedin.com>",
           "Rodrigo, start a conversation with your new connection, Marcelo",
           Kind.INVITATION_ACCEPTED, "Marcelo"),
    Sample("linkedin_2016-06_second_guest_reminder_01_fr-note_github-issue.txt",
           "Komla Sena A. K. ADJOVI <invitations@linkedin.com>",
           "Komla Sena A. K. ADJOVI's invitation is awaiting your response",
           Kind.INVITATION_REMINDER, "Komla Sena A. K. ADJOVI", invitation_id="6136577374115176218",
           note="J’aimerais vous inviter à rejoindre mon réseau professionnel sur LinkedIn."),
    Sample("linkedin_2016-12_first_guest_reminder_01_en_github-issue.txt",
           "Olivier Brassard <invitations@linkedin.com>",
           "Olivier Brassard's invitation is awaiting your response", Kind.INVITATION_REMINDER,
           "Olivier Brassard", invitation_id="6208511190062680578"),
]


def body_of(path: Path) -> tuple[str, str]:
    """The sample's body and MIME subtype, with the corpus's own framing undone."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".html":
        framed = re.search(r'<!-- body="start" -->(.*)<!-- body="end" -->', text, re.DOTALL)
        assert framed, path.name
        return framed.group(1), "html"
    return re.sub(r"\\([\\`*_{}\[\]()#+\-.!,])", r"\1", text), "plain"


def wrap(sample: Sample, sender: str) -> EmailMessage:
    body, subtype = body_of(REAL / sample.file)
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "Rodrigo Mendes <rodrigo@mendes.example>"
    message["Subject"] = sample.subject
    message["Message-ID"] = f"<{sample.file}@corpus.example>"
    message.set_content(body, subtype=subtype)
    return message


def bare(sender: str) -> str:
    return sender.rpartition("<")[2].rstrip(">")


def check(result: Classification, sample: Sample) -> None:
    assert result.kind is sample.kind
    assert result.network == "linkedin"
    assert result.requester is not None
    assert result.requester.name == sample.name
    assert result.invitation_id == sample.invitation_id
    assert result.requester.headline == sample.headline
    assert result.requester.profile_url == sample.profile_url
    assert result.note == sample.note
    assert result.genuine is None  # the wrapper carries no Authentication-Results


@pytest.mark.parametrize("sample", SAMPLES, ids=[s.file.split("_en")[0] for s in SAMPLES])
def test_corpus_body_in_its_era_wrapper(sample: Sample) -> None:
    check(classify(parse_message(wrap(sample, sample.sender).as_bytes())), sample)


@pytest.mark.parametrize("sample", SAMPLES, ids=[s.file.split("_en")[0] for s in SAMPLES])
def test_corpus_body_names_the_requester_without_a_display_name(sample: Sample) -> None:
    check(classify(parse_message(wrap(sample, bare(sample.sender)).as_bytes())), sample)


def test_2016_invitation_eml() -> None:
    raw = (REAL / "linkedin_2016_invite_en_imapdigester_1.eml").read_bytes()
    result = classify(parse_message(raw))
    assert (result.kind, result.network, result.genuine) == (Kind.INVITATION, "linkedin", None)
    assert result.requester is not None
    assert result.requester.name == "Gregory Hollis"  # not Martin Ashdown, the recipient
    assert result.requester.headline == "Managing Director"
    assert result.requester.profile_url == PROFILE_2016
    assert result.invitation_id == INVITE_2016_ID
    assert result.note == "I'd like to join your LinkedIn network."
    assert "note is LinkedIn's default text" in result.reasons


def test_2016_invitation_html_part_alone_reads_the_same() -> None:
    original = BytesParser(policy=policy.default).parsebytes(
        (REAL / "linkedin_2016_invite_en_imapdigester_1.eml").read_bytes()
    )
    assert isinstance(original, EmailMessage)
    html_part = original.get_body(preferencelist=("html",))
    assert html_part is not None
    message = EmailMessage()
    message["From"] = "invitations@linkedin.com"
    message["To"] = original["To"]
    message["Subject"] = original["Subject"]
    message.set_content(html_part.get_content(), subtype="html")
    result = classify(parse_message(message.as_bytes()))
    assert result.kind is Kind.INVITATION
    assert result.requester is not None
    assert (result.requester.name, result.requester.headline) == (
        "Gregory Hollis", "Managing Director",
    )
    assert result.requester.profile_url == PROFILE_2016
    assert result.invitation_id == INVITE_2016_ID


def test_2026_inmail_is_other_with_its_reply_relay() -> None:
    raw = (REAL / "linkedin_2026-01_inmail_de_reply-to-reply.linkedin.com.eml").read_bytes()
    result = classify(parse_message(raw), authserv_ids=("kundenserver.de",))
    assert (result.kind, result.network, result.genuine) == (Kind.OTHER, "linkedin", True)
    assert result.requester is not None
    assert result.requester.name == "Lena Kaltenbach"
    assert result.requester.email == "11b4f922-3810-45f9-a43c-7d30598b0a7e@reply.linkedin.com"
    assert "InMail is not a connection request" in result.reasons


OTHER_EML = sorted(p for p in REAL.glob("*.eml") if not p.name.startswith("linkedin_"))


@pytest.mark.parametrize("path", OTHER_EML, ids=[p.stem for p in OTHER_EML])
def test_other_corpus_messages_are_never_linkedin(path: Path) -> None:
    result = classify(parse_message(path.read_bytes()))
    assert result.network != "linkedin"
    assert result.kind not in (Kind.INVITATION_ACCEPTED, Kind.MESSAGE_NOTIFICATION)


def test_facebook_sample_with_broken_header_block_still_yields_its_sender() -> None:
    raw = (REAL / "facebook_2010-09_friend-request_en_headers-only.eml").read_bytes()
    envelope = parse_message(raw).envelope
    assert envelope.from_addr == "notification+r7=u_flp@facebookmail.com"
    assert envelope.subject == "??? wants to be friends on Facebook."

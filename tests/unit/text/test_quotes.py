"""Quote stripping: a reply's newly written part, for every client and language.

Invented fixtures cover each quote-header form (Gmail, Outlook and its
localised header blocks, the "Original Message" family, Apple Mail,
Thunderbird, the localised "wrote:" lines, Russian Gmail and Android), mobile
and `-- ` signatures; the real replies in ../shared/corpus are checked too,
with what must remain derived from the sample itself, never copied here.
"""

from __future__ import annotations

import email
import email.policy
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from inviteassist.detect.content import extract_body
from inviteassist.text.quotes import strip_quoted

CORPUS = Path(__file__).resolve().parents[4] / "shared" / "corpus"
QUOTE = "\n> Hello Jo,\n> would one of these times suit you?\n> A) Tuesday 1 December 2026, 10:00\n"
REPLY = "Wednesday at 2pm works for me.\nThanks, Jo"

# (name, the whole reply, what must remain)
CASES: list[tuple[str, str, str]] = [
    ("plain reply is kept whole", REPLY, REPLY),
    ("gmail english",
     f"{REPLY}\n\nOn Fri, Nov 27, 2026 at 9:15 AM, Sam Owner <sam@example.com> wrote:\n{QUOTE}",
     REPLY),
    ("gmail header wrapped inside the address",
     f"{REPLY}\n\nOn Fri, Nov 27, 2026 at 9:15 AM, Sam Owner <\nsam@example.com> wrote:\n{QUOTE}",
     REPLY),
    ("gmail header wrapped before the verb",
     f"{REPLY}\n\nOn Fri, Nov 27, 2026 at 9:15 AM, Sam Owner\n<sam@example.com> wrote:\n{QUOTE}",
     REPLY),
    ("outlook separator and header block",
     f"{REPLY}\n\n________________________________\nFrom: Sam Owner <sam@example.com>\n"
     "Sent: Friday, November 27, 2026 9:15 AM\nTo: Jo Example <jo@example.org>\n"
     "Subject: Let's speak first\n\nHello Jo,\nA) Tuesday 1 December 2026, 10:00", REPLY),
    ("outlook german header block",
     f"{REPLY}\n\n________________________________\nVon: Sam Owner <sam@example.com>\n"
     "Gesendet: Freitag, 27. November 2026 09:15\nAn: Jo Example\nBetreff: Kennenlernen\n\n"
     "Hallo Jo", REPLY),
    ("outlook french header block with a space before the colon",
     f"{REPLY}\n\n________________________________\nDe : Sam Owner <sam@example.com>\n"
     "Envoyé : vendredi 27 novembre 2026 09:15\nÀ : Jo Example\nObjet : Échange\n\nBonjour",
     REPLY),
    ("outlook russian header block",
     f"{REPLY}\n________________________________\nОт: Sam Owner <sam@example.com>\n"
     "Отправлено: 27 ноября 2026 г. 9:15\nКому: Jo Example\nТема: Звонок\n\nПривет", REPLY),
    ("outlook bold header fields",
     f"{REPLY}\n\n*From:* Sam Owner <sam@example.com>\n*Sent:* Friday 09:15\n*To:* Jo\n\nHi",
     REPLY),
    ("older outlook mailto sender line",
     f"{REPLY}\n\nFrom: sam@example.com [mailto:sam@example.com]\n"
     "Sent: Friday, November 27, 2026 9:15 AM\nTo: Jo\nSubject: RE: call\n\nText", REPLY),
    ("original message separator",
     f"{REPLY}\n\n-----Original Message-----\nFrom: Sam Owner\nSent: Friday\n\nHello", REPLY),
    ("german original message separator",
     f"{REPLY}\n\n-----Ursprüngliche Nachricht-----\nVon: Sam Owner\nAn: Jo\nBetreff: x\n\nHallo",
     REPLY),
    ("yahoo original message separator",
     f"{REPLY}\n\n\n----- Original Message -----\nFrom: Sam Owner\nTo: Jo\n\nHello", REPLY),
    ("apple mail",
     f"{REPLY}\n\nOn Nov 27, 2026, at 9:15 AM, Sam Owner <sam@example.com> wrote:\n{QUOTE}",
     REPLY),
    ("thunderbird reply on top",
     f"{REPLY}\n\nOn 11/27/2026 09:15 AM, Sam Owner wrote:\n{QUOTE}", REPLY),
    ("thunderbird reply below the quote",
     f"On 11/27/2026 09:15 AM, Sam Owner wrote:\n{QUOTE}\n{REPLY}\n", REPLY),
    ("german attribution",
     f"{REPLY}\n\nAm Fr., 27. Nov. 2026 um 09:15 Uhr schrieb Sam Owner <sam@example.com>:\n{QUOTE}",
     REPLY),
    ("german thunderbird attribution",
     f"{REPLY}\n\nAm 27.11.2026 um 09:15 schrieb Sam Owner:\n{QUOTE}", REPLY),
    ("french attribution",
     f"{REPLY}\n\nLe ven. 27 nov. 2026 à 09:15, Sam Owner <sam@example.com> a écrit :\n{QUOTE}",
     REPLY),
    ("spanish attribution",
     f"{REPLY}\n\nEl vie, 27 nov 2026 a las 9:15, Sam Owner (<sam@example.com>) escribió:\n{QUOTE}",
     REPLY),
    ("portuguese attribution wrapped",
     f"{REPLY}\n\nEm sex., 27 de nov. de 2026 às 09:15, Sam Owner (\nsam@example.com) escreveu:\n"
     f"{QUOTE}", REPLY),
    ("italian attribution",
     f"{REPLY}\n\nIn data 27 novembre 2026 09:15:31 \"Sam Owner\" <sam@example.com> ha scritto:\n"
     f"{QUOTE}", REPLY),
    ("italian gmail attribution",
     f"{REPLY}\n\nIl giorno ven 27 nov 2026 alle ore 09:15 Sam Owner <sam@example.com> ha "
     f"scritto:\n{QUOTE}", REPLY),
    ("dutch attribution",
     f"{REPLY}\n\nOp vr 27 nov. 2026 om 09:15 schreef Sam Owner <sam@example.com>:\n{QUOTE}",
     REPLY),
    ("russian gmail attribution wrapped before the colon",
     f"{REPLY}\n\nпт, 27 нояб. 2026 г. в 09:15, Sam Owner <sam@example.com\n>:\n{QUOTE}", REPLY),
    ("russian android attribution",
     f"{REPLY}\n27.11.2026 9:15 пользователь \"Sam Owner\" <sam@example.com> написал:\n{QUOTE}",
     REPLY),
    ("quoted lines between written lines",
     "> would one of these suit you?\nWednesday at 2pm works for me.\n> A) Tuesday\nThanks, Jo",
     REPLY),
    ("a quoted attribution is quoted text",
     f"{REPLY}\n\n> Le 27 nov. 2026 à 09:15, Sam <sam@example.com> a écrit :\n> A\n", REPLY),
    ("dash-dash signature", f"{REPLY}\n-- \nJo Example\nFounder, Example Ltd", REPLY),
    ("dash-dash signature without its space", f"{REPLY}\n--\nJo Example", REPLY),
    ("sent from my iphone", f"{REPLY}\n\nSent from my iPhone\n\nOn Fri wrote", REPLY),
    ("get outlook for ios", f"{REPLY}\n\nGet Outlook for iOS<https://aka.ms/x>\n__", REPLY),
    ("german iphone signature", f"{REPLY}\n\nVon meinem iPhone gesendet", REPLY),
    ("french iphone signature", f"{REPLY}\n\nEnvoyé de mon iPhone", REPLY),
    ("spanish iphone signature", f"{REPLY}\n\nEnviado desde mi iPhone", REPLY),
    ("portuguese iphone signature", f"{REPLY}\n\nEnviado do meu iPhone", REPLY),
    ("italian iphone signature", f"{REPLY}\n\nInviato da iPhone", REPLY),
    ("dutch iphone signature", f"{REPLY}\n\nVerzonden vanaf mijn iPhone", REPLY),
    ("windows line endings",
     (f"{REPLY}\n\nOn Fri, Nov 27, 2026 at 9:15 AM, Sam <sam@example.com> wrote:\n{QUOTE}")
     .replace("\n", "\r\n"), REPLY),
    ("a written line before an attribution stays",
     "Le mardi me convient.\nLe ven. 27 nov. 2026 à 09:15, Sam <sam@example.com> a écrit :\n"
     f"{QUOTE}", "Le mardi me convient."),
    ("a from line without a header block is text",
     "From: my side, Wednesday is fine.\nThanks, Jo",
     "From: my side, Wednesday is fine.\nThanks, Jo"),
    ("a date label line is text",
     "Date: Wednesday 2 December\nTime: 14:00", "Date: Wednesday 2 December\nTime: 14:00"),
    ("only a quote leaves nothing", QUOTE, ""),
    ("a sign-off and a company block are the signature",
     "B works.\n\nKind regards,\nJordan Blake | VP\nT +1 212 555 0143\n"
     "Office hours: Mon–Fri 9am–5pm ET", "B works."),
    ("a german sign-off before an outlook block",
     "Mittwoch passt.\n\nMit freundlichen Grüßen\nAnna Becker\nErreichbar Mo–Fr 9–17 Uhr\n\n"
     "Von: Sam <sam@example.com>\nGesendet: Donnerstag, 3. Dezember 2026 09:30\nAn: Anna\n"
     "Betreff: Termin\n\nA) Di. 8 Dez., 10:00", "Mittwoch passt."),
    ("a sign-off followed by more text is text",
     "Thanks!\nB works for me.", "Thanks!\nB works for me."),
    ("a sign-off followed by a long block is text",
     "Thanks,\nJo\n" + "more words here\n" * 20,
     "Thanks,\nJo\n" + "more words here\n" * 19 + "more words here"),
    ("dutch apple mail header",
     f"{REPLY}\n\nOp 3 dec 2026 om 09:30 heeft Sam <sam@example.com> het volgende geschreven:\n"
     f"{QUOTE}", REPLY),
]


@pytest.mark.parametrize(("name", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_strip_quoted_keeps_only_the_newly_written_part(name: str, text: str,
                                                        expected: str) -> None:
    assert strip_quoted(text) == expected


@pytest.mark.parametrize(("name", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_stripping_twice_changes_nothing(name: str, text: str, expected: str) -> None:
    once = strip_quoted(text)
    assert strip_quoted(once) == once


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=400))
def test_stripping_only_removes_lines(text: str) -> None:
    source = {line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")}
    for line in strip_quoted(text).split("\n"):
        assert line == "" or line.rstrip() in source or line.strip() in {s.strip() for s in source}


# ---- the real replies in ../shared/corpus -----------------------------------------------

def _corpus_text(path: Path) -> str:
    if path.suffix == ".eml":
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        return extract_body(message).text
    return path.read_text(encoding="utf-8")


def _tidy(lines: list[str]) -> str:
    return "\n".join(line.rstrip() for line in lines).strip()


def _before(marker: str):  # what precedes the first line that starts with `marker`
    def expected(text: str) -> str:
        lines = text.split("\n")
        cut = next(i for i, line in enumerate(lines) if line.lstrip("> ").startswith(marker))
        return _tidy(lines[:cut])
    return expected


def _last_line(text: str) -> str:
    return text.strip().split("\n")[-1].strip()


def _whole(text: str) -> str:
    return _tidy(text.split("\n"))


# sample stem -> how to derive, from the sample itself, what must remain
CORPUS_EXPECTATIONS = {
    "reply_crisp_ios-outlook_wed-at-10am_en": _before("Get Outlook"),
    "reply_crisp_quote-header_french_2": _before("Le "),
    "reply_crisp_quote-header_german": _before("Am "),
    "reply_crisp_quote-header_german_outlook": _before("-----"),
    "reply_crisp_quote-header_italian": _before("In data"),
    "reply_crisp_quote-header_portuguese": _before("Em "),
    "reply_gmail_2023-01_ru-quote-header": _before("чт,"),
    "reply_outlook365_2023-01_ru-quote-header": _before("____"),
    "reply_talon_appointment_outlook-quote_en": _before("From:"),
    "reply_talon_interview-invitation-date-time_en": _whole,
    "reply_talon_std_android_2012": _before("02.04.2012"),
    "reply_talon_std_apple_mail_2012": _before("On "),
    "reply_talon_std_gmail_2012": _before("On "),
    "reply_talon_std_hotmail_2012": _before("Subject:"),
    "reply_talon_std_thunderbird_2012": _last_line,
    "reply_talon_std_yahoo_2012": _before("-----"),
}


def _corpus_replies() -> list[Path]:
    real = CORPUS / "real"
    if not real.is_dir():
        return []
    return sorted(p for p in real.glob("reply_*") if p.suffix in (".txt", ".eml")
                  and not p.name.endswith(".source.txt"))


@pytest.mark.corpus
def test_every_corpus_reply_has_an_expectation() -> None:
    replies = _corpus_replies()
    if not replies:
        pytest.skip(f"corpus not found at {CORPUS}")
    assert {p.stem for p in replies} == set(CORPUS_EXPECTATIONS)


@pytest.mark.corpus
@pytest.mark.parametrize("stem", sorted(CORPUS_EXPECTATIONS))
def test_corpus_reply_is_stripped_to_what_its_sender_wrote(stem: str) -> None:
    found = [p for p in _corpus_replies() if p.stem == stem]
    if not found:
        pytest.skip(f"corpus sample {stem} not found at {CORPUS}")
    text = _corpus_text(found[0])
    expected = CORPUS_EXPECTATIONS[stem](text)
    assert expected, "the expectation must leave some written text"
    assert strip_quoted(text) == expected

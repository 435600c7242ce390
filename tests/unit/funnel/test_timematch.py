"""Time matching: which offered option a reply picks, what time it counters with.

The phrase set (tests/timematch_phrases.py: 90 phrases in seven languages,
each with its expected outcome) runs case by case and as one accuracy figure;
the forms the issue names run against a scenario where B is Tuesday 14:00;
the real replies in ../shared/corpus that name times run with the times they
were sent; and the rules (offered options first, refusals, counters in the
owner's zone and in the future, quoted text ignored) each have a test.
"""

from __future__ import annotations

import dataclasses
import email
import email.policy
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from inviteassist.detect.content import extract_body
from inviteassist.funnel.replymatch import TimeMatch, match_reply
from inviteassist.models import Option
from inviteassist.text.quotes import strip_quoted
from inviteassist.text.timeread import read_times
from tests.timematch_phrases import (
    ALL,
    HELD_OUT,
    OPTIONS,
    PHRASES,
    RECEIVED,
    ZONE,
    ZONE_NAME,
    Case,
    accuracy,
    misses,
    outcome,
    run,
)

CORPUS = Path(__file__).resolve().parents[4] / "shared" / "corpus"
BERLIN = ZoneInfo("Europe/Berlin")


@pytest.mark.parametrize("case", ALL, ids=[f"{c.lang}: {c.text}" for c in ALL])
def test_reply_phrase_has_its_expected_outcome(case: Case) -> None:
    assert outcome(run(case)) == case.expect


def test_phrase_set_has_forty_phrases_in_five_languages() -> None:
    assert len(PHRASES) >= 40
    assert len({c.lang for c in PHRASES}) >= 5
    assert {c.expect for c in PHRASES} >= {"A", "B", "C", "none"}
    assert any(c.expect[:4].isdigit() for c in PHRASES), "counter-proposals are in the set"


def test_overall_accuracy_on_the_phrase_set(capsys: pytest.CaptureFixture[str]) -> None:
    score = accuracy(ALL)
    wrong = misses(ALL)
    with capsys.disabled():
        print(f"\ntime matching accuracy: {len(ALL) - len(wrong)}/{len(ALL)} = {score:.1%} "
              f"(held-out {len(HELD_OUT) - len(misses(HELD_OUT))}/{len(HELD_OUT)})")
    assert score >= 0.95, wrong


# ---- the forms named in issue 6, against options where B is Tuesday 14:00 -----------

def _option(label: str, start: datetime) -> Option:
    return Option(label, start, start + timedelta(minutes=30), f"{label}@issue")


TUESDAY_OPTIONS = (
    _option("A", datetime(2026, 12, 7, 10, 0, tzinfo=BERLIN)),   # Monday
    _option("B", datetime(2026, 12, 8, 14, 0, tzinfo=BERLIN)),   # Tuesday
    _option("C", datetime(2026, 12, 10, 16, 0, tzinfo=BERLIN)),  # Thursday
)
THURSDAY_BEFORE = datetime(2026, 12, 3, 8, 30, tzinfo=BERLIN)
ISSUE_FORMS = [
    "Tuesday at 2pm works", "Tue 14:00", "Dienstag um 14 Uhr", "mardi à 14h",
    "martes a las 14:00", "martedì alle 14", "dinsdag om 14.00", "terça às 14h",
    "8 Dec at 2pm", "12/8 14:00", "2026-12-08 14:00", "8. Dezember 14 Uhr",
    "B works", "option B", "B)", "let's do B", "B is fine", "B passt", "B me convient",
    "B me va bien", "B va bene", "B werkt", "B fica bom",
]


@pytest.mark.parametrize("text", ISSUE_FORMS)
def test_issue_form_picks_option_b(text: str) -> None:
    result = match_reply(text, TUESDAY_OPTIONS, received=THURSDAY_BEFORE, timezone=ZONE_NAME)
    assert (result.kind, result.label) == ("option", "B"), result.reasons


@pytest.mark.parametrize("text", ["none of these work", "B doesn't work", "keine passt",
                                  "B passt leider nicht", "B ne me convient pas",
                                  "B no me va bien", "B non va bene", "B werkt niet"])
def test_refusal_is_no_agreement(text: str) -> None:
    result = match_reply(text, TUESDAY_OPTIONS, received=THURSDAY_BEFORE, timezone=ZONE_NAME)
    assert result.kind == "none"


# ---- rules ------------------------------------------------------------------------

def _match(text: str, options: tuple[Option, ...] = OPTIONS) -> TimeMatch:
    return match_reply(text, options, received=RECEIVED, timezone=ZONE_NAME)


def test_times_in_the_quoted_draft_are_not_an_answer() -> None:
    reply = ("Thanks for the note!\n\nOn Fri, Nov 27, 2026 at 9:00 AM, Sam <sam@example.com> "
             "wrote:\n> A) Tuesday 1 December 2026, 10:00–10:30 CET (UTC+01:00)\n"
             "> B) Wednesday 2 December 2026, 14:00–14:30 CET (UTC+01:00)\n")
    assert _match(reply).kind == "none"


def test_a_copied_option_line_picks_that_option() -> None:
    result = _match("B) Wednesday 2 December 2026, 14:00–14:30 CET (UTC+01:00)")
    assert (result.kind, result.label) == ("option", "B")


def test_an_option_time_wins_over_reading_it_as_a_counter() -> None:
    result = _match("Wednesday at 2pm")
    assert (result.kind, result.label, result.proposed) == ("option", "B", None)
    assert result.phrase == "Wednesday at 2pm"


def test_counter_is_aware_in_the_owner_zone_and_after_received() -> None:
    result = _match("Could we do Thursday at 3pm instead?")
    assert result.kind == "counter" and result.label is None
    assert result.proposed == datetime(2026, 12, 3, 15, 0, tzinfo=BERLIN)
    assert result.proposed is not None and result.proposed.tzinfo is not None
    assert result.proposed.utcoffset() == timedelta(hours=1)
    assert result.proposed > RECEIVED
    assert result.phrase == "Thursday at 3pm"


def test_counter_in_another_zone_is_converted_to_the_owner_zone() -> None:
    result = _match("Thursday 9am EST?")
    assert result.proposed == datetime(2026, 12, 3, 15, 0, tzinfo=BERLIN)


def test_a_date_without_year_is_the_next_one() -> None:
    result = _match("How about 20 November at 10?")
    assert result.proposed == datetime(2027, 11, 20, 10, 0, tzinfo=BERLIN)


def test_a_past_time_is_no_counter() -> None:
    result = _match("2025-11-20 10:00 would have been good")
    assert result.kind == "none"
    assert any("past" in reason for reason in result.reasons)


def test_received_in_utc_is_read_in_the_owner_zone() -> None:
    late = datetime(2026, 11, 27, 23, 30, tzinfo=UTC)  # already Saturday in Berlin
    result = match_reply("tomorrow at 10", OPTIONS, received=late, timezone=ZONE_NAME)
    assert result.proposed == datetime(2026, 11, 29, 10, 0, tzinfo=BERLIN)


def test_a_day_that_fits_two_options_is_left_to_the_owner() -> None:
    two_on_tuesday = (*OPTIONS, _option("D", datetime(2026, 12, 1, 15, 0, tzinfo=BERLIN)))
    result = _match("Tuesday works", two_on_tuesday)
    assert result.kind == "none"
    assert any("several options (A, D)" in reason for reason in result.reasons)


def test_a_day_without_a_time_is_no_counter() -> None:
    result = _match("Could we do Monday instead?")
    assert result.kind == "none"
    assert result.phrase == "Monday"


def test_letter_and_a_new_hour_counter_on_that_option_day() -> None:
    result = _match("C, but could we start at 3pm?")
    assert result.kind == "counter"
    assert result.proposed == datetime(2026, 12, 4, 15, 0, tzinfo=BERLIN)


def test_an_hour_in_another_sentence_does_not_move_the_option() -> None:
    result = _match("B works. I start work at 9am anyway.")
    assert (result.kind, result.label) == ("option", "B")


def test_a_fallback_option_does_not_compete_with_the_first_choice() -> None:
    result = _match("B works, otherwise C")
    assert (result.kind, result.label) == ("option", "B")


def test_two_different_options_are_left_to_the_owner() -> None:
    result = _match("A works, and so does C works too")
    assert result.kind == "none"
    assert any("several options" in reason for reason in result.reasons)


def test_letters_that_are_not_offered_are_ignored() -> None:
    assert _match("D works").kind == "none"


def test_an_empty_reply_is_no_match() -> None:
    assert _match("\n> only a quote\n") == TimeMatch("none", reasons=("nothing newly written",))


def test_naive_received_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        match_reply("B works", OPTIONS, received=datetime(2026, 11, 27, 9, 0),
                    timezone=ZONE_NAME)


def test_unknown_zone_is_refused() -> None:
    with pytest.raises(ValueError, match="time zone"):
        match_reply("B works", OPTIONS, received=RECEIVED, timezone="Mars/Olympus")


def test_time_match_is_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        _match("B works").label = "C"  # type: ignore[misc]


def test_ambiguous_numeric_date_is_read_both_ways() -> None:
    (when,) = read_times("3/12 at 10")
    assert set(when.dates) == {(None, 3, 12), (None, 12, 3)}
    assert _match("3/12 at 10").proposed == datetime(2026, 12, 3, 10, 0, tzinfo=BERLIN)


# ---- the real replies in ../shared/corpus that name times --------------------------

def _corpus(name: str) -> str:
    path = CORPUS / "real" / name
    if not path.is_file():
        pytest.skip(f"corpus sample {name} not found at {CORPUS}")
    if path.suffix == ".eml":
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        return extract_body(message).text
    return path.read_text(encoding="utf-8")


NEW_YORK = ZoneInfo("America/New_York")
APPOINTMENT_SENT = datetime(2017, 10, 18, 14, 5, tzinfo=NEW_YORK)  # its quote's Sent: line


@pytest.mark.corpus
def test_corpus_appointment_time_is_a_counter() -> None:
    result = match_reply(_corpus("reply_talon_appointment_outlook-quote_en.txt"), (),
                         received=APPOINTMENT_SENT, timezone="America/New_York")
    assert result.kind == "counter"
    assert result.proposed == datetime(2017, 10, 19, 9, 30, tzinfo=NEW_YORK)


@pytest.mark.corpus
def test_corpus_appointment_time_picks_the_option_at_that_time() -> None:
    offered = (_option("A", datetime(2017, 10, 19, 9, 30, tzinfo=NEW_YORK)),
               _option("B", datetime(2017, 10, 20, 9, 30, tzinfo=NEW_YORK)))
    result = match_reply(_corpus("reply_talon_appointment_outlook-quote_en.txt"), offered,
                         received=APPOINTMENT_SENT, timezone="America/New_York")
    assert (result.kind, result.label) == ("option", "A")


@pytest.mark.corpus
def test_corpus_interview_date_and_time_form_one_counter() -> None:
    result = match_reply(_corpus("reply_talon_interview-invitation-date-time_en.txt"), (),
                         received=datetime(2011, 9, 28, 12, 0, tzinfo=NEW_YORK),
                         timezone="America/New_York")
    assert result.proposed == datetime(2011, 10, 3, 7, 0, tzinfo=NEW_YORK)
    assert any("date wins over the weekday" in reason for reason in result.reasons)


@pytest.mark.corpus
def test_corpus_time_inside_a_quote_is_not_the_reply() -> None:
    text = _corpus("reply_crisp_ios-outlook_wed-at-10am_en.txt")
    sent = datetime(2019, 9, 26, 11, 35, tzinfo=NEW_YORK)  # the quote's Sent: line
    assert match_reply(text, (), received=sent, timezone="America/New_York").kind == "none"
    quoted = [line for line in text.split("\n")
              if line not in strip_quoted(text) and not re.match(r"^\w+:", line)
              and any(w.has_time for w in read_times(line))]
    assert len(quoted) == 1
    relayed = match_reply(quoted[0], (), received=sent, timezone="America/New_York")
    assert relayed.proposed == datetime(2019, 10, 2, 10, 0, tzinfo=NEW_YORK)


QUIET_REPLIES = [
    "reply_crisp_quote-header_french_2.txt", "reply_crisp_quote-header_german.txt",
    "reply_crisp_quote-header_german_outlook.txt", "reply_crisp_quote-header_italian.txt",
    "reply_crisp_quote-header_portuguese.txt", "reply_gmail_2023-01_ru-quote-header.eml",
    "reply_outlook365_2023-01_ru-quote-header.eml", "reply_talon_std_android_2012.eml",
    "reply_talon_std_apple_mail_2012.eml", "reply_talon_std_gmail_2012.eml",
    "reply_talon_std_hotmail_2012.eml", "reply_talon_std_thunderbird_2012.eml",
    "reply_talon_std_yahoo_2012.eml",
]


@pytest.mark.corpus
@pytest.mark.parametrize("name", QUIET_REPLIES)
def test_corpus_reply_without_a_time_matches_nothing(name: str) -> None:
    offered = (_option("A", datetime(2012, 4, 3, 10, 0, tzinfo=BERLIN)),
               _option("B", datetime(2012, 4, 4, 14, 0, tzinfo=BERLIN)))
    result = match_reply(_corpus(name), offered,
                         received=datetime(2012, 4, 2, 18, 0, tzinfo=BERLIN), timezone=ZONE_NAME)
    assert result.kind == "none", result


def test_scenario_constants_are_consistent() -> None:
    assert RECEIVED.tzinfo is ZONE and all(o.start > RECEIVED for o in OPTIONS)

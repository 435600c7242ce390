"""The summary stays readable: waiting nudges and confirmations shown, lists
cut after 20 with a count, drafts quoted by their first lines, the footer's
examples taken from the reader's own ids, rates saying what they are over."""

from __future__ import annotations

from dataclasses import replace

from inviteassist.compose.templates import build_environment
from inviteassist.models import State
from inviteassist.summary.build import MAX_LISTED_ITEMS, MAX_PASTE_LINES, build_summary
from inviteassist.summary.render import render_text, reply_words
from tests.summary_state import at, fixed_input, record


def _drafted(number: int, **kwargs):
    return record(number, f"Person {number}", [
        (State.DETECTED, at(28, 9), "invitation"),
        (State.DRAFTED, at(28, 9, 1), "reply draft in Drafts")], **kwargs)


def test_waiting_nudges_and_confirmations_are_listed_with_the_replies():
    nudged = replace(record(40, "Nia Nudge", [(State.DRAFTED, at(16, 9), "reply draft"),
                                               (State.SENT, at(16, 10), "seen in Sent")],
                            email="nia@example.com"),
                     unsent=(("nudge", at(26, 9)),))
    confirmed = replace(record(41, "Cy Confirm", [(State.SENT, at(16, 10), "seen in Sent"),
                                                  (State.SCHEDULED, at(27, 9), "picked A")],
                               email="cy@example.com"),
                        unsent=(("confirmation", at(27, 9)),))
    data = fixed_input()
    summary = build_summary(replace(data, requests=(*data.requests, nudged, confirmed)))
    listed = [(d.person.id, d.purpose) for d in summary.drafts]
    assert (40, "nudge") in listed and (41, "confirmation") in listed
    assert (1, "reply") in listed
    text = render_text(build_environment(None), summary)
    assert "#40 Nia Nudge (LinkedIn, other), nudge drafted Thu 26 Nov, 09:00" in text
    assert "#41 Cy Confirm (LinkedIn, other), confirmation drafted" in text
    assert summary.headline.startswith("6 items wait for you")


def test_lists_stop_at_twenty_with_a_count_and_all_shows_every_one():
    data = fixed_input()
    many = tuple(_drafted(100 + n, email=f"p{n}@example.com") for n in range(30))
    data = replace(data, requests=(*data.requests, *many))
    short, full = build_summary(data), build_summary(data, everything=True)
    assert len(short.drafts) == MAX_LISTED_ITEMS and short.left_out.drafts == 12
    assert len(full.drafts) == 32 and not full.left_out
    assert short.waiting == full.waiting == 34
    text = render_text(build_environment(None), short)
    assert "… and 12 more: `inviteassist summary --print --all` lists every one" in text
    assert "and 12 more" not in render_text(build_environment(None), full)


def test_a_draft_is_quoted_by_its_first_lines_only():
    long_text = "\n".join(f"line {n}" for n in range(1, 41))
    data = replace(fixed_input(), requests=(_drafted(50, paste=long_text),))
    summary = build_summary(data)
    draft = summary.drafts[0]
    assert draft.paste_text == "\n".join(f"line {n}" for n in range(1, MAX_PASTE_LINES + 1))
    assert draft.paste_more == 40 - MAX_PASTE_LINES
    text = render_text(build_environment(None), summary)
    assert "line 40" not in text
    assert f"… {40 - MAX_PASTE_LINES} more lines: the whole text is in your Drafts folder" in text
    assert text.count("      | line ") == MAX_PASTE_LINES


def test_footer_examples_use_ids_from_this_summary():
    summary = build_summary(fixed_input())
    assert reply_words(summary) == "spoke 4 · no-show 4 · connected 5 · ignore 2 · sent 1"
    empty = build_summary(replace(fixed_input(), requests=()))
    assert reply_words(empty) == "spoke ID · no-show ID · connected ID · ignore ID · sent ID"


def test_rates_say_they_are_shares_of_sent_replies():
    summary = build_summary(fixed_input())
    labels = [what for what, _, _ in summary.numbers.rows]
    assert "answered, of sent" in labels and "silent, of sent" in labels
    text = render_text(build_environment(None), summary)
    assert "LinkedIn: 7 requests, 5 replies sent: of those 80% answered" in text

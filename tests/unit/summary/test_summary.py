"""The summary model: what waits, who followed through, who went quiet, warnings."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from inviteassist.models import State
from inviteassist.summary.build import build_summary, counter_text, short_when
from tests.summary_state import HOSTILE, NOW, SINCE, at, fixed_input, record


@pytest.fixture(scope="module")
def summary():
    return build_summary(fixed_input())


def ids(items):
    return [item.person.id for item in items]


def test_drafts_not_yet_sent_are_the_drafted_requests(summary):
    assert ids(summary.drafts) == [1, 2]


def test_paste_text_and_invitation_link_only_for_requests_without_an_address(summary):
    no_address, with_address = summary.drafts
    assert no_address.paste_text.startswith("Hello Zoë")
    assert no_address.invitations_url == "https://www.linkedin.com/mynetwork/invitation-manager/"
    assert with_address.paste_text is None and with_address.invitations_url is None
    assert with_address.person.email == "bob@example.com"


def test_an_unverified_request_is_flagged_in_its_draft_and_in_the_warnings(summary):
    assert [d.unverified for d in summary.drafts] == [False, True]
    unverified = [w.text for w in summary.warnings if w.kind == "unverified"]
    assert unverified == [f"1 request arrived without authentication evidence (#2 {HOSTILE}): "
                          "make sure it is genuine before you answer"]


def test_a_counter_proposal_waits_for_the_owner(summary):
    (counter,) = summary.counters
    assert counter.person.id == 3
    assert counter.detail == "proposes Thu 3 Dec, 15:00 (free in your calendar)"


def test_a_scheduled_call_in_the_past_asks_whether_it_happened(summary):
    (call,) = summary.calls
    assert (call.person.id, call.when) == (4, "Fri 27 Nov, 10:00–10:30 CET")


def test_a_scheduled_call_still_ahead_asks_nothing():
    data = fixed_input()
    later = tuple(replace(r, chosen=replace(r.chosen, start=NOW + timedelta(days=1),
                                            end=NOW + timedelta(days=1, minutes=30)))
                  if r.chosen else r for r in data.requests)
    assert build_summary(replace(data, requests=later)).calls == ()


def test_followed_through_lists_each_persons_furthest_step_in_the_period(summary):
    steps = [(f.person.id, f.state, f.when) for f in summary.followed]
    assert steps == [(4, "scheduled", "Fri 27 Nov, 10:00–10:30 CET"), (3, "replied", None),
                     (5, "spoke", None)]


def test_steps_before_the_period_are_not_repeated(summary):
    assert 7 not in ids(summary.followed)  # connected on 5 November


def test_went_quiet_says_since_when_and_what_was_offered(summary):
    silent, stalled = summary.dropped
    assert (silent.person.id, silent.state, silent.since) == (6, "silent", "Tue 24 Nov, 10:00")
    assert silent.offered == ("A: Wed 25 Nov, 10:00–10:30 CET", "B: Thu 26 Nov, 14:00–14:30 CET")
    assert (stalled.person.id, stalled.person.network, stalled.state) == (8, "XING", "stalled")


def test_a_dropout_that_answered_later_is_not_listed_as_quiet():
    quiet_then_back = record(9, "Back Again", [
        (State.SENT, at(20, 9), "sent"), (State.SILENT, at(24, 9), "deadline"),
        (State.REPLIED, at(25, 9), "email reply")])
    data = replace(fixed_input(), requests=(quiet_then_back,))
    summary = build_summary(data)
    assert summary.dropped == ()
    assert [f.state for f in summary.followed] == ["replied"]


@pytest.mark.parametrize(("kind", "expected"), [
    ("spoofed", ["Wed 25 Nov, 07:00: a notification failed the sender check and was not "
                 "answered (dkim=fail for linkedin.com)"]),
    ("calendar", ["calendar work.ics could not be read (2 times), last on Fri 27 Nov, 06:00: "
                  "HTTP 503"]),
    ("outage", ["mailbox failed from Tue 24 Nov, 03:00 to Tue 24 Nov, 05:00 (2 h): IMAP "
                "login refused"]),
])
def test_warnings_report_only_the_period(summary, kind, expected):
    assert [w.text for w in summary.warnings if w.kind == kind] == expected


def test_many_warnings_of_a_kind_are_cut_with_a_count():
    data = fixed_input()
    spoofed = tuple(replace(data.spoofed[0], at=at(25, 7, m)) for m in range(8))
    texts = [w.text for w in build_summary(replace(data, spoofed=spoofed)).warnings
             if w.kind == "spoofed"]
    assert len(texts) == 6 and texts[-1] == "… and 3 more"


def test_answers_to_the_last_summary_are_confirmed(summary):
    assert [(a.line, a.applied, a.outcome) for a in summary.answers] == [
        ("spoke 5", True, "request 5: scheduled -> spoke"),
        ("spoke 99", False, "no request 99")]


def test_headline_counts_what_needs_the_owner(summary):
    assert summary.headline == ("4 items wait for you; 3 people followed through; "
                                "2 went quiet; 4 warnings")
    assert not summary.nothing_new


def test_nothing_new_is_one_line_that_still_mentions_what_waits():
    data = fixed_input()
    later = replace(data, since=NOW + timedelta(days=30), now=NOW + timedelta(days=37),
                    spoofed=(), calendar_problems=(), outages=(), answers=())
    summary = build_summary(later)
    assert summary.nothing_new
    assert summary.headline == ("Nothing new since Wed 30 Dec, 08:00. 4 items still wait "
                                "for you.")


def test_a_call_that_ended_in_the_period_is_news_even_without_events():
    data = fixed_input()
    mia = next(r for r in data.requests if r.request.id == 4)
    quiet = replace(data, since=at(27, 9), now=at(27, 12), requests=(mia,), spoofed=(),
                    calendar_problems=(), outages=(), answers=())
    assert not build_summary(quiet).nothing_new


def test_times_are_shown_in_the_owners_zone():
    assert short_when(SINCE, "America/New_York") == "Mon 23 Nov, 02:00"


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", " https://x"])
def test_a_profile_link_that_is_not_a_web_address_is_dropped(url):
    data = fixed_input()
    zoe = data.requests[0]
    hostile = replace(zoe, request=replace(zoe.request, requester=replace(
        zoe.request.requester, profile_url=url)))
    (draft,) = build_summary(replace(data, requests=(hostile,))).drafts
    assert draft.profile_url is None


def test_facts_that_repeat_a_state_do_not_move_when_it_began(summary):
    # Mia: "call time passed" on 27 Nov is a fact, not a second `scheduled`;
    # Ada: "invitation expired" on 29 Nov does not move her silence from 24 Nov.
    mia = next(f for f in summary.followed if f.person.id == 4)
    assert mia.at == "Mon 23 Nov, 09:05"
    ada = next(d for d in summary.dropped if d.person.id == 6)
    assert ada.since == "Tue 24 Nov, 10:00"


def test_a_state_entered_before_the_period_is_not_news_again():
    data = fixed_input()
    old_scheduled = record(9, "Earlier", [
        (State.SENT, at(2, 9), "sent"), (State.SCHEDULED, at(3, 9), "picked option A: x"),
        (State.SCHEDULED, at(25, 9), "call time passed: did it happen?")])
    summary = build_summary(replace(data, requests=(old_scheduled,)))
    assert summary.followed == ()


@pytest.mark.parametrize(("cause", "text"), [
    ("counter-proposal: 2026-12-03T15:00:00+01:00 (busy in your calendar)",
     "proposes Thu 3 Dec, 15:00 (busy in your calendar)"),
    ("counter-proposal: next week?", "counter-proposal: next week?"),
])
def test_counter_proposals_are_shown_in_the_owners_words_and_zone(cause, text):
    assert counter_text(cause, "Europe/Berlin") == text

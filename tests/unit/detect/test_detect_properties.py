"""Property tests: mutated messages never make detection raise or lie about itself.

Every golden fixture (and a few hand-made seeds: a custom-network mail and a
calendar reply) is mutated by insertions of hostile byte strings, deletions,
bit flips and repetitions; detection, with a custom network rule in force, must
return a classification whose parts agree with each other and whose requester
facts are safe to put in a template or a header.
"""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inviteassist.detect.classify import classification_to_dict, classify_bytes
from inviteassist.detect.rules import BUILTIN_NETWORKS, DetectionRules, build_custom_rule
from inviteassist.models import REQUEST_KINDS, Classification, Kind

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "mail"
RULES = DetectionRules(custom_networks=(build_custom_rule({
    "name": "meetup", "sender_domain": "meetup.com", "subject": "wants to connect",
    "name_pattern": r"^(?P<name>.+?) wants to connect"}),))
SEEDS = [p.read_bytes() for p in sorted(FIXTURES.glob("*.eml"))] + [
    b"From: Meetup <info@meetup.com>\nSubject: Rosa Diaz wants to connect\n\nSay hi\n",
    b"From: a@b.example\nContent-Type: text/calendar; method=REPLY\n\nBEGIN:VCALENDAR\r\n"
    b"METHOD:REPLY\r\nBEGIN:VEVENT\r\nUID:x@y\r\nATTENDEE;PARTSTAT=ACCEPTED:mailto:a@b.example"
    b"\r\nDTSTART;TZID=Europe/Berlin:20261201T100000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
]
HOSTILE = [b"\r\n", b"\n", b"\r", b"\x00", b"\xff\xfe", b"<script>", b"</", b"=?utf-8?q?a=0D=0Ab?=",
           b"=?utf-8?b?SGksDQpCY2M6IGV2aWxAZXhhbXBsZS5jb20=?=", b"--", b"boundary=\"x\"",
           b"Content-Type: text/calendar; method=COUNTER\n", b"METHOD:REPLY\r\n", b"BEGIN:VEVENT",
           b"Content-Transfer-Encoding: base64\n", b"charset=x-nope", b"<div>" * 50, b"&#x0d;",
           b"From: LinkedIn <invitations@linkedln.com>\n", b";", b":", b"\"", b"\\", b"%"]
NETWORKS = BUILTIN_NETWORKS | {"meetup"}
ENCODED_WORD = re.compile(r"=\?[^?\s]{1,75}\?[bBqQ]\?")


# One mutation: (operation, where as a fraction of the length, argument).
MUTATION = st.one_of(
    st.tuples(st.just("insert"), st.floats(0, 1), st.sampled_from(HOSTILE)),
    st.tuples(st.just("delete"), st.floats(0, 1), st.integers(1, 300)),
    st.tuples(st.just("flip"), st.floats(0, 1), st.integers(0, 255)),
    st.tuples(st.just("repeat"), st.floats(0, 1), st.integers(1, 100)),
)


def mutate(seed: bytes, mutations: list[tuple[str, float, object]]) -> bytes:
    """Apply the mutations in order; positions scale with the current length."""
    data = bytearray(seed)
    for operation, fraction, argument in mutations:
        at = int(fraction * len(data))
        if operation == "insert" and isinstance(argument, bytes):
            data[at:at] = argument
        elif operation == "delete" and isinstance(argument, int):
            del data[at:at + argument]
        elif operation == "flip" and isinstance(argument, int) and at < len(data):
            data[at] = argument
        elif isinstance(argument, int):
            data[at:at] = data[at:at + 40] * argument
    return bytes(data)


def assert_consistent(result: Classification) -> None:
    assert isinstance(result.kind, Kind)
    assert result.reasons, "every verdict says why"
    assert result.network is None or result.network in NETWORKS
    assert (result.meeting_reply is not None) is (result.kind is Kind.MEETING_REPLY)
    assert (result.category is not None) is (
        result.kind in REQUEST_KINDS and result.network is not None)
    if result.genuine is False and result.network is None:
        assert result.requester is None  # an impostor's claims are not repeated
    if result.invitation_id is not None:
        assert result.invitation_id.isdigit()
    requester = result.requester
    for value in (requester.name, requester.headline) if requester else ():
        if value is not None:
            assert value.strip() == value and value
            assert not any(ch in value for ch in "\r\n\x00<>")
            assert not ENCODED_WORD.search(value)  # a header writer would decode it
    if requester and requester.email:
        assert "@" in requester.email and not any(ch in requester.email for ch in " \r\n<>")
    classification_to_dict(result)  # the inspect --json view never fails


@settings(max_examples=400, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.sampled_from(SEEDS), st.lists(MUTATION, min_size=1, max_size=6))
def test_mutated_messages_classify_consistently(seed: bytes,
                                                mutations: list[tuple[str, float, object]]
                                                ) -> None:
    raw = mutate(seed, mutations)
    assert_consistent(classify_bytes(raw, authserv_ids=("mx.rivera.example",), rules=RULES))


@settings(max_examples=100, deadline=None, database=None)
@given(st.binary(max_size=3_000))
def test_arbitrary_bytes_classify_consistently(raw: bytes) -> None:
    assert_consistent(classify_bytes(raw, rules=RULES))


def test_the_seeds_themselves_are_consistent() -> None:
    for seed in SEEDS:
        assert_consistent(classify_bytes(seed, rules=RULES))

"""The header fast paths read a value as the email package's grammar does:
`plain_mailbox` an address field, `registry_text` an unstructured one."""

from __future__ import annotations

import random

import pytest

from inviteassist.detect.parse import plain_mailbox, registry_addresses, registry_text
from inviteassist.mailpolicy import POLICY

PIECES = ("Dana", "Lee", "via", "LinkedIn", "O'Brien", "x", "A1", "j.", "a.b", "-", "_",
          "{}", "#", "!", "=?utf-8?q?Zo=C3=AB?=", "=", "?", "Zoë", '"', '"Lee, Dana"', ",",
          "(c)", "\\", ";", ":", "[", "]", "..", ".", "@", "@@", "<", ">", "\t", "  ", " ")
LOCALS = ("invitations", "messages-noreply", "first.last", "a+tag", "x", "a..b", ".a", "a.",
          "o'neil", "a=b", "ä", '"quoted"', "", "{x}", "a b")
DOMAINS = ("linkedin.com", "Mail.XING.com", "e", "a-b.example", "-a.example", "a..b",
           "[1.2.3.4]", "ex ample.com", "münchen.de", "")


def addresses(count: int) -> list[str]:
    """Plain mailboxes and their near misses: every piece next to every shape."""
    rng = random.Random(19)
    found = []
    for index in range(count):
        tame = index % 2  # every other one from the plain pieces only
        spec = (f"{rng.choice(LOCALS[:5 + 10 * (1 - tame)])}@"
                f"{rng.choice(DOMAINS[:4 + 6 * (1 - tame)])}")
        if rng.random() < 0.3 - 0.3 * tame:
            spec = spec.replace("@", rng.choice(("", "@@", " @ ")), 1)
        name = "".join(rng.choice(PIECES[:12 + 24 * (1 - tame)])
                       + rng.choice(("", " ", " ", "  ", ".", "\t")[:3 + 3 * (1 - tame)])
                       for _ in range(rng.randint(0, 4)))
        shape = rng.choice(("{name} <{spec}>", "{spec}", "{name}<{spec}>", " {name} <{spec}>",
                            "{name} <{spec}> ", "{name} <{spec}>, x@y.example",
                            "<{spec}>", "{name} {spec}", "{name} <{spec}> (comment)"))
        found.append(shape.format(name=name.strip() if rng.random() < 0.7 else name,
                                  spec=spec))
    return found


@pytest.mark.parametrize("field", ["From", "To", "Reply-To", "Cc"])
def test_the_fast_path_gives_what_the_header_grammar_gives(field: str) -> None:
    taken = 0
    for raw in addresses(6_000):
        fast = plain_mailbox(raw)
        if fast:
            taken += 1
            assert fast == registry_addresses(field, raw), raw
    assert taken > 500  # the plain form is common in the sample, not a rarity


@pytest.mark.parametrize("raw", [
    "Dana Lee via LinkedIn <invitations@linkedin.com>", "invitations@linkedin.com",
    "XING <mailrobot@mail.xing.com>", "Facebook <notification+AAAA3cH@facebookmail.com>",
    "Renee O'Brien <renee.o-brien@example.com>",
])
def test_notification_senders_take_the_fast_path(raw: str) -> None:
    assert plain_mailbox(raw) == registry_addresses("From", raw) != []


@pytest.mark.parametrize("raw", [
    '"Lee, Dana" <d@example.com>', "=?utf-8?q?Zo=C3=AB?= <z@example.com>",
    "Dana  Lee <d@example.com>", "Dana J. Lee <d@example.com>", "a@b, c@d",
    "Dana <a..b@example.com>", "Dana <d@example.com> (work)", "Zoë <z@example.com>",
])
def test_anything_else_is_left_to_the_header_grammar(raw: str) -> None:
    assert plain_mailbox(raw) == []


TEXT_PIECES = ("Dana Lee wants to connect", "Einladung", "é", "李", "  ", "\t", " ", "=", "?",
               "=?utf-8?q?Zo=C3=AB?=", "=?", "?=", "\r\n ", "\n", "\r", "\x00", "\x7f", "\u2028",
               "(", ")", '"', "\\", "<a@b>", ",", ";", ":", "\udcff", "Re:", "[x]", "", "'")


@pytest.mark.parametrize("field", ["Subject", "X-LinkedIn-Class", "Auto-Submitted", "Date",
                                   "Return-Path", "Content-Type", "Message-ID", "From"])
def test_registry_text_decodes_as_the_header_grammar_does(field: str) -> None:
    rng = random.Random(19)
    verbatim = 0
    for _ in range(3_000):
        raw = "".join(rng.choice(TEXT_PIECES) for _ in range(rng.randint(0, 8)))
        try:
            expected = str(POLICY.header_fetch_parse(field, raw))
        except Exception:  # header_text falls back to its compat decoder then
            assert "=?" in raw or field.lower() in ("date", "content-type", "message-id",
                                                      "from"), raw
            continue
        found = registry_text(field, raw)
        assert found == expected, raw
        verbatim += found is raw
    if field.lower() not in ("date", "content-type", "message-id", "from"):
        assert verbatim > 500  # the grammar is skipped often, not only in theory

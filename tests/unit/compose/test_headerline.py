"""A header line written as given is the line the email package folds
(compose.headerline), and a mailbox split at its "@" is the Address the
parser makes (compose.headers.mailbox): the short paths must never change a
draft's bytes."""

from __future__ import annotations

from email.headerregistry import Address

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inviteassist.compose.headerline import folded_line, header_line, plain_line
from inviteassist.compose.headers import mailbox

NAMES = ["Subject", "In-Reply-To", "References", "X-InviteAssist", "Content-Language",
         "To", "From", "Cc", "Reply-To", "Sender", "Message-ID", "Date", "Content-Type"]
ATEXT = "abcxyzABCXYZ0189!#$%&'*+/=?^_`{|}~-"
atoms = st.text(st.sampled_from(ATEXT), min_size=1, max_size=30)
dot_atoms = st.lists(atoms, min_size=1, max_size=3).map(".".join)
# Values near the shapes of real ones, and any text: ASCII with the
# characters the parser treats specially, long runs, encoded-word openers,
# other scripts.
ascii_values = st.text(st.sampled_from(ATEXT + " \t.,;:<>@\"()[]\\"), max_size=120)
any_values = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",),
                                   exclude_characters="\r\n\x85\u2028\u2029"), max_size=100)


@st.composite
def mailboxes(draw: st.DrawFn) -> str:
    """`Display Name <local@domain>` or the address alone, as Address writes it."""
    local, domain = draw(dot_atoms), draw(dot_atoms)
    name = draw(st.lists(atoms, max_size=4).map(" ".join) | ascii_values | any_values)
    try:
        return str(Address(name, addr_spec=f"{local}@{domain}"))
    except (ValueError, IndexError):
        return f"{local}@{domain}"


msg_ids = st.builds("<{}@{}>".format, dot_atoms, dot_atoms)


@settings(max_examples=800, deadline=None)
@given(name=st.sampled_from(NAMES), value=mailboxes() | msg_ids | ascii_values | any_values)
def test_the_short_path_gives_the_email_packages_line(name, value):
    assert_the_email_packages_line(name, value)


# Around the length where a value leaves the name's line for one of its own.
long_values = (st.text(st.sampled_from(ATEXT + " .,<>@\""), min_size=62, max_size=78)
               | st.builds("<{}.{}@{}>".format, atoms, atoms, atoms)
               | st.builds("{} {} <{}@{}>".format, atoms, atoms, atoms, atoms))


@settings(max_examples=400, deadline=None)
@given(name=st.sampled_from(NAMES), value=long_values)
def test_a_value_on_a_line_of_its_own_is_the_email_packages_line_too(name, value):
    assert_the_email_packages_line(name, value)


def assert_the_email_packages_line(name: str, value: str) -> None:
    try:
        expected = folded_line(name, value)
    except Exception:  # the package fails on some text ("0@" as To): no short path there
        assert plain_line(name, value) is None
        return
    assert header_line(name, value) == expected


@pytest.mark.parametrize(("name", "value"), [
    ("In-Reply-To", "<n1@linkedin.com>"),
    ("References", "<r1@linkedin.com> <n1@linkedin.com>"),
    ("Subject", "Re: Alex, please add me to your LinkedIn network"),
    ("To", "Gregory Hollis <person1@example.com>"),
    ("To", "person1@example.com"),
    ("X-InviteAssist", "reply"),
    ("Message-ID", "<inviteassist.reply.0123456789abcdef0123456789abcdef@morgan.example>"),
    ("Message-ID", "<m1@morgan.example>"),
    ("In-Reply-To", f"<{'n' * 50}@mail.linkedin.com>"),
])
def test_plain_per_draft_values_take_the_short_path(name, value):
    assert plain_line(name, value) is not None
    assert header_line(name, value) == folded_line(name, value)


@pytest.mark.parametrize(("name", "value"), [
    ("Subject", "Grüße"),
    ("Subject", "x" * 80),
    ("Subject", "=?utf-8?q?Hi?="),
    ("Subject", ""),
    ("To", '"Renee O\'Brien, PhD" <r@example.com>'),
    ("To", "Zoë <z@example.com>"),
    ("Message-ID", "<m1@[127.0.0.1]>"),
    ("In-Reply-To", f"<{'x' * 90}@mail.linkedin.com>"),
    ("Date", "Wed, 25 Nov 2026 09:00:00 +0000"),
    ("Content-Type", 'text/plain; charset="utf-8"'),
])
def test_other_values_are_folded_by_the_email_package(name, value):
    assert plain_line(name, value) is None
    assert header_line(name, value) == folded_line(name, value)


@settings(max_examples=400, deadline=None)
@given(name=st.sampled_from(["", "Sam Example", "Zoë", 'a "b" c']),
       email=st.builds("{}@{}".format, dot_atoms, dot_atoms) | ascii_values | msg_ids)
def test_a_mailbox_is_the_address_the_parser_makes(name, email):
    try:
        parsed = Address(name, addr_spec=email)
    except Exception as refused:  # the parser refuses it: so does mailbox
        with pytest.raises(type(refused)):
            mailbox(name, email)
        return
    made = mailbox(name, email)
    assert (made.display_name, made.username, made.domain, str(made)) == (
        parsed.display_name, parsed.username, parsed.domain, str(parsed))
    assert made == parsed

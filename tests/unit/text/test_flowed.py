"""format=flowed (RFC 3676): soft line breaks are joined, hard ones kept."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from inviteassist.detect.parse import parse_message
from inviteassist.text.flowed import unflow


def test_soft_breaks_join_and_hard_breaks_stay() -> None:
    text = "Could we do Tuesday the 15th at \n10am instead?\nThanks, Jo"
    assert unflow(text) == "Could we do Tuesday the 15th at 10am instead?\nThanks, Jo"


def test_the_signature_separator_is_never_joined() -> None:
    assert unflow("Thanks \n-- \nJo") == "Thanks \n-- \nJo"


def test_quote_depths_are_not_joined_together() -> None:
    assert unflow("> one \n> two\n>> three") == "> one two\n>> three"


def test_delsp_removes_the_marking_space() -> None:
    assert unflow("Diens\ntag", delsp=True) == "Diens\ntag"
    assert unflow("Diens \ntag", delsp=True) == "Dienstag"


def test_space_stuffing_is_undone() -> None:
    assert unflow(" From me: B") == "From me: B"


@given(st.text(alphabet=" >-\nab", max_size=60))
def test_unflow_never_fails_and_keeps_every_word(text: str) -> None:
    def words(value: str) -> list[str]:
        return [c for c in value if c in "ab-"]

    assert words(unflow(text)) == words(text)


def test_a_flowed_reply_body_is_read_unflowed() -> None:
    raw = (b"From: Jo <jo@example.com>\r\nSubject: Re: hi\r\nMIME-Version: 1.0\r\n"
           b"Content-Type: text/plain; charset=utf-8; format=flowed\r\n\r\n"
           b"Could we do Tuesday the 15th at \r\n10am instead?\r\n")
    assert parse_message(raw).text.startswith("Could we do Tuesday the 15th at 10am instead?")

"""icalwriter.fold cuts a content line where icalendar cuts it."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st
from icalendar.parser import Contentline

from inviteassist.schedule.icalwriter import fold

# Escapes, characters of one to four UTF-8 octets, and lines long enough to
# fold several times.
characters = st.sampled_from("a\\^\\^é€😀") | st.characters(codec="utf-8",
                                                            exclude_characters="\r\n")


@settings(max_examples=500)
@given(line=st.text(characters, max_size=400))
@example(line="a" * 73 + "\\n" + "b" * 80)
@example(line="é" * 36 + "^n" + "€" * 40)
def test_a_line_is_folded_as_icalendar_folds_it(line):
    assert fold(line) == Contentline(line).to_ical().decode()

"""A boundary clashes with the text exactly where the email package's
regular expression (`^--boundary(--)?$`, multiline) says it does."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from inviteassist.compose.mime import is_a_line_of

BOUNDARY = "===============0123456789012345678=="
pieces = st.sampled_from([f"--{BOUNDARY}", f"--{BOUNDARY}--", f"--{BOUNDARY}.0", BOUNDARY,
                          "\n", "\r\n", "\r", " ", "-", "x", "--"])


@given(st.lists(pieces, max_size=12).map("".join))
def test_a_clash_is_what_the_email_packages_pattern_finds(text):
    pattern = re.compile("^--" + re.escape(BOUNDARY) + "(--)?$", re.MULTILINE)
    assert is_a_line_of(BOUNDARY, text.encode()) == (pattern.search(text) is not None)

"""The shape every config error has: one line, starting with the file, naming
the place and ending with a fix in parentheses."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import pytest

from inviteassist.config.settings import load_settings
from inviteassist.errors import UserError


def assert_config_error(path: Path, words: Iterable[str]) -> None:
    """Loading `path` fails with one such line, holding every one of `words`."""
    with pytest.raises(UserError) as caught:
        load_settings(path)
    text = str(caught.value)
    assert "\n" not in text and text.startswith(str(path))
    for word in words:
        assert word in text
    assert re.search(r"\(.+\)$", text), "the message ends with a fix in parentheses"

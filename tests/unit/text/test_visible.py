"""Strangers' text reaches the owner visible as it is (issue 16, display safety)."""

from __future__ import annotations

import json

import pytest

from inviteassist.text.visible import csv_cell, for_terminal, json_for_terminal, strip_hidden


@pytest.mark.parametrize(("text", "visible"), [
    ("Dana\u202eeeL", "DanaeeL"),                 # right-to-left override
    ("Da\u200bna\u200d Lee\ufeff", "Dana Lee"),   # zero-width characters, BOM
    ("Dana\u2066 Lee\u2069", "Dana Lee"),         # isolates
    ("Dana\x9b31m Lee", "Dana31m Lee"),           # C1 control (CSI)
    ("Dana\x1b[2J Lee", "Dana[2J Lee"),           # C0 escape
    ("Zoë Łukasz 李娜", "Zoë Łukasz 李娜"),
    ("two\nlines\tand tab", "two\nlines\tand tab"),
])
def test_strip_hidden(text: str, visible: str) -> None:
    assert strip_hidden(text) == visible


def test_for_terminal_shows_what_would_act_on_the_terminal() -> None:
    assert for_terminal("mx\x1b]0;pwned\x07.example") == "mx\\x1b]0;pwned\\x07.example"
    assert for_terminal("a\u202eb\x9bc") == "a\\u202eb\\x9bc"
    assert for_terminal("Zoë Lee") == "Zoë Lee"


def test_json_for_terminal_is_the_same_json() -> None:
    value = {"name": "x\x1b\u202e\x9by"}
    text = json_for_terminal(json.dumps(value, ensure_ascii=False))
    assert "\x9b" not in text and "\u202e" not in text
    assert json.loads(text) == value


@pytest.mark.parametrize(("value", "cell"), [
    ('=HYPERLINK("https://evil.example","x")', '\'=HYPERLINK("https://evil.example","x")'),
    ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
    ("+1+1", "'+1+1"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"), ("\r=1", "'\r=1"),
    ("Dana Lee", "Dana Lee"), (7, "7"), (None, ""),
])
def test_csv_cell_never_starts_a_formula(value: object, cell: str) -> None:
    assert csv_cell(value) == cell

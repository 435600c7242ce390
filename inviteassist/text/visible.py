"""Text a person can see as it is: no hidden characters that reorder or hide it.

Owns the two rules for strangers' text on its way to the owner's eyes:
`strip_hidden` removes what only disguises text (bidi overrides and
isolates, zero-width characters, C0/C1 controls other than tab and line
breaks) at the detector's edge, and `for_terminal` escapes whatever such
character still reaches a terminal (an ESC in a header an attacker wrote)
as a visible `\\x1b` or `\\u202e`. `csv_cell` applies OWASP's rule against
CSV injection: a cell a spreadsheet would read as a formula starts with a
quote. Pure functions.
"""

from __future__ import annotations

import re

# Bidi embeddings, overrides and isolates, the marks, and the Arabic letter mark.
_BIDI = "\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c"
# Zero-width space, non-joiner and joiner, word joiner, invisible operators,
# byte-order mark, Mongolian vowel separator, soft hyphen.
_ZERO_WIDTH = "\u200b-\u200d\u2060-\u2064\ufeff\u180e\u00ad"
_HIDDEN = re.compile(f"[{_BIDI}{_ZERO_WIDTH}]")
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_TERMINAL = re.compile(f"[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f\\u2028\\u2029{_BIDI}{_ZERO_WIDTH}]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def strip_hidden(text: str) -> str:
    """`text` without bidi controls, zero-width characters and C0/C1 controls
    (tab, LF and CR stay: callers that want one line collapse those)."""
    return _CONTROLS.sub("", _HIDDEN.sub("", text))


def for_terminal(text: str) -> str:
    """`text` with every control, bidi and invisible character shown escaped."""
    return _TERMINAL.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def json_for_terminal(text: str) -> str:
    """JSON text (from `json.dumps(..., ensure_ascii=False)`) with the characters
    `for_terminal` escapes written as JSON `\\uXXXX` escapes: still the same JSON."""
    return _TERMINAL.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


def csv_cell(value: object) -> str:
    """A cell no spreadsheet runs as a formula (OWASP: prefix a single quote)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text

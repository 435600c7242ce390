"""Plain text sent as format=flowed (RFC 3676), joined back into its lines.

Owns `unflow`: Thunderbird, Apple Mail and others wrap long lines at about
72 characters and mark each soft break with a trailing space, so a reply's
"Tuesday the 15th at" and "10am" can stand on two lines. Joining soft-broken
lines (at the same quote depth, "-- " kept as the signature separator, the
space-stuffing of RFC 3676 undone, DelSp=yes honoured) gives the reader the
sentence the sender wrote. Pure: text in, text out.
"""

from __future__ import annotations

import re

QUOTES = re.compile(r"^>+")
SIGNATURE = "-- "


def unflow(text: str, *, delsp: bool = False) -> str:
    """`text` (a format=flowed body) with its soft line breaks removed."""
    out: list[str] = []
    pending: str | None = None  # a flowed paragraph still open
    pending_depth = 0
    for raw in text.split("\n"):
        line = raw.removesuffix("\r")
        depth_match = QUOTES.match(line)
        depth = len(depth_match[0]) if depth_match else 0
        content = line[depth:]
        content = content.removeprefix(" ")  # space-stuffing
        if pending is not None and (depth != pending_depth or content == SIGNATURE):
            out.append(_quoted(pending, pending_depth))
            pending = None
        flowed = content.endswith(" ") and content != SIGNATURE
        if flowed and delsp:
            content = content[:-1]
        joined = content if pending is None else pending + content
        if flowed:
            pending, pending_depth = joined, depth
        else:
            out.append(_quoted(joined, depth))
            pending = None
    if pending is not None:
        out.append(_quoted(pending, pending_depth))
    return "\n".join(out)


def _quoted(content: str, depth: int) -> str:
    return ">" * depth + (" " if depth and content else "") + content

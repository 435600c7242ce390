"""One header line of a draft, as the email package writes it under POLICY.

Most values are folded by the package itself, and remembered (From, Date,
Subject and the parts' headers repeat from draft to draft). The values that
are new in each draft (In-Reply-To, References, an ASCII To) are nearly
always short and plain, and for those the package's answer is known without
asking it: `name: value` as given. That holds when

- the value is non-empty printable ASCII with no "=?" (so no encoded word is
  read or written), and `name: value` fits in `max_line_length`: the folder
  then writes the header's parse tree as its text on one line; and
- the parse tree's text is the value itself: for an unstructured header
  (vtext and whitespace tokens, in order), and for an address header whose
  value is one mailbox of plain words and a dot-atom address
  (`Sam Example <sam@example.com>`, or the address alone), whose tokens keep
  the text as written.

Anything else (non-ASCII, quoted, long enough to fold, a Message-ID or a
Date, which the package rewrites) takes the package's path.
tests/unit/compose/test_headerline.py compares the two paths.
"""

from __future__ import annotations

import functools
import re
import sys
from email.headerregistry import (
    AddressHeader,
    SingleAddressHeader,
    UniqueAddressHeader,
    UniqueSingleAddressHeader,
    UniqueUnstructuredHeader,
    UnstructuredHeader,
)

from inviteassist.mailpolicy import POLICY, REGISTRY

NL = POLICY.linesep
MAX_LINE = POLICY.max_line_length or sys.maxsize
_REMEMBERED_LINES = 512
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_DOT_ATOM = rf"{_ATOM}(?:\.{_ATOM})*"
_ADDRESS = rf"{_DOT_ATOM}@{_DOT_ATOM}"
_PLAIN_MAILBOX = re.compile(rf"{_ATOM}(?: {_ATOM})* <{_ADDRESS}>|{_ADDRESS}")
_ADDRESS_HEADERS = (AddressHeader, UniqueAddressHeader, SingleAddressHeader,
                    UniqueSingleAddressHeader)


def header_line(name: str, value: str) -> str:
    """`name: value` folded as the email package folds it under POLICY, with
    its line end."""
    if written_as_given(name, value):
        return f"{name}: {value}{NL}"
    return folded_line(name, value)


@functools.lru_cache(maxsize=_REMEMBERED_LINES)
def folded_line(name: str, value: str) -> str:
    """The email package's own fold of `name: value`."""
    return str(POLICY.fold(name, POLICY.header_factory(name, value)))


def written_as_given(name: str, value: str) -> bool:
    """True when the package would write `name: value` on one line unchanged."""
    if not (value.isascii() and value.isprintable() and value and "=?" not in value
            and len(name) + 2 + len(value) <= MAX_LINE):
        return False
    kind = header_kind(name)
    return kind == "unstructured" or (kind == "address"
                                      and _PLAIN_MAILBOX.fullmatch(value) is not None)


@functools.lru_cache(maxsize=64)
def header_kind(name: str) -> str:
    """"unstructured", "address" or "other": how POLICY parses a `name` header
    (the stdlib's classes, whose parse keeps the text as read)."""
    parser: type = REGISTRY.registry.get(name.lower(), REGISTRY.default_class)
    if parser in (UnstructuredHeader, UniqueUnstructuredHeader):
        return "unstructured"
    return "address" if parser in _ADDRESS_HEADERS else "other"

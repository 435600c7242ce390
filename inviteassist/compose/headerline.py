"""One header line of a draft, as the email package writes it under POLICY.

Most of a draft's header values are short and plain, and for those the
package's line is known without asking it (`plain_line`): the folder writes
the header's parse tree as its text when that text is printable ASCII with
no "=?" (nothing to encode), after `name: ` when it fits, else on a line of
its own when it fits there (its one syntactic break). The parse tree's text
is the value itself for an unstructured header (vtext and whitespace tokens,
in order), for an address header holding one mailbox of plain words and a
plain address (mailpolicy's grammar: `Sam Example <sam@example.com>`, or the
address alone), and for a Message-ID of the form <address>: their tokens
keep the text as written. In a draft that covers From, To, Subject,
Message-ID, In-Reply-To, References, Content-Language and X-InviteAssist as
a rule. Anything else (non-ASCII, quoted, longer than a line, and the
headers the package rewrites: Date, MIME-Version, Content-Type,
Content-Transfer-Encoding, Content-Disposition) takes the package's path.
`header_line` remembers lines, as many repeat from draft to draft.
tests/unit/compose/test_headerline.py compares the two paths.
"""

from __future__ import annotations

import functools
import re
import sys
from email.headerregistry import (
    AddressHeader,
    MessageIDHeader,
    SingleAddressHeader,
    UniqueAddressHeader,
    UniqueSingleAddressHeader,
    UniqueUnstructuredHeader,
    UnstructuredHeader,
)

from inviteassist.mailpolicy import ADDR_SPEC, PLAIN_MAILBOX, POLICY, header_class

NL = POLICY.linesep
MAX_LINE = POLICY.max_line_length or sys.maxsize
_REMEMBERED_LINES = 512
_PLAIN_ADDRESS = re.compile(ADDR_SPEC)
_PLAIN_SHAPES = {
    "address": re.compile(PLAIN_MAILBOX),
    "message-id": re.compile(rf"<{ADDR_SPEC}>"),
}
_ADDRESS_HEADERS = (AddressHeader, UniqueAddressHeader, SingleAddressHeader,
                    UniqueSingleAddressHeader)


@functools.lru_cache(maxsize=_REMEMBERED_LINES)
def header_line(name: str, value: str) -> str:
    """`name: value` folded as the email package folds it under POLICY, with
    its line end; remembered, as most lines repeat from draft to draft."""
    return plain_line(name, value) or folded_line(name, value)


def folded_line(name: str, value: str) -> str:
    """The email package's own fold of `name: value`."""
    return str(POLICY.fold(name, POLICY.header_factory(name, value)))


def plain_line(name: str, value: str) -> str | None:
    """The package's line for `name: value` when it is known without asking
    the package: the value as given, after the name or on a line of its own
    (the header's one syntactic break); else None."""
    if not (value.isascii() and value.isprintable() and value and "=?" not in value
            and len(name) + 2 <= MAX_LINE and keeps_text(header_kind(name), value)):
        return None
    if len(name) + 2 + len(value) <= MAX_LINE:
        return f"{name}: {value}{NL}"
    return f"{name}:{NL} {value}{NL}" if len(value) + 1 <= MAX_LINE else None


def is_plain_address(text: str) -> bool:
    """True for a plain `local@domain` address (mailpolicy.ADDR_SPEC): the
    email parser reads it as that local part and that domain, and nothing else."""
    return _PLAIN_ADDRESS.fullmatch(text) is not None


def keeps_text(kind: str, value: str) -> bool:
    """True when POLICY's parse tree of `value` for a `kind` header is the
    value's own text."""
    if kind == "unstructured":
        return True
    shape = _PLAIN_SHAPES.get(kind)
    return shape is not None and shape.fullmatch(value) is not None


def header_kind(name: str) -> str:
    """"unstructured", "address", "message-id" or "other": how POLICY parses a
    `name` header (the stdlib's classes, whose parse keeps the text as read)."""
    parser = header_class(name)
    if parser in (UnstructuredHeader, UniqueUnstructuredHeader):
        return "unstructured"
    if parser in _ADDRESS_HEADERS:
        return "address"
    return "message-id" if parser is MessageIDHeader else "other"

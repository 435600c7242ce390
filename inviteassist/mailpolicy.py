"""The email policy every message is read and composed with.

It is `email.policy.default` with one change: a header value parsed once is
not parsed again. The stdlib runs its full RFC 5322 grammar each time a
header is set or read, and detectors ask each part of a message for its
Content-Type about a dozen times; on a first scan that grammar was a third
of the time. Most values also repeat from message to message (content
types, network senders, the owner's address). Parsed header objects are
immutable, so one object can serve every message that has the same value.
The class a header name is parsed with is made once per name, too: the
stdlib builds a new class for every value it parses.
"""

from __future__ import annotations

from email.headerregistry import BaseHeader, HeaderRegistry
from email.policy import EmailPolicy
from functools import lru_cache
from typing import Any

MAX_REMEMBERED_CHARS = 1_000  # longer values are parsed every time, and not kept
REMEMBERED_VALUES = 128  # enough for nearly every repeat; each keeps its parse tree
REMEMBERED_NAMES = 256  # header names seen in mail; a class each


class _RememberingRegistry(HeaderRegistry):
    def __init__(self) -> None:
        super().__init__()
        self._remembered = lru_cache(maxsize=REMEMBERED_VALUES)(super().__call__)
        self._classes = lru_cache(maxsize=REMEMBERED_NAMES)(super().__getitem__)

    def __getitem__(self, name: str) -> type[BaseHeader]:
        return self._classes(name)

    def map_to_type(self, name: str, cls: type[BaseHeader]) -> None:
        super().map_to_type(name, cls)
        self._classes.cache_clear()
        self._remembered.cache_clear()

    def __call__(self, name: str, value: Any) -> Any:
        if isinstance(value, str) and len(value) <= MAX_REMEMBERED_CHARS:
            return self._remembered(name, value)
        return super().__call__(name, value)


REGISTRY = _RememberingRegistry()
POLICY = EmailPolicy(header_factory=REGISTRY)

# The plain-mailbox grammar the fast paths of header handling rely on (reading
# in detect.parse, writing in compose.headerline): RFC 5322 atext without "="
# and "?", so that no encoded word hides in it, and domains of letters, digits
# and hyphens. POLICY parses text of these shapes as exactly what it says.
ATOM = r"[A-Za-z0-9!#$%&'*+/^_`{|}~-]+"
ADDR_SPEC = rf"{ATOM}(?:\.{ATOM})*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*"
PLAIN_MAILBOX = rf"({ATOM}(?: {ATOM})*) <({ADDR_SPEC})>|({ADDR_SPEC})"  # name, address | address


def header_class(name: str) -> type:
    """The stdlib class POLICY parses a `name` header with (before it makes
    a class of its own per name)."""
    found: type = REGISTRY.registry.get(name.lower(), REGISTRY.default_class)
    return found

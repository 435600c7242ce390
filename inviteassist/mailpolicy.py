"""The email policy every message is read and composed with.

It is `email.policy.default` with one change: a header value parsed once is
not parsed again. The stdlib runs its full RFC 5322 grammar each time a
header is set or read, and detectors ask each part of a message for its
Content-Type about a dozen times; on a first scan that grammar was a third
of the time. Most values also repeat from message to message (content
types, network senders, the owner's address). Parsed header objects are
immutable, so one object can serve every message that has the same value.
"""

from __future__ import annotations

from email.headerregistry import HeaderRegistry
from email.policy import EmailPolicy
from functools import lru_cache
from typing import Any

MAX_REMEMBERED_CHARS = 1_000  # longer values are parsed every time, and not kept
REMEMBERED_VALUES = 128  # enough for nearly every repeat; each keeps its parse tree


class _RememberingRegistry(HeaderRegistry):
    def __init__(self) -> None:
        super().__init__()
        self._remembered = lru_cache(maxsize=REMEMBERED_VALUES)(super().__call__)

    def __call__(self, name: str, value: Any) -> Any:
        if isinstance(value, str) and len(value) <= MAX_REMEMBERED_CHARS:
            return self._remembered(name, value)
        return super().__call__(name, value)


POLICY = EmailPolicy(header_factory=_RememberingRegistry())

"""Which header lines our own servers wrote: the trust boundary of a message.

Owns the reading of the trace (`Received:` lines) that tells headers our
servers added apart from headers the sender brought along. Servers prepend,
so reading top down, our servers' `Received:` lines come first (hops from
our own hosts or loopback, local LMTP delivery); the first of them that took
the message from an outside host is "the first Received our server wrote". A sender may write
lines naming our hosts too, but only below that one. Only headers above it can be ours: an
Authentication-Results below it was in the message before our server saw
it, whatever its authserv-id says.

Our servers are named by `authserv_ids`; when none is configured, the host
of the topmost `Received: ... by HOST` is taken as ours (`derived`), since
the last server to touch a delivered message is always the owner's. Hops a
server makes to itself (`by localhost`) count as ours. A message without
any `Received:` line (a file saved by a client, a test) has no boundary:
every header is above it. Pure: reads raw header lines, nothing else.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from email.message import Message

from inviteassist.detect.domains import is_within, normalise_host
from inviteassist.detect.parse import raw_headers

_BY = re.compile(r"\bby\s+([A-Za-z0-9][A-Za-z0-9.\-]{0,252})", re.IGNORECASE)
# Postfix, Sendmail, Exim with a known name: `from HELO (rdns [192.0.2.1])`.
_FROM_RDNS = re.compile(
    r"^\s*from\s+\S+\s+\(\s*([A-Za-z0-9][A-Za-z0-9.\-]{0,252})\s+\[[0-9A-Fa-f.:]+\]",
    re.IGNORECASE)
_LOCAL_PROTOCOL = re.compile(r"\bwith\s+(?:UTF8)?LMTP[SA]{0,2}\b|\bwith\s+local\b",
                             re.IGNORECASE)
_LOOPBACK = frozenset({"localhost", "localhost.localdomain", "127.0.0.1", "::1"})


@dataclass(frozen=True)
class Trace:
    """The header lines of a message (names lower-cased, values unfolded) and
    where our servers' part of it ends."""

    headers: tuple[tuple[str, str], ...]
    our_ids: tuple[str, ...]       # configured authserv-ids, else the derived one
    derived: bool                  # True when `our_ids` came from the topmost Received
    boundary: int | None           # index of the first Received our server wrote

    def above_boundary(self, name: str) -> list[str]:
        """Values of header `name` our servers may have written, top first."""
        end = len(self.headers) if self.boundary is None else self.boundary
        return [value for key, value in self.headers[:end] if key == name]

    def top(self, name: str) -> str | None:
        """The topmost value of header `name`."""
        return next((value for key, value in self.headers if key == name), None)

    def connecting_host(self) -> str | None:
        """The name (reverse DNS) of the host our server received the message from,
        as our server recorded it in its first Received line; None when unknown,
        or when it is a sibling of our server (`mx.` handing to `mail.` of one
        domain): an internal hop of ours that `authserv_ids` does not list."""
        if self.boundary is None:
            return None
        line = self.headers[self.boundary][1]
        host, by = received_from(line), received_by(line)
        if host and by and _parent(host) == _parent(by):
            return None
        return host


def _parent(host: str) -> str:
    labels = host.split(".")
    return ".".join(labels[1:]) if len(labels) >= 3 else host


def _internal_hop(value: str, our_ids: Sequence[str]) -> bool:
    """A hop between our own servers: local delivery (LMTP, which nothing from
    outside speaks), or from a host our server's reverse lookup names as ours."""
    return bool(_LOCAL_PROTOCOL.search(value)) or is_ours(received_from(value), our_ids)


def received_by(value: str) -> str | None:
    """The `by HOST` of one Received value, normalised; None when absent."""
    match = _BY.search(value.split(";")[0])
    return normalise_host(match.group(1)) if match else None


def received_from(value: str) -> str | None:
    """The connecting host's name as the receiving server looked it up (the
    reverse DNS in `from HELO (rdns [ip])`), never the name the sender gave."""
    match = _FROM_RDNS.match(value)
    if not match or match.group(1).lower() == "unknown" or "may be forged" in value.lower():
        return None
    return normalise_host(match.group(1))


def is_ours(host: str | None, our_ids: Sequence[str]) -> bool:
    """A host is one of our servers: an id or a host under it, or loopback."""
    if host is None:
        return False
    return host in _LOOPBACK or any(is_within(host, server) for server in our_ids)


def read_trace(message: Message, authserv_ids: Sequence[str]) -> Trace:
    """The trace of `message` against our servers (see module doc)."""
    headers = tuple(raw_headers(message))
    received = [i for i, (key, _) in enumerate(headers) if key == "received"]
    configured = tuple(dict.fromkeys(
        normalise_host(server) for server in authserv_ids if server.strip()))
    derived = not configured
    our_ids = configured
    if derived and received:
        top = received_by(headers[received[0]][1])
        our_ids = (top,) if top else ()
    boundary = received[0] if received else None
    for index in received:
        if not is_ours(received_by(headers[index][1]), our_ids):
            break
        boundary = index
        if not _internal_hop(headers[index][1], our_ids):
            break  # the hop where the message came in from outside
    return Trace(headers, our_ids, derived and bool(our_ids), boundary)

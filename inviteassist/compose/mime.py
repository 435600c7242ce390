"""A reply draft's bytes, written directly rather than through an EmailMessage.

Building an `EmailMessage` (set_content, add_attachment) and flattening it
parses every header value into a tree and refolds it, encodes each part
again and walks the parts twice; that was most of the cost of a draft once
the .ics files were cheap (issue 19). A draft has one of two shapes: a text
part alone, or multipart/mixed holding the text and one text/calendar file
per option. `draft_bytes` writes those shapes the way `EmailMessage.as_bytes`
does under `mailpolicy.POLICY` (tests/unit/compose compare the bytes):

- header lines are written as the email package folds them
  (`compose.headerline`);
- the text is encoded with the email package's choice of transfer encoding
  (7bit, 8bit, quoted-printable or base64, `encode_text`), the calendars in
  base64 lines of 76 characters;
- the multipart boundary has the stdlib's form ("=" * 15, 19 digits, "==")
  but is derived from the draft's Message-ID rather than drawn at random, so
  a draft is the same bytes each time it is made; as the stdlib does, a
  boundary that occurs as a line in the parts gets a ".N" suffix.
Pure: no I/O, no clock, no randomness.
"""

from __future__ import annotations

import binascii
import functools
import hashlib
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from email import quoprimime

from inviteassist.compose.headerline import MAX_LINE, NL, header_line
from inviteassist.mailpolicy import POLICY

_BOUNDARY_DIGITS = len(repr(sys.maxsize - 1))  # as email.generator writes them


@dataclass(frozen=True)
class CalendarFile:
    """One .ics attachment: its bytes, its file name and its iTIP method."""

    content: bytes
    filename: str
    method: str


@dataclass(frozen=True)
class Draft:
    """A composed draft as the outbox stores it, and the language it is in."""

    content: bytes
    language: str


def draft_bytes(headers: Iterable[tuple[str, str]], body: str, files: Sequence[CalendarFile],
                language: str, message_id: str) -> bytes:
    """The bytes of a message with `headers` (in order, values as strings),
    `body` as text/plain and `files` attached, and Content-Language last."""
    head = "".join(header_line(name, value) for name, value in headers)
    cte, text = encode_text(body)
    text_headers = (header_line("Content-Type", 'text/plain; charset="utf-8"')
                    + header_line("Content-Transfer-Encoding", cte))
    closing = header_line("Content-Language", language)
    if not files:
        return (head + text_headers + header_line("MIME-Version", "1.0") + closing + NL
                + text).encode("ascii", "surrogateescape")
    parts = [(text_headers + NL + text).encode("ascii", "surrogateescape")]
    parts += [calendar_part(file) for file in files]
    boundary = unique_boundary(message_id, NL.encode().join(parts))
    mixed = f'multipart/mixed; boundary="{boundary}"'
    # One line as the email package leaves it when it fits (a fresh boundary
    # always does); a longer ".N" one is folded by the package.
    content_type = (f"Content-Type: {mixed}{NL}" if len(f"Content-Type: {mixed}") <= MAX_LINE
                    else header_line("Content-Type", mixed))
    opening = (head + header_line("MIME-Version", "1.0") + content_type + closing + NL
               + f"--{boundary}{NL}")
    between = f"{NL}--{boundary}{NL}".encode("ascii")
    return b"".join((opening.encode("ascii"), between.join(parts),
                     f"{NL}--{boundary}--{NL}".encode("ascii")))


def calendar_part(file: CalendarFile) -> bytes:
    """A text/calendar attachment: headers in the order `add_attachment` leaves
    them, the content in base64."""
    return calendar_head(file.filename, file.method) + encode_base64(file.content).encode("ascii")


@functools.lru_cache(maxsize=256)
def calendar_head(filename: str, method: str) -> bytes:
    """The headers of a calendar part and the blank line after them; kept
    apart from the header lines of the drafts, whose own lines (Message-ID,
    To ...) would push out the file names (an option's label, day and time)
    that recur between replies."""
    head = (header_line("Content-Transfer-Encoding", "base64")
            + header_line("Content-Disposition", f'attachment; filename="{filename}"')
            + header_line("Content-Type", f'text/calendar; method="{method}"; charset="UTF-8"')
            + header_line("MIME-Version", "1.0"))
    return (head + NL).encode("ascii")


def encode_text(body: str) -> tuple[str, str]:
    """(transfer encoding, encoded text) of a UTF-8 text part, chosen as
    `email.contentmanager.set_text_content` chooses: 7bit or 8bit when every
    line fits, else the shorter of quoted-printable and base64 (judged on the
    first ten lines)."""
    lines = body.encode("utf-8").splitlines()
    normal = b"\n".join(lines) + b"\n"
    if max((len(line) for line in lines), default=0) <= MAX_LINE:
        if normal.isascii():
            return "7bit", normal.decode("ascii")
        if POLICY.cte_type == "8bit":
            return "8bit", normal.decode("ascii", "surrogateescape")
    separator = NL.encode("ascii")
    sniff = separator.join(lines[:10]) + separator
    sniff_qp = quoprimime.body_encode(sniff.decode("latin-1"), MAX_LINE)
    if len(sniff_qp) > len(binascii.b2a_base64(sniff)):
        return "base64", encode_base64(separator.join(lines) + separator)
    if len(lines) <= 10:
        return "quoted-printable", sniff_qp
    return "quoted-printable", quoprimime.body_encode(normal.decode("latin-1"), MAX_LINE)


def encode_base64(data: bytes) -> str:
    """Base64 in lines as long as the policy allows (76 characters for 78),
    each ended by LF as binascii ends them: the encoding of the whole cut
    into lines, which is the lines of its 57-byte pieces, encoded."""
    width = MAX_LINE // 4 * 4
    encoded = binascii.b2a_base64(data, newline=False).decode("ascii")
    return "".join([f"{encoded[start:start + width]}\n"
                    for start in range(0, len(encoded), width)])


def unique_boundary(message_id: str, text: bytes) -> str:
    """The boundary for a draft: from its Message-ID, in the stdlib's form, with
    ".0", ".1" … added while a line of `text` is that boundary."""
    digest = hashlib.sha256(message_id.encode("utf-8", "surrogateescape")).digest()
    token = int.from_bytes(digest[:8], "big") % sys.maxsize
    boundary = f"{'=' * 15}{token:0{_BOUNDARY_DIGITS}d}=="
    candidate, counter = boundary, 0
    while is_a_line_of(candidate, text):
        candidate, counter = f"{boundary}.{counter}", counter + 1
    return candidate


def is_a_line_of(boundary: str, text: bytes) -> bool:
    """True when a line of `text` (split at LF, as `re.MULTILINE` reads `^`
    and `$`) is `--boundary` or `--boundary--`: what the email package checks."""
    opening = f"--{boundary}".encode("ascii")
    if opening not in text:
        return False
    lines = text.split(b"\n")
    return opening in lines or opening + b"--" in lines

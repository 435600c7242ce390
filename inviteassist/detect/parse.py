"""Raw message bytes -> a parsed message with a decoded envelope and best body.

Owns the boundary between untrusted bytes and the detector: `parse_message`
parses with `email.policy.default` (remembering parsed header values, see
`mailpolicy`), decodes the header facts the core needs
into a `models.Envelope`, and offers the body the detector reads (text/plain
preferred, else HTML rendered as text) with its links. It tolerates every
defect it can: only bytes that are no message at all (empty, no header block)
raise `MalformedMessage`. Header values come back single-line and free of
control characters, so nothing decoded here can inject a header later.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from email import errors
from email.header import decode_header, make_header
from email.headerregistry import AddressHeader, UnstructuredHeader
from email.message import EmailMessage, Message
from email.parser import BytesParser
from email.utils import getaddresses, parsedate_to_datetime
from functools import cached_property

from inviteassist.detect.content import Body, extract_body, extract_html_body, scrub
from inviteassist.detect.html_text import Link
from inviteassist.mailpolicy import PLAIN_MAILBOX, POLICY, REGISTRY
from inviteassist.models import Envelope
from inviteassist.text.visible import strip_hidden

logger = logging.getLogger(__name__)

MAX_HEADER_CHARS = 16_384
MAX_SUBJECT_CHARS = 1_000
_MESSAGE_ID = re.compile(r"<[^<>\s]{1,998}>")
_HEADER_JUNK = re.compile(r"[\x00-\x20\x7f-\x9f\u2028\u2029]+")
_ENCODED_WORD = re.compile(r"=\?(?=[^?\s]{1,75}\?[bBqQ]\?)")
_ADDRESS = re.compile(r'(?:"[^"\\]{0,64}"|[^\s<>"(),;:@\\\[\]]{1,64})@[\w.-]{1,253}')
_ADDRESS_INSIDE = re.compile(r'[^\s<>"(),;:@\\\[\]]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})+')
_TRAILING_ADDRESS = re.compile(r"<([^<>\s\"(),;:@]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})+)>\s*$")
_BLANK_LINE = re.compile(rb"\r?\n\r?\n")
_FIELD = re.compile(rb"^[\x21-\x39\x3b-\x7e]{1,100}:")
_FOLD = re.compile(r"\r?\n(?=[ \t])")
_PLAIN_MAILBOX = re.compile(PLAIN_MAILBOX)
# What the unstructured grammar changes: encoded words, line ends, undecodable bytes.
_NOT_VERBATIM = re.compile(r"=\?|[\r\n\ud800-\udfff]")
_STRUCTURED_FIELDS = frozenset(
    field for field, kind in REGISTRY.registry.items()
    if not issubclass(kind, UnstructuredHeader))
_ADDRESS_FIELDS = frozenset(
    field for field, kind in REGISTRY.registry.items() if issubclass(kind, AddressHeader))


class MalformedMessage(ValueError):
    """The bytes are not usable as a message at all (empty, no header block)."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(f"malformed message: {reason}")


@dataclass(frozen=True)
class ParsedMessage:
    """One parsed message; the body is decoded on first use and then kept.

    `source` is what `message` is parsed from (the raw bytes, with a repaired
    header block where it needed one). `parse_message` parses it at once; one
    made around an envelope worked out elsewhere (another process classified
    it) parses it only when something needs more than the envelope."""

    source: bytes
    envelope: Envelope
    header_problems: tuple[str, ...] = ()

    @cached_property
    def message(self) -> EmailMessage:
        return _parse_bytes(self.source)

    @cached_property
    def body(self) -> Body:
        return extract_body(self.message)

    @cached_property
    def html_body(self) -> Body | None:
        """The HTML alternative beside a text part, rendered; read only when the
        text part lacks something (a personal note)."""
        return extract_html_body(self.message) if self.body.source == "text/plain" else None

    @property
    def problems(self) -> tuple[str, ...]:
        """What was wrong with the message and had to be repaired or cut."""
        return self.header_problems + self.body.problems

    @property
    def text(self) -> str:
        return self.body.text

    @property
    def links(self) -> tuple[Link, ...]:
        return self.body.links


def parse_message(raw: bytes) -> ParsedMessage:
    """Parse `raw`; raise `MalformedMessage` only when it is no message at all."""
    if not isinstance(raw, bytes | bytearray | memoryview):
        raise MalformedMessage(f"expected bytes, got {type(raw).__name__}")
    data = bytes(raw)
    if not data.strip():
        raise MalformedMessage("empty message")
    message = _parse_bytes(data)
    problems: list[str] = []
    if any(isinstance(d, errors.MissingHeaderBodySeparatorDefect) for d in message.defects):
        repaired_data = repair_header_block(data)
        repaired = _parse_bytes(repaired_data)
        if len(repaired.keys()) > len(message.keys()):
            message, data = repaired, repaired_data
            problems.append("header lines that lost their indentation were rejoined")
    if not message.keys():
        raise MalformedMessage("no header block")
    envelope = build_envelope(message)
    if len(envelope.subject) > MAX_SUBJECT_CHARS:
        problems.append(f"subject cut to {MAX_SUBJECT_CHARS} characters")
        envelope = replace(envelope, subject=envelope.subject[:MAX_SUBJECT_CHARS])
    parsed = ParsedMessage(data, envelope, tuple(problems))
    parsed.__dict__["message"] = message  # parsed already: the cached property's value
    return parsed


def _parse_bytes(data: bytes) -> EmailMessage:
    try:
        message = BytesParser(policy=POLICY).parsebytes(data)
    except Exception as exc:  # the stdlib parser is lenient; this is a last resort
        raise MalformedMessage(f"parser gave up: {type(exc).__name__}") from exc
    if not isinstance(message, EmailMessage):
        raise MalformedMessage("parser returned no EmailMessage")
    return message


def repair_header_block(data: bytes) -> bytes:
    """Re-indent continuation lines that lost their leading whitespace.

    Only lines sandwiched between header fields (before the first blank line)
    are joined to the field above; anything after the last field is left for
    the parser to treat as the body, as before.
    """
    blank = _BLANK_LINE.search(data)
    head, rest = (data[: blank.start()], data[blank.start() :]) if blank else (data, b"")
    lines = head.splitlines(keepends=True)
    fields = [i for i, line in enumerate(lines) if _FIELD.match(line)]
    if not fields:
        return data
    for index in range(1, fields[-1]):
        if not _FIELD.match(lines[index]) and lines[index][:1] not in (b" ", b"\t"):
            lines[index] = b" " + lines[index]
    return b"".join(lines) + rest


def build_envelope(message: Message) -> Envelope:
    """Decode the header facts of `message`; defective headers degrade, never raise."""
    from_pairs = header_addresses(message, "From")
    from_name, from_addr = from_pairs[0] if from_pairs else ("", "")
    reply_to = header_addresses(message, "Reply-To")
    in_reply_to = _message_ids(message, "In-Reply-To")
    return Envelope(
        message_id=next(iter(_message_ids(message, "Message-ID")), None),
        subject=strip_hidden(header_text(message, "Subject") or ""),
        from_name=from_name,
        from_addr=from_addr,
        reply_to=reply_to[0][1] if reply_to and reply_to[0][1] else None,
        to_addrs=tuple(addr for _, addr in header_addresses(message, "To") if addr),
        date=_header_date(message),
        in_reply_to=in_reply_to[0] if in_reply_to else None,
        references=_message_ids(message, "References"),
    )


def raw_header_values(message: Message, name: str) -> list[str]:
    """Every raw value of header `name`, top to bottom, unfolded and length-capped."""
    wanted = name.lower()
    return [_unfolded(value) for key, value in message.raw_items()
            if str(key).lower() == wanted]


def raw_headers(message: Message) -> list[tuple[str, str]]:
    """Every header line as (lower-cased name, raw value unfolded and length-capped),
    top to bottom: their order is evidence (see `trace`)."""
    return [(str(key).lower(), _unfolded(value)) for key, value in message.raw_items()]


def _unfolded(value: object) -> str:
    return scrub(_FOLD.sub("", str(value)[:MAX_HEADER_CHARS]))


def header_text(message: Message, name: str) -> str | None:
    """The first `name` header decoded (RFC 2047) as one clean line, or None."""
    values = raw_header_values(message, name)
    if not values:
        return None
    try:
        decoded = registry_text(name, values[0])
    except Exception:  # defective encoded words: fall back to the compat decoder
        decoded = _decode_words(values[0])
    return clean_line(decoded)


def registry_text(name: str, raw: str) -> str:
    """`raw` decoded as the email package decodes header `name`. A value of an
    unstructured field with no encoded word, line end or undecodable byte comes back
    unchanged from its grammar, so it is not run through it (a subject differs
    from message to message: the parse was a tenth of a candidate's envelope);
    tests/unit/detect/test_header_fast_paths.py holds the two to each other."""
    if name.lower() in _STRUCTURED_FIELDS or _NOT_VERBATIM.search(raw):
        return str(POLICY.header_fetch_parse(name, raw))
    return raw


def header_addresses(message: Message, name: str) -> list[tuple[str, str]]:
    """(display name, address) pairs of every `name` header, in order."""
    pairs: list[tuple[str, str]] = []
    plain = name.lower() in _ADDRESS_FIELDS
    for raw in raw_header_values(message, name):
        found = ((plain_mailbox(raw) if plain else []) or registry_addresses(name, raw)
                 or _trailing_address(raw))
        if not found:
            try:
                found = getaddresses([_decode_words(raw)])
            except Exception:
                found = []
        for display, addr in found:
            address = clean_line(str(addr))
            if address and not _ADDRESS.fullmatch(address):
                salvaged = _ADDRESS_INSIDE.findall(_decode_words(raw)) if len(found) == 1 else []
                address = salvaged[0] if len(salvaged) == 1 else ""
            pairs.append((clean_line(str(display)), address))
    return [pair for pair in pairs if any(pair)]


def registry_addresses(name: str, raw: str) -> list[tuple[str, str]]:
    """(display name, address) pairs as the email package's header grammar
    reads `raw` as header `name` ([] when it reads none or gives up)."""
    try:
        parsed: object = POLICY.header_fetch_parse(name, raw)
        return [(a.display_name, a.addr_spec) for a in getattr(parsed, "addresses", ())]
    except Exception:
        return []


def plain_mailbox(raw: str) -> list[tuple[str, str]]:
    """`raw` read without the header grammar when it is one plain ASCII mailbox
    (`Name Words <local@domain>` or `local@domain`: atoms, single spaces, no
    quotes, comments or encoded words), the form nearly every notification's
    From has; [] otherwise. Gives what `registry_addresses` gives, several
    times faster (tests/unit/detect/test_header_fast_paths.py)."""
    match = _PLAIN_MAILBOX.fullmatch(raw)
    if not match:
        return []
    display, bracketed, bare = match.groups()
    return [(display or "", bracketed or bare)]


def _trailing_address(raw: str) -> list[tuple[str, str]]:
    """`phrase <local@domain>` that the strict parser refused (a display name with
    markup or a line break inside an encoded word): the phrase, decoded, and the
    address in the last angle brackets."""
    match = _TRAILING_ADDRESS.search(raw)
    if not match:
        return []
    return [(_decode_words(raw[: match.start()]).strip().strip('"'), match.group(1))]


def clean_line(value: str) -> str:
    """`value` as one line: controls and line breaks collapsed to single spaces,
    encoded words defused."""
    return defuse_encoded_words(_HEADER_JUNK.sub(" ", scrub(value)).strip())


def defuse_encoded_words(text: str) -> str:
    """'=?utf-8?q?...?=' left in already decoded text becomes '= ?utf-8?q?...?=':
    an e-mail header writer would decode it again, and what it hides (a line
    break and a Bcc, say) must never reach a draft's header."""
    return _ENCODED_WORD.sub("= ?", text)


def _decode_words(raw: str) -> str:
    try:
        return str(make_header(decode_header(raw)))
    except Exception:
        return raw


def _message_ids(message: Message, name: str) -> tuple[str, ...]:
    """The message ids of header `name`. An id holding an RFC 2047 encoded word
    ('=?') is dropped: a header writer would decode it, and what it decodes to
    (a line break, say) must never reach our drafts' threading headers."""
    values = raw_header_values(message, name)
    if not values:
        return ()
    ids = tuple(i for i in _MESSAGE_ID.findall(values[0]) if "=?" not in i)
    if ids or _MESSAGE_ID.search(values[0]):
        return ids
    bare = clean_line(values[0])
    return (bare,) if bare and "=?" not in bare else ()


def _header_date(message: Message) -> datetime | None:
    values = raw_header_values(message, "Date")
    if not values:
        return None
    try:
        parsed = parsedate_to_datetime(clean_line(values[0]))
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)

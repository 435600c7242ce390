"""A message's readable content: the best body, its links, and what was wrong.

Owns the walk from a parsed MIME tree to the text a reader would look at
(non-empty text/plain preferred, else the HTML rendered as text; a
format=flowed part joined back into its lines) and the decoding of a text
part's payload. It never raises for bad input; instead
every repair it had to make (an unknown charset, undecodable bytes, a damaged
base64 payload, a part or an HTML body cut at a size cap, a broken MIME tree)
is reported as a short phrase in `Body.problems`, so the detector's reasons
can say what was wrong. Every step is bounded by a size cap, so the time spent
on one message is bounded too.
"""

from __future__ import annotations

import codecs
import html
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from email import errors
from email.message import EmailMessage, Message
from itertools import islice

from inviteassist.detect.html_text import Link, render_html
from inviteassist.text.flowed import unflow

logger = logging.getLogger(__name__)

MAX_BODY_BYTES = 2_000_000
MAX_HTML_CHARS = 500_000
MAX_LINKS = 500
_BODY_JUNK = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_URL = re.compile(r"""https?://[^\s<>"'`{}|\\^\[\]]+""", re.IGNORECASE)
_URL_TAIL = ".,;:!?)'\"*"
_BASE64_DEFECTS = (
    errors.InvalidBase64CharactersDefect,
    errors.InvalidBase64PaddingDefect,
    errors.InvalidBase64LengthDefect,
)
_STRUCTURE_DEFECTS = (
    errors.StartBoundaryNotFoundDefect,
    errors.CloseBoundaryNotFoundDefect,
    errors.MultipartInvariantViolationDefect,
    errors.NoBoundaryInMultipartDefect,
    errors.FirstHeaderLineIsContinuationDefect,
)


@dataclass(frozen=True)
class Body:
    """The body a reader would look at: its text, its links, which part it was,
    and what had to be repaired to read it."""

    text: str
    links: tuple[Link, ...]
    source: str  # "text/plain", "text/html" or "none"
    problems: tuple[str, ...] = ()


@dataclass(frozen=True)
class DecodedPart:
    text: str
    problems: tuple[str, ...]


def extract_body(message: Message) -> Body:
    """The best body of `message`: non-empty text/plain, else rendered HTML."""
    problems = list(structure_problems(message))
    plain, markup = _body_parts(message, problems)
    if plain is not None:
        decoded = decode_part_checked(plain)
        problems += decoded.problems
        text = clean_body(decoded.text)
        if _param(plain, "format") == "flowed":  # soft-wrapped lines, RFC 3676
            text = unflow(text, delsp=_param(plain, "delsp") == "yes")
        if text.strip():
            return Body(text, text_links(text), "text/plain", tuple(problems))
    if markup is not None and markup is not plain:
        return _rendered(markup, problems)
    return Body("", (), "none", tuple(problems))


def extract_html_body(message: Message) -> Body | None:
    """The HTML alternative rendered as text, when the message has one beside
    its text part (a note may be in the HTML only); None otherwise."""
    problems: list[str] = []
    plain, markup = _body_parts(message, problems)
    if markup is None or markup is plain:
        return None
    return _rendered(markup, problems)


def _rendered(markup: Message, problems: list[str]) -> Body:
    decoded = decode_part_checked(markup)
    source = decoded.text
    problems += decoded.problems
    if len(source) > MAX_HTML_CHARS:
        problems.append(f"HTML body cut at {MAX_HTML_CHARS} characters")
        source = source[:MAX_HTML_CHARS]
    rendered = render_html(source)
    text = clean_body(rendered.text)
    return Body(text, rendered.links[:MAX_LINKS], "text/html", tuple(problems))


def structure_problems(message: Message) -> Iterator[str]:
    """One phrase per kind of MIME structure defect the parser recorded."""
    seen: set[str] = set()
    for part in _walk(message):
        for defect in getattr(part, "defects", ()):
            if isinstance(defect, _STRUCTURE_DEFECTS):
                name = type(defect).__name__.removesuffix("Defect")
                if name not in seen:
                    seen.add(name)
                    yield f"broken MIME structure ({name})"


def _walk(message: Message) -> Iterator[Message]:
    try:
        yield from islice(message.walk(), 1_000)
    except Exception:  # a tree the stdlib cannot walk: its root alone
        yield message


def _body_parts(message: Message, problems: list[str]) -> tuple[Message | None, Message | None]:
    if not isinstance(message, EmailMessage):
        return None, None
    try:
        plain = message.get_body(preferencelist=("plain",))
        markup = message.get_body(preferencelist=("html",))
    except Exception:  # broken MIME trees: treat as bodiless rather than crash
        logger.debug("cannot walk the MIME tree", exc_info=True)
        problems.append("MIME tree could not be read: no body")
        return None, None
    return plain, markup


def decode_part(part: Message) -> str:
    """A text part's payload as str: declared charset, else UTF-8, with replacement."""
    return decode_part_checked(part).text


def decode_part_checked(part: Message) -> DecodedPart:
    """`decode_part` with the repairs it made, as phrases."""
    problems: list[str] = []
    try:
        payload = part.get_payload(decode=True)
    except Exception:
        payload = None
    if any(isinstance(d, _BASE64_DEFECTS) for d in getattr(part, "defects", ())):
        problems.append("damaged base64 payload (decoded what could be)")
    if not isinstance(payload, bytes):
        return DecodedPart("", (*problems, "body part could not be decoded"))
    if len(payload) > MAX_BODY_BYTES:
        problems.append(f"body part cut at {MAX_BODY_BYTES} bytes")
        payload = payload[:MAX_BODY_BYTES]
    try:
        charset = part.get_content_charset() or "utf-8"
    except Exception:
        charset = "utf-8"
    try:
        lenient = "utf-8" if codecs.lookup(charset).name == "ascii" else charset
    except (LookupError, ValueError):  # unknown, or not even a name (a NUL inside)
        lenient = "utf-8"
        problems.append(f"unknown charset {charset[:40]!r} read as UTF-8")
    for encoding, handling in ((charset, "strict"), ("utf-8", "strict"), (lenient, "replace")):
        try:
            text = payload.decode(encoding, handling)
        except (LookupError, UnicodeError, ValueError, TypeError):
            continue
        if handling == "replace":
            problems.append(f"undecodable bytes in {lenient[:40]} replaced")
        return DecodedPart(text, tuple(problems))
    problems.append("undecodable bytes replaced")
    return DecodedPart(payload.decode("utf-8", "replace"), tuple(problems))


def _param(part: Message, name: str) -> str:
    """A Content-Type parameter of `part`, lower-cased ("" when absent or odd)."""
    try:
        value = part.get_param(name)
    except Exception:
        return ""
    return value.strip().lower() if isinstance(value, str) else ""


def clean_body(text: str) -> str:
    """Normalise line ends to LF and drop control characters other than tab/LF."""
    text = scrub(text).replace("\r\n", "\n").replace("\r", "\n")
    return _BODY_JUNK.sub("", text)


def scrub(value: str) -> str:
    """Replace lone surrogates (undecodable bytes) so the text is valid Unicode."""
    try:
        return value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeError:
        return value.encode("utf-8", "replace").decode("utf-8")


def text_links(text: str) -> tuple[Link, ...]:
    """Links of a plain-text body, labelled by the text before them on their line
    (or by the line above when the URL stands alone)."""
    return tuple(islice(_iter_text_links(text), MAX_LINKS))


def _iter_text_links(text: str) -> Iterator[Link]:
    previous = ""
    for line in text.split("\n"):
        stripped = line.strip()
        label_start = 0
        linked = False
        # Most lines hold no URL; every URL holds '://'.
        for match in _URL.finditer(stripped) if "://" in stripped else ():
            linked = True
            url = match.group(0).rstrip(_URL_TAIL)
            if "&amp;" in url or "&#" in url:
                url = html.unescape(url)
            before = stripped[max(label_start, match.start() - 200) : match.start()]
            label = before.strip().rstrip(":").strip()
            label_start = match.end()
            yield Link(label=label or previous, url=url)
        if stripped and not linked:
            previous = stripped.rstrip(":").strip()
        elif stripped:
            previous = ""

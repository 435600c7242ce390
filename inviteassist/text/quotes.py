"""A reply's newly written part: quoted text, quote headers and signatures removed.

Owns `strip_quoted`, which keeps what the sender wrote in a reply and drops
what their mail client added: `>`-quoted lines, everything from a quote header
on (Gmail, Apple Mail and Thunderbird "On … wrote:" lines and their localised
forms, Outlook's separator and From:/Sent:/To:/Subject: blocks, the
"-----Original Message-----" family), mobile signatures ("Sent from my
iPhone", "Get Outlook for iOS" and their translations) and `-- ` signatures.
A quote header with nothing written above it is a bottom-posted reply
(Thunderbird's habit): the header and the quoted lines go, the text below
stays. Every pattern lives in a table below, so a new client or language is
one row. Pure: text in, text out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

MAX_CHARS = 200_000
HEADER_LOOKAHEAD = 6  # lines after a From: line that may hold the rest of its block
MAX_WRAP = 3  # a quote header may be wrapped over this many lines

_ATTRIBUTION_TAILS: tuple[str, ...] = (
    r"^(?:on|am)\s.{4,300}\bwrote\s*:$",  # English; German Thunderbird writes "Am … wrote:" too
    r"^am\s.{4,300}\bschrieb\b.{0,300}:$",  # German
    r"^le\s.{4,300}\ba\s+[ée]crit\s*:$",  # French
    r"^el\s.{4,300}\bescribi[óo]\s*:$",  # Spanish
    r"^em\s.{4,300}\bescreveu\s*:$",  # Portuguese
    r"^(?:in\s+data|il)\s.{4,300}\bha\s+scritto\s*:$",  # Italian
    r"^op\s.{4,300}\bschreef\b.{0,300}:$",  # Dutch
    r"^op\s.{4,300}\bheeft\b.{1,300}\bgeschreven\s*:$",  # Dutch Apple Mail
    # Russian Gmail: "чт, 26 янв. 2023 г. в 14:58, Name <address>:"
    r"^(?:\w{2},\s*)?\d{1,2}\s\w{3,4}\.?\s\d{4}\s*г\.?\s*в\s*\d{1,2}:\d{2},.{0,300}:$",
    # A numeric date first: Android ("02.04.2012 14:20 пользователь … написал:"), old Gmail.
    r"^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\b.{0,300}\b(?:wrote|schrieb|написала?)\s*:$",
)
ATTRIBUTION = tuple(re.compile(p, re.IGNORECASE) for p in _ATTRIBUTION_TAILS)

ORIGINAL_MESSAGE = re.compile(
    r"^-{2,}\s*(?:original\s+message|ursprüngliche\s+nachricht|message\s+d'origine"
    r"|mensaje\s+original|mensagem\s+original|messaggio\s+originale|oorspronkelijk\s+bericht"
    r"|исходное\s+сообщение|forwarded\s+message|weitergeleitete\s+nachricht"
    r"|message\s+transféré|mensaje\s+reenviado|messaggio\s+inoltrato)\s*-{2,}$",
    re.IGNORECASE,
)
OUTLOOK_SEPARATOR = re.compile(r"^_{20,}$")

# Field names of a quoted header block, by role, in the languages we meet.
FROM_FIELDS = ("from", "von", "de", "от", "van", "da", "från", "fra")
OTHER_FIELDS = (
    "sent", "date", "to", "cc", "subject",  # English
    "gesendet", "datum", "an", "betreff",  # German
    "envoyé", "à", "objet",  # French
    "enviado", "fecha", "para", "asunto", "data", "assunto",  # Spanish, Portuguese
    "inviato", "a", "oggetto",  # Italian
    "verzonden", "aan", "onderwerp",  # Dutch
    "отправлено", "дата", "кому", "тема", "копия",  # Russian
)


def _field_line(names: Sequence[str]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(name) for name in names)
    return re.compile(rf"^\*?(?:{alternatives})\s?:\*?(?:\s|$)", re.IGNORECASE)


FROM_LINE = _field_line(FROM_FIELDS)
FIELD_LINE = _field_line(OTHER_FIELDS)
MAILTO_FROM = re.compile(r"^\*?\w+\s?:\*?\s.{0,200}\[mailto:[^\]]+\]$", re.IGNORECASE)

_MOBILE_SIGNATURES: tuple[str, ...] = (
    r"sent\s+from\s+(?:my\s+)?(?:iphone|ipad|android|mobile|samsung|galaxy|blackberry"
    r"|huawei|xiaomi|phone|smartphone|yahoo\s+mail|mail\s+for\s+windows|outlook)",
    r"sent\s+from\s+my\s+\w+",
    r"get\s+outlook\s+for\s+(?:ios|android)",
    r"(?:von\s+meinem\s+\S+\s+gesendet|gesendet\s+(?:von|vom|mit)\s+(?:meinem\s+)?\S+)",
    r"outlook\s+für\s+(?:ios|android)\s+(?:beziehen|herunterladen)",
    r"envoyé\s+(?:de|depuis)\s+(?:mon\s+)?\S+",
    r"télécharger\s+outlook\s+pour\s+(?:ios|android)",
    r"enviado\s+(?:desde|do|de)\s+(?:mi\s+|meu\s+|o\s+meu\s+)?\S+",
    r"(?:obtener|obtén|baixe|baixar|obter)\s+o?\s*outlook\s+(?:para|pra)\s+(?:ios|android)",
    r"inviato\s+(?:da|dal\s+mio|dalla\s+mia)\s+\S+",
    r"scarica\s+outlook\s+per\s+(?:ios|android)",
    r"(?:verzonden|verstuurd)\s+(?:vanaf|van|met)\s+(?:mijn\s+)?\S+",
    r"outlook\s+voor\s+(?:ios|android)\s+downloaden",
    r"отправлено\s+(?:с|из)\s+\S+",
)
MOBILE_SIGNATURE = re.compile(
    r"^(?:" + "|".join(_MOBILE_SIGNATURES) + r")", re.IGNORECASE)
SIGNATURE_DASHES = re.compile(r"^--\s*$")

# A sign-off on a line of its own, then a name: the signature block starts there.
_SIGN_OFFS = (
    "best|best regards|kind regards|warm regards|regards|best wishes|all the best|cheers|"
    "thanks|thank you|many thanks|sincerely|yours|talk soon|"
    "viele grüße|beste grüße|liebe grüße|herzliche grüße|schöne grüße|freundliche grüße|"
    "mit freundlichen grüßen|mit besten grüßen|grüße|gruß|lg|vg|mfg|danke|vielen dank|"
    "cordialement|bien cordialement|bien à vous|salutations|amitiés|merci|à bientôt|"
    "saludos|un saludo|atentamente|cordialmente|un abrazo|gracias|muchas gracias|"
    "abraços|abraço|um abraço|atenciosamente|att|cumprimentos|saudações|obrigado|obrigada|"
    "cordiali saluti|distinti saluti|saluti|un saluto|grazie|a presto|"
    "groeten|met vriendelijke groet|vriendelijke groet|met groet|hartelijke groet|groet|"
    "mvg|bedankt"
)
SIGN_OFF = re.compile(rf"^(?:{_SIGN_OFFS})\s*[,.!]?$", re.IGNORECASE)
NAME_LINE = re.compile(
    r"^(?:[A-ZÀ-Ý][\w'’.\-]*|de|da|di|van|von|der|den|dos|del|la|le)"
    r"(?:\s+(?:[A-ZÀ-Ý][\w'’.\-]*|de|da|di|van|von|der|den|dos|del|la|le)){0,3}"
    r"(?:\s*[|,·•–\-/].*)?$")
MAX_SIGNATURE_LINES = 10


def strip_quoted(text: str) -> str:
    """What the sender newly wrote in `text`, a reply's plain-text body."""
    lines = text[:MAX_CHARS].replace("\r\n", "\n").replace("\r", "\n").split("\n")
    kept: list[str] = []
    while lines:
        cut, header_end = _find_cut(lines)
        above = lines if cut is None else lines[:cut]
        kept.extend(line for line in above if not _is_quoted(line))
        if cut is None or header_end is None or _has_text(kept):
            break
        # Bottom-posting: a quote header with nothing written above it.
        lines = _skip_quoted(lines[header_end:])
    return "\n".join(line.rstrip() for line in kept).strip()


def _find_cut(lines: Sequence[str]) -> tuple[int | None, int | None]:
    """The first line where the written part ends, and (for a quote header
    after which a bottom-posted reply may follow) the line after the header;
    `(None, None)` when nothing needs cutting."""
    for index, line in enumerate(lines):
        stripped = line.strip()
        if _is_quoted(line) or not stripped:
            continue
        wrapped = _attribution_length(lines, index)
        if wrapped:
            return index, index + wrapped
        if (_starts_header_block(lines, index) or _is_signature(stripped)
                or _starts_sign_off(lines, index)):
            return index, None
    return None, None


def _attribution_length(lines: Sequence[str], index: int) -> int:
    """How many lines (1 to MAX_WRAP) the attribution starting at `index`
    spans, or 0 when none starts there. A join whose later line starts an
    attribution by itself leaves this line as written text."""
    window: list[str] = []
    for line in lines[index:index + MAX_WRAP]:
        if not line.strip() or (_is_quoted(line) and not (window and _is_wrapped_tail(line))):
            return 0
        window.append(line.strip())
        if _is_attribution(window):
            if any(_is_attribution(window[k:]) for k in range(1, len(window))):
                return 0
            return len(window)
    return 0


def _is_wrapped_tail(line: str) -> bool:
    """The end of an attribution wrapped inside `<address>`: `>:` or `> wrote:`."""
    stripped = line.strip()
    return len(stripped) <= 30 and stripped.endswith(":")


def _is_attribution(lines: Sequence[str]) -> bool:
    joined = " ".join(lines)
    return any(pattern.search(joined) for pattern in ATTRIBUTION)


def _starts_header_block(lines: Sequence[str], index: int) -> bool:
    """True for a separator or a From: line that opens a quoted header block."""
    line = lines[index].strip()
    if ORIGINAL_MESSAGE.match(line):
        return True
    following = [entry.strip() for entry in lines[index + 1:index + 1 + HEADER_LOOKAHEAD]]
    following = [entry for entry in following if entry]
    if OUTLOOK_SEPARATOR.match(line):
        return bool(following) and bool(FROM_LINE.match(following[0])
                                        or FIELD_LINE.match(following[0]))
    if FROM_LINE.match(line):
        return bool(MAILTO_FROM.match(line)) or any(FIELD_LINE.match(e) for e in following)
    return False


def _is_signature(line: str) -> bool:
    return bool(SIGNATURE_DASHES.match(line) or MOBILE_SIGNATURE.match(line))


def _starts_sign_off(lines: Sequence[str], index: int) -> bool:
    """True for "Kind regards," on its own line with a name below it and only
    a short block (the signature) before the end or the quoted part."""
    if not SIGN_OFF.match(lines[index].strip()):
        return False
    window = lines[index + 1:index + 2 + MAX_SIGNATURE_LINES + HEADER_LOOKAHEAD]
    cut, _ = _find_cut(window)
    if cut is None and index + 1 + len(window) < len(lines):
        return False
    rest = [line.strip() for line in window[:cut] if line.strip() and not _is_quoted(line)]
    return bool(rest) and len(rest) <= MAX_SIGNATURE_LINES and bool(NAME_LINE.match(rest[0]))


def _is_quoted(line: str) -> bool:
    return line.lstrip().startswith(">")


def _has_text(lines: Sequence[str]) -> bool:
    return any(line.strip() for line in lines)


def _skip_quoted(lines: Sequence[str]) -> list[str]:
    """`lines` without the quoted block (and blank lines) at their start."""
    index = 0
    while index < len(lines) and (_is_quoted(lines[index]) or not lines[index].strip()):
        index += 1
    return list(lines[index:])

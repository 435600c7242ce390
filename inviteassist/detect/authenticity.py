"""Sender verdict: does the receiving server vouch that the network sent this?

Owns the reading of Authentication-Results headers (RFC 8601) and the verdict
built on them. Only the receiving server's own header counts: the topmost one
whose authserv-id is configured (or simply the topmost when none is
configured), since anything below it may have been written by the sender. A
dkim=pass whose signing domain (header.d / header.i) belongs to the network's
domain, or a dmarc=pass for a header.from of that domain, makes the message
genuine; a fail for that domain makes it not genuine; otherwise there is no
evidence (None). DMARC, when present for the domain, decides before DKIM.
Pure: reads headers of a parsed message, nothing else.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from email.message import Message

from inviteassist.detect.domains import domain_of, is_within
from inviteassist.detect.parse import raw_header_values

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SenderVerdict:
    """True: vouched for; False: failing evidence; None: no evidence either way."""

    genuine: bool | None
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class MethodResult:
    """One `method=result prop=value ...` clause, names lower-cased."""

    method: str
    result: str
    properties: Mapping[str, str]


@dataclass(frozen=True)
class AuthenticationResults:
    authserv_id: str
    results: tuple[MethodResult, ...]


def _segments(value: str) -> list[str]:
    """Split on ';' outside quoted strings, dropping (nested) comments."""
    segments: list[str] = []
    current: list[str] = []
    depth, quoted, escaped = 0, False, False
    for char in value:
        if escaped:
            escaped = False
            if depth == 0:
                current.append(char)
        elif char == "\\" and (quoted or depth):
            escaped = True
            if quoted:
                current.append(char)
        elif quoted:
            current.append(char)
            quoted = char != '"'
        elif char == "(":
            depth += 1
        elif char == ")" and depth:
            depth -= 1
        elif depth:
            continue
        elif char == ";":
            segments.append("".join(current))
            current = []
        else:
            current.append(char)
            quoted = char == '"'
    segments.append("".join(current))
    return [segment.strip() for segment in segments]


def _tokens(segment: str) -> list[str]:
    """Words, quoted strings (unquoted) and '=' as separate tokens."""
    tokens: list[str] = []
    word: list[str] = []
    quoted = False
    for char in segment:
        if quoted:
            if char == '"':
                quoted = False
            else:
                word.append(char)
        elif char == '"':
            quoted = True
        elif char.isspace() or char == "=":
            if word:
                tokens.append("".join(word))
                word = []
            if char == "=":
                tokens.append("=")
        else:
            word.append(char)
    if word:
        tokens.append("".join(word))
    return tokens


def _method_result(segment: str) -> MethodResult | None:
    tokens = _tokens(segment)
    if len(tokens) < 3 or tokens[1] != "=" or tokens[0] == "=" or tokens[2] == "=":
        return None
    properties: dict[str, str] = {}
    rest = tokens[3:]
    for index in range(len(rest) - 2):
        key, equals, value = rest[index : index + 3]
        if equals == "=" and key != "=" and value != "=":
            properties.setdefault(key.lower(), value)
    method = tokens[0].split("/")[0].lower()
    return MethodResult(method=method, result=tokens[2].lower(), properties=properties)


def parse_authentication_results(value: str) -> AuthenticationResults:
    """Parse one header value; unknown or broken clauses are skipped."""
    segments = _segments(" ".join(value.split()))
    head = segments[0] if segments else ""
    if "=" in head:  # some servers omit the authserv-id altogether
        authserv_id, clauses = "", segments
    else:
        authserv_id, clauses = (head.split() or [""])[0], segments[1:]
    results = tuple(r for r in map(_method_result, clauses) if r is not None)
    return AuthenticationResults(authserv_id=authserv_id, results=results)


def _domain_in(result: MethodResult, keys: Sequence[str], network_domain: str) -> str | None:
    for key in keys:
        value = result.properties.get(key, "")
        host = domain_of(value) if "@" in value else value
        if host and is_within(host, network_domain):
            return host
    return None


# Method -> (the properties naming the domain it vouches for, the word in reasons).
_METHODS = (("dmarc", ("header.from",), "from"), ("dkim", ("header.d", "header.i"), "d"))


def _verdict(header: AuthenticationResults, network_domain: str) -> SenderVerdict:
    where = f" by {header.authserv_id}" if header.authserv_id else ""
    for method, keys, word in _METHODS:
        passed: list[str] = []
        failed: list[str] = []
        for result in header.results:
            host = _domain_in(result, keys, network_domain) if result.method == method else None
            if host and result.result == "pass":
                passed.append(f"{method}=pass {word}={host}{where}")
            elif host and result.result == "fail":
                failed.append(f"{method}=fail {word}={host}{where}")
        if method == "dmarc" and failed:
            return SenderVerdict(False, tuple(failed))
        if passed:
            return SenderVerdict(True, (passed[0],))
        if failed:
            return SenderVerdict(False, tuple(failed))
    return SenderVerdict(None, (f"no dkim or dmarc result for {network_domain}{where}",))


def judge_sender(
    message: Message, network_domain: str, authserv_ids: Sequence[str]
) -> SenderVerdict:
    """Judge whether `message` really comes from `network_domain` (see module doc)."""
    values = raw_header_values(message, "Authentication-Results")
    if not values:
        return SenderVerdict(None, ("no Authentication-Results header",))
    headers = [parse_authentication_results(value) for value in values]
    wanted = {server.strip().lower() for server in authserv_ids if server.strip()}
    if not wanted:
        return _verdict(headers[0], network_domain)
    for header in headers:
        if header.authserv_id.lower() in wanted:
            return _verdict(header, network_domain)
    return SenderVerdict(
        None, (f"no Authentication-Results from {', '.join(sorted(wanted))}",)
    )

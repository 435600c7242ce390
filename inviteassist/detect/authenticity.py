"""Sender verdict: does the receiving server vouch that the network sent this?

Owns the reading of Authentication-Results headers (RFC 8601) and the verdict
built on them. Only a result our own servers wrote counts: one above the
first Received line our server wrote (see `trace`), the topmost whose
authserv-id is configured in `authserv_ids` (or, when none is, derived from
the topmost `Received: ... by HOST`); a result below a Received line was in
the message before our server saw it, whatever it claims. A dkim=pass whose
signing domain (header.d) belongs to the network's domain, or a dmarc=pass
for a header.from of that domain, makes the message genuine; a fail for that
domain makes it not genuine. DMARC, when present for the domain, decides
before DKIM. With no usable result the envelope is judged (`envelope`):
evidence against the network makes the message not genuine, anything else
leaves it unverified (None). Pure: reads headers of a parsed message.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from email.message import Message

from inviteassist.detect.domains import domain_of, is_within, normalise_host
from inviteassist.detect.envelope import judge_envelope
from inviteassist.detect.trace import Trace, read_trace

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SenderVerdict:
    """True: vouched for; False: evidence against; None: no evidence either way.

    `signed_headers` names the headers a passing DKIM signature of the
    network's domain covers (empty unless DKIM passed): only those are the
    network's word, everything else in a genuine message may be added later.
    """

    genuine: bool | None
    reasons: tuple[str, ...]
    signed_headers: frozenset[str] = field(default=frozenset())


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


def _domain_in(result: MethodResult, key: str, network_domain: str) -> str | None:
    if key == "header.d" and key not in result.properties:
        key = "header.i"  # a valid signature's identity lies within its domain d
    value = result.properties.get(key, "")
    host = domain_of(value) if "@" in value else value
    return host if host and is_within(host, network_domain) else None


# Method -> (the property naming the domain it vouches for, the word in reasons).
# DKIM counts by its signing domain (header.d): a header.i beside a header.d of
# another domain lends the network's name to nobody. Only a result that names
# no header.d at all (some providers write header.i alone) is read by header.i,
# which RFC 6376 keeps inside d.
_METHODS = (("dmarc", "header.from", "from"), ("dkim", "header.d", "d"))


def _verdict(header: AuthenticationResults, network_domain: str) -> SenderVerdict:
    where = f" by {header.authserv_id}" if header.authserv_id else ""
    for method, key, word in _METHODS:
        passed: list[str] = []
        failed: list[str] = []
        for result in header.results:
            host = _domain_in(result, key, network_domain) if result.method == method else None
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


def _dkim_passed(header: AuthenticationResults, network_domain: str) -> bool:
    return any(r.method == "dkim" and r.result == "pass"
               and _domain_in(r, "header.d", network_domain) for r in header.results)


def signed_headers(trace: Trace, network_domain: str) -> frozenset[str]:
    """Header names that every DKIM-Signature of the network's domain covers (h=).

    A signature we cannot tell apart from a forged one must not widen what
    counts as signed, hence the intersection over all of them.
    """
    covered: frozenset[str] | None = None
    for _, value in (h for h in trace.headers if h[0] == "dkim-signature"):
        tags = dict(_tag(part) for part in value.split(";") if "=" in part)
        if not is_within(tags.get("d", ""), network_domain):
            continue
        names = frozenset(n.strip().lower() for n in tags.get("h", "").split(":") if n.strip())
        covered = names if covered is None else covered & names
    return covered or frozenset()


def _tag(part: str) -> tuple[str, str]:
    name, _, value = part.partition("=")
    return name.strip().lower(), "".join(value.split())


def _our_result(trace: Trace, network_domain: str) -> tuple[SenderVerdict, bool]:
    """The verdict of the Authentication-Results our servers wrote, and whether
    it includes a passing DKIM signature of the network's domain."""
    values = trace.above_boundary("authentication-results")
    ignored = sum(1 for key, _ in trace.headers if key == "authentication-results") - len(values)
    below = (f"{ignored} Authentication-Results below your server's Received ignored",) \
        if ignored else ()
    if not values:
        return SenderVerdict(None, below or ("no Authentication-Results header",)), False
    headers = [parse_authentication_results(value) for value in values]
    if not trace.our_ids:  # no Received line and nothing configured: the topmost is ours
        return _verdict(headers[0], network_domain), _dkim_passed(headers[0], network_domain)
    for header in headers:
        if _written_by(header.authserv_id, trace):
            verdict = _verdict(header, network_domain)
            return (SenderVerdict(verdict.genuine, verdict.reasons + below),
                    _dkim_passed(header, network_domain))
    derived = ("(authserv-id derived from the topmost Received)",) if trace.derived else ()
    return SenderVerdict(None, (
        f"no Authentication-Results from {', '.join(trace.our_ids)}"[:80], *derived, *below)), False


def _written_by(authserv_id: str, trace: Trace) -> bool:
    """A configured id must match exactly; a derived one (a host name) also
    matches a parent domain, which servers often write as their authserv-id."""
    server = normalise_host(authserv_id)
    if not trace.derived:
        return server in trace.our_ids
    return bool(server) and any(is_within(host, server) for host in trace.our_ids)


def judge_sender(
    message: Message, network_domain: str, authserv_ids: Sequence[str]
) -> SenderVerdict:
    """Judge whether `message` really comes from `network_domain` (see module doc)."""
    trace = read_trace(message, authserv_ids)
    verdict, dkim_passed = _our_result(trace, network_domain)
    if verdict.genuine is True:
        signed = signed_headers(trace, network_domain) if dkim_passed else frozenset()
        return replace(verdict, signed_headers=signed)
    if verdict.genuine is False:
        return verdict
    envelope = judge_envelope(trace, network_domain)
    if envelope.spoofed:
        return SenderVerdict(False, (*verdict.reasons, f"envelope is not {network_domain}"[:80],
                                     *envelope.against))
    return SenderVerdict(None, verdict.reasons + envelope.against)

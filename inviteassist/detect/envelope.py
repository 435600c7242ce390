"""Envelope evidence: what the delivery says about the sender when no
Authentication-Results of ours does.

Owns the second opinion `authenticity` asks for when our servers left no
usable result: the Return-Path domain (our delivery agent writes it from the
SMTP envelope), the host our server recorded as the one connecting to it,
the Message-ID's domain, and bulk-mailer headers that no network's mail
carries (`X-Mailer: PHPMailer`, `X-PHP-Originating-Script`). Each signal is
for or against the network. Envelope evidence can only accuse: a matching
envelope is forged as easily as a From line, so it never makes a message
genuine. Spoofed means two signals against, or one against and none for;
the Message-ID alone never accuses (networks' own ids name internal hosts
such as `ela4-bed52.prod`), it only adds weight to another signal.
Pure functions over a `trace.Trace`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from inviteassist.detect.domains import ascii_host, domain_of, is_within, normalise_host
from inviteassist.detect.trace import Trace

MAX_HOST_CHARS = 40
_BULK_MAILER = re.compile(
    r"phpmailer|swiftmailer|symfony\s*mailer|\bphp/\d|mass\s*mail|sendblaster|atomic\s*mail"
    r"|gammadyne|turbo[\s-]*mailer|bulk\s*mail|leaf\s*php\s*mailer|mailpoet", re.IGNORECASE)
_MAILER_HEADERS = ("x-mailer", "user-agent")
_SCRIPT_HEADERS = ("x-php-originating-script", "x-php-script", "x-source-args")
_MESSAGE_ID_DOMAIN = re.compile(r"@([A-Za-z0-9.\-]{1,253})>?\s*$")


@dataclass(frozen=True)
class EnvelopeVerdict:
    """`spoofed` with the signals for and against the network, as short phrases."""

    spoofed: bool
    against: tuple[str, ...]
    supporting: tuple[str, ...]


def _short(host: str) -> str:
    text = ascii_host(host)
    return text if len(text) <= MAX_HOST_CHARS else text[: MAX_HOST_CHARS - 1] + "…"


def _domain_signal(what: str, host: str | None, network_domain: str,
                   against: list[str], supporting: list[str]) -> None:
    if not host:
        return
    if is_within(host, network_domain):
        supporting.append(f"{what} {_short(host)}")
    else:
        against.append(f"{what} {_short(host)} is not {network_domain}")


def _message_id_domain(trace: Trace) -> str | None:
    value = trace.top("message-id")
    match = _MESSAGE_ID_DOMAIN.search(value or "")
    return normalise_host(match.group(1)) if match else None


def bulk_mailer(trace: Trace) -> str | None:
    """The phrase naming a bulk-mailer header, or None."""
    for name in _MAILER_HEADERS:
        match = _BULK_MAILER.search(trace.top(name) or "")
        if match:
            return f"sent with {match.group(0)}"
    for name in _SCRIPT_HEADERS:
        if trace.top(name) is not None:
            return f"sent by a web script ({name})"
    return None


def judge_envelope(trace: Trace, network_domain: str) -> EnvelopeVerdict:
    """Weigh the envelope of a message claiming to come from `network_domain`."""
    against: list[str] = []
    supporting: list[str] = []
    return_path = domain_of(trace.top("return-path") or "")
    _domain_signal("Return-Path domain", return_path, network_domain, against, supporting)
    _domain_signal("connecting host", trace.connecting_host(), network_domain, against,
                   supporting)
    mailer = bulk_mailer(trace)
    if mailer:
        against.append(mailer)
    strong = bool(against)
    _domain_signal("Message-ID domain", _message_id_domain(trace), network_domain, against,
                   supporting)
    spoofed = strong and (len(against) >= 2 or not supporting)
    return EnvelopeVerdict(spoofed, tuple(against), tuple(supporting))

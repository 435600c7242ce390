"""The transport-security policy shared by IMAP, SMTP and calendar URLs.

Certificates are always verified (a private authority via `ca_file`), and
plaintext is for loopback hosts only unless the owner says otherwise: one
rule, one place, for every connection that carries a password.
"""

from __future__ import annotations

import ipaddress
import ssl
from urllib.parse import urlsplit

from inviteassist.errors import UserError


def is_loopback(host: str) -> bool:
    if host.lower() in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def verified_context(ca_file: str, section: str) -> ssl.SSLContext:
    """A verifying TLS context, trusting `ca_file` too when given."""
    try:
        return ssl.create_default_context(cafile=ca_file or None)
    except (OSError, ssl.SSLError) as exc:
        raise UserError(f"cannot load the certificate authority file: {exc}",
                        where=f"[{section}] ca_file", fix="name a PEM file") from None


def refuse_plaintext(section: str, host: str, security: str, allow_insecure: bool,
                     what: str) -> None:
    """UserError when plaintext would carry `what` to a host that is not loopback."""
    if security == "plain" and not (is_loopback(host) or allow_insecure):
        raise UserError(f"refusing plaintext {section.upper()} to {host}: it would send "
                        f"{what} unencrypted", where=f"[{section}] security",
                        fix="use 'tls' or 'starttls', or set allow_insecure = true")


# Calendar addresses: secret iCal URLs carry their key in the path, so they
# get the same rule: encrypted unless the host is this machine.

def http_url(url: str) -> str:
    """The URL to request: webcal(s):// becomes https://."""
    scheme, rest = url.split("://", 1) if "://" in url else ("", url)
    if scheme.lower() in ("webcal", "webcals"):
        return f"https://{rest}"
    return url


def check_url(url: str) -> str | None:
    """Why `url` cannot be used as a calendar address, or None."""
    parts = urlsplit(http_url(url))
    if parts.scheme not in ("https", "http") or not parts.hostname:
        return "is not an https:// or webcal:// address"
    if parts.scheme == "http" and not is_loopback(parts.hostname):
        return "uses plain http, which would expose the secret address: use https://"
    return None


def redact_url(url: str) -> str:
    """`https://host/…`: secret iCal addresses carry their key in the path."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}/…"

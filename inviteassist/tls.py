"""The transport-security policy shared by IMAP and SMTP.

Certificates are always verified (a private authority via `ca_file`), and
plaintext is for loopback hosts only unless the owner says otherwise: one
rule, one place, for every connection that carries a password.
"""

from __future__ import annotations

import ipaddress
import ssl

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

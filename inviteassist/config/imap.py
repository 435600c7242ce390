"""The [imap] and [daemon] sections of the config schema.

Kept apart from settings.py to keep each module small; `config.settings`
registers both in `Settings`.
"""

from __future__ import annotations

from dataclasses import dataclass

from inviteassist.config.schema import opt as _opt


@dataclass(frozen=True)
class ImapSection:
    host: str = _opt("IMAP server name, e.g. imap.gmail.com.", "")
    port: int = _opt("Port; 0 picks 993 for 'tls' and 143 otherwise.", 0, min=0)
    security: str = _opt("'tls' (implicit, port 993), 'starttls', or 'plain' (loopback "
                         "hosts only, unless allow_insecure).", "tls",
                         choices=("tls", "starttls", "plain"))
    username: str = _opt("Login name, usually your address.", "")
    auth: str = _opt("'password', or 'xoauth2' with token_command (Gmail, Microsoft 365).",
                     "password", choices=("password", "xoauth2"))
    password_env: str = _opt("Name of an environment variable holding the password.", "")
    password_command: str = _opt("Shell command printing the password on its first line "
                                 "(like mbsync's PassCmd), e.g. 'pass show mail'.", "")
    keyring: bool = _opt("Read the password from the system keyring (service "
                         "'inviteassist', your username); needs the 'keyring' extra.", False)
    token_command: str = _opt("Shell command printing an OAuth2 access token (xoauth2).", "")
    password: str = _opt("The password in plain text: works, but `check` warns; prefer the "
                         "options above.", "")
    ca_file: str = _opt("PEM file of a private certificate authority to trust.", "",
                        kind="path")
    allow_insecure: bool = _opt("Allow 'plain' to a host that is not loopback.", False)
    timeout_seconds: int = _opt("Timeout of every network operation.", 30, min=1)


@dataclass(frozen=True)
class DaemonSection:
    poll_minutes: int = _opt("Check for new mail this often (IDLE reacts sooner).", 5, min=1)
    idle: bool = _opt("Use IMAP IDLE to react to new mail within seconds.", True)
    max_backoff_seconds: int = _opt("Longest wait between reconnection attempts.", 300,
                                    min=1)

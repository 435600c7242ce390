"""Where the IMAP password or OAuth2 token comes from, kept out of every log.

Sources, first configured wins: an environment variable, a command's first
output line (mbsync's PassCmd convention), the system keyring, and last the
plain-text config value. The result is a `Secret`, whose repr and str never
show the value, so an accidental log line or traceback prints stars.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from typing import Protocol

from inviteassist.config.imap import ImapSection
from inviteassist.errors import OperationalError, UserError

KEYRING_SERVICE = "inviteassist"
COMMAND_TIMEOUT = 60


@dataclass(frozen=True)
class Secret:
    """A password or token; `reveal()` is the only way to the value."""

    _value: str
    source: str

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return f"Secret(<hidden>, source={self.source!r})"

    __str__ = __repr__


def run_secret_command(command: str, what: str) -> str:
    """The first line a password or token command prints; failures name only
    the exit status, since some tools echo the secret on stderr."""
    try:
        result = subprocess.run(command, shell=True, capture_output=True, text=True,
                                timeout=COMMAND_TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        raise OperationalError(f"the {what} did not finish within {COMMAND_TIMEOUT} s") from None
    if result.returncode != 0:
        # stderr may echo the secret in some tools: report only the status.
        raise OperationalError(f"the {what} failed with exit status {result.returncode}")
    line = result.stdout.split("\n", 1)[0].rstrip("\r")
    if not line:
        raise OperationalError(f"the {what} printed nothing")
    return line


def _from_keyring(username: str, section: str) -> str:
    try:
        import keyring  # optional extra: imported only when configured
    except ImportError:
        raise UserError("keyring = true needs the keyring package",
                        where=f"[{section}] keyring",
                        fix="pip install 'inviteassist[keyring]' or use password_command"
                        ) from None
    value = keyring.get_password(KEYRING_SERVICE, username)
    if not value:
        raise OperationalError(f"no password in the system keyring for service "
                               f"'{KEYRING_SERVICE}' and user '{username}'")
    return str(value)


class PasswordSources(Protocol):
    """The password options a section has ([imap], [smtp])."""

    @property
    def username(self) -> str: ...
    @property
    def password_env(self) -> str: ...
    @property
    def password_command(self) -> str: ...
    @property
    def keyring(self) -> bool: ...
    @property
    def password(self) -> str: ...


def secret_from_env_or_command(env_name: str, command: str, where: str) -> Secret | None:
    """The secret from an environment variable or a command (first line), if
    either is configured; `where` names the options, e.g. "[imap] password"."""
    if env_name:
        value = os.environ.get(env_name)
        if not value:
            raise OperationalError(f"the environment variable {env_name} "
                                   f"(named by {where}_env) is not set")
        return Secret(value, f"environment variable {env_name}")
    if command:
        return Secret(run_secret_command(command, f"{where}_command"), f"{where}_command")
    return None


def resolve_password(imap: PasswordSources, section: str = "imap") -> Secret:
    """The password from the first configured source of `[section]`."""
    found = secret_from_env_or_command(imap.password_env, imap.password_command,
                                       f"[{section}] password")
    if found is not None:
        return found
    if imap.keyring:
        return Secret(_from_keyring(imap.username, section), "system keyring")
    if imap.password:
        return Secret(imap.password, "config file")
    raise UserError("no password source is configured", where=f"[{section}]",
                    fix="set password_env, password_command or keyring = true")


def resolve_token(imap: ImapSection) -> Secret:
    """A fresh OAuth2 access token for XOAUTH2."""
    if not imap.token_command:
        raise UserError("auth = 'xoauth2' needs a token_command", where="[imap] token_command",
                        fix="name a command that prints an access token, e.g. oama or "
                            "a mutt_oauth2.py script")
    return Secret(run_secret_command(imap.token_command, "token_command"), "token_command")


def describe_source(section: PasswordSources, name: str = "imap") -> str:
    """Where `[name]`'s password comes from, for `check` and login hints; the
    first configured source, as `resolve_password` picks it. Never the value."""
    found = describe_env_or_command(section.password_env, section.password_command,
                                    f"[{name}] password")
    if found:
        return found
    if section.keyring:
        return (f"password from the system keyring (service '{KEYRING_SERVICE}', user "
                f"'{section.username}')")
    if section.password:
        return f"password from [{name}] password in the config file"
    return "no password source configured"


def describe_env_or_command(env_name: str, command: str, where: str) -> str | None:
    """`password from $NAME` or `password from [x] password_command`, as
    `secret_from_env_or_command` would choose; None when neither is set."""
    if env_name:
        return f"password from ${env_name}"
    if command:
        return f"password from {where}_command"
    return None


def describe_imap_secret(imap: ImapSection) -> str:
    if imap.auth == "xoauth2":
        return "access token from [imap] token_command"
    return describe_source(imap)


def _indirect_source(section: PasswordSources) -> bool:
    """A source other than a plain-text password in the config."""
    return bool(section.password_env or section.password_command or section.keyring)


def has_password_source(section: PasswordSources) -> bool:
    return bool(section.password) or _indirect_source(section)


def plain_password_warning(imap: ImapSection) -> str | None:
    """`check`'s warning when the password sits in the config file in plain text."""
    if imap.password and not _indirect_source(imap):
        return ("the IMAP password is stored in plain text in the config file; prefer "
                "password_env, password_command or keyring")
    return None

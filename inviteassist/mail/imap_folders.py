"""Where the owner's Drafts and Sent folders are on an IMAP server, and how we know.

A folder configured by its plain name ("Drafts") is looked for, in order:
the folder the server marks with that SPECIAL-USE attribute (RFC 6154);
a folder with the configured name; the configured name under the server's
personal namespace (RFC 2342: "INBOX." on Courier and on Cyrus without
altnamespace, where a top-level "Drafts" is refused). A folder found
nowhere is to be made under the personal namespace. The answer says which
of these it was, so `check` and the log never claim a SPECIAL-USE that a
server does not have.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import imapclient

Listing = Sequence[tuple[tuple[bytes, ...], bytes | None, str]]


@dataclass(frozen=True)
class FolderPlace:
    name: str    # the server's name for it
    how: str     # "SPECIAL-USE \\Drafts", "found by name" or "missing"

    @property
    def exists(self) -> bool:
        return self.how != "missing"


@dataclass(frozen=True)
class Namespace:
    """The personal namespace: its prefix ("", "INBOX.") and hierarchy delimiter."""

    prefix: str = ""
    delimiter: str = "/"


def personal_name(configured: str, namespace: Namespace) -> str:
    """`configured` as a folder of the personal namespace: "INBOX.Drafts" for
    "Drafts" under "INBOX."; INBOX and a name already under the prefix stay
    as they are."""
    name = configured.upper()
    if not namespace.prefix or name == "INBOX" or name.startswith(namespace.prefix.upper()):
        return configured
    return namespace.prefix + configured


def locate(configured: str, flag: bytes | None, listing: Listing,
           namespace: Namespace) -> FolderPlace:
    """Where `configured` is, given the server's folder list (pure)."""
    if flag is not None:
        for flags, _, name in listing:
            if any(f.lower() == flag.lower() for f in flags):
                return FolderPlace(name, f"SPECIAL-USE {flag.decode()}")
    names = [name for _, _, name in listing]
    wanted = dict.fromkeys((configured, personal_name(configured, namespace)))
    for candidate in wanted:
        if candidate in names:
            return FolderPlace(candidate, "found by name")
    for candidate in wanted:  # servers differ in case: "drafts", "INBOX.drafts"
        for name in names:
            if name.lower() == candidate.lower():
                return FolderPlace(name, "found by name")
    return FolderPlace(personal_name(configured, namespace), "missing")


def personal_namespace(client: imapclient.IMAPClient) -> Namespace:
    """The first personal namespace the server names; top level without NAMESPACE."""
    if not client.has_capability("NAMESPACE"):
        return Namespace()
    personal = client.namespace().personal or ()
    if not personal:
        return Namespace()
    prefix, delimiter = personal[0]
    return Namespace(str(prefix), str(delimiter or "/"))


def list_folders(client: imapclient.IMAPClient) -> Listing:
    """All folders with their attributes; where the server can (SPECIAL-USE
    with LIST-EXTENDED, RFC 6154), asked to carry the special-use ones: a
    plain LIST need not."""
    if not (client.has_capability("SPECIAL-USE") and client.has_capability("LIST-EXTENDED")):
        return list(client.list_folders())
    imap = client._imap
    typ, data = imap._simple_command("LIST", '""', '"*"', "RETURN", "(SPECIAL-USE)")
    client._checkok("list", typ, data)
    typ, data = imap._untagged_response(typ, data, "LIST")
    listing: Listing = client._proc_folder_list(data)
    return listing

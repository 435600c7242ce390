"""Where Drafts and Sent are, from a server's folder list (pure)."""

from __future__ import annotations

import pytest

from inviteassist.mail.imap_folders import FolderPlace, Namespace, locate, personal_name

COURIER = Namespace("INBOX.", ".")
TOP = Namespace("", "/")


@pytest.mark.parametrize(("configured", "namespace", "expected"), [
    ("Drafts", COURIER, "INBOX.Drafts"),
    ("INBOX.Drafts", COURIER, "INBOX.Drafts"),
    ("inbox.Drafts", COURIER, "inbox.Drafts"),
    ("INBOX", COURIER, "INBOX"),
    ("Drafts", TOP, "Drafts"),
    ("[Gmail]/Drafts", TOP, "[Gmail]/Drafts"),
])
def test_personal_name(configured, namespace, expected):
    assert personal_name(configured, namespace) == expected


def folder(name: str, *flags: bytes) -> tuple[tuple[bytes, ...], bytes, str]:
    return ((b"\\HasNoChildren", *flags), b".", name)


@pytest.mark.parametrize(("listing", "namespace", "expected"), [
    # SPECIAL-USE wins over a folder with the configured name
    ([folder("Drafts"), folder("[Gmail]/Drafts", b"\\Drafts")], TOP,
     FolderPlace("[Gmail]/Drafts", "SPECIAL-USE \\Drafts")),
    ([folder("INBOX"), folder("INBOX.Drafts")], COURIER,
     FolderPlace("INBOX.Drafts", "found by name")),
    ([folder("INBOX"), folder("Drafts")], COURIER, FolderPlace("Drafts", "found by name")),
    ([folder("INBOX"), folder("INBOX.drafts")], COURIER,
     FolderPlace("INBOX.drafts", "found by name")),
    ([folder("INBOX")], COURIER, FolderPlace("INBOX.Drafts", "missing")),
    ([folder("INBOX")], TOP, FolderPlace("Drafts", "missing")),
    # a guessed name is never reported as SPECIAL-USE
    ([folder("INBOX.Drafts", b"\\HasChildren")], COURIER,
     FolderPlace("INBOX.Drafts", "found by name")),
])
def test_locate_drafts(listing, namespace, expected):
    assert locate("Drafts", b"\\Drafts", listing, namespace) == expected


def test_a_missing_folder_does_not_exist_and_a_found_one_does():
    assert not locate("Sent", b"\\Sent", [], COURIER).exists
    assert locate("Sent", b"\\Sent", [folder("Sent Items", b"\\Sent")], TOP).exists


def test_without_a_flag_only_names_count():
    listing = [folder("Summaries", b"\\Drafts")]
    assert locate("Summaries", None, listing, COURIER) == FolderPlace("Summaries", "found by name")


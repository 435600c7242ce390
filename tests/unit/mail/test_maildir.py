from __future__ import annotations

import os
from pathlib import Path

import pytest

from inviteassist.errors import OperationalError
from inviteassist.mail.maildir import MaildirMailbox
from tests.contracts.mailbox import MailboxContract, draft_bytes


def make_maildir(path: Path) -> Path:
    for sub in ("cur", "new", "tmp"):
        (path / sub).mkdir(parents=True)
    return path


@pytest.fixture(params=["maildir++", "side-by-side"])
def layout(request, tmp_path):
    """Both common layouts: `.Drafts` inside the root, or `INBOX/` beside `Drafts/`."""
    root = tmp_path / "Mail"
    if request.param == "maildir++":
        make_maildir(root)
        return root, {"INBOX": root, "Drafts": root / ".Drafts"}
    make_maildir(root / "INBOX")
    return root, {"INBOX": root / "INBOX", "Drafts": root / "Drafts"}


@pytest.fixture
def mailbox(layout):
    return MaildirMailbox(layout[0], account="test")


@pytest.fixture
def deliver(layout):
    counter = iter(range(10**6))

    def put(folder: str, raw: bytes) -> None:
        number = next(counter)
        target = layout[1][folder] / "new" / f"17640000{number:02d}.M{number}P1.test"
        target.write_bytes(raw)
        os.utime(target, (1764000000 + number, 1764000000 + number))

    return put


@pytest.fixture
def snapshot_folder(layout):
    def snapshot(folder: str) -> list[tuple[str, bytes]]:
        base = layout[1][folder]
        return sorted((str(p.relative_to(base)), p.read_bytes())
                      for p in base.rglob("*") if p.is_file())

    return snapshot


class TestMaildirContract(MailboxContract):
    pass


def test_a_draft_stored_by_another_client_is_found_after_the_folder_was_indexed(
        mailbox, deliver):
    mailbox.append_draft("Drafts", draft_bytes("<ours@morgan.example>"))
    assert mailbox.contains_message_id("Drafts", "<q@morgan.example>") is None  # indexed
    assert mailbox.contains_message_id("Drafts", "<ours@morgan.example>") is not None
    deliver("Drafts", draft_bytes("<theirs@morgan.example>"))
    assert mailbox.contains_message_id("Drafts", "<theirs@morgan.example>") is not None


def test_drafts_land_in_cur_with_the_draft_flag_and_owner_only_mode(mailbox, layout):
    location = Path(mailbox.append_draft("Drafts", draft_bytes("<d@x.example>")))
    assert location.parent == layout[1]["Drafts"] / "cur"
    assert location.name.endswith(":2,D")
    assert location.stat().st_mode & 0o777 == 0o600
    assert list((layout[1]["Drafts"] / "tmp").iterdir()) == []


def test_a_message_moved_from_new_to_cur_keeps_its_identity(mailbox, deliver, layout):
    deliver("INBOX", b"Subject: x\n\nbody\n")
    (ref,) = mailbox.new_messages("INBOX", None).refs
    new_file = next((layout[1]["INBOX"] / "new").iterdir())
    new_file.rename(layout[1]["INBOX"] / "cur" / (new_file.name + ":2,S"))
    (again,) = mailbox.new_messages("INBOX", None).refs
    assert again == ref
    assert mailbox.fetch(again) == b"Subject: x\n\nbody\n"


def test_a_missing_maildir_is_a_clear_error(tmp_path):
    with pytest.raises(OperationalError, match="does not exist"):
        MaildirMailbox(tmp_path / "nowhere")


def test_a_missing_folder_is_a_clear_error(tmp_path):
    mailbox = MaildirMailbox(make_maildir(tmp_path / "Mail"))
    with pytest.raises(OperationalError, match="no Maildir folder 'Archive'"):
        mailbox.new_messages("Archive", None)

"""Issue 16 end to end on a real Maildir: spoofs, replays and namesakes, as an
attacker would write them, through the engine (no server needed)."""

from __future__ import annotations

import mailbox
from collections.abc import Iterator
from datetime import datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

import pytest

from inviteassist.app.engine import CycleReport, Engine
from inviteassist.app.templating import template_environment
from inviteassist.config.settings import load_settings
from inviteassist.mail.maildir import MaildirMailbox
from inviteassist.store.db import Store
from tests.conftest import MINIMAL_CONFIG

NOW = datetime.fromisoformat("2026-11-25T09:00:00+01:00")
OWNER = "alex@morgan.example"
PASS = "mx.morgan.example; dkim=pass header.d=linkedin.com; dmarc=pass header.from=linkedin.com"


def linkedin_mail(sender: str, to: str, subject: str, headers: dict[str, str]) -> EmailMessage:
    """A message with `headers` first (keyword names: `_` for `-`), then the sender's."""
    message = EmailMessage()
    for key, value in headers.items():
        message[key.replace("_", "-")] = value
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    return message


def invitation(name: str, *, invitation_id: str | None = None, profile: str | None = None,
               note: str = "I'd like to join your LinkedIn network.", to: str = OWNER,
               **headers: str) -> bytes:
    message = linkedin_mail(f"{name} via LinkedIn <invitations@linkedin.com>", to,
                            f"{name} wants to connect", headers)
    message["Message-ID"] = f"<{abs(hash((name, invitation_id, profile, note)))}@linkedin.com>"
    accept = f"invitationId/{invitation_id}/" if invitation_id else ""
    links = f"Accept: https://www.linkedin.com/comm/mynetwork/invite-accept/{accept}?x=1\n"
    if profile:
        links += f"View profile: https://www.linkedin.com/comm/in/{profile}/\n"
    message.set_content(f"Hi Alex,\n\n{note}\n\n{name}\nEngineer\n\n{links}")
    return message.as_bytes()


@pytest.fixture
def run(tmp_path: Path, write_config) -> Iterator:
    """Deliver messages into a Maildir inbox, run one cycle, return the report."""
    box = mailbox.Maildir(tmp_path / "mail", create=True)

    def cycle(*messages: bytes, config: str = "") -> tuple[CycleReport, Store]:
        for raw in messages:
            box.add(raw)
        path = write_config(MINIMAL_CONFIG.replace("[mailbox]", config + "\n[mailbox]"))
        settings = load_settings(path)
        store = Store.open(Path(settings.state.path))
        engine = Engine(settings, store, MaildirMailbox(tmp_path / "mail", "test"),
                        template_environment(settings))
        stores.append(store)
        return engine.run_cycle(NOW), store

    stores: list[Store] = []
    yield cycle
    for store in stores:
        store.close()


def drafts_to(store: Store) -> list[str]:
    found = []
    for request in store.requests():
        for record in store.drafts(request.id):
            content = store._db.execute("SELECT content FROM drafts WHERE message_id=?",
                                        (record.message_id,)).fetchone()["content"]
            draft = BytesParser(policy=policy.default).parsebytes(content)
            found.append(str(draft.get("To", "")))
    return found


def test_two_people_with_the_same_name_get_two_requests(run) -> None:
    first = invitation("Jane Doe", invitation_id="7000000000000000001", profile="jane-doe-1",
                       Authentication_Results=PASS)
    second = invitation("Jane Doe", invitation_id="7000000000000000002", profile="jane-doe-2",
                        Authentication_Results=PASS)
    report, store = run(first, second)
    assert [p.outcome for p in report.processed] == ["drafted", "drafted"]
    assert len(store.requests()) == 2


def test_an_unverified_impostor_first_never_blocks_the_genuine_request(run) -> None:
    impostor = invitation("Jane Doe", note="Write to me at jane.doe@recruit-desk.example")
    genuine = invitation("Jane Doe", Authentication_Results=PASS,
                         note="Looking forward to connecting.")
    report, store = run(impostor, genuine)
    assert [p.outcome for p in report.processed] == ["drafted", "drafted"]
    verified = [r for r in store.requests() if r.genuine is True]
    assert len(verified) == 1 and store.drafts(verified[0].id)
    assert "recruit-desk" not in " ".join(drafts_to(store))


def test_a_name_alone_joins_verified_requests_without_ids(run) -> None:
    reminder = invitation("Jane Doe", Authentication_Results=PASS, note="Just checking in.")
    report, _ = run(invitation("Jane Doe", Authentication_Results=PASS), reminder)
    assert [p.outcome for p in report.processed] == ["drafted", "duplicate"]


def test_the_issue_spoof_is_spoofed_not_drafted(run) -> None:
    spoof = invitation(
        "Oliver Grant", Return_Path="<www-data@vps-8812.cheaphost.example>",
        Received="from linkedin.com (vps-8812.cheaphost.example [203.0.113.9]) by "
                 "mail.morgan.example (Postfix) with ESMTP id 9A; Mon, 3 Nov 2025 12:00 +0000",
        X_Mailer="PHPMailer 6.8.0", Reply_To="oliver.grant.hr@recruit-desk.example")
    report, store = run(spoof)
    assert [p.outcome for p in report.processed] == ["spoofed"]
    assert store.requests() == []
    assert list(store.spoofed_since(NOW.replace(year=2020)))


def test_a_replay_with_an_added_reply_to_is_drafted_to_nobody(run) -> None:
    replayed = invitation("Dana Lee", invitation_id="7000000000000000003",
                          Authentication_Results=PASS, to="someone@else.example",
                          Reply_To="third.party@elsewhere.example")
    report, store = run(replayed)
    assert [p.outcome for p in report.processed] == ["drafted"]
    assert drafts_to(store) == [""]


def test_with_owner_addresses_a_notification_to_someone_else_is_not_drafted(run) -> None:
    replayed = invitation("Dana Lee", invitation_id="7000000000000000004",
                          Authentication_Results=PASS, to="someone@else.example")
    report, store = run(replayed, config='addresses = ["alex.work@morgan.example"]')
    assert [p.outcome for p in report.processed] == ["replay"]
    assert store.requests() == []


def test_hidden_characters_never_reach_the_draft_its_to_or_its_calendar_files(run) -> None:
    hidden = "\u202e\u200b\u2066\x9b"
    message = invitation("Jane\u202e Doe\u200b", invitation_id="7000000000000000005",
                         Authentication_Results=PASS,
                         note="Write to me at jane@doe.example\u2066 any time.\x9b")
    report, store = run(message)
    assert [p.outcome for p in report.processed] == ["drafted"]
    (request,) = store.requests()
    content = store.draft_content(request.id)
    assert content is not None
    draft = BytesParser(policy=policy.default).parsebytes(content)
    assert str(draft["To"]) == "Jane Doe <jane@doe.example>"
    texts = [part.get_content() for part in draft.walk() if part.get_content_maintype() == "text"]
    assert texts and not any(ch in text for text in texts for ch in hidden)


def message_notification(name: str, **headers: str) -> bytes:
    message = linkedin_mail(f"{name} via LinkedIn <messages-noreply@linkedin.com>", OWNER,
                            f"{name.split()[0]} just messaged you", headers)
    message.set_content(f"{name}\nEngineer\n\nThanks! Could we talk next week?\n\n"
                        "Reply: https://www.linkedin.com/comm/messaging/thread/2-Zj/\n")
    return message.as_bytes()


def test_a_spoofed_message_notification_answers_for_nobody(run) -> None:
    _, store = run(invitation("Jane Doe", Authentication_Results=PASS))
    spoof = message_notification("Jane Doe", X_Mailer="PHPMailer 6.8.0",
                                 Return_Path="<www-data@vps.example>")
    report, store = run(spoof)
    assert [p.outcome for p in report.processed] == ["spoofed"]
    (request,) = store.requests()
    assert [e.state.value for e in store.events(request.id)] == ["detected", "drafted"]

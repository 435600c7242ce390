"""The behaviour every Mailbox back-end promises, as one reusable test class.

A back-end's test module subclasses `MailboxContract` and provides two
fixtures: `mailbox` (an empty mailbox with an INBOX) and `deliver` (a
function that puts raw bytes into a folder the way a mail server would).
"""

from __future__ import annotations

from email import message_from_bytes

# From a network's sender, so that back-ends with a server-side prefilter list it.
MESSAGE = (b"From: Sam Example <invitations@linkedin.com>\nTo: alex@morgan.example\n"
           b"Subject: hello\nMessage-ID: <m1@example.com>\n\nbody\n")


def draft_bytes(message_id: str) -> bytes:
    return (f"From: alex@morgan.example\nSubject: Re: hello\nMessage-ID: {message_id}\n\n"
            "draft body\n").encode()


class MailboxContract:
    def test_an_empty_inbox_lists_nothing(self, mailbox):
        assert mailbox.new_messages("INBOX", None).refs == ()

    def test_delivered_messages_are_listed_oldest_first_and_fetched_whole(self, mailbox,
                                                                        deliver):
        deliver("INBOX", MESSAGE)
        deliver("INBOX", MESSAGE.replace(b"<m1@", b"<m2@"))
        refs = mailbox.new_messages("INBOX", None).refs
        assert len(refs) == 2
        assert [message_from_bytes(mailbox.fetch(r))["Message-ID"] for r in refs] == [
            "<m1@example.com>", "<m2@example.com>"]
        assert all(r.account == mailbox.account and r.folder == "INBOX" for r in refs)

    def test_fetch_does_not_change_the_message(self, mailbox, deliver, snapshot_folder):
        deliver("INBOX", MESSAGE)
        before = snapshot_folder("INBOX")
        for ref in mailbox.new_messages("INBOX", None).refs:
            mailbox.fetch(ref)
        assert snapshot_folder("INBOX") == before

    def test_an_appended_draft_is_found_by_its_message_id(self, mailbox):
        assert mailbox.contains_message_id("Drafts", "<d1@morgan.example>") is None
        location = mailbox.append_draft("Drafts", draft_bytes("<d1@morgan.example>"))
        assert location
        assert mailbox.contains_message_id("Drafts", "<d1@morgan.example>") is not None
        assert mailbox.contains_message_id("Drafts", "<other@morgan.example>") is None

    def test_a_draft_can_follow_a_look_into_drafts(self, mailbox):
        # Looking opens Drafts read-only on IMAP; Courier refuses an APPEND
        # to the folder open read-only.
        mailbox.append_draft("Drafts", draft_bytes("<d3@morgan.example>"))
        assert mailbox.contains_message_id("Drafts", "<d3@morgan.example>") is not None
        assert mailbox.contains_message_id("Drafts", "<d4@morgan.example>") is None
        assert mailbox.append_draft("Drafts", draft_bytes("<d4@morgan.example>"))
        assert mailbox.contains_message_id("Drafts", "<d4@morgan.example>") is not None

    def test_drafts_appended_together_each_get_their_own_place(self, mailbox):
        ids = [f"<batch{n}@morgan.example>" for n in range(3)]
        mailbox.contains_message_id("Drafts", "<first-question@morgan.example>")
        mailbox.contains_message_id("Drafts", "<second-question@morgan.example>")
        locations = mailbox.append_drafts("Drafts", [draft_bytes(i) for i in ids])
        assert len(locations) == 3 and len(set(locations)) == 3
        assert [mailbox.contains_message_id("Drafts", i) for i in ids] == locations
        assert mailbox.append_drafts("Drafts", []) == []

    def test_drafts_do_not_appear_in_the_inbox(self, mailbox):
        mailbox.append_draft("Drafts", draft_bytes("<d2@morgan.example>"))
        assert mailbox.new_messages("INBOX", None).refs == ()

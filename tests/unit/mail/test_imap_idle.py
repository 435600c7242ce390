"""What `check` tells about a server's IDLE, from its greeting (pure)."""

from __future__ import annotations

import pytest

from inviteassist.mail.imap_idle import idle_caveat


@pytest.mark.parametrize(("greeting", "words"), [
    (b"* OK [CAPABILITY IMAP4rev1] Courier-IMAP ready. Copyright 1998-2019", "ENHANCEDIDLE"),
    (b"* OK vm Cyrus IMAP 3.6.1-Debian-3.6.1-4+deb12u5 server ready", "idled"),
    (b"* OK [CAPABILITY IMAP4rev1 SASL-IR] Dovecot (Debian) ready.", None),
    (b"* OK IMAP4rev1 Service Ready", None),
])
def test_servers_whose_idle_polls_by_default_get_a_caveat(greeting, words):
    caveat = idle_caveat(greeting)
    assert (caveat is None) if words is None else (words in (caveat or ""))

"""Reply drafts as messages, for tests that read them.

`composed` is the draft the daemon stores (compose.reply.draft_reply), parsed
back; `reference_reply` builds the same reply with the email package alone,
the reference that compose.mime's bytes must equal (test_draft_bytes).
"""

from __future__ import annotations

from email.message import EmailMessage

import jinja2

from inviteassist.compose.headers import message_with
from inviteassist.compose.readback import parse_draft
from inviteassist.compose.reply import ReplyInput, attach_files, draft_reply, reply_parts


def composed(env: jinja2.Environment, data: ReplyInput) -> EmailMessage:
    return parse_draft(draft_reply(env, data).content)


def reference_reply(env: jinja2.Environment, data: ReplyInput) -> EmailMessage:
    parts = reply_parts(env, data)
    message = message_with(parts.headers)
    message.set_content(parts.body)
    attach_files(message, parts.files)
    message["Content-Language"] = parts.language  # last: set_content would drop it
    return message

"""`inviteassist reply ID`: the text of a request's reply, ready to paste.

Most modern LinkedIn invitations carry no address of the requester, so the
reply goes into the network's own message box. This prints the reply draft's
text decoded (no quoted-printable, no headers, no remarks meant for the
owner) on stdout, and where to paste it on stderr.
"""

from __future__ import annotations

import argparse
import sys

from inviteassist.app.state_file import open_state
from inviteassist.compose.readback import paste_ready_text
from inviteassist.config.settings import Settings
from inviteassist.detect.networks.pages import INVITATION_PAGES, network_name
from inviteassist.errors import EXIT_OK, OperationalError, UserError


def reply(args: argparse.Namespace) -> int:
    settings: Settings = args.settings
    with open_state(settings, missing="run `inviteassist poll --once` first") as store:
        request = store.request(args.id)
        if request is None:
            raise UserError(f"no request {args.id}", fix="see `inviteassist report`")
        text = paste_ready_text(store.draft_content(request.id))
    if text is None:
        raise OperationalError(f"request {args.id} has no reply draft")
    if request.requester.email:
        print(f"in your Drafts folder, addressed to {request.requester.email}",
              file=sys.stderr)
    else:
        page = INVITATION_PAGES.get(request.network, "")
        print(f"paste this into {network_name(request.network)}'s message box {page}".rstrip(),
              file=sys.stderr)
    print(text)
    return EXIT_OK

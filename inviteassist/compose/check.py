"""Render every message template in every case the daemon can meet.

`inviteassist check`, the daemon's start and every reload call
`check_every_template`, so that a name undefined only inside a branch (say
`{% if category == "recruiter" %}`) stops the owner there, not at the first
recruiter's invitation. The cases, all combined: every reply template (the
shipped reply and "calendar full" ones and those `[templates] replies`
names) in every language it exists in x every network x every category x
{formal by e-mail with a note and a time, informal paste-ready with neither};
and every follow-up (confirmation, reschedule, cancellation of the call or
of a time withdrawn, nudge) in every language x every network x the same two
variants.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime, timedelta
from itertools import product

import jinja2

from inviteassist.compose.followup import CALENDAR_PURPOSES, FollowUpInput, compose_followup
from inviteassist.compose.followup import TEMPLATES as FOLLOWUP_TEMPLATES
from inviteassist.compose.language import languages_of
from inviteassist.compose.reply import ReplyInput, draft_reply, sample_reply_input
from inviteassist.compose.templates import FULL_TEXT, REPLY_TEXT, TemplateFailure
from inviteassist.detect.categories import CATEGORIES, OTHER
from inviteassist.models import Option, Owner, Request, Requester

# (formal, address): formal by e-mail, and informal paste-ready for the network's
# message box. Paired rather than crossed: each branch value is rendered for
# every network, category and language at half the cost (the daemon runs this
# check at every start and reload).
VARIANTS = ((True, "sam@example.com"), (False, None))


def check_every_template(env: jinja2.Environment, *, owner: Owner,
                         options: tuple[Option, ...], now: datetime,
                         configured: Iterable[str], networks: Sequence[str],
                         default_language: str) -> int:
    """Render every case; returns how many were rendered. The first failure is
    a TemplateFailure naming the file, the line and the case."""
    count = 0
    names = sorted({REPLY_TEXT, FULL_TEXT, *configured})
    for data in _reply_cases(env, names, networks, sample_reply_input(owner, options, now),
                             default_language):
        with _case(data.network, data.category, data.language):
            draft_reply(env, data)  # the bytes the daemon stores
        count += 1
    for followup in _followup_cases(env, networks, owner, options, now):
        with _case(followup.request.network, None, followup.request.language):
            compose_followup(env, followup)
        count += 1
    return count


def _reply_cases(env: jinja2.Environment, names: Sequence[str], networks: Sequence[str],
                 sample: ReplyInput, default_language: str) -> Iterator[ReplyInput]:
    for name in names:
        for language in languages_of(env, name) or (default_language,):
            for network, category, (formal, email) in product(
                    networks, (*CATEGORIES, OTHER, None), VARIANTS):
                yield replace(sample, template=name, language=language,
                              default_language=language, formal=formal, network=network,
                              category=category,
                              requester=replace(sample.requester, email=email),
                              note=sample.note if email else None,
                              # one option runs the loop over them; none, the other branch
                              options=sample.options[:1] if email else ())


def _followup_cases(env: jinja2.Environment, networks: Sequence[str], owner: Owner,
                    options: tuple[Option, ...], now: datetime) -> Iterator[FollowUpInput]:
    """Every follow-up (a cancellation both for the call and for a time withdrawn)."""
    invented = Option("A", now + timedelta(days=1), now + timedelta(days=1, minutes=30),
                      "check@check.invalid")
    chosen = options[0] if options else invented  # a full week still renders the template
    for purpose, name in FOLLOWUP_TEMPLATES.items():
        for language, network, (formal, email), withdrawn in product(
                languages_of(env, name), networks, VARIANTS, {False, purpose == "cancel"}):
            request = Request(
                id=0, network=network, key="check", requester=Requester("Sam Example", email),
                invitation_id=None, note=None, genuine=True,
                notification_message_id="<sample@example.com>",
                notification_subject="Please add me", created_at=now, options=options,
                language=language)
            yield FollowUpInput(owner, request, purpose,
                                chosen if purpose in CALENDAR_PURPOSES else None,
                                "<sample@example.com>", "<check@example.com>", now, language,
                                formal, withdrawn=withdrawn)


@contextmanager
def _case(network: str, category: str | None, language: str | None) -> Iterator[None]:
    """A failure inside says for which case it happened."""
    try:
        yield
    except TemplateFailure as exc:
        case = ", ".join(part for part in (
            f"network {network}", f"category {category}" if category else "",
            f"language {language}" if language else "") if part)
        raise TemplateFailure(f"{exc.problem} (when rendered for {case})",
                              file=exc.file or "?", line=exc.line, fix=exc.fix) from None

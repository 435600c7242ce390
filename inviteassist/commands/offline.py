"""Commands that work on files and the clock alone: inspect, draft, propose.

None of them writes to a mailbox or the state file; `draft` and `propose`
only read the state file's holds, when it exists, so that the preview
matches what the daemon would offer.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from email import policy
from pathlib import Path
from typing import Any

from inviteassist.commands.output import print_json, print_table
from inviteassist.compose import ReplyInput, compose_reply, draft_message_id
from inviteassist.config import Settings
from inviteassist.detect import classification_to_dict, classify
from inviteassist.detect.parse import MalformedMessage, parse_message
from inviteassist.engine import owner_of
from inviteassist.errors import EXIT_OK, EXIT_OPERATIONAL, OperationalError
from inviteassist.models import Classification, Interval, Kind, Option
from inviteassist.plan import Action, decide, identify_request, owner_notes_for
from inviteassist.runtime import parse_now, state_path, template_environment
from inviteassist.slots import propose_options
from inviteassist.store import Store
from inviteassist.timefmt import format_option


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise OperationalError(f"cannot read {path}: {exc.strerror}") from None


def inspection(file: str, verdict: Classification, would_draft: bool) -> dict[str, Any]:
    """One `inspect --json` object, exactly the DESIGN schema."""
    return {"file": file, **classification_to_dict(verdict), "would_draft": would_draft}


def _classify_file(path: Path, authserv_ids: tuple[str, ...]) -> Classification:
    try:
        return classify(parse_message(_read(path)), authserv_ids=authserv_ids)
    except MalformedMessage as exc:
        return Classification(Kind.OTHER, reasons=(f"malformed: {exc}",))


def inspect(args: argparse.Namespace) -> int:
    settings: Settings | None = args.settings
    authserv = settings.detection.authserv_ids if settings else ()
    policy_name = settings.detection.unverified if settings else "draft"
    rows = []
    for path in args.files:
        verdict = _classify_file(path, authserv)
        would = decide(verdict, already_known=False,
                       unverified_policy=policy_name).action is Action.DRAFT
        if args.json:
            print_json(inspection(str(path), verdict, would))
        else:
            name = verdict.requester.name if verdict.requester else None
            rows.append((path.name, verdict.kind.value, verdict.network or "-",
                         _genuine_word(verdict.genuine), "yes" if would else "no", name or "",
                         "; ".join(verdict.reasons)))
    if not args.json:
        print_table(("file", "kind", "network", "genuine", "draft", "requester", "why"), rows)
    return EXIT_OK


def _genuine_word(genuine: bool | None) -> str:
    return {True: "yes", False: "NO", None: "unknown"}[genuine]


def _held(settings: Settings, now: datetime) -> list[Interval]:
    path = state_path(settings)
    if not path.exists():
        return []
    store = Store.open(path)
    try:
        return store.active_holds(now)
    finally:
        store.close()


def _options(settings: Settings, now: datetime, seed: str) -> tuple[Option, ...]:
    return propose_options(settings.availability_rules(), now, (), _held(settings, now),
                           uid_seed=seed, uid_domain=settings.owner.email.rpartition("@")[2])


def draft(args: argparse.Namespace) -> int:
    settings: Settings = args.settings
    now = parse_now(args.now, settings.owner.timezone)
    try:
        parsed = parse_message(_read(args.file))
    except MalformedMessage as exc:
        raise OperationalError(f"{args.file}: cannot parse the message: {exc}") from None
    verdict = classify(parsed, authserv_ids=settings.detection.authserv_ids)
    identity = identify_request(verdict)
    decision = decide(verdict, already_known=False,
                      unverified_policy=settings.detection.unverified)
    if decision.action is not Action.DRAFT or identity is None or verdict.requester is None:
        print(f"inviteassist: {args.file}: no draft: {decision.reason}", file=sys.stderr)
        return EXIT_OPERATIONAL
    owner = owner_of(settings)
    env = parsed.envelope
    message = compose_reply(template_environment(settings), ReplyInput(
        owner=owner, network=identity.network, requester=verdict.requester, note=verdict.note,
        notification_subject=env.subject, notification_message_id=env.message_id,
        notification_references=env.references, options=_options(settings, now, identity.key),
        message_id=draft_message_id(identity.key, "reply", owner.email), now=now,
        owner_notes=owner_notes_for(verdict)))
    content = message.as_bytes(policy=policy.SMTP)
    if args.out:
        args.out.write_bytes(content)
        print(f"draft written to {args.out}", file=sys.stderr)
    else:
        sys.stdout.buffer.write(content)
    return EXIT_OK


def propose(args: argparse.Namespace) -> int:
    settings: Settings = args.settings
    now = parse_now(args.now, settings.owner.timezone)
    options = _options(settings, now, "preview")
    tz = settings.owner.timezone
    if args.json:
        print_json({"now": now.isoformat(), "timezone": tz, "options": [
            {"label": o.label, "start": o.start.isoformat(), "end": o.end.isoformat(),
             "when": format_option(o, tz)} for o in options]})
    else:
        print_table(("option", "when"), [(o.label, format_option(o, tz)) for o in options])
    return EXIT_OK

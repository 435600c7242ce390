"""Commands that work on files and the clock alone: inspect, draft.

Neither writes to a mailbox or the state file; `draft` only reads the state
file's holds, when it exists, and the configured calendars, so that the
preview matches what the daemon would offer (see `commands.propose`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from inviteassist.app.calendaring import invitations_of
from inviteassist.app.clock import parse_now
from inviteassist.app.offering import full_calendar_note, requester_zone_for, zone_notes
from inviteassist.app.preview import offer_now
from inviteassist.app.templating import template_environment
from inviteassist.cli.output import print_json, print_table, readable_message
from inviteassist.compose.headers import draft_message_id
from inviteassist.compose.readback import parse_draft
from inviteassist.compose.reply import ReplyInput, draft_reply
from inviteassist.compose.templates import FULL_TEXT, choose_template, offers_times
from inviteassist.config.owner import owner_of
from inviteassist.config.settings import Settings
from inviteassist.detect.classify import classification_to_dict, classify
from inviteassist.detect.parse import MalformedMessage, parse_message
from inviteassist.detect.rules import DetectionRules
from inviteassist.errors import EXIT_OK, EXIT_OPERATIONAL, OperationalError
from inviteassist.funnel.decide import (
    DEFAULT_DRAFT_NETWORKS,
    Action,
    decide,
    identify_request,
    owner_notes_for,
)
from inviteassist.mail.imap_connect import crlf
from inviteassist.models import Classification, Kind


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise OperationalError(f"cannot read {path}: {exc.strerror}") from None


def inspection(file: str, verdict: Classification, would_draft: bool) -> dict[str, Any]:
    """One `inspect --json` object, exactly the DESIGN schema."""
    return {"file": file, **classification_to_dict(verdict), "would_draft": would_draft}


def _classify_file(path: Path, authserv_ids: tuple[str, ...],
                   rules: DetectionRules) -> Classification:
    try:
        return classify(parse_message(_read(path)), authserv_ids=authserv_ids, rules=rules)
    except MalformedMessage as exc:
        return Classification(Kind.OTHER, reasons=(f"malformed: {exc}",))


def inspect(args: argparse.Namespace) -> int:
    settings: Settings | None = args.settings
    authserv = settings.detection.authserv_ids if settings else ()
    policy_name = settings.detection.unverified if settings else "draft"
    rules = settings.detection_rules() if settings else DetectionRules()
    networks = settings.detection.draft_networks if settings else DEFAULT_DRAFT_NETWORKS
    rows = []
    for path in args.files:
        verdict = _classify_file(path, authserv, rules)
        would = decide(verdict, already_known=False, unverified_policy=policy_name,
                       draft_networks=networks).action is Action.DRAFT
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


def draft(args: argparse.Namespace) -> int:
    settings: Settings = args.settings
    now = parse_now(args.now, settings.owner.timezone)
    try:
        parsed = parse_message(_read(args.file))
    except MalformedMessage as exc:
        raise OperationalError(f"{args.file}: cannot parse the message: {exc}") from None
    verdict = classify(parsed, authserv_ids=settings.detection.authserv_ids,
                       rules=settings.detection_rules())
    identity = identify_request(verdict)
    decision = decide(verdict, already_known=False,
                      unverified_policy=settings.detection.unverified,
                      draft_networks=settings.detection.draft_networks)
    if decision.action is not Action.DRAFT or identity is None or verdict.requester is None:
        print(f"inviteassist: {args.file}: no draft: {decision.reason}", file=sys.stderr)
        return EXIT_OPERATIONAL
    owner = owner_of(settings)
    env = parsed.envelope
    templates = template_environment(settings)
    template = choose_template(settings.templates.replies, identity.network, verdict.category)
    requester = verdict.requester
    zone = requester_zone_for(settings, requester, verdict.note)
    offer = offer_now(settings, now, identity.key, zone.zone) \
        if offers_times(templates, template) else None
    notes = (owner_notes_for(verdict) + zone_notes(zone, owner.timezone)
             + (offer.owner_notes if offer else ()))
    if offer is not None and offer.busy_known and not offer.options:
        template = FULL_TEXT  # as the daemon would: "my calendar is full"
        notes += (full_calendar_note(offer, settings),)
    reply = draft_reply(templates, ReplyInput(
        owner=owner, network=identity.network, requester=verdict.requester, note=verdict.note,
        notification_subject=env.subject, notification_message_id=env.message_id,
        notification_references=env.references, options=offer.options if offer else (),
        message_id=draft_message_id(identity.key, "reply", owner.email), now=now,
        owner_notes=notes, template=template, category=verdict.category,
        invitations=invitations_of(settings),
        requester_timezone=zone.zone, requester_place=zone.label,
        language=verdict.language, default_language=settings.templates.language,
        formal=settings.templates.formal))
    content = crlf(reply.content)  # the bytes the daemon would store, with CRLF ends
    if args.text:
        sys.stdout.write(readable_message(parse_draft(reply.content)))
    elif args.out:
        args.out.write_bytes(content)
        print(f"draft written to {args.out}", file=sys.stderr)
    else:
        sys.stdout.buffer.write(content)
    return EXIT_OK

"""`inviteassist report`: every request with its state, history and next step.

`report` lists (table, `--json` or `--csv`, whose cells never start a
spreadsheet formula), filtered by `--status` and
`--since`; `report ID` shows one request whole: who, what was offered and
held, and every event with its cause.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from datetime import datetime
from typing import Any

from inviteassist.app.clock import parse_now
from inviteassist.app.state_file import open_state, state_path
from inviteassist.app.tracking import deadlines_from
from inviteassist.app.unsent import purposes, waiting_drafts
from inviteassist.cli.output import listing, print_json, print_table
from inviteassist.config.settings import Settings
from inviteassist.errors import EXIT_OK, UserError
from inviteassist.funnel.rules import Deadlines, next_step, state_since
from inviteassist.models import Option, Request
from inviteassist.schedule.timefmt import format_local, format_option, format_when
from inviteassist.store.history import StoredHistory
from inviteassist.store.outbox import UnsentDraft
from inviteassist.text.visible import csv_cell, for_terminal

COLUMNS = ("id", "requester", "network", "state", "since", "next step")


def _row(request: Request, events: StoredHistory, settings: Settings, rules: Deadlines,
         now: datetime, unsent: list[UnsentDraft],
         waiting_since: datetime | None = None) -> dict[str, Any]:
    tz = settings.owner.timezone
    step = next_step(request, events, now, rules, lambda o: format_option(o, tz),
                     purposes(unsent))
    if waiting_since is not None:
        step = (f"{step}; your calendar was full: waits for a free time since "
                f"{format_local(waiting_since, tz)}, its proposal is drafted then")
    return {
        "id": request.id, "requester": request.requester.name or "?",
        "network": request.network, "state": request.state.value,
        "since": state_since(request, events).isoformat(),
        "next_step": step,
        "waiting_since": waiting_since.isoformat() if waiting_since else None,
        "drafts_waiting": [{"purpose": d.purpose, "drafted_at": d.created_at.isoformat()}
                           for d in unsent],
        "email": request.requester.email, "headline": request.requester.headline,
        "profile_url": request.requester.profile_url, "invitation_id": request.invitation_id,
        "genuine": request.genuine, "created_at": request.created_at.isoformat(),
        "options": [{"label": o.label, "start": o.start.isoformat(), "end": o.end.isoformat(),
                     "uid": o.uid} for o in request.options],
        "history": [{"at": at, "state": state, "cause": cause}  # as stored: see StoredHistory
                    for _, at, state, cause, _ in events.rows],
    }


def report(args: argparse.Namespace) -> int:
    with listing():
        return _report(args)


def _report(args: argparse.Namespace) -> int:
    settings: Settings = args.settings
    tz = settings.owner.timezone
    now = parse_now(args.now, tz)
    since = parse_now(args.since, tz) if args.since else None
    path = state_path(settings)
    if not path.exists():
        print(f"inviteassist: no state yet at {path}: run `poll --once` first", file=sys.stderr)
        rows: list[dict[str, Any]] = []
    else:
        with open_state(settings, read_only=True) as store:
            if args.id is not None:
                one = store.request(args.id)
                if one is None:
                    raise UserError(f"no request {args.id}", fix="see `inviteassist report`")
                requests = [one] if args.status in (None, one.state) else []
            else:  # filtered in SQL: years of closed requests are not read for --since
                requests = store.requests(states=(args.status,) if args.status else None,
                                          moved_since=since)
            unsent = waiting_drafts(store, requests)
            rows = []
            waiting = {entry.request_id: entry.since for entry in store.waiting()}
            everything = args.id is None and args.status is None and since is None
            history = store.histories(None if everything else [r.id for r in requests])
            rules = deadlines_from(settings)
            for request in requests:
                events = history.get(request.id) or StoredHistory([])
                if since is not None and state_since(request, events) < since:
                    continue
                rows.append(_row(request, events, settings, rules, now,
                                 unsent.get(request.id, []), waiting.get(request.id)))
    if args.id is not None and not rows:  # it exists, but not in the state asked for
        raise UserError(f"request {args.id} is not {args.status}",
                        fix=f"drop --status to see it: `inviteassist report {args.id}`")
    if args.json:
        print_json(rows[0] if args.id is not None else {"requests": rows})
    elif args.csv:
        writer = csv.writer(sys.stdout)
        writer.writerow(COLUMNS)
        writer.writerows([csv_cell(r[key]) for key in ("id", "requester", "network", "state",
                                                       "since", "next_step")] for r in rows)
    elif args.id is not None:
        _print_one(rows[0], tz)
    else:
        print_table(COLUMNS, [(r["id"], r["requester"], r["network"], r["state"],
                               format_local(datetime.fromisoformat(r["since"]), tz),
                               r["next_step"]) for r in rows])
    return EXIT_OK


def _print_one(row: dict[str, Any], tz: str) -> None:
    for key in ("requester", "headline", "email", "profile_url", "network", "invitation_id",
                "state", "next_step"):
        if row.get(key) is not None:
            print(f"{key.replace('_', ' '):<14}{for_terminal(str(row[key]))}")
    for draft in row["drafts_waiting"]:
        print(f"{'in Drafts':<14}{draft['purpose']}, drafted "
              f"{format_when(datetime.fromisoformat(draft['drafted_at']), tz)}, not sent yet")
    for option in row["options"]:
        shown = Option(option["label"], datetime.fromisoformat(option["start"]),
                       datetime.fromisoformat(option["end"]), option["uid"])
        print(f"{'option ' + option['label']:<14}{format_option(shown, tz)}")
    print()
    print_table(("when", "state", "cause"), [
        (format_when(datetime.fromisoformat(e["at"]), tz), e["state"],
         for_terminal(readable_times(e["cause"], tz))) for e in row["history"]])


_ISO_MOMENT = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:[+-]\d\d:\d\d|Z)")


def readable_times(text: str, tz: str) -> str:
    """ISO moments inside an event's cause, shown as weekday, date, time and zone."""
    return _ISO_MOMENT.sub(
        lambda m: format_when(datetime.fromisoformat(m[0].replace("Z", "+00:00")), tz), text)

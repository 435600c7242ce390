"""`propose`: the times that would be offered now, and why others were not.

Also `check_calendars`, the part of `check` that reads every calendar once and
says how each fared. The offer itself is `app.preview.offer_now`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from inviteassist.app.clock import parse_now
from inviteassist.app.offering import no_time_message
from inviteassist.app.preview import offer_now, offer_with
from inviteassist.calendars.wiring import busy_calendar
from inviteassist.cli.output import print_json, print_table
from inviteassist.config.settings import Settings
from inviteassist.errors import EXIT_OK, EXIT_OPERATIONAL, OperationalError, UserError
from inviteassist.models import Option
from inviteassist.schedule.planner import Skipped
from inviteassist.schedule.timefmt import format_date, format_option, load_zone, zone_label


def propose(args: argparse.Namespace) -> int:
    """Exit 1 when a calendar could not be read (and so nothing would be offered)."""
    settings: Settings = args.settings
    now = parse_now(args.now, settings.owner.timezone)
    requester_tz = _checked_zone(args.zone)
    offer = offer_now(settings, now, "preview", requester_tz)
    tz = settings.owner.timezone
    message = None if offer.options else no_time_message(offer, settings)
    if args.json:
        print_json({
            "now": now.isoformat(), "timezone": tz, "message": message,
            "options": [_option_json(o, tz, requester_tz) for o in offer.options],
            "owner_notes": list(offer.owner_notes),
            **({"skipped": [{"start": s.start.isoformat(), "end": s.end.isoformat(),
                             "reason": s.reason.value} for s in offer.proposal.skipped]}
               if args.explain else {})})
    else:
        headers = ("option", "when", f"in {requester_tz}") if requester_tz else ("option", "when")
        print_table(headers, [(o.label, format_option(o, tz),
                               *((format_option(o, requester_tz),) if requester_tz else ()))
                              for o in offer.options])
        if args.explain:
            print()
            print("skipped candidate times:")
            print_table(("day", "starts", "count", "why"),
                        group_skipped(offer.proposal.skipped, settings.availability.step_minutes))
    for note in offer.owner_notes:
        print(f"inviteassist: note: {note}", file=sys.stderr)
    if message and message not in offer.owner_notes:
        print(f"inviteassist: {message}", file=sys.stderr)
    return EXIT_OK if offer.busy_known else EXIT_OPERATIONAL


def _checked_zone(name: str | None) -> str | None:
    if not name:
        return None
    try:
        load_zone(name)
    except ValueError as exc:
        raise UserError(f"--zone: {exc}") from None
    return name


def _option_json(option: Option, tz: str, requester_tz: str | None) -> dict[str, Any]:
    value: dict[str, Any] = {"label": option.label, "start": option.start.isoformat(),
                             "end": option.end.isoformat(), "zone": tz,
                             "zone_abbreviation": zone_label(option.start),
                             "uid": option.uid, "when": format_option(option, tz)}
    if requester_tz:
        value["requester"] = {"zone": requester_tz,
                              "when": format_option(option, requester_tz)}
    return value


def group_skipped(skipped: Sequence[Skipped], step_minutes: int) -> list[tuple[str, ...]]:
    """Rows (day, starts, count, why): runs of successive grid starts on one
    day skipped for the same reason become one row, e.g. 09:30–11:00, 7."""
    rows: list[tuple[str, ...]] = []
    run: list[Skipped] = []

    def flush() -> None:
        if run:
            first, last = run[0], run[-1]
            starts = f"{first.start:%H:%M}" + (f"–{last.start:%H:%M}" if len(run) > 1 else "")
            rows.append((format_date(first.start), starts, str(len(run)), first.reason.value))
            run.clear()

    for item in skipped:
        if run and not (item.reason == run[-1].reason
                        and item.start.date() == run[-1].start.date()
                        and (item.start - run[-1].start).total_seconds() == step_minutes * 60):
            flush()
        run.append(item)
    flush()
    return rows


def check_calendars(settings: Settings, now: datetime) -> None:
    """Prints `check`'s lines about the calendars and the free time they leave;
    raises OperationalError (after the lines) when a calendar cannot be read."""
    calendar = busy_calendar(settings)
    offer = offer_with(settings, calendar, now, "check")
    lines = []
    failed = []
    for report in calendar.reports if calendar else ():
        state = "ok  calendar " if report.ok else "FAIL calendar"
        detail = f"{report.busy} busy interval(s)" if report.ok else report.problems[0]
        lines.append(f"{state}  {report.source}: {detail}")
        lines.extend(f"    warning: {p}" for p in (report.problems if report.ok else ()))
        if not report.ok:
            failed.append(report.source)
    if calendar is None:
        lines.append("ok  calendar   no busy-time source configured ([calendar])")
    if offer.options:
        first = offer.options[0]
        lines.append(f"ok  free time  {len(offer.options)} option(s) now, first "
                     f"{format_option(first, settings.owner.timezone)}")
    elif offer.busy_known:
        lines.append(f"    warning: {no_time_message(offer, settings)}")
    for line in lines:
        print(line)
    if failed:
        raise OperationalError(f"calendar(s) could not be read: {', '.join(failed)}")

"""The capacity scenario: many invitations, a small window set, several weeks.

Fills a Maildir with N invented LinkedIn invitations (tests/mailgen.py),
configures two windows a week (Monday 10:00-11:00, Thursday 15:00-16:00,
30-minute steps, 3 options per reply, horizon 14 days, max_horizon_days 28),
runs `poll --once` on day 0, then once a week; before each weekly cycle the
owner marks the two oldest requests that still hold times as ignored (their
holds are released). Each cycle counts the new drafts: replies with times,
"calendar full" replies, proposals for the waiting list, requests still
waiting, and drafts offering "one of these times" with none (must be 0).
Used by tests/integration/test_capacity.py and bench/capacity.py.
"""

from __future__ import annotations

import contextlib
import email
import io
from dataclasses import dataclass
from datetime import datetime, timedelta
from email import policy
from pathlib import Path

from inviteassist.app.marks import apply_mark
from inviteassist.cli.main import main
from inviteassist.models import State
from inviteassist.store.db import Store
from tests.conftest import OWNER_AND_MAILDIR
from tests.mailgen import linkedin_invitation

CONFIG = OWNER_AND_MAILDIR + """
[availability]
step_minutes = 30
horizon_days = 14
max_horizon_days = 28
hold_business_days = 20

[availability.windows]
monday = ["10:00-11:00"]
thursday = ["15:00-16:00"]

[state]
path = "state.sqlite3"
"""
START = datetime.fromisoformat("2026-11-30T08:00+01:00")  # a Monday


@dataclass
class Cycle:
    week: int
    with_times: int
    calendar_full: int
    proposals: int
    waiting: int
    zero_time_offers: int


def _drafts(folder: Path, seen: set[str]) -> list[email.message.EmailMessage]:
    new = []
    cur = folder / ".Drafts" / "cur"
    for path in sorted(cur.iterdir()) if cur.exists() else ():
        if path.name not in seen:
            seen.add(path.name)
            new.append(email.message_from_bytes(path.read_bytes(), policy=policy.default))
    return new


def _classify(drafts: list[email.message.EmailMessage]) -> tuple[int, int, int, int]:
    """(replies with times, calendar-full replies, proposals, zero-time offers)."""
    with_times = full = proposals = zero = 0
    for draft in drafts:
        body = draft.get_body(("plain",)).get_content()
        times = len(list(draft.iter_attachments()))
        offers = "one of these times" in body
        if offers and not times:
            zero += 1
        if ".proposal." in str(draft["Message-ID"]):
            proposals += 1
        elif "calendar is full" in body:
            full += 1
        elif times:
            with_times += 1
    return with_times, full, proposals, zero


def scenario(workdir: Path, invitations: int, weeks: int) -> list[Cycle]:
    mail = workdir / "mail"
    for sub in ("cur", "new", "tmp"):
        (mail / sub).mkdir(parents=True)
    for n in range(invitations):
        (mail / "new" / f"{n:05d}.gen").write_bytes(linkedin_invitation(n))
    config = workdir / "inviteassist.toml"
    config.write_text(CONFIG)
    seen: set[str] = set()
    cycles = []
    for week in range(weeks + 1):
        now = START + timedelta(weeks=week)
        if week:
            _release_oldest(workdir / "state.sqlite3", now, count=2)
        with contextlib.redirect_stdout(io.StringIO()):
            code = main(["-q", "poll", "--once", "--config", str(config), "--now",
                         now.isoformat()])
        assert code == 0
        counts = _classify(_drafts(mail, seen))
        store = Store.open(workdir / "state.sqlite3")
        try:
            waiting = len(store.waiting())
        finally:
            store.close()
        cycles.append(Cycle(week, counts[0], counts[1], counts[2], waiting, counts[3]))
    return cycles


def _release_oldest(state: Path, now: datetime, count: int) -> None:
    """The owner ignores the `count` oldest requests that hold times."""
    store = Store.open(state)
    try:
        kept = store.kept_option_uids()
        holding = [r.id for r in store.requests()
                   if r.state is not State.IGNORED and kept.get(r.id)]
        for request_id in holding[:count]:
            apply_mark(store, request_id, "ignored", now, note="declined")
    finally:
        store.close()

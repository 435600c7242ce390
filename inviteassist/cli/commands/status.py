"""`inviteassist status`: what the daemon did last and will do next.

Read from the state file (SQLite in WAL mode lets this read while the daemon
writes), plus the lock file to tell whether a daemon is running now.
"""

from __future__ import annotations

import argparse
from collections import Counter
from datetime import datetime

from inviteassist.app.clock import parse_now
from inviteassist.app.lock import lock_holder
from inviteassist.app.state_file import open_state, state_path
from inviteassist.app.unsent import waiting_drafts
from inviteassist.cli.output import print_json
from inviteassist.config.settings import Settings
from inviteassist.errors import EXIT_OK
from inviteassist.funnel.rules import OPEN, draft_failure
from inviteassist.models import State
from inviteassist.schedule.timefmt import format_local
from inviteassist.text.visible import for_terminal

PLURALS = {"reply": "replies", "nudge": "nudges", "confirmation": "confirmations",
           "proposal": "proposals"}


def status(args: argparse.Namespace) -> int:
    settings: Settings = args.settings
    path = state_path(settings)
    now = parse_now(None, settings.owner.timezone)
    with open_state(settings, missing="the daemon has not run yet",
                    read_only=True) as store:
        values = store.status()
        states = {state.value: n for state, n in store.state_counts().items()}
        requests = store.requests(states=OPEN)  # the only ones with drafts that wait
        detected = [r for r in requests if r.state is State.DETECTED]
        history = store.all_events([r.id for r in detected])
        failed = [(r, failure) for r in detected
                  if (failure := draft_failure(r, history.get(r.id, []))) is not None]
        outages = [o for o in store.outages(since=now) if o.ended_at is None]
        waiting = Counter(d.purpose for drafts in waiting_drafts(store, requests).values()
                          for d in drafts)
    pid = lock_holder(path)
    result = {**values, "running": pid is not None, "pid": pid,
              "requests": dict(sorted(states.items())),
              "drafts_pending": sum(waiting.values()),
              "drafts_by_kind": dict(sorted(waiting.items())),
              "drafts_failed": [{"id": r.id, "requester": r.requester.name, "why": why}
                                for r, why in failed],
              "open_outages": [{"kind": o.kind, "detail": o.detail,
                                "since": o.started_at.isoformat()} for o in outages]}
    if args.json:
        print_json(result)
        return EXIT_OK
    tz = settings.owner.timezone
    print(f"daemon          {'running, pid ' + str(pid) if pid else 'not running'}")
    for key, label in (("last_success_at", "last cycle"), ("next_poll_at", "next poll"),
                       ("last_error_at", "last error at")):
        if values.get(key):
            print(f"{label:<16}{format_local(datetime.fromisoformat(values[key]), tz)}")
    if values.get("last_cycle"):
        print(f"{'last cycle did':<16}{values['last_cycle']}")
    if values.get("last_error"):
        print(f"{'last error':<16}{for_terminal(values['last_error'])}")
    counts = ", ".join(f"{n} {state}" for state, n in sorted(states.items())) or "none yet"
    print(f"{'requests':<16}{counts}")
    kinds = ", ".join(f"{n} {kind if n == 1 else PLURALS.get(kind, kind)}"
                      for kind, n in sorted(waiting.items()))
    print(f"{'drafts pending':<16}{sum(waiting.values())}{f' ({kinds})' if kinds else ''}, "
          "not sent yet")
    for request, why in failed:
        print(f"{'draft failed':<16}#{request.id} {request.requester.name or '?'}: {why} "
              "(fix the template, then reload with SIGHUP or restart)")
    for outage in outages:
        print(f"{'outage':<16}{outage.kind} since "
              f"{format_local(outage.started_at, tz)}: {outage.detail}")
    return EXIT_OK

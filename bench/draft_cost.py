"""Drafting cost: what composing one reply draft costs, and where it goes.

    python3 bench/draft_cost.py                 # 300 drafts, timing + profile
    python3 bench/draft_cost.py --drafts 1000 --top 30
    python3 bench/draft_cost.py --no-profile

Drafts `--drafts` replies through the path `app.drafting.ReplyDrafter` takes
once the times are planned: `compose.reply.draft_reply` (template, headers,
one .ics per option, the MIME bytes the outbox stores and appends to Drafts;
until issue 19 an EmailMessage flattened by the email package). The inputs
vary as real notifications do:
owners in six zones (UTC, Berlin, New York, Sydney, Kolkata, Lord Howe),
requesters with and without an address, ASCII and non-ASCII names, a note or
none, requester zones (or unknown), all seven template languages, 1-3 options,
proposals as PUBLISH or as REQUEST. Planning, the state file and IMAP are left
out (bench/imap_scan.py measures the whole scan); nothing touches the network.

Prints the median and the best CPU ms per draft (process time: other load on
a shared machine stretches wall time, not this) of `--runs` timed passes,
after one warm-up pass (templates compiled and caches warm, as in a running
daemon), and a cProfile top list (by cumulative time) of one more pass. Each
pass drafts requests of its own (new addresses and Message-IDs, the same
variations), as a daemon never drafts one request twice.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path[:0] = [str(REPO), str(BENCH)]

import jinja2  # noqa: E402
from common import NOW, profile_top, timing_line  # noqa: E402

from inviteassist.compose.calltext import Invitations  # noqa: E402
from inviteassist.compose.headers import draft_message_id  # noqa: E402
from inviteassist.compose.reply import ReplyInput, draft_reply  # noqa: E402
from inviteassist.compose.templates import build_environment  # noqa: E402
from inviteassist.models import Option, Owner, Requester  # noqa: E402

OWNER_ZONES = ("Europe/Berlin", "UTC", "America/New_York", "Australia/Sydney",
               "Asia/Kolkata", "Australia/Lord_Howe")
REQUESTER_ZONES = (None, "America/Los_Angeles", "Europe/Berlin", "Asia/Tokyo", None)
LANGUAGES = ("en", "de", "fr", "es", "pt", "it", "nl")
NAMES = ("Gregory Hollis", "Zoë Ångström-Müller", "李 小龍", "Renée O'Brien, PhD",
         "Jean-Baptiste de la Croix-Rousse Montmorency-Laval", "Ana María Pérez",
         "Sam \"The Builder\" Example")
NOTES = (None, "I'd like to join your LinkedIn network.",
         "Hallo! Wir haben uns auf der Konferenz in Köln getroffen; gerne würde ich mich "
         "vernetzen und über Ihre Arbeit sprechen.")


def make_inputs(count: int, offset: int = 0) -> list[ReplyInput]:
    """`count` reply inputs that cycle through the variations above, numbered
    from `offset`: each number is its own request (address, Message-IDs), as
    each notification of a scan is, so that a pass does not find the
    previous pass's per-request header lines remembered."""
    inputs = []
    for i in range(count):
        serial = offset + i
        zone = ZoneInfo(OWNER_ZONES[i % len(OWNER_ZONES)])
        owner = Owner("Alex Morgan" if i % 3 else "Åsa Lindqvist-Þórsdóttir",
                      "alex@morgan.example", zone.key)
        name = NAMES[i % len(NAMES)]
        email = f"person{serial}@example.com" if i % 2 else None
        first = (NOW + timedelta(days=5 + i % 40)).astimezone(zone).replace(
            hour=10, minute=0, second=0, microsecond=0)
        options = tuple(
            Option(label, first + timedelta(days=n), first + timedelta(days=n, minutes=30),
                   f"inviteassist.{serial}.{label}@morgan.example")
            for n, label in enumerate("ABC"[: 1 + i % 3]))
        inputs.append(ReplyInput(
            owner=owner, network="linkedin",
            requester=Requester(name, email, "Managing Director at Example",
                                f"https://www.linkedin.com/in/person-{serial}/"),
            note=NOTES[i % len(NOTES)],
            notification_subject=f"{owner.name.split()[0]}, please add me to your "
                                 "LinkedIn network",
            notification_message_id=f"<n{serial}@linkedin.com>", notification_references=(),
            options=options,
            message_id=draft_message_id(f"invitation:{serial}", "reply", owner.email), now=NOW,
            requester_timezone=REQUESTER_ZONES[i % len(REQUESTER_ZONES)],
            invitations=Invitations(organizer=owner, as_requests=i % 4 == 1),
            language=LANGUAGES[i % len(LANGUAGES)]))
    return inputs


def draft_all(env: jinja2.Environment, inputs: list[ReplyInput]) -> int:
    """Draft every input as the drafter does; the total size of the drafts."""
    return sum(len(draft_reply(env, data).content) for data in inputs)


def main_bench() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--drafts", type=int, default=300)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--top", type=int, default=25, help="profile lines shown")
    parser.add_argument("--no-profile", action="store_true")
    args = parser.parse_args()
    env = build_environment(None)
    passes = [make_inputs(args.drafts, n * args.drafts) for n in range(args.runs + 2)]
    inputs = passes[0]
    size = draft_all(env, inputs)  # warm-up: templates compiled, caches filled
    timings = []
    for batch in passes[1:-1]:
        started = time.process_time()
        draft_all(env, batch)
        timings.append((time.process_time() - started) * 1000 / len(batch))
    print(f"{len(inputs)} drafts, {size / len(inputs) / 1024:.1f} KB each on average")
    print(timing_line("CPU ms per draft", timings))
    if not args.no_profile:
        print(profile_top(lambda: draft_all(env, passes[-1]), args.top))
    return 0


if __name__ == "__main__":
    raise SystemExit(main_bench())

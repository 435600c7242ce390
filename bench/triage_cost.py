"""Triage cost: what parsing and classifying one candidate message costs.

    python3 bench/triage_cost.py                 # 20,000-message mailbox, timing + profile
    python3 bench/triage_cost.py --messages 50000 --top 40
    python3 bench/triage_cost.py --no-profile

A large first scan hands every candidate (a message the server's search
found: From one of the networks' domains) to worker processes that run
`detect.triage.triage` on its raw bytes. This bench builds the mailbox that
bench/imap_scan.py scans (mailgen, `--messages` messages, same seed) in a
temporary Maildir, picks the candidates as that scan's UID SEARCH does (the
From header contains a network's sender domain: the notifications plus the
colleagues writing from linkedin.com, ~424 per 20,000) and triages each with
the authserv ids and DetectionRules of the bench's owner config. Nothing
touches the network or IMAP.

Prints the median and the best CPU ms per candidate (process time: other load
on a shared machine stretches wall time, not this) of `--runs` timed passes,
after one warm-up pass (caches warm, as in a worker that has triaged a few
messages), and a cProfile top list (by cumulative time) of one more pass.
The warm-up pass is timed too: it meets every candidate once, as a scan's
workers do, so caches keyed by a message's own text (a note's language)
do not help it.
"""

from __future__ import annotations

import email.parser
import email.policy
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path[:0] = [str(REPO), str(BENCH)]

import mailgen  # noqa: E402
from common import NOW, SPAN_DAYS, mailbox_cost_parser, profile_top, timing_line  # noqa: E402

from inviteassist.config.settings import load_settings  # noqa: E402
from inviteassist.detect.classify import network_sender_domains  # noqa: E402
from inviteassist.detect.rules import DetectionRules  # noqa: E402
from inviteassist.detect.triage import triage  # noqa: E402

HEADERS = email.parser.BytesHeaderParser(policy=email.policy.compat32)


def owner_settings(folder: Path) -> tuple[tuple[str, ...], DetectionRules]:
    """The authserv ids and detection rules of the bench's owner config."""
    path = folder / "config.toml"
    path.write_text(mailgen.OWNER_CONFIG, encoding="utf-8")
    settings = load_settings(path)
    return tuple(settings.detection.authserv_ids), settings.detection_rules()


def candidates(count: int, seed: int, folder: Path) -> list[bytes]:
    """The raw candidates of a generated `count`-message mailbox: as IMAP's
    `FROM <domain>` finds them, a case-insensitive substring of From."""
    maildir = folder / "Maildir"
    mailgen.fill_maildir(maildir, count, seed=seed, now=NOW, span_days=SPAN_DAYS)
    domains = network_sender_domains()
    found = []
    for path in sorted((maildir / "cur").iterdir()):
        raw = path.read_bytes()
        sender = str(HEADERS.parsebytes(raw).get("From", "")).lower()
        if any(domain in sender for domain in domains):
            found.append(raw)
    return found


def triage_all(raws: list[bytes], authserv_ids: tuple[str, ...], rules: DetectionRules) -> int:
    """Triage every candidate as a worker does; how many got a network."""
    return sum(1 for raw in raws
               if (t := triage(raw, authserv_ids, rules)).classification is not None
               and t.classification.network is not None)


def main_bench() -> int:
    parser = mailbox_cost_parser(__doc__, top=25)
    args = parser.parse_args()
    shm = Path("/dev/shm")
    with tempfile.TemporaryDirectory(dir=shm if shm.is_dir() else None) as temp:
        folder = Path(temp)
        authserv_ids, rules = owner_settings(folder)
        raws = candidates(args.messages, args.seed, folder)
    triage_all(raws[:1], authserv_ids, rules)  # as the pool does before it forks
    started = time.process_time()
    networked = triage_all(raws, authserv_ids, rules)  # also the warm-up
    first = (time.process_time() - started) * 1000 / len(raws)
    timings = []
    for _ in range(args.runs):
        started = time.process_time()
        triage_all(raws, authserv_ids, rules)
        timings.append((time.process_time() - started) * 1000 / len(raws))
    size = sum(len(raw) for raw in raws)
    print(f"{len(raws)} candidates of {args.messages:,} messages ({networked} network mail), "
          f"{size / len(raws) / 1024:.1f} KB each on average")
    print(timing_line("CPU ms per candidate", timings))
    print(f"first pass, each candidate met once as in a scan: {first:.3f} CPU ms per candidate")
    if not args.no_profile:
        print(profile_top(lambda: triage_all(raws, authserv_ids, rules), args.top))
    return 0


if __name__ == "__main__":
    raise SystemExit(main_bench())

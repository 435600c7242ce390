"""How often the headers alone settle what a notification is (issue 19, "read less").

    python3 bench/header_evidence.py [CORPUS_DIR]

Classifies every message twice with the product's own detector: whole, and
cut after its header block (what a FETCH of BODY.PEEK[HEADER] returns). For
the messages the detector attributes to a network it counts how many of the
header-only verdicts agree with the whole-message verdict on the kind, the
sender verdict (genuine) and the requester. Run on the repository's mail
fixtures, on 400 notifications from the benchmark's generator and, when
given, on a corpus folder of .eml files. No network, a few seconds.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "bench")]

import mailgen  # noqa: E402

from inviteassist.detect.classify import classify_bytes  # noqa: E402
from inviteassist.models import Classification  # noqa: E402

AUTHSERV = ("mx.rivera.example", "mx.morgan.example")


def header_block(raw: bytes) -> bytes:
    for separator in (b"\r\n\r\n", b"\n\n"):
        head, found, _ = raw.partition(separator)
        if found:
            return head + separator
    return raw


def requester(verdict: Classification) -> tuple[str | None, ...]:
    person = verdict.requester
    return (person.name, person.email, person.profile_url) if person else ()


def measure(name: str, messages: Iterable[bytes]) -> str:
    network = kind = genuine = whole_match = 0
    for raw in messages:
        whole = classify_bytes(raw, authserv_ids=AUTHSERV)
        if whole.network is None:
            continue
        network += 1
        head = classify_bytes(header_block(raw), authserv_ids=AUTHSERV)
        kind += head.kind is whole.kind
        genuine += head.genuine is whole.genuine
        whole_match += (head.kind is whole.kind and head.genuine is whole.genuine
                        and requester(head) == requester(whole))
    return (f"| {name} | {network} | {kind} | {genuine} | {whole_match} |")


def main(argv: list[str]) -> int:
    fixtures = sorted((REPO / "tests" / "fixtures" / "mail").glob("*.eml"))
    generator = mailgen.Generator(9)
    when = mailgen.now_utc()
    rows = [
        "| messages | network mail | kind from headers | sender verdict from headers "
        "| kind, verdict and requester from headers |",
        "|---|---:|---:|---:|---:|",
        measure("repository fixtures", (p.read_bytes() for p in fixtures)),
        measure("benchmark generator (400)",
                (generator.notification(when)[1] for _ in range(400))),
    ]
    if argv:
        corpus = sorted(Path(argv[0]).rglob("*.eml"))
        rows.append(measure(f"corpus {argv[0]}", (p.read_bytes() for p in corpus)))
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
